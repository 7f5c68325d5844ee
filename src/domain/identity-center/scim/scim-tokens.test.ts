import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ScimTokenRecord, ScimTokenStore } from './scim-token-store.ts'
import { MAX_SCIM_TOKENS, SCIM_TOKEN_LIFETIME_MS, ScimTokens } from './scim-tokens.ts'

function memoryStore(): ScimTokenStore & { rows: Map<string, ScimTokenRecord> } {
  const rows = new Map<string, ScimTokenRecord>()
  return {
    rows,
    createToken: async (t) => void rows.set(t.tokenId, t),
    getToken: async (id) => rows.get(id),
    listTokens: async (s) => [...rows.values()].filter((t) => t.identityStoreId === s),
    deleteToken: async (s, id) => rows.get(id)?.identityStoreId === s && rows.delete(id),
  }
}

describe('ScimTokens', () => {
  it('authenticates its own token until it expires a year later, and keeps only a hash', async () => {
    const store = memoryStore()
    const tokens = new ScimTokens(store)
    const made = await tokens.create('d-1111111111', 'arn:aws:iam::111111111111:root', 1000)
    assert.ok(made)
    const secret = made.token.split('.')[2]!
    assert.ok(![...store.rows.values()].some((r) => JSON.stringify(r).includes(secret)))
    assert.equal(await tokens.authenticate(`Bearer ${made.token}`, 1000), 'd-1111111111')
    assert.equal(await tokens.authenticate(`bearer  ${made.token}`, 2000), 'd-1111111111')
    const last = 1000 + SCIM_TOKEN_LIFETIME_MS
    assert.equal(await tokens.authenticate(`Bearer ${made.token}`, last - 1), 'd-1111111111')
    assert.equal(await tokens.authenticate(`Bearer ${made.token}`, last), undefined)
  })

  it('refuses a wrong secret, another id, a malformed header and a deleted token', async () => {
    const tokens = new ScimTokens(memoryStore())
    const made = (await tokens.create('d-1111111111', 'admin', 0))!
    const [prefix, id, secret] = made.token.split('.') as [string, string, string]
    const flipped = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1)
    for (const header of [
      undefined,
      '',
      made.token,
      `Basic ${made.token}`,
      `Bearer ${prefix}.${id}.${flipped}`,
      `Bearer ${prefix}.00000000-0000-0000-0000-000000000000.${secret}`,
      `Bearer ${prefix}.${id}`,
      `Bearer other.${id}.${secret}`,
    ])
      assert.equal(await tokens.authenticate(header, 1), undefined, String(header))
    assert.equal(await tokens.delete('d-2222222222', id), false)
    assert.equal(await tokens.delete('d-1111111111', id), true)
    assert.equal(await tokens.authenticate(`Bearer ${made.token}`, 1), undefined)
  })

  it(`allows ${MAX_SCIM_TOKENS} tokens per identity store at a time`, async () => {
    const tokens = new ScimTokens(memoryStore())
    const first = await tokens.create('d-1111111111', 'admin', 0)
    assert.ok(await tokens.create('d-1111111111', 'admin', 0))
    assert.equal(await tokens.create('d-1111111111', 'admin', 0), undefined)
    assert.ok(await tokens.create('d-2222222222', 'admin', 0), 'another store has its own')
    await tokens.delete('d-1111111111', first!.record.tokenId)
    assert.ok(await tokens.create('d-1111111111', 'admin', 0), 'rotation: delete, then create')
  })
})
