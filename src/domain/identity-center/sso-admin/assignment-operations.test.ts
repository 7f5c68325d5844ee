// CreateAccountAssignment over a store that behaves as PostgreSQL does in a transaction: after a
// failed statement (a duplicate key) every further statement of that transaction fails. Assigning
// again, and two identical requests racing, must both answer SUCCEEDED and keep one assignment.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PolicyGeneration } from '../../authorization/policy-generation.ts'
import type { AccountOrganization } from '../../authorization/policy-sources.ts'
import type { CallContext } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { createSsoAdminService } from './sso-admin-service.ts'
import type {
  AssignmentKey,
  AssignmentRecord,
  OperationStatusRecord,
  PermissionSetRecord,
  SsoAdminStore,
} from './index.ts'
import { rootCaller, testRequest } from '../../common/call-context.fixture.ts'

const MGMT = '111111111111'
const DEV = '222222222222'
const INSTANCE = 'arn:aws:sso:::instance/ssoins-0123456789abcdef'
const PS = 'arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef'
const ALICE = '0123456789-11111111-2222-3333-4444-555555555555'

const keyOf = (a: AssignmentKey) =>
  [a.instanceArn, a.accountId, a.permissionSetArn, a.principalType, a.principalId].join('|')

/** Just what CreateAccountAssignment uses, with PostgreSQL's aborted-transaction behaviour. */
function pgLikeStore(options: { racing?: boolean } = {}) {
  const assignments = new Map<string, AssignmentRecord>()
  const statuses: OperationStatusRecord[] = []
  let racing = options.racing === true
  const ps: PermissionSetRecord = {
    arn: PS,
    instanceArn: INSTANCE,
    name: 'Admin',
    description: null,
    sessionDuration: 'PT1H',
    relayState: null,
    createdAt: 0,
    managedPolicyArns: [],
    customerManagedPolicies: [],
    inlinePolicy: null,
    permissionsBoundary: null,
    version: 1,
  }
  const base = (aborted: () => boolean, abort: () => void) => {
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (aborted()) throw new Error('current transaction is aborted')
        try {
          return await fn(...args)
        } catch (error) {
          abort()
          throw error
        }
      }
    return {
      getPermissionSet: guard(async (arn: string) => (arn === PS ? ps : undefined)),
      listTags: guard(async () => ({ items: [] })),
      putProvisioned: guard(async () => {}),
      lockProvisioning: guard(async () => {}),
      getAssignment: guard(async (key: AssignmentKey) => {
        if (racing) {
          // Another request inserts the same assignment between this read and the insert.
          racing = false
          const found = assignments.get(keyOf(key))
          assignments.set(keyOf(key), { ...key, createdAt: 0 })
          return found
        }
        return assignments.get(keyOf(key))
      }),
      createAssignment: guard(async (a: AssignmentRecord) => {
        if (assignments.has(keyOf(a))) throw new StoreError('AlreadyExists', 'assignment.key')
        assignments.set(keyOf(a), a)
      }),
      putOperationStatus: guard(async (s: OperationStatusRecord) => {
        statuses.push(s)
      }),
    }
  }
  const outside = base(
    () => false,
    () => {},
  )
  const store = {
    ...outside,
    async transaction<T>(fn: (tx: SsoAdminStore) => Promise<T>): Promise<T> {
      let aborted = false
      const tx = base(
        () => aborted,
        () => (aborted = true),
      )
      return fn({
        ...tx,
        transaction: (f: (t: SsoAdminStore) => Promise<unknown>) => f(tx as never),
      } as never)
    },
  }
  return { store: store as unknown as SsoAdminStore, assignments, statuses }
}

const org = (id: string): AccountOrganization => ({
  organizationId: 'o-aaaaaaaaaa',
  managementAccountId: MGMT,
  orgPath: `o-aaaaaaaaaa/r-aaaa/${id}/`,
  scp: undefined,
  rcp: undefined,
})

function serviceOver(store: SsoAdminStore) {
  return createSsoAdminService({
    store,
    instances: {
      ensureInstance: async () => ({
        instanceArn: INSTANCE,
        identityStoreId: 'd-0123456789',
        managementAccountId: MGMT,
        createdAt: 0,
      }),
      instanceForIdentityStore: async () => undefined,
      listInstances: async () => [],
    },
    organizations: {
      accountOrganization: async (id) => ([MGMT, DEV].includes(id) ? org(id) : undefined),
    },
    users: {
      findUserByName: async () => undefined,
      getUser: async () => undefined,
      groupIdsOf: async () => [],
      userExists: async (_store, id) => id === ALICE,
      groupExists: async () => false,
    },
    roles: { provisionRole: async () => {}, removeRole: async () => {} },
    generation: new PolicyGeneration(),
  })
}

const context: CallContext = {
  caller: rootCaller(MGMT),
  request: testRequest(),
  authorize: async () => {
    throw new Error('not asked here')
  },
}

async function assign(service: ReturnType<typeof serviceOver>) {
  const op = service.operations.CreateAccountAssignment!
  const input = op.parse({
    InstanceArn: INSTANCE,
    PermissionSetArn: PS,
    TargetId: DEV,
    TargetType: 'AWS_ACCOUNT',
    PrincipalType: 'USER',
    PrincipalId: ALICE,
  })
  // Every further resource is authorized through `authorize`: allow them here.
  const ctx = { ...context, authorize: async () => ({}) as never }
  return (await op.run(input, ctx)) as { AccountAssignmentCreationStatus: { Status: string } }
}

describe('CreateAccountAssignment on a store with PostgreSQL transaction semantics', () => {
  it('assigning again answers as the first time and keeps one assignment', async () => {
    const { store, assignments, statuses } = pgLikeStore()
    const service = serviceOver(store)
    await assign(service)
    const again = await assign(service)
    assert.equal(again.AccountAssignmentCreationStatus.Status, 'IN_PROGRESS')
    assert.equal(assignments.size, 1)
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['SUCCEEDED', 'SUCCEEDED'],
    )
  })

  it('a concurrent identical request inserting first does not fail this one', async () => {
    const { store, assignments, statuses } = pgLikeStore({ racing: true })
    await assign(serviceOver(store))
    assert.equal(assignments.size, 1)
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['SUCCEEDED'],
    )
  })
})
