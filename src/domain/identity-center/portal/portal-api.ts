/**
 * The portal's JSON API logic (`/portal/api/...`, ARCHITECTURE.md): who is signed in, their
 * accounts and roles, role credentials, device-code approval, sign-out. The HTTP adapter reads
 * the cookie and the CSRF header and hands them here; every refusal is logged with its reason.
 */
import { randomUUID } from 'node:crypto'
import {
  credentialIdOf,
  identityCenterUserIdentity,
  noAuditEvents,
  resourceTypeOf,
  ssoEvent,
  type AuditEventResource,
  type AuditEvents,
  type CallOutcome,
} from '../../cloudtrail/index.ts'
import { isDomainError } from '../../common/domain-error.ts'
import type { DeviceApprovals, DeviceRefusal } from '../oidc/device-approvals.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import { portalErrors } from './portal-errors.ts'
import type { PortalSessionRecord } from './portal-ports.ts'
import type { PortalSessions } from './portal-sessions.ts'
import type { SignIn } from './sign-in.ts'
import type { AccountAccess, PortalUser, RoleCredentials, UserAccess } from './user-access.ts'

/** A request's session as the adapter found it: the cookie value and the CSRF header. */
export interface SessionCredentials {
  readonly cookie: string | undefined
  readonly csrfHeader: string | undefined
}

/** A signed-in caller of the portal API. */
export interface PortalCaller {
  readonly session: PortalSessionRecord
  readonly user: PortalUser
}

/** What the portal API works with. */
export interface PortalApiDeps {
  readonly sessions: PortalSessions
  readonly signIn: SignIn
  readonly access: UserAccess
  readonly approvals: DeviceApprovals
  readonly log: SecurityLog
}

/** The query of `GET /portal/api/accounts` (strings, as the URL gives them). */
export interface AccountQuery {
  readonly maxResults?: string
  readonly nextToken?: string
  readonly search?: string
}

/** Accounts read per query while searching. */
const SEARCH_CHUNK = 200
/** Accounts one search request looks at, at most, before answering with a token to go on. */
export const SEARCH_SCAN_LIMIT = 2000

const DEVICE_ERRORS: Record<DeviceRefusal, () => Error> = {
  malformed: portalErrors.deviceMalformed,
  unknown: portalErrors.deviceUnknown,
  expired: portalErrors.deviceExpired,
  'already-decided': portalErrors.deviceDecided,
}

/** What `/me` and sign-in tell the page about the caller. */
export function describeCaller(user: PortalUser, session: PortalSessionRecord, expiresAt: number) {
  return {
    userName: user.userName,
    displayName: user.displayName,
    userId: user.userId,
    identityStoreId: user.identityStoreId,
    csrfToken: session.csrfToken,
    sessionExpiresAt: expiresAt,
  }
}

/**
 * The portal API.
 * @example
 * const caller = await api.authenticate({ cookie, csrfHeader }, { stateChanging: true }, now)
 * await api.approveDevice(caller, { userCode: 'BCDF-GHJK' }, now)
 */
export class PortalApi {
  readonly #d: PortalApiDeps

  constructor(deps: PortalApiDeps) {
    this.#d = deps
  }

  /** The sessions (for the adapter's cookie lifetime). */
  get sessions(): PortalSessions {
    return this.#d.sessions
  }

  /** The sign-in flow. */
  get signIn(): SignIn {
    return this.#d.signIn
  }

