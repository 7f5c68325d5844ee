import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StoreError } from '../domain/common/store-error.ts'
import { concurrentModification, isLostRace } from './concurrent-modification.ts'

describe('concurrentModification', () => {
  it('a key taken meanwhile, a serialization failure or a deadlock lost a race', () => {
    assert.equal(isLostRace(new StoreError('AlreadyExists', 'role.name')), true)
    assert.equal(isLostRace(Object.assign(new Error('x'), { code: '40001' })), true)
    assert.equal(isLostRace(Object.assign(new Error('x'), { code: '40P01' })), true)
    assert.equal(isLostRace(new StoreError('InvalidNextToken', 'token')), false)
    assert.equal(isLostRace(new Error('boom')), false)
    assert.equal(isLostRace(null), false)
  })

  it("answers each service's own error, as its API reference names it", () => {
    assert.equal(concurrentModification('iam')?.code, 'ConcurrentModification')
    assert.equal(concurrentModification('iam')?.httpStatus, 409)
    assert.equal(concurrentModification('organizations')?.code, 'ConcurrentModificationException')
    assert.equal(concurrentModification('sso')?.code, 'ConflictException')
    assert.equal(concurrentModification('identitystore')?.code, 'ConflictException')
    assert.equal(concurrentModification('sts'), undefined)
  })
})
