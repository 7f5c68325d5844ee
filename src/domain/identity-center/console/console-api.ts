/**
 * The console's JSON API logic (`/console/api/...`): sessions entered with temporary credentials
 * from the access portal or by an IAM user's sign-in; who you are; Switch Role through STS
 * AssumeRole (so trust policies and SCPs decide); back to the signed-in identity; a read-only
 * view of the account; the organization's Identity Center users and setting their passwords.
 * Operations run as the session's identity through the same pipeline as
 * signed requests (the `call` port), so every permission denial is AWS's own.
 */
import { timingSafeEqual } from 'node:crypto'
import {
  consoleLoginEvent,
  noAuditEvents,
  switchRoleEvent,
  userIdentityOf,
} from '../../cloudtrail/index.ts'
import type { Caller, RequestInfo, SessionClaims, SessionEnvelope } from '../../common/caller.ts'
import { DomainError } from '../../common/domain-error.ts'
import { callerFromEnvelope } from '../../sts/caller-from-envelope.ts'
import type { IssuedSession, OpenedToken } from '../../sts/session-token-codec.ts'
import { consoleErrors } from './console-errors.ts'
import type { ConsoleCaller, ConsoleOrigin } from './console-session-record.ts'
import type { ConsoleSessions } from './console-sessions.ts'
import { describeSession, type ConsoleView } from './console-view.ts'
import {
  lookupEventHistory,
  readEventHistoryQuery,
  type EventHistoryPage,
} from './event-history.ts'
import type { AccountAliases, ConsoleSignInAudit, IamConsoleSignIn } from './iam-console-sign-in.ts'
import {
  listIdentityCenterUsers,
  setIdentityCenterUserPassword,
  type CurrentIdentityCall,
  type IdentityCenterUsersPage,
} from './identity-center-users.ts'
import { isAccountId, readSwitchRoleInput, switchRoleArn } from './switch-role-input.ts'

/** Runs one operation as `caller`; an AWS error comes back as data. */
export type OperationRunner = (
  service: string,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  caller: Caller,
  request: RequestInfo,
) => Promise<
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly error: { code: string; message: string; httpStatus: number } }
>

/** What the console API works with. */
export interface ConsoleApiDeps {
  readonly sessions: ConsoleSessions
  readonly openToken: (token: string, now: Date) => OpenedToken
  /**
   * New credentials with the same claims for `durationSeconds` from `now`, kept by the console
   * only: a federation sign-in's SessionDuration sets the console session's length (AWS).
   */
  readonly reissue?: (claims: SessionClaims, now: Date, durationSeconds: number) => IssuedSession
  readonly iamSignIn: IamConsoleSignIn
  readonly call: OperationRunner
  readonly aliases?: AccountAliases
  readonly log: {
    info(event: string, fields?: Record<string, unknown>): void
    warn(event: string, fields?: Record<string, unknown>): void
  }
}

/** A session just opened (`id` goes in the cookie) and what the page shows. */
export interface OpenedConsole {
  readonly id: string
  readonly expiresAt: number
  readonly view: ConsoleView
}

const NO_AUDIT: ConsoleSignInAudit = { events: noAuditEvents, loginTo: '' }

/** Switched-role sessions last one hour, as AWS's console's do. */
export const SWITCH_ROLE_SECONDS = 3600

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * The console API.
 * @example
 * const opened = await api.federate({ accessKeyId, secretAccessKey, sessionToken }, now)
 * const caller = await api.authenticate({ cookie: opened.id, csrfHeader }, true, now)
 * await api.switchRole(caller, { account: '111111111111', roleName: 'InfraAssumeRole' }, request)
 */
export class ConsoleApi {
  readonly #d: ConsoleApiDeps

  constructor(deps: ConsoleApiDeps) {
    this.#d = deps
  }

  /** The session lifetimes (for the cookie's). */
  get sessions(): ConsoleSessions {
    return this.#d.sessions
  }

  /** The caller behind a cookie; state-changing calls need the session's CSRF token. */
  async authenticate(
    credentials: { readonly cookie: string | undefined; readonly csrfHeader: string | undefined },
    stateChanging: boolean,
    now: Date,
  ): Promise<ConsoleCaller> {
    const resolved = await this.#d.sessions.resolve(credentials.cookie, now)
    if (!resolved.ok) {
      if (resolved.reason !== 'no-cookie') this.#refuse(resolved.reason)
      throw consoleErrors.notSignedIn()
    }
    const { record } = resolved
    if (stateChanging && !this.#d.sessions.csrfMatches(record, credentials.csrfHeader)) {
      this.#refuse(credentials.csrfHeader === undefined ? 'csrf-missing' : 'csrf-mismatch')
      throw consoleErrors.csrf()
    }
    const base = this.#d.openToken(record.baseToken, now)
    if (!base.ok) {
      await this.#d.sessions.end(record)
      throw consoleErrors.notSignedIn()
    }
    const switched = record.switched && this.#d.openToken(record.switched.sessionToken, now)
    const current = switched !== undefined && switched.ok ? switched.envelope : base.envelope
    return { record, base: base.envelope, current }
  }

