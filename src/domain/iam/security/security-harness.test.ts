// A harness for the security operation tests: a real SQLite store in a temporary directory,
// in-memory users, and a fake CallContext that records what each operation asked to authorize.
// (A `.test.ts` file so that, like the tests, it may reach into src/storage.)
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../../../storage/create-database.ts'
import { SqlIamSecurityStore } from '../../../storage/iam-security/index.ts'
import { migrateToLatest } from '../../../storage/migrations/index.ts'
import { PolicyGeneration } from '../../authorization/policy-generation.ts'
import { isDomainError } from '../../common/domain-error.ts'
import type { AuthorizationRequest, CallContext } from '../../common/operation.ts'
import { SealedBox } from '../../common/sealed-box.ts'
import { securityErrors } from './errors.ts'
import type { SecurityErrorName } from './errors.ts'
import { iamSecurityOperations } from './iam-security-operations.ts'
import { argon2idHasher } from './password-hasher.ts'
import type { SecurityUser, UserLookup } from './user-lookup.ts'
import { testRequest, userCaller } from '../../common/call-context.fixture.ts'

export const ACCOUNT = '111111111111'
export const OTHER_ACCOUNT = '222222222222'

/** Every error constructor the tests have made, to check the registry is covered. */
export const errorsSeen = new Set<SecurityErrorName>()
for (const name of Object.keys(securityErrors) as SecurityErrorName[]) {
  const original = securityErrors[name] as (...args: never[]) => Error
  ;(securityErrors as Record<string, unknown>)[name] = (...args: never[]) => {
    errorsSeen.add(name)
    return original(...args)
  }
}

/** IAM users in memory, renamable. */
export class MemoryUsers implements UserLookup {
  readonly users: SecurityUser[] = []

  add(accountId: string, userName: string, path = '/'): SecurityUser {
    const userId = 'AIDA' + randomBytes(9).toString('hex').toUpperCase().slice(0, 17)
    const user = {
      accountId,
      userName,
      userId,
      path,
      arn: `arn:aws:iam::${accountId}:user${path}${userName}`,
      createDate: new Date(1_700_000_000_000),
    }
    this.users.push(user)
    return user
  }

  rename(userId: string, newName: string): void {
    const i = this.users.findIndex((u) => u.userId === userId)
    const u = this.users[i]!
    this.users[i] = { ...u, userName: newName, arn: u.arn.replace(/[^/]+$/, newName) }
  }

  async findUser(accountId: string, userName: string) {
    return this.users.find((u) => u.accountId === accountId && u.userName === userName)
  }

  async findUserById(accountId: string, userId: string) {
    return this.users.find((u) => u.accountId === accountId && u.userId === userId)
  }
}

/** A fresh store, users and operations; `invoke` runs parse → authorization → run. */
export async function openHarness() {
  const dataDir = await mkdtemp(join(tmpdir(), 'xaccess-security-'))
  const database = openDatabase(undefined, dataDir)
  await migrateToLatest(database.db, database.dialect)
  const store = new SqlIamSecurityStore(database.db)
  const box = new SealedBox(randomBytes(32))
  const users = new MemoryUsers()
  const generation = new PolicyGeneration()
  const operations = iamSecurityOperations({
    store,
    box,
    users,
    generation,
    hasher: argon2idHasher,
  })
  const authorized: AuthorizationRequest[] = []
  const clock = { now: new Date(1_750_000_000_000) }

  const callerOf = userCaller

  function callContext(accountId: string): CallContext {
    return {
      caller: callerOf(accountId),
      request: testRequest(clock.now),
      authorize: async () => {
        throw new Error('not used')
      },
    }
  }

  /** Runs an operation as an IAM user of `accountId`; the authorization it asked is recorded. */
  async function invoke(
    name: string,
    raw: Record<string, unknown> = {},
    accountId = ACCOUNT,
  ): Promise<Record<string, unknown>> {
    const op = operations[name]
    assert.ok(op, `no operation ${name}`)
    const call = callContext(accountId)
    const input = op.parse(raw)
    const auth = await op.authorization(input, call)
    assert.ok(auth, `${name} authorizes something`)
    authorized.push(auth)
    return (await op.run(input, call)) as Record<string, unknown>
  }

  /** The last authorization request. */
  const lastAuthorization = () => authorized[authorized.length - 1]

  async function close() {
    await database.close()
    await rm(dataDir, { recursive: true, force: true })
  }

  return { store, box, users, generation, operations, invoke, lastAuthorization, clock, close }
}

/** The harness's type. */
export type Harness = Awaited<ReturnType<typeof openHarness>>

/** Asserts a DomainError with AWS's code, HTTP status and (when given) exact message. */
export async function rejectsAws(
  p: Promise<unknown> | (() => unknown),
  code: string,
  status: number,
  message?: string | RegExp,
): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (e: unknown) => {
      assert.ok(isDomainError(e), `expected a DomainError, got ${String(e)}`)
      assert.equal(e.code, code)
      assert.equal(e.httpStatus, status)
      if (typeof message === 'string') assert.equal(e.message, message)
      else if (message) assert.match(e.message, message)
      return true
    },
  )
}

/** Which test file covers which errors of the registry (together: all of them). */
export const ERRORS_COVERED_BY = {
  mfa: [
    'noSuchUser',
    'noSuchMfaDevice',
    'mfaDeviceExists',
    'mfaDeviceInUse',
    'mfaDeviceDeleteConflict',
    'invalidAuthenticationCode',
    'invalidPath',
    'invalidMarker',
    'outOfRange',
  ],
  others: [
    'noSuchUser',
    'noSuchLoginProfile',
    'loginProfileExists',
    'passwordPolicyViolation',
    'oidcProviderExists',
    'tooManyThumbprints',
    'clientIdQuota',
    'noSuchOidcProvider',
    'noSuchOidcProviderToDelete',
    'invalidOidcUrl',
    'tagsLimit',
    'accountAliasExists',
    'noSuchAccountAlias',
    'noSuchPasswordPolicy',
    'noPasswordPolicyToDelete',
    'outOfRange',
    'invalidMarker',
  ],
} as const satisfies Record<string, readonly SecurityErrorName[]>

/** Asserts every error `file` is responsible for was raised by its tests. */
export function assertErrorsCovered(file: keyof typeof ERRORS_COVERED_BY): void {
  const missing = ERRORS_COVERED_BY[file].filter((name) => !errorsSeen.has(name))
  assert.deepEqual(missing, [], `errors never raised by the ${file} tests`)
}