  /**
   * The caller behind a cookie. State-changing calls need the session's CSRF token; a session
   * still registering MFA may only confirm the registration (or sign out).
   */
  async authenticate(
    credentials: SessionCredentials,
    options: { readonly stateChanging: boolean; readonly allowRegistration?: boolean },
    now: Date,
  ): Promise<PortalCaller> {
    const resolved = await this.#d.sessions.resolve(credentials.cookie, now)
    if (!resolved.ok) {
      this.#refuse(resolved.reason, {})
      throw portalErrors.notSignedIn()
    }
    const session = resolved.record
    if (options.stateChanging && !this.#d.sessions.csrfMatches(session, credentials.csrfHeader)) {
      this.#refuse(credentials.csrfHeader === undefined ? 'csrf-missing' : 'csrf-mismatch', {
        userId: session.userId,
      })
      throw portalErrors.csrf()
    }
    if (session.state !== 'active' && options.allowRegistration !== true) {
      this.#refuse('mfa-registration-pending', { userId: session.userId })
      throw portalErrors.mfaRegistrationPending()
    }
    const user = await this.#d.access.user(session)
    if (user === undefined) {
      await this.#d.sessions.end(session)
      this.#refuse('user-gone', { userId: session.userId })
      throw portalErrors.notSignedIn()
    }
    return { session, user }
  }

  /** `GET /portal/api/me`. */
  me(caller: PortalCaller) {
    return describeCaller(caller.user, caller.session, this.#d.sessions.expiresAt(caller.session))
  }

  /**
   * `GET /portal/api/accounts`: the caller's accounts, each with its roles (ListAccounts). With
   * `maxResults` (1–100), `nextToken` or `search`, one page: the next accounts by id whose id
   * starts with, or whose name or email contains, `search` (any case), and `nextToken` when
   * more may follow. A page looks at {@link SEARCH_SCAN_LIMIT} accounts at most, so a search
   * with few matches answers quickly with fewer results and a token to go on.
   */
  accounts(caller: PortalCaller, events: AuditEvents = noAuditEvents, query: AccountQuery = {}) {
    const call = { eventName: 'ListAccounts', input: {}, readOnly: true, recordResponse: false }
    return this.#recorded(caller, events, call, async () => {
      const paged =
        query.maxResults !== undefined ||
        query.nextToken !== undefined ||
        query.search !== undefined
      const page = paged ? await this.#accountsPage(caller.user, query) : undefined
      const accounts = page?.accounts ?? (await this.#d.access.accounts(caller.user))
      return {
        output: {
          ...(page?.nextToken === undefined ? {} : { nextToken: page.nextToken }),
          accounts: accounts.map((a) => ({
            accountId: a.accountId,
            accountName: a.accountName,
            emailAddress: a.emailAddress,
            roles: a.roles.map((g) => ({
              roleName: g.permissionSetName,
              permissionSetArn: g.permissionSetArn,
              sessionDurationSeconds: g.sessionDurationSeconds,
              ...(g.relayState === undefined ? {} : { relayState: g.relayState }),
            })),
          })),
        },
      }
    })
  }

  async #accountsPage(user: PortalUser, query: AccountQuery) {
    const max = query.maxResults === undefined ? 100 : Number(query.maxResults)
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      throw portalErrors.badRequest('maxResults must be a whole number from 1 to 100')
    }
    let after: string | undefined
    if (query.nextToken !== undefined && query.nextToken !== '') {
      after = Buffer.from(query.nextToken, 'base64url').toString('utf8')
      if (!/^\d{12}$/.test(after) || Buffer.from(after).toString('base64url') !== query.nextToken) {
        throw portalErrors.badRequest('invalid nextToken')
      }
    }
    const needle = (query.search ?? '').trim().toLowerCase()
    const matches = (a: AccountAccess) =>
      needle === '' ||
      a.accountId.startsWith(needle) ||
      a.accountName.toLowerCase().includes(needle) ||
      a.emailAddress.toLowerCase().includes(needle)
    const accounts: AccountAccess[] = []
    const token = (key: string) => Buffer.from(key).toString('base64url')
    let scanned = 0
    for (;;) {
      const want = needle === '' ? max - accounts.length : SEARCH_CHUNK
      const page = await this.#d.access.accountsPage(user, after, want)
      scanned += want
      let full: string | undefined
      for (const a of page.accounts) {
        if (!matches(a)) continue
        accounts.push(a)
        if (accounts.length === max) {
          full = a.accountId
          break
        }
      }
      if (full !== undefined) {
        const atEnd = page.lastAccountId === undefined && full === page.accounts.at(-1)?.accountId
        return atEnd ? { accounts } : { accounts, nextToken: token(full) }
      }
      if (page.lastAccountId === undefined) return { accounts }
      after = page.lastAccountId
      if (scanned >= SEARCH_SCAN_LIMIT) return { accounts, nextToken: token(after) }
    }
  }

  /**
   * `POST /portal/api/credentials` `{accountId, roleName}`: as GetRoleCredentials, and recorded
   * so (the session's events point back to this call's event).
   */
  credentials(
    caller: PortalCaller,
    input: Readonly<Record<string, unknown>>,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ): Promise<{ roleCredentials: RoleCredentials }> {
    const { accountId, roleName } = input
    const call = {
      eventName: 'GetRoleCredentials',
      input: {
        ...(typeof roleName === 'string' ? { roleName } : {}),
        ...(typeof accountId === 'string' ? { accountId } : {}),
      },
      readOnly: true,
      recordResponse: true,
    }
    return this.#recorded(caller, events, call, async (eventID) => {
      const out = await this.#credentials(caller.user, accountId, roleName, now, eventID)
      const account = accountId as string
      return {
        output: { roleCredentials: out.credentials },
        resources: [
          { ARN: out.roleArn, accountId: account, type: resourceTypeOf(out.roleArn) },
          { ARN: account, accountId: account, type: 'AWS::SSO::Account' },
        ],
      }
    })
  }

  /**
   * Runs a call of the signed-in user and reports its event (sso.amazonaws.com, as the
   * `IdentityCenterUser`, the session named by a digest of its id), success or failure.
   */
  async #recorded<T>(
    caller: PortalCaller,
    events: AuditEvents,
    call: {
      readonly eventName: string
      readonly input: object
      readonly readOnly: boolean
      readonly recordResponse: boolean
    },
    run: (eventID: string) => Promise<{
      readonly output: T
      readonly resources?: readonly AuditEventResource[]
    }>,
  ): Promise<T> {
    const eventID = randomUUID()
    const { user } = caller
    const report = (outcome: CallOutcome, resources?: readonly AuditEventResource[]) =>
      events.emit(
        ssoEvent({
          eventID,
          eventName: call.eventName,
          identity: identityCenterUserIdentity({
            accountId: user.managementAccountId,
            identityStoreId: user.identityStoreId,
            userId: user.userId,
            credentialId: credentialIdOf(caller.session.idHash),
          }),
          input: call.input,
          outcome,
          readOnly: call.readOnly,
          recordResponse: call.recordResponse,
          ...(resources === undefined ? {} : { resources }),
        }),
      )
    try {
      const answered = await run(eventID)
      report({ ok: true, output: answered.output }, answered.resources)
      return answered.output
    } catch (error) {
      report(
        isDomainError(error)
          ? { ok: false, code: error.code, message: error.message }
          : { ok: false, code: 'InternalError', message: 'an internal error occurred' },
      )
      throw error
    }
  }

  async #credentials(
    user: PortalUser,
    accountId: unknown,
    roleName: unknown,
    now: Date,
    eventID: string,
  ): Promise<{ credentials: RoleCredentials; roleArn: string }> {
    if (typeof accountId !== 'string' || typeof roleName !== 'string') {
      throw portalErrors.badRequest("'accountId' and 'roleName' are required")
    }
    const caller = { user }
    const result = await this.#d.access.roleCredentials(user, accountId, roleName, now, eventID)
    if (!result.ok) {
      this.#refuse(result.reason, { userId: caller.user.userId, accountId, roleName })
      throw portalErrors.noAccess(accountId, roleName)
    }
    this.#d.log.info('portal.role-credentials', {
      userId: caller.user.userId,
      roleArn: result.roleArn,
      accessKeyId: result.credentials.accessKeyId,
    })
    return { credentials: result.credentials, roleArn: result.roleArn }
  }

  /**
   * `POST /portal/api/device/approve` or `/deny` `{userCode}`, recorded as
   * ApproveDeviceAuthorization or DenyDeviceAuthorization (AWS documents no event for the
   * portal's page that approves an `aws sso login`), success or failure, the user code hidden.
   */
  decideDevice(
    caller: PortalCaller,
    decision: 'approved' | 'denied',
    input: Readonly<Record<string, unknown>>,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ): Promise<{ userCode: string; status: string }> {
    const call = {
      eventName: decision === 'approved' ? 'ApproveDeviceAuthorization' : 'DenyDeviceAuthorization',
      input: 'userCode' in input ? { userCode: input.userCode } : {},
      readOnly: false,
      recordResponse: true,
    }
    return this.#recorded(caller, events, call, async () => {
      const result = await this.#d.approvals.decide(input.userCode, decision, caller.user, now)
      if (!result.ok) throw DEVICE_ERRORS[result.reason]()
      return { output: { userCode: result.userCode, status: result.status } }
    })
  }

  /** `POST /portal/api/sign-out` (recorded as Logout). */
  async signOut(caller: PortalCaller, events: AuditEvents = noAuditEvents): Promise<void> {
    const call = { eventName: 'Logout', input: {}, readOnly: false, recordResponse: false }
    await this.#recorded(caller, events, call, async () => {
      await this.#d.sessions.end(caller.session)
      return { output: undefined }
    })
    this.#d.log.info('portal.signed-out', { userId: caller.user.userId })
  }

  #refuse(reason: string, fields: Record<string, unknown>): void {
    this.#d.log.warn('portal.refused', { reason, ...fields })
  }
}
