// The sso-admin store contract: one suite every backend must pass, run by storage.test.ts on
// SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { before, describe, it } from 'node:test'
import type {
  PermissionSetRecord,
  SsoAdminStore,
} from '../domain/identity-center/sso-admin/index.ts'
import { rejectsWithStoreError } from './rejects-with-store-error.fixture.ts'
import { SqlSsoAdminStore } from './sso-admin/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

/**
 * Registers the sso-admin store contract for one backend.
 * @example ssoAdminStoreContract('sqlite', factory)
 */
export function ssoAdminStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`SsoAdminStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: SsoAdminStore
    let seq = 0
    const hex = (n: number) => n.toString(16).padStart(16, '0')

    before(() => {
      store = new SqlSsoAdminStore(suite.database.db)
    })

    async function newInstance() {
      const n = ++seq
      const instance = {
        instanceArn: `arn:aws:sso:::instance/ssoins-${hex(n)}`,
        identityStoreId: `d-${String(n).padStart(10, '0')}`,
        managementAccountId: String(300_000_000_000 + n),
        createdAt: 1_700_000_000_000 + n,
      }
      await store.createInstance(instance)
      return instance
    }
    const permissionSet = (instanceArn: string, name: string, n = ++seq): PermissionSetRecord => ({
      arn: `arn:aws:sso:::permissionSet/${instanceArn.split('/')[1]}/ps-${hex(n)}`,
      instanceArn,
      name,
      description: null,
      sessionDuration: 'PT1H',
      relayState: null,
      createdAt: 1_700_000_000_000,
      managedPolicyArns: [],
      customerManagedPolicies: [],
      inlinePolicy: null,
      permissionsBoundary: null,
      version: 1,
    })

    it('creates instances, one per management account and identity store', async () => {
      const i = await newInstance()
      assert.deepEqual(await store.getInstance(i.instanceArn), i)
      assert.deepEqual(await store.getInstanceByManagementAccount(i.managementAccountId), i)
      assert.deepEqual(await store.getInstanceByIdentityStore(i.identityStoreId), i)
      assert.ok((await store.listInstances()).some((x) => x.instanceArn === i.instanceArn))
      await rejectsWithStoreError(
        store.createInstance({
          ...i,
          instanceArn: `${i.instanceArn}x`,
          identityStoreId: 'd-other',
        }),
        'AlreadyExists',
        'instance.managementAccountId',
      )
      await rejectsWithStoreError(
        store.createInstance({ ...i, instanceArn: `${i.instanceArn}y`, managementAccountId: '1' }),
        'AlreadyExists',
        'instance.identityStoreId',
      )
      assert.equal(await store.getInstance('arn:aws:sso:::instance/ssoins-none'), undefined)
    })

    it('stores permission sets with unique names (case-insensitive), pages them, versions updates', async () => {
      const i = await newInstance()
      const a = permissionSet(i.instanceArn, 'Admin')
      await store.createPermissionSet({
        ...a,
        description: 'd',
        relayState: 'https://x',
        permissionsBoundary: { kind: 'customer', ref: { name: 'b', path: '/p/' } },
        customerManagedPolicies: [{ name: 'c', path: '/' }],
        managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        inlinePolicy: '{}',
      })
      const got = await store.getPermissionSet(a.arn)
      assert.deepEqual(got?.permissionsBoundary, {
        kind: 'customer',
        ref: { name: 'b', path: '/p/' },
      })
      assert.deepEqual(got?.customerManagedPolicies, [{ name: 'c', path: '/' }])
      assert.deepEqual(got?.managedPolicyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess'])
      await rejectsWithStoreError(
        store.createPermissionSet(permissionSet(i.instanceArn, 'ADMIN')),
        'AlreadyExists',
        'permissionSet.name',
      )
      await rejectsWithStoreError(
        store.createPermissionSet(
          permissionSet('arn:aws:sso:::instance/ssoins-ffffffffffffffff', 'x'),
        ),
        'ReferenceNotFound',
      )
      for (const n of ['B', 'C']) await store.createPermissionSet(permissionSet(i.instanceArn, n))
      const first = await store.listPermissionSets(i.instanceArn, { maxResults: 2 })
      assert.equal(first.items.length, 2)
      const rest = await store.listPermissionSets(i.instanceArn, { nextToken: first.nextToken! })
      assert.equal(rest.items.length, 1)
      assert.equal(rest.nextToken, undefined)
      await rejectsWithStoreError(
        store.listPermissionSets(i.instanceArn, { nextToken: 'bad' }),
        'InvalidNextToken',
      )

      const updated = await store.updatePermissionSet(a.arn, 1, {
        inlinePolicy: null,
        permissionsBoundary: { kind: 'managed', arn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      })
      assert.equal(updated?.version, 2)
      assert.equal(updated?.inlinePolicy, null)
      assert.equal(updated?.description, 'd')
      assert.deepEqual(await store.getPermissionSet(a.arn), updated)
      assert.equal(await store.updatePermissionSet(a.arn, 1, { description: 'stale' }), undefined)
      assert.equal(await store.updatePermissionSet(`${a.arn}0`, 1, {}), undefined)
    })

    it('assignments: unique, listed by principal and for a principal, counted, deleted', async () => {
      const i = await newInstance()
      const ps = permissionSet(i.instanceArn, 'Dev')
      const ps2 = permissionSet(i.instanceArn, 'Ops')
      await store.createPermissionSet(ps)
      await store.createPermissionSet(ps2)
      const base = { instanceArn: i.instanceArn, createdAt: 1 }
      const u = { principalType: 'USER' as const, principalId: 'u-1' }
      const g = { principalType: 'GROUP' as const, principalId: 'g-1' }
      await store.createAssignment({
        ...base,
        ...u,
        accountId: '111111111111',
        permissionSetArn: ps.arn,
      })
      await store.createAssignment({
        ...base,
        ...g,
        accountId: '111111111111',
        permissionSetArn: ps.arn,
      })
      await store.createAssignment({
        ...base,
        ...u,
        accountId: '222222222222',
        permissionSetArn: ps2.arn,
      })
      await rejectsWithStoreError(
        store.createAssignment({
          ...base,
          ...u,
          accountId: '111111111111',
          permissionSetArn: ps.arn,
        }),
        'AlreadyExists',
        'assignment.key',
      )
      const listed = await store.listAssignments(i.instanceArn, '111111111111', ps.arn, {
        maxResults: 1,
      })
      assert.equal(listed.items[0]?.principalType, 'GROUP')
      const more = await store.listAssignments(i.instanceArn, '111111111111', ps.arn, {
        nextToken: listed.nextToken!,
      })
      assert.deepEqual(
        more.items.map((a) => a.principalId),
        ['u-1'],
      )
      const mine = await store.listAssignmentsForPrincipal(i.instanceArn, 'USER', 'u-1', undefined)
      assert.deepEqual(
        mine.items.map((a) => a.accountId),
        ['111111111111', '222222222222'],
      )
      const inOne = await store.listAssignmentsForPrincipal(
        i.instanceArn,
        'USER',
        'u-1',
        '222222222222',
      )
      assert.equal(inOne.items.length, 1)
      const all = await store.assignmentsOfPrincipals(i.instanceArn, [
        { type: 'USER', id: 'u-1' },
        { type: 'GROUP', id: 'g-1' },
      ])
      assert.equal(all.length, 3)
      assert.deepEqual(await store.assignmentsOfPrincipals(i.instanceArn, []), [])
      // Scoped reads: one account, or a keyset page of accounts.
      const both = [
        { type: 'USER' as const, id: 'u-1' },
        { type: 'GROUP' as const, id: 'g-1' },
      ]
      const accountsOf = (rows: readonly { accountId: string }[]) => rows.map((r) => r.accountId)
      assert.deepEqual(
        accountsOf(
          await store.assignmentsOfPrincipals(i.instanceArn, both, { accountId: '222222222222' }),
        ),
        ['222222222222'],
      )
      const firstPage = await store.assignmentsOfPrincipals(i.instanceArn, both, {
        accountLimit: 1,
      })
      assert.deepEqual(accountsOf(firstPage), ['111111111111', '111111111111'])
      assert.deepEqual(
        accountsOf(
          await store.assignmentsOfPrincipals(i.instanceArn, both, {
            afterAccountId: '111111111111',
            accountLimit: 5,
          }),
        ),
        ['222222222222'],
      )
      assert.deepEqual(
        await store.assignmentsOfPrincipals(i.instanceArn, both, {
          afterAccountId: '222222222222',
          accountLimit: 5,
        }),
        [],
      )
      assert.equal(await store.countAssignments(ps.arn), 2)
      assert.equal(await store.countAssignments(ps.arn, '222222222222'), 0)
      const key = {
        instanceArn: i.instanceArn,
        accountId: '111111111111',
        permissionSetArn: ps.arn,
        ...u,
      }
      assert.equal((await store.getAssignment(key))?.principalId, 'u-1')
      assert.equal(await store.deleteAssignment(key), true)
      assert.equal(await store.deleteAssignment(key), false)
      assert.equal(await store.getAssignment(key), undefined)
    })

    it("a principal's assignments page by an index: no sort, no scan of others (plan)", async () => {
      const { db, dialect } = suite.database
      const query = sql`select * from sso_assignment
        where instance_arn = 'i' and principal_type = 'USER' and principal_id = 'u'
          and account_id || '/' || permission_set_arn > 'a'
        order by account_id || '/' || permission_set_arn limit 10`
      let plan: string
      if (dialect === 'sqlite') {
        const { rows } = await sql<{ detail: string }>`explain query plan ${query}`.execute(db)
        plan = rows.map((r) => r.detail).join('\n')
        assert.doesNotMatch(plan, /TEMP B-TREE/, plan)
      } else {
        plan = await db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx)
          const { rows } = await sql<Record<string, string>>`explain ${query}`.execute(trx)
          return rows.map((r) => Object.values(r)[0]).join('\n')
        })
        assert.doesNotMatch(plan, /Sort/, plan)
      }
      assert.match(plan, /sso_assignment_principal_key_idx/, plan)
    })

    it('provisionings: upserted, filtered by latest version, listed both ways, deleted', async () => {
      const i = await newInstance()
      const ps = permissionSet(i.instanceArn, 'Read')
      await store.createPermissionSet(ps)
      const p = {
        instanceArn: i.instanceArn,
        permissionSetArn: ps.arn,
        roleName: 'AWSReservedSSO_Read_0',
        version: 1,
        provisionedAt: 5,
      }
      await store.putProvisioned({ ...p, accountId: '111111111111' })
      await store.putProvisioned({ ...p, accountId: '222222222222' })
      await store.updatePermissionSet(ps.arn, 1, { description: 'changed' })
      await store.putProvisioned({ ...p, accountId: '222222222222', version: 2, provisionedAt: 6 })
      assert.equal((await store.getProvisioned(ps.arn, '222222222222'))?.version, 2)
      const latest = await store.listProvisionedAccounts(
        ps.arn,
        'LATEST_PERMISSION_SET_PROVISIONED',
      )
      assert.deepEqual(
        latest.items.map((x) => x.accountId),
        ['222222222222'],
      )
      const behind = await store.listProvisionedAccounts(
        ps.arn,
        'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      )
      assert.deepEqual(
        behind.items.map((x) => x.accountId),
        ['111111111111'],
      )
      const paged = await store.listProvisionedAccounts(ps.arn, undefined, { maxResults: 1 })
      assert.ok(paged.nextToken)
      const toAccount = await store.listProvisionedToAccount(
        i.instanceArn,
        '111111111111',
        undefined,
      )
      assert.deepEqual(
        toAccount.items.map((x) => x.permissionSetArn),
        [ps.arn],
      )
      assert.equal(await store.countProvisioned(ps.arn), 2)
      assert.equal(await store.deleteProvisioned(ps.arn, '111111111111'), true)
      assert.equal(await store.deleteProvisioned(ps.arn, '111111111111'), false)
      assert.equal(await store.countProvisioned(ps.arn), 1)
    })

    it('request statuses: stored, replaced by id, listed oldest first by status', async () => {
      const i = await newInstance()
      const s = {
        instanceArn: i.instanceArn,
        kind: 'provisioning' as const,
        failureReason: null,
        permissionSetArn: 'arn:aws:sso:::permissionSet/x/ps-0',
        accountId: null,
        principalType: null,
        principalId: null,
      }
      await store.putOperationStatus({ ...s, requestId: 'b', status: 'SUCCEEDED', createdAt: 2 })
      await store.putOperationStatus({ ...s, requestId: 'a', status: 'IN_PROGRESS', createdAt: 3 })
      await store.putOperationStatus({
        ...s,
        requestId: 'a',
        status: 'FAILED',
        failureReason: 'no',
        createdAt: 3,
      })
      const a = await store.getOperationStatus(i.instanceArn, 'provisioning', 'a')
      assert.equal(a?.status, 'FAILED')
      assert.equal(a?.failureReason, 'no')
      assert.equal(
        await store.getOperationStatus(i.instanceArn, 'assignment-creation', 'a'),
        undefined,
      )
      const all = await store.listOperationStatuses(i.instanceArn, 'provisioning', undefined)
      assert.deepEqual(
        all.items.map((x) => x.requestId),
        ['b', 'a'],
      )
      const failed = await store.listOperationStatuses(i.instanceArn, 'provisioning', 'FAILED')
      assert.deepEqual(
        failed.items.map((x) => x.requestId),
        ['a'],
      )
    })

    it('tags: add, replace, remove, page; deleted with their permission set', async () => {
      const i = await newInstance()
      const ps = permissionSet(i.instanceArn, 'Tagged')
      await store.createPermissionSet(ps)
      await store.tagResource(ps.arn, [
        { key: 'b', value: '1' },
        { key: 'a', value: '2' },
      ])
      await store.tagResource(ps.arn, [{ key: 'b', value: '3' }])
      const page = await store.listTags(ps.arn, { maxResults: 1 })
      assert.deepEqual(page.items, [{ key: 'a', value: '2' }])
      const rest = await store.listTags(ps.arn, { nextToken: page.nextToken! })
      assert.deepEqual(rest.items, [{ key: 'b', value: '3' }])
      await store.untagResource(ps.arn, ['a', 'zz'])
      assert.equal((await store.listTags(ps.arn)).items.length, 1)
      await store.transaction(async (tx) => {
        assert.equal(await tx.deletePermissionSet(ps.arn), true)
      })
      assert.deepEqual((await store.listTags(ps.arn)).items, [])
      assert.equal(await store.getPermissionSet(ps.arn), undefined)
    })

    it('rolls a transaction back when it throws', async () => {
      const i = await newInstance()
      const ps = permissionSet(i.instanceArn, 'Rollback')
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.createPermissionSet(ps)
          throw new Error('stop')
        }),
        /stop/,
      )
      assert.equal(await store.getPermissionSet(ps.arn), undefined)
    })
  })
}
