// Test harness (no tests of its own): the Identity Store service over a migrated SQLite store,
// a fake instance directory, and calls with a fake CallContext that records what was authorized.
// Test-only (it imports src/storage, which the domain itself never does).
import { randomBytes } from 'node:crypto'
import { SealedBox } from '../../common/sealed-box.ts'
import { IdentityCenterCredentials } from './identity-center-credentials.ts'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../../storage/create-database.ts'
import { SqlIdentityStoreStore } from '../../../storage/identity-store/index.ts'
import { migrateToLatest } from '../../../storage/migrations/index.ts'
import { isDomainError } from '../../common/domain-error.ts'
import type { AuthorizationRequest, CallContext } from '../../common/operation.ts'
import type { IdentityCenterInstance, InstanceDirectory } from '../identity-center-ports.ts'
import { createIdentityStoreService } from './identity-store-service.ts'
import { testRequest, userCaller } from '../../common/call-context.fixture.ts'

export const MANAGEMENT = '111111111111'
export const MEMBER = '222222222222'
export const STORE_ID = 'd-9067a1b2c3'

/** One instance, of the organization managed by {@link MANAGEMENT}. */
export class FakeInstances implements InstanceDirectory {
  readonly instance: IdentityCenterInstance = {
    instanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
    identityStoreId: STORE_ID,
    managementAccountId: MANAGEMENT,
    createdAt: 1_700_000_000_000,
  }
  async ensureInstance() {
    return this.instance
  }
  async instanceForIdentityStore(id: string) {
    return id === STORE_ID ? this.instance : undefined
  }
  async listInstances() {
    return [this.instance]
  }
}

/** A fresh service; `invoke` runs parse → authorization → run as a real dispatcher would. */
export async function openHarness() {
  const dataDir = await mkdtemp(join(tmpdir(), 'xaccess-ids-'))
  const database = openDatabase(undefined, dataDir)
  await migrateToLatest(database.db, database.dialect)
  const store = new SqlIdentityStoreStore(database.db)
  const credentials = new IdentityCenterCredentials({ store, box: new SealedBox(randomBytes(32)) })
  const service = createIdentityStoreService({
    store,
    instances: new FakeInstances(),
    passwords: credentials,
  })
  const authorized: AuthorizationRequest[] = []
  /** Resources the fake engine denies. */
  const denied = new Set<string>()
  const now = new Date(1_750_000_000_000)

  const callerOf = userCaller

  const decide = (req: AuthorizationRequest) => {
    authorized.push(req)
    if (denied.has(req.resource)) {
      throw service.accessDenied(
        `User: arn:aws:iam::${MANAGEMENT}:user/admin is not authorized to perform: ${req.action} on resource: ${req.resource}`,
      )
    }
  }

  function callContext(accountId: string): CallContext {
    return {
      caller: callerOf(accountId),
      request: testRequest(now),
      authorize: async (req) => {
        decide(req)
        return { decision: 'Allowed' } as never
      },
    }
  }

  async function invoke(
    name: string,
    raw: Record<string, unknown>,
    accountId = MANAGEMENT,
  ): Promise<Record<string, unknown>> {
    const op = service.operations[name]
    assert.ok(op, `no operation ${name}`)
    const call = callContext(accountId)
    const input = op.parse(raw)
    const req = await op.authorization(input, call)
    if (req !== undefined) decide(req)
    return (await op.run(input, call)) as Record<string, unknown>
  }

  /** Asserts `invoke` fails with this code (and these fields, when given); returns the error. */
  async function fails(
    name: string,
    raw: Record<string, unknown>,
    code: string,
    fields?: Record<string, string>,
    accountId = MANAGEMENT,
  ) {
    try {
      await invoke(name, raw, accountId)
    } catch (error) {
      assert.ok(isDomainError(error), String(error))
      assert.equal(error.code, code, error.message)
      if (fields) assert.deepEqual(error.fields, fields)
      return error
    }
    assert.fail(`${name} succeeded; expected ${code}`)
  }

  return {
    store,
    credentials,
    service,
    authorized,
    denied,
    now,
    invoke,
    fails,
    close: async () => {
      await database.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A CreateUser request for `userName`. */
export const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  IdentityStoreId: STORE_ID,
  UserName: userName,
  DisplayName: `${userName} Example`,
  Name: { GivenName: userName, FamilyName: 'Example', Formatted: `${userName} Example` },
  Emails: [{ Value: `${userName}@example.com`, Type: 'work', Primary: true }],
  ...extra,
})
