import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import { accountScope } from '../domain/authorization/policy-scope.ts'
import type { AccessKeyRecord } from '../domain/common/credential-directory.ts'
import { CachedCredentialDirectory, GenerationCache } from './generation-cache.ts'

const key: AccessKeyRecord = {
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'secret',
  status: 'Active',
  accountId: '111122223333',
  userName: 'alice',
  userId: 'AIDAEXAMPLE',
  arn: 'arn:aws:iam::111122223333:user/alice',
}

describe('GenerationCache', () => {
  it('reads once while the generation holds, again after a bump', async () => {
    const generation = new PolicyGeneration()
    const cache = new GenerationCache<string>(generation)
    let reads = 0
    const load = async () => `v${++reads}`
    assert.equal(await cache.get('k', load), 'v1')
    assert.equal(await cache.get('k', load), 'v1')
    generation.bump()
    assert.equal(await cache.get('k', load), 'v2')
    assert.equal(reads, 2)
  })

  it('does not keep a value read while a write bumped the generation', async () => {
    const generation = new PolicyGeneration()
    const cache = new GenerationCache<string>(generation)
    let reads = 0
    const stale = async () => {
      reads++
      generation.bump()
      return 'stale'
    }
    assert.equal(await cache.get('k', stale), 'stale')
    assert.equal(await cache.get('k', async () => `fresh${++reads}`), 'fresh2')
  })

  it('does not keep misses', async () => {
    const cache = new GenerationCache<string>(new PolicyGeneration())
    assert.equal(await cache.get('k', async () => undefined), undefined)
    assert.equal(await cache.get('k', async () => 'created'), 'created')
  })
})

describe('CachedCredentialDirectory', () => {
  it('sees a deactivated key once the write bumps the generation', async () => {
    const generation = new PolicyGeneration()
    let current: AccessKeyRecord = key
    const directory = new CachedCredentialDirectory(
      { findAccessKey: async () => current },
      generation,
    )
    assert.equal((await directory.findAccessKey(key.accessKeyId))?.status, 'Active')
    current = { ...key, status: 'Inactive' }
    generation.bump()
    assert.equal((await directory.findAccessKey(key.accessKeyId))?.status, 'Inactive')
  })
})

describe('GenerationCache scopes', () => {
  it('keeps an entry while another account changes, drops it when its own does', async () => {
    const generation = new PolicyGeneration()
    const cache = new GenerationCache<AccessKeyRecord>(generation, 'k', undefined, (v) => [
      `account:${v.accountId}`,
    ])
    let reads = 0
    const load = async () => (reads++, key)
    await cache.get('k', load)
    generation.bump([accountScope('444455556666')])
    await cache.get('k', load)
    assert.equal(reads, 1)
    generation.bump([accountScope(key.accountId)])
    await cache.get('k', load)
    assert.equal(reads, 2)
    generation.bump()
    await cache.get('k', load)
    assert.equal(reads, 3)
  })
})