  /**
   * Enters the console with temporary credentials (the access portal's "Management console"):
   * the three values must be one valid, unexpired set this server issued. Recorded as the role
   * session's `ConsoleLogin` in its account.
   */
  async federate(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    audit: ConsoleSignInAudit = NO_AUDIT,
    options: { readonly sessionDurationSeconds?: number } = {},
  ): Promise<OpenedConsole> {
    const { accessKeyId, secretAccessKey, sessionToken } = input
    if (
      typeof accessKeyId !== 'string' ||
      typeof secretAccessKey !== 'string' ||
      typeof sessionToken !== 'string'
    ) {
      throw consoleErrors.badRequest(
        "'accessKeyId', 'secretAccessKey' and 'sessionToken' are required",
      )
    }
    const opened = this.#d.openToken(sessionToken, now)
    if (
      !opened.ok ||
      !sameText(opened.envelope.accessKeyId, accessKeyId) ||
      !sameText(opened.envelope.secretAccessKey, secretAccessKey)
    ) {
      this.#refuse(opened.ok ? 'credentials-mismatch' : `token-${opened.reason}`)
      throw consoleErrors.invalidSession()
    }
    const { envelope } = opened
    const claims = envelope.claims
    const source = claims.kind === 'role' ? claims.sourceEventId : undefined
    audit.events.emit(
      consoleLoginEvent({
        user: { accountId: claims.accountId },
        identity: userIdentityOf(callerFromEnvelope(envelope)),
        succeeded: true,
        mfaUsed: claims.mfaAuthenticatedAt !== undefined,
        loginTo: audit.loginTo,
        ...(source === undefined ? {} : { xaccessSourceEventID: source }),
      }),
    )
    const seconds = options.sessionDurationSeconds
    if (seconds !== undefined && this.#d.reissue !== undefined) {
      // The console session lasts SessionDuration, whatever is left of the credentials.
      const { sessionToken: token, ...fresh } = this.#d.reissue(envelope.claims, now, seconds)
      return this.#open('portal', token, fresh, now)
    }
    return this.#open('portal', sessionToken, envelope, now)
  }

  /** An IAM user's sign-in; `{mfaRequired: true}` asks for the MFA code. */
  async signInIam(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    audit: ConsoleSignInAudit = NO_AUDIT,
  ): Promise<OpenedConsole | { readonly mfaRequired: true }> {
    const result = await this.#d.iamSignIn.signIn(input, now, audit)
    if (result.kind === 'mfa-required') return { mfaRequired: true }
    const { sessionToken, ...envelope } = result.session
    return this.#open('iam-user', sessionToken, envelope, now)
  }

