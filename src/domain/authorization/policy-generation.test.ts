import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PolicyGeneration, POLICY_SCOPE_LIMIT } from './policy-generation.ts'
import { accountScope, orgPathScopeKeys, orgScope, parsePolicyScope } from './policy-scope.ts'

const A = '111111111111'
const B = '222222222222'

describe('PolicyGeneration scopes', () => {
  it('a change of one account leaves entries of another account valid', () => {
    const g = new PolicyGeneration()
    const at = g.current
    g.bump([accountScope(A)])
    assert.equal(g.unchangedSince(at, [`account:${B}`, `org:${B}`]), true)
    assert.equal(g.unchangedSince(at, [`account:${A}`]), false)
    assert.ok(g.current > at, 'current moves on every change')
  })

  it('an entry read after the change is valid, one read before it is not', () => {
    const g = new PolicyGeneration()
    const before = g.current
    g.bump([orgScope('ou-ab12-11111111')])
    const after = g.current
    const scopes = orgPathScopeKeys(A, 'o-abcdefghij/r-ab12/ou-ab12-11111111/')
    assert.equal(g.unchangedSince(before, scopes), false)
    assert.equal(g.unchangedSince(after, scopes), true)
  })

  it('bump() without scopes changes everything; an empty list changes no scope', () => {
    const g = new PolicyGeneration()
    const at = g.current
    g.bump([])
    assert.equal(g.unchangedSince(at, [`account:${A}`]), true)
    assert.ok(g.current > at)
    g.bump()
    assert.equal(g.unchangedSince(at, [`account:${A}`]), false)
    assert.equal(g.unchangedSince(at, []), false)
  })

  it('tells onBump what changed, and a peer change counts without telling', () => {
    const told: unknown[] = []
    const g = new PolicyGeneration((scopes) => told.push(scopes))
    g.bump([accountScope(A)])
    g.bump()
    const at = g.current
    g.bumpFromPeer([accountScope(B)])
    assert.deepEqual(told, [[accountScope(A)], undefined])
    assert.equal(g.unchangedSince(at, [`account:${B}`]), false)
    assert.equal(g.unchangedSince(at, [`account:${A}`]), true)
  })

  it('past the scope limit it forgets scopes and changes everything', () => {
    const g = new PolicyGeneration()
    const at = g.current
    const many = Array.from({ length: POLICY_SCOPE_LIMIT + 1 }, (_, i) => orgScope(`ou-${i}`))
    g.bump(many)
    assert.equal(g.unchangedSince(at, [`account:${A}`]), false)
  })

  it('org path scopes name the account and every node of its path but the organization', () => {
    assert.deepEqual(orgPathScopeKeys(A, 'o-abcdefghij/r-ab12/ou-ab12-11111111/'), [
      `org:${A}`,
      'org:r-ab12',
      'org:ou-ab12-11111111',
    ])
    assert.deepEqual(orgPathScopeKeys(A, undefined), [`org:${A}`])
    assert.deepEqual(parsePolicyScope('account:111111111111'), accountScope(A))
    assert.equal(parsePolicyScope('account:1 2'), undefined)
    assert.equal(parsePolicyScope('*'), undefined)
  })
})
