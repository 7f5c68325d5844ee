// The identity store contract: one suite every backend must pass, run by storage.test.ts on
// SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, describe, it } from 'node:test'
import type {
  GroupRecord,
  IdentityStoreStore,
  UserRecord,
} from '../domain/identity-center/identity-store/index.ts'
import { SqlIdentityStoreStore } from './identity-store/index.ts'
import { rejectsWithStoreError } from './rejects-with-store-error.fixture.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

/**
 * Registers the identity store contract for one backend.
 *
 * @example
 * identityStoreContract('sqlite', factory)
 */
export function identityStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`IdentityStoreStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: IdentityStoreStore
    let seq = 0
    const storeId = () => `d-${(0x9067000000 + ++seq).toString(16)}`

    before(() => {
      store = new SqlIdentityStoreStore(suite.database.db)
    })

    const user = (s: string, userName: string, over: Partial<UserRecord> = {}): UserRecord => ({
      identityStoreId: s,
      userId: randomUUID(),
      userName,
      displayName: `${userName} display`,
      attributes: {
        Name: { GivenName: 'A', FamilyName: 'B' },
        Emails: [{ Value: 'a@x', Primary: true }],
      },
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      createdBy: 'arn:aws:iam::111111111111:root',
      updatedBy: 'arn:aws:iam::111111111111:root',
      ...over,
    })
    const group = (s: string, displayName: string, description?: string): GroupRecord => ({
      identityStoreId: s,
      groupId: randomUUID(),
      displayName,
      description,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      createdBy: 'arn:aws:iam::111111111111:root',
      updatedBy: 'arn:aws:iam::111111111111:root',
    })

    it('creates, reads, renames and deletes users; names unique per store, case-insensitively', async () => {
      const s = storeId()
      const alice = user(s, 'Alice')
      await store.createUser(alice)
      assert.deepEqual(await store.getUser(s, alice.userId), alice)
      assert.deepEqual(await store.findUserByName(s, 'aLICE'), alice)
      await rejectsWithStoreError(
        store.createUser(user(s, 'alice')),
        'AlreadyExists',
        'user.userName',
      )
      await rejectsWithStoreError(
        store.createUser({ ...alice, userName: 'x' }),
        'AlreadyExists',
        'user.userId',
      )
      // Another store may have its own alice.
      await store.createUser(user(storeId(), 'alice'))

      const bob = user(s, 'bob')
      await store.createUser(bob)
      const patch = { updatedAt: 1_700_000_001_000, updatedBy: 'arn:x' }
      await rejectsWithStoreError(
        store.updateUser(s, bob.userId, { ...patch, userName: 'ALICE' }),
        'AlreadyExists',
        'user.userName',
      )
      const renamed = await store.updateUser(s, bob.userId, {
        ...patch,
        userName: 'robert',
        displayName: 'Robert',
        attributes: { Title: 'boss' },
      })
      assert.equal(renamed?.userName, 'robert')
      assert.equal(renamed?.displayName, 'Robert')
      assert.deepEqual(renamed?.attributes, { Title: 'boss' })
      assert.equal(renamed?.updatedAt, 1_700_000_001_000)
      assert.equal(renamed?.createdAt, 1_700_000_000_000)
      assert.equal(await store.updateUser(s, randomUUID(), patch), undefined)

      assert.equal(await store.deleteUser(s, alice.userId), true)
      assert.equal(await store.deleteUser(s, alice.userId), false)
      assert.equal(await store.getUser(s, alice.userId), undefined)
    })

    it('lists users by id, paged, filtered by user name', async () => {
      const s = storeId()
      const users = ['u1', 'u2', 'u3', 'u4', 'u5'].map((n) => user(s, n))
      for (const u of users) await store.createUser(u)
      const ids = users.map((u) => u.userId).sort()
      const first = await store.listUsers(s, {}, { maxResults: 3 })
      assert.deepEqual(
        first.items.map((u) => u.userId),
        ids.slice(0, 3),
      )
      assert.ok(first.nextToken)
      const second = await store.listUsers(s, {}, { maxResults: 3, nextToken: first.nextToken })
      assert.deepEqual(
        second.items.map((u) => u.userId),
        ids.slice(3),
      )
      assert.equal(second.nextToken, undefined)
      const filtered = await store.listUsers(s, { userName: 'U3' })
      assert.deepEqual(
        filtered.items.map((u) => u.userName),
        ['u3'],
      )
      await rejectsWithStoreError(
        store.listUsers(s, {}, { nextToken: 'junk' }),
        'InvalidNextToken',
        'page.nextToken',
      )
    })

    it('creates, updates, lists and deletes groups; display names unique per store', async () => {
      const s = storeId()
      const devs = group(s, 'Developers', 'the devs')
      await store.createGroup(devs)
      assert.deepEqual(await store.getGroup(s, devs.groupId), devs)
      assert.deepEqual(await store.findGroupByName(s, 'developers'), devs)
      await rejectsWithStoreError(
        store.createGroup(group(s, 'DEVELOPERS')),
        'AlreadyExists',
        'group.displayName',
      )
      const ops = group(s, 'Ops')
      await store.createGroup(ops)
      assert.equal(ops.description, undefined)
      assert.deepEqual(await store.getGroup(s, ops.groupId), ops)
      const patch = { updatedAt: 1_700_000_002_000, updatedBy: 'arn:y' }
      await rejectsWithStoreError(
        store.updateGroup(s, ops.groupId, { ...patch, displayName: 'developers' }),
        'AlreadyExists',
        'group.displayName',
      )
      const updated = await store.updateGroup(s, devs.groupId, { ...patch, description: null })
      assert.equal(updated?.description, undefined)
      assert.equal(updated?.updatedBy, 'arn:y')
      const all = await store.listGroups(s, {})
      assert.deepEqual(
        all.items.map((g) => g.groupId),
        [devs.groupId, ops.groupId].sort(),
      )
      assert.deepEqual(
        (await store.listGroups(s, { displayName: 'OPS' })).items.map((g) => g.displayName),
        ['Ops'],
      )
      assert.equal(await store.deleteGroup(s, ops.groupId), true)
      assert.equal(await store.deleteGroup(s, ops.groupId), false)
    })

    it('keeps memberships unique, lists them both ways, and drops them with user or group', async () => {
      const s = storeId()
      const [a, b] = [user(s, 'a'), user(s, 'b')]
      const [g1, g2] = [group(s, 'g1'), group(s, 'g2')]
      for (const u of [a, b]) await store.createUser(u)
      for (const g of [g1, g2]) await store.createGroup(g)
      const m = (g: GroupRecord, u: UserRecord) => ({
        identityStoreId: s,
        membershipId: randomUUID(),
        groupId: g.groupId,
        userId: u.userId,
        createdAt: 1_700_000_000_000,
        createdBy: 'arn:z',
      })
      const a1 = m(g1, a)
      await store.createMembership(a1)
      await store.createMembership(m(g2, a))
      await store.createMembership(m(g1, b))
      await rejectsWithStoreError(
        store.createMembership(m(g1, a)),
        'AlreadyExists',
        'membership.member',
      )
      await rejectsWithStoreError(
        store.createMembership(m(group(s, 'nope'), a)),
        'ReferenceNotFound',
        'membership.reference',
      )
      assert.deepEqual(await store.getMembership(s, a1.membershipId), a1)
      assert.deepEqual(await store.findMembership(s, g1.groupId, a.userId), a1)
      assert.deepEqual(await store.groupIdsOfUser(s, a.userId), [g1.groupId, g2.groupId].sort())
      assert.equal((await store.listMembershipsOfGroup(s, g1.groupId)).items.length, 2)
      const page = await store.listMembershipsOfUser(s, a.userId, { maxResults: 1 })
      assert.equal(page.items.length, 1)
      assert.ok(page.nextToken)

      assert.equal(await store.deleteGroup(s, g2.groupId), true)
      assert.deepEqual(await store.groupIdsOfUser(s, a.userId), [g1.groupId])
      assert.equal(await store.deleteUser(s, b.userId), true)
      assert.equal((await store.listMembershipsOfGroup(s, g1.groupId)).items.length, 1)
      assert.equal(await store.deleteMembership(s, a1.membershipId), true)
      assert.equal(await store.deleteMembership(s, a1.membershipId), false)
      assert.deepEqual(await store.groupIdsOfUser(s, a.userId), [])
    })

    it('keeps credentials: password, pending and confirmed seed, steps once, failures and lock', async () => {
      const s = storeId()
      const u = user(s, 'cred')
      await store.createUser(u)
      assert.equal(await store.getCredentials(s, u.userId), undefined)
      await store.setPasswordHash(s, u.userId, '$argon2id$x')
      await rejectsWithStoreError(
        store.setPasswordHash(s, randomUUID(), 'h'),
        'ReferenceNotFound',
        'user.userId',
      )
      assert.equal((await store.getCredentials(s, u.userId))?.passwordHash, '$argon2id$x')

      assert.equal(await store.useStep(s, u.userId, 10), false) // no seed yet
      await store.setPendingSeed(s, u.userId, 'sealed-1')
      assert.equal(await store.confirmSeed(s, u.userId, 'sealed-0', 10), false)
      assert.equal(await store.confirmSeed(s, u.userId, 'sealed-1', 10), true)
      assert.equal(await store.confirmSeed(s, u.userId, 'sealed-1', 10), false)
      const c = await store.getCredentials(s, u.userId)
      assert.equal(c?.sealedSeed, 'sealed-1')
      assert.equal(c?.pendingSeed, null)
      assert.equal(c?.lastStep, 10)
      assert.equal(await store.useStep(s, u.userId, 10), false)
      assert.equal(await store.useStep(s, u.userId, 11), true)
      assert.equal(await store.useStep(s, u.userId, 11), false)
      assert.equal(await store.useStep(s, u.userId, 9), false)

      assert.equal(await store.addFailedAttempt(s, u.userId), 1)
      assert.equal(await store.addFailedAttempt(s, u.userId), 2)
      await store.setLockedUntil(s, u.userId, 1_800_000_000_000)
      assert.equal((await store.getCredentials(s, u.userId))?.lockedUntil, 1_800_000_000_000)
      await store.clearFailedAttempts(s, u.userId)
      const cleared = await store.getCredentials(s, u.userId)
      assert.equal(cleared?.failedAttempts, 0)
      assert.equal(cleared?.lockedUntil, null)
      assert.equal(cleared?.passwordHash, '$argon2id$x')

      // Concurrent uses of one step: exactly one wins.
      const wins = await Promise.all([20, 20, 20, 20].map((st) => store.useStep(s, u.userId, st)))
      assert.equal(wins.filter(Boolean).length, 1)

      assert.equal(await store.deleteUser(s, u.userId), true)
      assert.equal(await store.getCredentials(s, u.userId), undefined)
    })
  })
}