  /** What the page shows about the session. */
  view(caller: ConsoleCaller): ConsoleView {
    return describeSession(caller, this.#d.sessions.expiresAt(caller.record))
  }

  /**
   * Switch Role: AssumeRole as the signed-in identity (recorded by the dispatcher), then act as
   * the role; recorded too as AWS's console does, `SwitchRole` in the role's account (or, when
   * refused, in the signed-in identity's).
   */
  async switchRole(
    caller: ConsoleCaller,
    input: Readonly<Record<string, unknown>>,
    request: RequestInfo,
    audit: ConsoleSignInAudit = NO_AUDIT,
  ): Promise<ConsoleView> {
    const form = readSwitchRoleInput(input)
    const accountId = isAccountId(form.account)
      ? form.account
      : await this.#d.aliases?.accountIdForAlias(form.account)
    if (accountId === undefined) {
      throw consoleErrors.badRequest(`no account has the alias '${form.account}'`)
    }
    const from = callerFromEnvelope(caller.base)
    const recordSwitch = (
      as: Caller,
      failure?: { readonly code: string; readonly message: string },
    ) =>
      audit.events.emit(
        switchRoleEvent({
          identity: userIdentityOf(as),
          recipientAccountId: as.accountId,
          switchFrom: from.arn,
          redirectTo: audit.loginTo,
          ...(failure === undefined
            ? {}
            : { errorCode: failure.code, errorMessage: failure.message }),
        }),
      )
    let output: { Credentials: { SessionToken: string; Expiration: Date } }
    try {
      output = (await this.#run(
        'sts',
        'AssumeRole',
        {
          RoleArn: switchRoleArn(accountId, form.roleName),
          RoleSessionName: roleSessionName(caller.base),
          DurationSeconds: String(SWITCH_ROLE_SECONDS),
        },
        caller.base,
        request,
      )) as { Credentials: { SessionToken: string; Expiration: Date } }
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown }
      recordSwitch(from, { code: String(e.code ?? 'InternalFailure'), message: String(e.message) })
      throw error
    }
    const expiresAt = new Date(output.Credentials.Expiration).getTime()
    const record = await this.#d.sessions.switchTo(caller.record, {
      accountId,
      roleName: form.roleName,
      displayName: form.displayName,
      color: form.color,
      sessionToken: output.Credentials.SessionToken,
      expiresAt,
    })
    this.#d.log.info('console.switched-role', {
      from: callerFromEnvelope(caller.base).arn,
      roleArn: switchRoleArn(accountId, form.roleName),
    })
    const opened = this.#d.openToken(output.Credentials.SessionToken, request.now)
    if (opened.ok) recordSwitch(callerFromEnvelope(opened.envelope))
    const current = opened.ok ? opened.envelope : caller.current
    return this.view({ record, base: caller.base, current })
  }

  /** "Back to <signed-in identity>". */
  async switchBack(caller: ConsoleCaller): Promise<ConsoleView> {
    if (caller.record.switched === undefined) throw consoleErrors.notSwitched()
    const record = await this.#d.sessions.switchBack(caller.record)
    return this.view({ record, base: caller.base, current: caller.base })
  }

  /** Ends the session. */
  async signOut(caller: ConsoleCaller): Promise<void> {
    await this.#d.sessions.end(caller.record)
  }

  /**
   * A read-only operation as the current identity (the account views): only the ones listed in
   * {@link READ_OPERATIONS}; AWS's errors (AccessDenied included) are thrown as they are.
   */
  async read(
    caller: ConsoleCaller,
    name: string,
    input: Readonly<Record<string, unknown>>,
    request: RequestInfo,
  ): Promise<unknown> {
    const op = READ_OPERATIONS[name]
    if (op === undefined) throw consoleErrors.badRequest(`no view '${name}'`)
    const params: Record<string, unknown> = {}
    for (const key of op.params) {
      if (typeof input[key] === 'string' && input[key] !== '') params[key] = input[key]
    }
    return this.#run(op.service, op.operation, params, caller.current, request)
  }

  /**
   * The account's events (Event history), read with LookupEvents as the current identity: one
   * page, or with `since` every event from then on.
   */
  async events(
    caller: ConsoleCaller,
    input: Readonly<Record<string, unknown>>,
    request: RequestInfo,
  ): Promise<EventHistoryPage> {
    return lookupEventHistory(this.#asCurrent(caller, request), readEventHistoryQuery(input))
  }

  /** One page of the organization's Identity Center users, listed as the current identity. */
  async identityCenterUsers(
    caller: ConsoleCaller,
    input: Readonly<Record<string, unknown>>,
    request: RequestInfo,
  ): Promise<IdentityCenterUsersPage> {
    return listIdentityCenterUsers(this.#asCurrent(caller, request), input)
  }

  /** Sets an Identity Center user's password as the current identity (GetUserId, then set). */
  async setIdentityCenterPassword(
    caller: ConsoleCaller,
    input: Readonly<Record<string, unknown>>,
    request: RequestInfo,
  ): Promise<{ readonly userName: string; readonly userId: string }> {
    const set = await setIdentityCenterUserPassword(this.#asCurrent(caller, request), input)
    this.#d.log.info('console.set-identity-center-password', {
      by: callerFromEnvelope(caller.current).arn,
      identityStoreId: set.identityStoreId,
      userId: set.userId,
    })
    return { userName: set.userName, userId: set.userId }
  }

  #asCurrent(caller: ConsoleCaller, request: RequestInfo): CurrentIdentityCall {
    return (service, operation, input) =>
      this.#run(service, operation, input, caller.current, request)
  }

  async #open(
    origin: ConsoleOrigin,
    token: string,
    envelope: SessionEnvelope,
    now: Date,
  ): Promise<OpenedConsole> {
    const { id, record } = await this.#d.sessions.open(
      { origin, baseToken: token, baseExpiresAt: envelope.expiresAt },
      now,
    )
    const principal = callerFromEnvelope(envelope)
    this.#d.log.info('console.signed-in', { origin, principal: principal.arn })
    const expiresAt = this.#d.sessions.expiresAt(record)
    return {
      id,
      expiresAt,
      view: describeSession({ record, base: envelope, current: envelope }, expiresAt),
    }
  }

  async #run(
    service: string,
    operation: string,
    input: Readonly<Record<string, unknown>>,
    as: SessionEnvelope,
    request: RequestInfo,
  ): Promise<unknown> {
    const result = await this.#d.call(service, operation, input, callerFromEnvelope(as), request)
    if (!result.ok) {
      const { code, message, httpStatus } = result.error
      throw new DomainError(code, message, httpStatus)
    }
    return result.output
  }

  #refuse(reason: string): void {
    this.#d.log.warn('console.refused', { reason })
  }
}

/** The read-only operations the console's views may run. */
export const READ_OPERATIONS: Readonly<
  Record<string, { service: string; operation: string; params: readonly string[] }>
> = {
  'caller-identity': { service: 'sts', operation: 'GetCallerIdentity', params: [] },
  'iam-roles': { service: 'iam', operation: 'ListRoles', params: ['Marker', 'PathPrefix'] },
  'iam-users': { service: 'iam', operation: 'ListUsers', params: ['Marker', 'PathPrefix'] },
}

/** The session name Switch Role uses: the signed-in user's name, as AWS's console does. */
export function roleSessionName(base: SessionEnvelope): string {
  const c = base.claims
  const raw = c.kind === 'role' ? c.sessionName : c.kind === 'federated' ? c.name : c.userName
  const clean = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
  return clean.length >= 2 ? clean : `${clean}-console`
}
