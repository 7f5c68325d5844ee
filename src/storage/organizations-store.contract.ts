// The Organizations store contract: one suite every backend must pass, run by storage.test.ts
// on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type {
  AccountRecord,
  OrganizationsStore,
  Page,
  PageRequest,
  PolicyRecord,
} from '../domain/organizations/index.ts'
import { MIGRATIONS, migrateToLatest } from './migrations/index.ts'
import { SqlOrganizationsStore } from './organizations/index.ts'
import { rejectsWithStoreError } from './rejects-with-store-error.fixture.ts'
import { connect, suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

/**
 * Registers the contract suite for one backend.
 *
 * @example
 * organizationsStoreContract('sqlite', async () => ({ url: undefined, dataDir, options: {}, drop }))
 */
export function organizationsStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`OrganizationsStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: OrganizationsStore
    let seq = 0
    const next = () => ++seq

    before(() => {
      store = new SqlOrganizationsStore(suite.database.db)
    })

    /** A new organization with its root and management account. */
    async function newOrganization(s: OrganizationsStore = store) {
      const n = next()
      const organizationId = `o-test${String(n).padStart(6, '0')}`
      const rootId = `r-t${String(n).padStart(3, '0')}`
      const management = accountRecord(organizationId, rootId, 100_000_000_000 + n * 1000)
      await s.transaction(async (tx) => {
        await tx.createOrganization({
          id: organizationId,
          arn: `arn:aws:organizations::${management.id}:organization/${organizationId}`,
          featureSet: 'ALL',
          managementAccountId: management.id,
          managementAccountArn: management.arn,
          managementAccountEmail: management.email,
          createdAt: 1_700_000_000_000 + n,
        })
        await tx.createRoot({
          id: rootId,
          organizationId,
          arn: `arn:aws:organizations::${management.id}:root/${organizationId}/${rootId}`,
          name: 'Root',
        })
        await tx.createAccount(management)
      })
      return { organizationId, rootId, management }
    }

    function accountRecord(organizationId: string, parentId: string, n: number): AccountRecord {
      const id = String(n).padStart(12, '0')
      return {
        id,
        organizationId,
        parentId,
        arn: `arn:aws:organizations::000000000000:account/${organizationId}/${id}`,
        email: `acct-${id}@example.com`,
        name: `account ${id}`,
        status: 'ACTIVE',
        joinedMethod: 'CREATED',
        joinedAt: 1_700_000_000_123,
      }
    }

    function ou(organizationId: string, parentId: string, name: string) {
      const id = `ou-test-${String(next()).padStart(8, '0')}`
      return {
        id,
        organizationId,
        parentId,
        arn: `arn:aws:organizations::000000000000:ou/${organizationId}/${id}`,
        name,
        createdAt: 1_700_000_000_456,
      }
    }

    function policy(organizationId: string | null, name: string, type = 'SERVICE_CONTROL_POLICY') {
      const id = `p-test${String(next()).padStart(6, '0')}`
      return {
        id,
        organizationId,
        arn: `arn:aws:organizations::000000000000:policy/${organizationId}/service_control_policy/${id}`,
        type,
        name,
        description: `about ${name}`,
        content:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        awsManaged: organizationId === null,
      } as PolicyRecord
    }

    async function readAll<T>(read: (page: PageRequest) => Promise<Page<T>>, maxResults: number) {
      const pages: T[][] = []
      let nextToken: string | undefined
      do {
        const page = await read(
          nextToken === undefined ? { maxResults } : { maxResults, nextToken },
        )
        pages.push(page.items)
        nextToken = page.nextToken
      } while (nextToken !== undefined)
      return pages
    }

    describe('migrations', () => {
      it('are applied once: a second run finds nothing to do', async () => {
        assert.deepEqual(await migrateToLatest(suite.database.db, suite.database.dialect), [])
      })

      it('run once when several connections start at once on a fresh database', async () => {
        const fresh = await factory()
        const handles = [connect(fresh), connect(fresh), connect(fresh)]
        try {
          const applied = await Promise.all(handles.map((h) => migrateToLatest(h.db, h.dialect)))
          assert.deepEqual(applied.flat(), Object.keys(MIGRATIONS))
          const s = new SqlOrganizationsStore(handles[2]!.db)
          assert.deepEqual(await s.listOrganizations(), [])
        } finally {
          await Promise.all(handles.map((h) => h.close()))
          await fresh.drop()
        }
      })
    })

    describe('round trips', () => {
      it('organization, root and management account', async () => {
        const { organizationId, rootId, management } = await newOrganization()
        const org = await store.getOrganization(organizationId)
        assert.equal(org?.managementAccountId, management.id)
        assert.equal(org?.featureSet, 'ALL')
        assert.equal(typeof org?.createdAt, 'number')
        assert.ok((await store.listOrganizations()).some((o) => o.id === organizationId))
        assert.deepEqual(await store.getRoot(rootId), {
          id: rootId,
          organizationId,
          arn: `arn:aws:organizations::${management.id}:root/${organizationId}/${rootId}`,
          name: 'Root',
        })
        assert.deepEqual(
          (await store.listRoots(organizationId)).items.map((r) => r.id),
          [rootId],
        )
        assert.deepEqual(await store.getAccount(management.id), management)
        assert.equal(await store.getOrganization('o-missing'), undefined)
        assert.equal(await store.getAccount('999999999999'), undefined)
      })

      it('nested OUs, accounts, children and parents', async () => {
        const { organizationId, rootId } = await newOrganization()
        const top = ou(organizationId, rootId, 'Workloads')
        const nested = ou(organizationId, top.id, 'Prod')
        await store.createOrganizationalUnit(top)
        await store.createOrganizationalUnit(nested)
        assert.deepEqual(await store.getOrganizationalUnit(nested.id), nested)
        const member = accountRecord(organizationId, nested.id, 200_000_000_000 + next())
        await store.createAccount(member)
        assert.deepEqual(await store.getAccount(member.id), member)
        assert.deepEqual(await store.getAccounts([member.id, '999999999999']), [member])
        assert.deepEqual(await store.getAccounts([]), [])
        assert.deepEqual(await store.findAccountByEmail(member.email.toUpperCase()), member)

        assert.deepEqual(await store.listChildren(rootId, 'ORGANIZATIONAL_UNIT'), {
          items: [{ id: top.id, type: 'ORGANIZATIONAL_UNIT' }],
        })
        assert.deepEqual(await store.listChildren(nested.id, 'ACCOUNT'), {
          items: [{ id: member.id, type: 'ACCOUNT' }],
        })
        assert.deepEqual(await store.getParent(member.id), {
          id: nested.id,
          type: 'ORGANIZATIONAL_UNIT',
        })
        assert.deepEqual(await store.getParent(top.id), { id: rootId, type: 'ROOT' })
        assert.equal(await store.getParent('ou-none'), undefined)

        const renamed = await store.updateOrganizationalUnit(nested.id, { name: 'Production' })
        assert.equal(renamed?.name, 'Production')
        assert.equal(await store.updateOrganizationalUnit('ou-none', { name: 'x' }), undefined)

        assert.equal(await store.moveAccount(member.id, rootId, top.id), false)
        assert.equal(await store.moveAccount(member.id, nested.id, top.id), true)
        assert.equal((await store.getAccount(member.id))?.parentId, top.id)
        assert.deepEqual(
          (await store.listAccountsForParent(top.id)).items.map((a) => a.id),
          [member.id],
        )

        const updated = await store.updateAccount(member.id, { status: 'SUSPENDED', name: 'n2' })
        assert.equal(updated?.status, 'SUSPENDED')
        assert.equal(updated?.name, 'n2')
        assert.equal(updated?.email, member.email)

        assert.equal(await store.deleteOrganizationalUnit(nested.id), true)
        assert.equal(await store.deleteOrganizationalUnit(nested.id), false)
        assert.equal(await store.getOrganizationalUnit(nested.id), undefined)
      })

      it('policies, attachments and targets', async () => {
        const { organizationId, rootId, management } = await newOrganization()
        const fullAccess = policy(null, `FullAWSAccess-${next()}`)
        const scp = policy(organizationId, 'DenyLeaveOrg')
        const rcp = policy(organizationId, 'RcpOne', 'RESOURCE_CONTROL_POLICY')
        for (const p of [fullAccess, scp, rcp]) await store.createPolicy(p)
        assert.deepEqual(await store.getPolicy(scp.id), scp)
        assert.deepEqual(await store.getPolicy(fullAccess.id), fullAccess)

        const listed = await store.listPolicies(organizationId, 'SERVICE_CONTROL_POLICY')
        assert.deepEqual(listed.items.map((p) => p.id).sort(), [fullAccess.id, scp.id].sort())
        assert.ok(!('content' in listed.items[0]!))

        const team = ou(organizationId, rootId, 'Team')
        await store.createOrganizationalUnit(team)
        await store.attachPolicy(fullAccess.id, { id: rootId, type: 'ROOT' })
        await store.attachPolicy(scp.id, { id: team.id, type: 'ORGANIZATIONAL_UNIT' })
        await store.attachPolicy(scp.id, { id: management.id, type: 'ACCOUNT' })
        await store.attachPolicy(rcp.id, { id: team.id, type: 'ORGANIZATIONAL_UNIT' })

        const targets = await store.listTargetsForPolicy(scp.id)
        assert.deepEqual(
          [...targets.items].sort((a, b) => a.type.localeCompare(b.type)),
          [
            {
              targetId: management.id,
              type: 'ACCOUNT',
              arn: management.arn,
              name: management.name,
            },
            { targetId: team.id, type: 'ORGANIZATIONAL_UNIT', arn: team.arn, name: 'Team' },
          ],
        )
        const onTeam = await store.listPoliciesForTarget(team.id, 'SERVICE_CONTROL_POLICY')
        assert.deepEqual(
          onTeam.items.map((p) => p.id),
          [scp.id],
        )
        const rcps = await store.listPoliciesForTarget(team.id, 'RESOURCE_CONTROL_POLICY')
        assert.deepEqual(
          rcps.items.map((p) => p.id),
          [rcp.id],
        )

        const changed = await store.updatePolicy(scp.id, { description: 'changed' })
        assert.equal(changed?.description, 'changed')
        assert.equal(changed?.content, scp.content)

        assert.equal(await store.detachPolicy(scp.id, team.id), true)
        assert.equal(await store.detachPolicy(scp.id, team.id), false)
        assert.deepEqual(
          (await store.listTargetsForPolicy(scp.id)).items.map((t) => t.targetId),
          [management.id],
        )
        // Removing the account removes its attachments, so the policy can then go.
        assert.equal(await store.removeAccount(management.id), true)
        assert.equal(await store.deletePolicy(scp.id), true)
        assert.equal(await store.getPolicy(scp.id), undefined)
      })

      it('enabled policy types, tags and CreateAccount statuses', async () => {
        const { organizationId, rootId } = await newOrganization()
        await store.setPolicyTypeStatus(rootId, 'SERVICE_CONTROL_POLICY', 'PENDING_ENABLE')
        await store.setPolicyTypeStatus(rootId, 'SERVICE_CONTROL_POLICY', 'ENABLED')
        await store.setPolicyTypeStatus(rootId, 'RESOURCE_CONTROL_POLICY', 'ENABLED')
        assert.deepEqual(await store.listEnabledPolicyTypes(rootId), [
          { rootId, type: 'RESOURCE_CONTROL_POLICY', status: 'ENABLED' },
          { rootId, type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' },
        ])
        assert.equal(await store.removePolicyType(rootId, 'RESOURCE_CONTROL_POLICY'), true)
        assert.equal((await store.listEnabledPolicyTypes(rootId)).length, 1)
        await rejectsWithStoreError(
          store.setPolicyTypeStatus('r-none', 'SERVICE_CONTROL_POLICY', 'ENABLED'),
          'ReferenceNotFound',
          'root.id',
        )

        await store.tagResource(rootId, [
          { key: 'env', value: 'dev' },
          { key: 'team', value: 'a' },
          { key: 'env', value: 'prod' },
        ])
        await store.tagResource(rootId, [{ key: 'team', value: 'b' }])
        await store.tagResource(rootId, [])
        assert.deepEqual((await store.listTags(rootId)).items, [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'b' },
        ])
        await store.untagResource(rootId, ['env', 'absent'])
        assert.deepEqual((await store.listTags(rootId)).items, [{ key: 'team', value: 'b' }])

        const request = {
          id: `car-${next()}`,
          organizationId,
          accountName: 'new one',
          state: 'IN_PROGRESS' as const,
          requestedAt: 1_700_000_000_789,
          completedAt: null,
          accountId: null,
          failureReason: null,
        }
        await store.createCreateAccountStatus(request)
        assert.deepEqual(await store.getCreateAccountStatus(request.id), request)
        const done = await store.updateCreateAccountStatus(request.id, {
          state: 'SUCCEEDED',
          completedAt: 1_700_000_001_000,
          accountId: '123456789012',
        })
        assert.deepEqual(done, {
          ...request,
          state: 'SUCCEEDED',
          completedAt: 1_700_000_001_000,
          accountId: '123456789012',
        })
        assert.deepEqual(
          (await store.listCreateAccountStatuses(organizationId, ['IN_PROGRESS'])).items,
          [],
        )
        assert.deepEqual(
          (await store.listCreateAccountStatuses(organizationId, ['SUCCEEDED'])).items,
          [done],
        )
      })

      it('deleting an organization removes everything in it', async () => {
        const { organizationId, rootId, management } = await newOrganization()
        const unit = ou(organizationId, rootId, 'Gone')
        await store.createOrganizationalUnit(unit)
        const p = policy(organizationId, 'Gone')
        await store.createPolicy(p)
        await store.attachPolicy(p.id, { id: unit.id, type: 'ORGANIZATIONAL_UNIT' })
        await store.tagResource(unit.id, [{ key: 'k', value: 'v' }])
        await store.setPolicyTypeStatus(rootId, 'SERVICE_CONTROL_POLICY', 'ENABLED')
        assert.equal(await store.deleteOrganization(organizationId), true)
        assert.equal(await store.getOrganization(organizationId), undefined)
        assert.equal(await store.getRoot(rootId), undefined)
        assert.equal(await store.getOrganizationalUnit(unit.id), undefined)
        assert.equal(await store.getAccount(management.id), undefined)
        assert.equal(await store.getPolicy(p.id), undefined)
        assert.deepEqual((await store.listTags(unit.id)).items, [])
        assert.deepEqual(await store.listEnabledPolicyTypes(rootId), [])
        assert.equal(await store.deleteOrganization(organizationId), false)
      })
    })

    describe('pagination', () => {
      it('pages OUs, accounts and tags by maxResults with opaque tokens', async () => {
        const { organizationId, rootId } = await newOrganization()
        const ous = Array.from({ length: 7 }, (_, i) => ou(organizationId, rootId, `unit ${i}`))
        for (const unit of ous) await store.createOrganizationalUnit(unit)
        const pages = await readAll(
          (page) => store.listOrganizationalUnitsForParent(rootId, page),
          3,
        )
        assert.deepEqual(
          pages.map((p) => p.length),
          [3, 3, 1],
        )
        assert.deepEqual(
          pages.flat().map((u) => u.id),
          ous.map((u) => u.id),
        )
        // Exactly a page's worth: no token on the last page, no empty extra page.
        const exact = await store.listChildren(rootId, 'ORGANIZATIONAL_UNIT', { maxResults: 7 })
        assert.equal(exact.items.length, 7)
        assert.equal(exact.nextToken, undefined)

        const base = 300_000_000_000 + next() * 100
        for (let i = 0; i < 5; i++) {
          await store.createAccount(accountRecord(organizationId, ous[0]!.id, base + i))
        }
        const accountPages = await readAll((page) => store.listAccounts(organizationId, page), 2)
        assert.deepEqual(
          accountPages.map((p) => p.length),
          [2, 2, 2],
        )

        await store.tagResource(
          ous[1]!.id,
          Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
        )
        const tagPages = await readAll((page) => store.listTags(ous[1]!.id, page), 4)
        assert.deepEqual(
          tagPages.flat().map((t) => t.key),
          ['k0', 'k1', 'k2', 'k3', 'k4'],
        )
      })

      it('rejects a token it did not issue, typed', async () => {
        const { rootId } = await newOrganization()
        for (const nextToken of ['garbage', 'eyJhIjoxfQ', '']) {
          await rejectsWithStoreError(
            store.listChildren(rootId, 'ACCOUNT', { nextToken }),
            'InvalidNextToken',
            'page.nextToken',
          )
        }
      })
    })

    describe('constraint violations are typed StoreErrors', () => {
      it('duplicates', async () => {
        const { organizationId, rootId, management } = await newOrganization()
        await rejectsWithStoreError(
          store.createAccount({ ...management, email: 'other@example.com' }),
          'AlreadyExists',
          'account.id',
        )
        const sameEmail = accountRecord(organizationId, rootId, 400_000_000_000 + next())
        await rejectsWithStoreError(
          store.createAccount({ ...sameEmail, email: management.email.toUpperCase() }),
          'AlreadyExists',
          'account.email',
        )
        const first = ou(organizationId, rootId, 'Dup')
        await store.createOrganizationalUnit(first)
        await rejectsWithStoreError(
          store.createOrganizationalUnit(ou(organizationId, rootId, 'Dup')),
          'AlreadyExists',
          'organizationalUnit.name',
        )
        await store.createOrganizationalUnit(ou(organizationId, first.id, 'Dup'))
        await rejectsWithStoreError(
          store.createOrganizationalUnit({ ...first, name: 'Other' }),
          'AlreadyExists',
          'organizationalUnit.id',
        )
        const p = policy(organizationId, 'Dup')
        await store.createPolicy(p)
        await rejectsWithStoreError(
          store.createPolicy(policy(organizationId, 'Dup')),
          'AlreadyExists',
          'policy.name',
        )
        await store.attachPolicy(p.id, { id: rootId, type: 'ROOT' })
        await rejectsWithStoreError(
          store.attachPolicy(p.id, { id: rootId, type: 'ROOT' }),
          'AlreadyExists',
          'policyAttachment.target',
        )
        const second = accountRecord(organizationId, rootId, 400_000_000_000 + next())
        await store.createAccount(second)
        await rejectsWithStoreError(
          store.updateAccount(second.id, { email: management.email }),
          'AlreadyExists',
          'account.email',
        )
      })

      it('missing references and policies in use', async () => {
        const { organizationId, rootId } = await newOrganization()
        await rejectsWithStoreError(
          store.attachPolicy('p-missing', { id: rootId, type: 'ROOT' }),
          'ReferenceNotFound',
          'policy.id',
        )
        await rejectsWithStoreError(
          store.createOrganizationalUnit(ou('o-missing', rootId, 'x')),
          'ReferenceNotFound',
          'organization.id',
        )
        const p = policy(organizationId, 'InUse')
        await store.createPolicy(p)
        await store.tagResource(p.id, [{ key: 'keep', value: 'me' }])
        await store.attachPolicy(p.id, { id: rootId, type: 'ROOT' })
        await rejectsWithStoreError(store.deletePolicy(p.id), 'InUse', 'policy.id')
        // The failed delete removed nothing, not even the policy's tags.
        assert.ok(await store.getPolicy(p.id))
        assert.deepEqual((await store.listTags(p.id)).items, [{ key: 'keep', value: 'me' }])
      })
    })

    describe('transactions', () => {
      it('commit every write together', async () => {
        const { organizationId, rootId } = await newOrganization()
        const a = accountRecord(organizationId, rootId, 500_000_000_000 + next())
        const result = await store.transaction(async (tx) => {
          await tx.createAccount(a)
          await tx.tagResource(a.id, [{ key: 'k', value: 'v' }])
          return 'done'
        })
        assert.equal(result, 'done')
        assert.ok(await store.getAccount(a.id))
        assert.equal((await store.listTags(a.id)).items.length, 1)
      })

      it('roll back every write when the function throws', async () => {
        const { organizationId, rootId } = await newOrganization()
        const a = accountRecord(organizationId, rootId, 500_000_000_000 + next())
        const unit = ou(organizationId, rootId, 'Rolled back')
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.createAccount(a)
            await tx.createOrganizationalUnit(unit)
            await tx.transaction(async (inner) =>
              inner.tagResource(a.id, [{ key: 'k', value: 'v' }]),
            )
            throw new Error('boom')
          }),
          /boom/,
        )
        assert.equal(await store.getAccount(a.id), undefined)
        assert.equal(await store.getOrganizationalUnit(unit.id), undefined)
        assert.deepEqual((await store.listTags(a.id)).items, [])
      })

      it('roll back earlier writes when a later one violates a constraint', async () => {
        const { organizationId, rootId, management } = await newOrganization()
        const a = accountRecord(organizationId, rootId, 500_000_000_000 + next())
        await rejectsWithStoreError(
          store.transaction(async (tx) => {
            await tx.createAccount(a)
            await tx.createAccount({ ...management, id: '500000000999' })
          }),
          'AlreadyExists',
          'account.email',
        )
        assert.equal(await store.getAccount(a.id), undefined)
        // The store is usable afterwards.
        await store.createAccount(a)
        assert.ok(await store.getAccount(a.id))
      })
    })

    describe('concurrency and durability', () => {
      it('two connections write concurrently, in interleaved transactions', async () => {
        const { organizationId, rootId } = await newOrganization()
        const other = connect(suite.target)
        try {
          const stores = [store, new SqlOrganizationsStore(other.db)]
          const perConnection = 15
          await Promise.all(
            stores.map((s, c) =>
              Promise.all(
                Array.from({ length: perConnection }, async (_, i) => {
                  const unit = ou(organizationId, rootId, `c${c}-${i}`)
                  await s.transaction(async (tx) => {
                    await tx.createOrganizationalUnit(unit)
                    await new Promise((resolve) => setImmediate(resolve))
                    await tx.tagResource(unit.id, [{ key: 'writer', value: String(c) }])
                  })
                }),
              ),
            ),
          )
          for (const s of stores) {
            const all = await s.listOrganizationalUnitsForParent(rootId, { maxResults: 1000 })
            assert.equal(all.items.length, 2 * perConnection)
          }
        } finally {
          await other.close()
        }
      })

      it('keeps every acknowledged write when the writer is killed', async () => {
        const { organizationId, rootId } = await newOrganization()
        const firstId = 600_000_000_000 + next() * 1000
        const child = spawn(
          process.execPath,
          [
            fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url)),
            JSON.stringify({
              ...suite.target,
              ...suite.target.options,
              organizationId,
              rootId,
              firstId,
            }),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        )
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
        const acked: string[] = []
        for await (const line of createInterface({ input: child.stdout })) {
          if (line.startsWith('ack ')) acked.push(line.slice(4))
          if (acked.length === 25) {
            child.kill('SIGKILL')
            break
          }
        }
        await exited
        assert.equal(acked.length, 25, `writer stopped early: ${stderr}`)
        const reopened = connect(suite.target)
        try {
          const s = new SqlOrganizationsStore(reopened.db)
          for (const id of acked) assert.ok(await s.getAccount(id), `lost acknowledged ${id}`)
        } finally {
          await reopened.close()
        }
      })
    })
  })
}
