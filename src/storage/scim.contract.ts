// The SCIM storage contract (migration 0015): bearer tokens, and users' `active` and `externalId`
// in the identity store. Run by storage.test.ts on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { UserRecord } from '../domain/identity-center/identity-store/index.ts'
import type { ScimTokenRecord } from '../domain/identity-center/scim/index.ts'
import { SqlIdentityStoreStore, SqlScimTokenStore } from './identity-store/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

const S = 'd-1111111111'
const T = 1_772_366_400_000 // past 2^31 seconds: exercises bigint

const token = (id: string, createdAt: number, storeId = S): ScimTokenRecord => ({
  tokenId: id,
  identityStoreId: storeId,
  secretHash: `hash-${id}`,
  createdAt,
  expiresAt: createdAt + 31_536_000_000,
  createdBy: 'arn:aws:iam::111111111111:root',
})

const user = (id: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  identityStoreId: S,
  userId: id,
  userName: id,
  displayName: id,
  attributes: { Name: { GivenName: 'A', FamilyName: 'B' } },
  createdAt: T,
  updatedAt: T,
  createdBy: 'scim',
  updatedBy: 'scim',
  ...extra,
})

/**
 * Registers the contract for one backend.
 * @example scimContract('sqlite', factory)
 */
export function scimContract(name: string, factory: TestDatabaseFactory): void {
  describe(`SCIM storage on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let tokens: SqlScimTokenStore
    let users: SqlIdentityStoreStore
    before(() => {
      tokens = new SqlScimTokenStore(suite.database.db)
      users = new SqlIdentityStoreStore(suite.database.db)
    })

    it('keeps tokens by id, lists a store oldest first, deletes only in its store', async () => {
      await tokens.createToken(token('t2', T + 1))
      await tokens.createToken(token('t1', T))
      await tokens.createToken(token('t3', T, 'd-2222222222'))
      assert.deepEqual(await tokens.getToken('t1'), token('t1', T))
      assert.equal(await tokens.getToken('nope'), undefined)
      assert.deepEqual(
        (await tokens.listTokens(S)).map((t) => t.tokenId),
        ['t1', 't2'],
      )
      assert.equal(await tokens.deleteToken(S, 't3'), false)
      assert.equal(await tokens.deleteToken(S, 't1'), true)
      assert.equal(await tokens.deleteToken(S, 't1'), false)
      assert.deepEqual(
        (await tokens.listTokens(S)).map((t) => t.tokenId),
        ['t2'],
      )
    })

    it("keeps a user's active flag and externalId; a user without them reads as before", async () => {
      await users.createUser(user('plain'))
      assert.deepEqual(await users.getUser(S, 'plain'), user('plain'))
      await users.createUser(user('okta', { active: false, externalId: '00u1' }))
      assert.deepEqual(
        await users.getUser(S, 'okta'),
        user('okta', { active: false, externalId: '00u1' }),
      )
      const back = await users.updateUser(S, 'okta', {
        active: true,
        externalId: null,
        updatedAt: T + 5,
        updatedBy: 'scim',
      })
      assert.deepEqual(back, user('okta', { updatedAt: T + 5 }))
      const off = await users.updateUser(S, 'okta', {
        active: false,
        updatedAt: T + 6,
        updatedBy: 'scim',
      })
      assert.equal(off?.active, false)
    })
  })
}
