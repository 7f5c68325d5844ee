// The IAM store contract: one suite every backend must pass, run by storage.test.ts on SQLite
// and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { StoreError } from '../domain/common/store-error.ts'
import type { IamStore, RoleRecord, UserRecord } from '../domain/iam/index.ts'
import { SqlIamStore } from './iam/index.ts'
import { rejectsWithStoreError } from './rejects-with-store-error.fixture.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

/**
 * Registers the IAM store contract suite for one backend.
 * @example iamStoreContract('sqlite', factory)
 */
export function iamStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`IamStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: IamStore
    let seq = 0
    const account = () => String(100_000_000_000 + ++seq * 7)

    before(() => {
      store = new SqlIamStore(suite.database.db)
    })

    const user = (accountId: string, name: string, path = '/'): UserRecord => ({
      accountId,
      id: `AIDA${accountId}${name}`.slice(0, 21).toUpperCase(),
      name,
      path,
      arn: `arn:aws:iam::${accountId}:user${path}${name}`,
      createdAt: 1_700_000_000_000,
      permissionsBoundaryArn: null,
    })
    const role = (accountId: string, name: string, path = '/'): RoleRecord => ({
      accountId,
      id: `AROA${accountId}${name}`.slice(0, 21).toUpperCase(),
      name,
      path,
      arn: `arn:aws:iam::${accountId}:role${path}${name}`,
      createdAt: 1_700_000_000_000,
      trustPolicy: '{"Version":"2012-10-17","Statement":[]}',
      description: null,
      maxSessionDuration: 3600,
      permissionsBoundaryArn: null,
      lastUsedAt: null,
      lastUsedRegion: null,
    })

    it('users: round trip, case-insensitive names, rename, path filter, paging', async () => {
      const a = account()
      const alice = user(a, 'Alice', '/eng/')
      await store.createUser(alice)
      assert.deepEqual(await store.getUser(a, 'alice'), alice)
      assert.deepEqual(await store.getUserById(alice.id), alice)
      assert.equal(await store.getUser(account(), 'Alice'), undefined)
      await rejectsWithStoreError(
        store.createUser({ ...user(a, 'ALICE'), id: 'AIDAOTHER' }),
        'AlreadyExists',
        'user.name',
      )
      for (const n of ['bob', 'carol', 'dave', 'erin']) await store.createUser(user(a, n))
      const first = await store.listUsers(a, {}, { maxResults: 2 })
      assert.deepEqual(
        first.items.map((u) => u.name),
        ['Alice', 'bob'],
      )
      const second = await store.listUsers(a, {}, { maxResults: 2, nextToken: first.nextToken! })
      assert.deepEqual(
        second.items.map((u) => u.name),
        ['carol', 'dave'],
      )
      const last = await store.listUsers(a, {}, { maxResults: 2, nextToken: second.nextToken! })
      assert.deepEqual(
        last.items.map((u) => u.name),
        ['erin'],
      )
      assert.equal(last.nextToken, undefined)
      assert.deepEqual(
        (await store.listUsers(a, { pathPrefix: '/en' })).items.map((u) => u.name),
        ['Alice'],
      )
      const renamed = await store.updateUser(a, 'alice', { name: 'Alicia', path: '/ops/' })
      assert.equal(renamed?.arn, `arn:aws:iam::${a}:user/ops/Alicia`)
      assert.equal(await store.getUser(a, 'Alice'), undefined)
      await rejectsWithStoreError(
        store.updateUser(a, 'bob', { name: 'carol' }),
        'AlreadyExists',
        'user.name',
      )
      const bounded = await store.setUserPermissionsBoundary(
        a,
        'bob',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      )
      assert.equal(bounded?.permissionsBoundaryArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess')
      await assert.rejects(store.listUsers(a, {}, { nextToken: 'bogus' }), StoreError)
    })

    it('groups and memberships', async () => {
      const a = account()
      const u = user(a, 'member')
      await store.createUser(u)
      const g = {
        accountId: a,
        id: `AGPA${a}`,
        name: 'Devs',
        path: '/',
        arn: `arn:aws:iam::${a}:group/Devs`,
        createdAt: 1,
      }
      await store.createGroup(g)
      await rejectsWithStoreError(
        store.createGroup({ ...g, id: 'AGPAX', name: 'devs' }),
        'AlreadyExists',
        'group.name',
      )
      await store.addUserToGroup(g.id, u.id)
      await store.addUserToGroup(g.id, u.id)
      assert.deepEqual(
        (await store.listUsersInGroup(g.id)).items.map((x) => x.name),
        ['member'],
      )
      assert.deepEqual(
        (await store.listGroupsForUser(u.id)).items.map((x) => x.name),
        ['Devs'],
      )
      const moved = await store.updateGroup(a, 'devs', { name: 'Developers', path: '/x/' })
      assert.equal(moved?.arn, `arn:aws:iam::${a}:group/x/Developers`)
      assert.equal(await store.removeUserFromGroup(g.id, u.id), true)
      assert.equal(await store.removeUserFromGroup(g.id, u.id), false)
      await store.addUserToGroup(g.id, u.id)
      assert.equal(await store.deleteUser(a, 'member'), true)
      assert.deepEqual((await store.listUsersInGroup(g.id)).items, [])
      assert.equal(await store.deleteGroup(a, 'Developers'), true)
      assert.equal(await store.getGroup(a, 'Developers'), undefined)
    })

    it('roles: round trip, update, delete with dependents', async () => {
      const a = account()
      const r = role(a, 'Deploy', '/ci/')
      await store.createRole(r)
      assert.deepEqual(await store.getRole(a, 'deploy'), r)
      await rejectsWithStoreError(
        store.createRole({ ...r, id: 'AROAX' }),
        'AlreadyExists',
        'role.name',
      )
      const updated = await store.updateRole(a, 'Deploy', {
        description: 'ci',
        maxSessionDuration: 7200,
        trustPolicy: '{}',
        permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        lastUsedAt: 5,
        lastUsedRegion: 'eu-west-1',
      })
      assert.equal(updated?.maxSessionDuration, 7200)
      assert.equal(updated?.lastUsedRegion, 'eu-west-1')
      assert.equal((await store.updateRole(a, 'Deploy', { description: null }))?.description, null)
      await assert.rejects(store.updateRole(a, 'Deploy', { maxSessionDuration: 100 }))
      const ref = { type: 'role', id: r.id } as const
      await store.putInlinePolicy(ref, { name: 'p', document: '{"a":1}' })
      await store.attachPolicy(a, ref, 'arn:aws:iam::aws:policy/AdministratorAccess')
      await store.tagResource(r.id, [{ key: 'k', value: 'v' }])
      assert.equal(await store.deleteRole(a, 'Deploy'), true)
      assert.deepEqual(await store.listInlinePolicies(ref), [])
      assert.deepEqual((await store.listAttachedPolicyArns(ref)).items, [])
      assert.deepEqual((await store.listTags(r.id)).items, [])
      assert.equal(await store.deleteRole(a, 'Deploy'), false)
    })

    it('inline policies replace by name', async () => {
      const a = account()
      const u = user(a, 'inline')
      await store.createUser(u)
      const ref = { type: 'user', id: u.id } as const
      await store.putInlinePolicy(ref, { name: 'b', document: '1' })
      await store.putInlinePolicy(ref, { name: 'a', document: '2' })
      await store.putInlinePolicy(ref, { name: 'b', document: '3' })
      assert.deepEqual(await store.getInlinePolicy(ref, 'b'), { name: 'b', document: '3' })
      assert.deepEqual((await store.listInlinePolicyNames(ref)).items, ['a', 'b'])
      assert.equal(await store.deleteInlinePolicy(ref, 'a'), true)
      assert.equal(await store.deleteInlinePolicy(ref, 'a'), false)
      assert.equal(await store.getInlinePolicy(ref, 'a'), undefined)
    })

    it('managed policies, versions, attachments and counts', async () => {
      const a = account()
      const arn = `arn:aws:iam::${a}:policy/team/Ops`
      const created = await store.createManagedPolicy({
        accountId: a,
        id: `ANPA${a}`,
        name: 'Ops',
        path: '/team/',
        arn,
        description: 'd',
        document: 'v1doc',
        createdAt: 10,
      })
      assert.equal(created.defaultVersionId, 'v1')
      await rejectsWithStoreError(
        store.createManagedPolicy({
          accountId: a,
          id: 'ANPAX',
          name: 'ops',
          path: '/',
          arn: `${arn}x`,
          description: null,
          document: 'x',
          createdAt: 1,
        }),
        'AlreadyExists',
        'policy.name',
      )
      const v2 = await store.createPolicyVersion(arn, 'v2doc', false, 20)
      assert.deepEqual(v2, { versionId: 'v2', document: 'v2doc', isDefault: false, createdAt: 20 })
      await store.createPolicyVersion(arn, 'v3doc', true, 30)
      assert.equal((await store.getManagedPolicy(arn))?.defaultVersionId, 'v3')
      assert.equal(await store.deletePolicyVersion(arn, 'v2'), true)
      assert.equal((await store.createPolicyVersion(arn, 'v4doc', false, 40))?.versionId, 'v4')
      assert.deepEqual(
        (await store.listPolicyVersions(arn)).map((v) => [v.versionId, v.isDefault]),
        [
          ['v4', false],
          ['v3', true],
          ['v1', false],
        ],
      )
      assert.equal(await store.setDefaultPolicyVersion(arn, 'v1', 50), true)
      assert.equal(await store.setDefaultPolicyVersion(arn, 'v9', 50), false)
      assert.equal((await store.getPolicyVersion(arn, 'v1'))?.isDefault, true)
      assert.equal(await store.createPolicyVersion(`${arn}nope`, 'x', true, 1), undefined)

      const u = user(a, 'attached')
      const r = role(a, 'attachedRole')
      await store.createUser({ ...u, permissionsBoundaryArn: arn })
      await store.createRole(r)
      await store.attachPolicy(a, { type: 'user', id: u.id }, arn)
      await store.attachPolicy(a, { type: 'user', id: u.id }, arn)
      await store.attachPolicy(a, { type: 'role', id: r.id }, arn)
      const counted = await store.getManagedPolicy(arn)
      assert.equal(counted?.attachmentCount, 2)
      assert.equal(counted?.permissionsBoundaryUsageCount, 1)
      assert.equal(await store.countAttachments(a, arn), 2)
      assert.equal(await store.countBoundaryUses(a, arn), 1)
      const entities = await store.listEntitiesForPolicy(a, arn, {}, { maxResults: 1 })
      assert.deepEqual(
        entities.items.map((e) => [e.type, e.name]),
        [['role', 'attachedRole']],
      )
      const rest = await store.listEntitiesForPolicy(
        a,
        arn,
        {},
        { maxResults: 1, nextToken: entities.nextToken! },
      )
      assert.deepEqual(
        rest.items.map((e) => [e.type, e.name]),
        [['user', 'attached']],
      )
      assert.equal(rest.nextToken, undefined)
      assert.deepEqual(
        (await store.listEntitiesForPolicy(a, arn, { entityType: 'user' })).items.length,
        1,
      )
      assert.deepEqual(
        (await store.listManagedPolicies(a, { onlyAttached: true })).items.map((p) => p.name),
        ['Ops'],
      )
      assert.deepEqual((await store.listManagedPolicies(a, { pathPrefix: '/nope/' })).items, [])
      assert.deepEqual(await store.listAttachedPolicyArnsInAccount(a), [arn])
      assert.equal(await store.detachPolicy({ type: 'user', id: u.id }, arn), true)
      assert.equal(await store.detachPolicy({ type: 'user', id: u.id }, arn), false)
      assert.equal(await store.deleteManagedPolicy(arn), true)
      assert.equal(await store.getManagedPolicy(arn), undefined)
      assert.deepEqual(await store.listPolicyVersions(arn), [])
    })

    it('access keys of users and of the root, with last use', async () => {
      const a = account()
      const u = user(a, 'keyed')
      await store.createUser(u)
      const base = {
        accountId: a,
        sealedSecret: 'sealed',
        status: 'Active',
        createdAt: 1,
        lastUsedAt: null,
        lastUsedRegion: null,
        lastUsedService: null,
      } as const
      await store.createAccessKey({ ...base, accessKeyId: `AKIAU${a}`, userId: u.id })
      await store.createAccessKey({ ...base, accessKeyId: `AKIAR${a}`, userId: null })
      await rejectsWithStoreError(
        store.createAccessKey({ ...base, accessKeyId: `AKIAR${a}`, userId: null }),
        'AlreadyExists',
        'accessKey.id',
      )
      await rejectsWithStoreError(
        store.createAccessKey({ ...base, accessKeyId: `AKIAZ${a}`, userId: 'AIDANOBODY' }),
        'ReferenceNotFound',
        'user.id',
      )
      assert.equal((await store.getAccessKey(`AKIAU${a}`))?.userName, 'keyed')
      assert.equal((await store.getAccessKey(`AKIAR${a}`))?.userName, null)
      assert.deepEqual(
        (await store.listAccessKeys(a, null)).items.map((k) => k.accessKeyId),
        [`AKIAR${a}`],
      )
      assert.deepEqual(
        (await store.listAccessKeys(a, u.id)).items.map((k) => k.accessKeyId),
        [`AKIAU${a}`],
      )
      assert.equal(await store.updateAccessKeyStatus(`AKIAU${a}`, 'Inactive'), true)
      await store.recordAccessKeyUse(`AKIAU${a}`, { at: 9, region: 'us-east-1', service: 'iam' })
      const used = await store.getAccessKey(`AKIAU${a}`)
      assert.deepEqual(
        [used?.status, used?.lastUsedAt, used?.lastUsedService],
        ['Inactive', 9, 'iam'],
      )
      await store.updateUser(a, 'keyed', { name: 'renamed' })
      assert.equal((await store.getAccessKey(`AKIAU${a}`))?.userName, 'renamed')
      assert.equal(await store.deleteUser(a, 'renamed'), true)
      assert.equal(await store.getAccessKey(`AKIAU${a}`), undefined)
      assert.equal(await store.deleteAccessKey(`AKIAR${a}`), true)
      assert.equal(await store.deleteAccessKey(`AKIAR${a}`), false)
    })

    it('tags: case-insensitive keys, replace, untag, paging', async () => {
      const id = `AROATAGS${account()}`
      await store.tagResource(id, [
        { key: 'somekey', value: 'a' },
        { key: 'other', value: 'b' },
      ])
      await store.tagResource(id, [{ key: 'Somekey', value: 'c' }])
      assert.deepEqual((await store.listTags(id)).items, [
        { key: 'other', value: 'b' },
        { key: 'Somekey', value: 'c' },
      ])
      const page = await store.listTags(id, { maxResults: 1 })
      assert.equal(page.items.length, 1)
      assert.ok(page.nextToken)
      await store.untagResource(id, ['SOMEKEY', 'absent'])
      assert.deepEqual((await store.listTags(id)).items, [{ key: 'other', value: 'b' }])
    })

    it('transactions commit together or not at all', async () => {
      const a = account()
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.createUser(user(a, 'ghost'))
          await tx.createUser({ ...user(a, 'GHOST'), id: 'AIDAGHOST2' })
        }),
        StoreError,
      )
      assert.equal(await store.getUser(a, 'ghost'), undefined)
      await store.transaction(async (tx) => {
        await tx.createUser(user(a, 'real'))
        await tx.tagResource(user(a, 'real').id, [{ key: 'k', value: 'v' }])
      })
      assert.equal((await store.listTags(user(a, 'real').id)).items.length, 1)
    })
  })
}
