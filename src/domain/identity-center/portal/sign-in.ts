/**
 * Signing in to the access portal: username and password, then TOTP for every user with an MFA
 * device, and registration of a device at first sign-in when the instance requires MFA. Failed
 * attempts count towards lockout (`SignInFailures`); every refusal is logged with its reason.
 */
import { createHash, randomUUID } from 'node:crypto'
import {
  mfaRegistrationEvent,
  noAuditEvents,
  portalSignInEvent,
  portalSignInIdentity,
  type AuditEvent,
  type AuditEvents,
  type CredentialType,
  type MfaRegistrationEventName,
  type PortalSignInEventName,
} from '../../cloudtrail/index.ts'
import { isDomainError } from '../../common/domain-error.ts'
import type {
  IdentityCenterInstance,
  InstanceDirectory,
  UserCredentials,
  UserDirectory,
} from '../identity-center-ports.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import { portalErrors } from './portal-errors.ts'
import {
  DEFAULT_MFA_REQUIRED,
  type PortalSessionRecord,
  type PortalSettingsStore,
  type SignInFailures,
} from './portal-ports.ts'
import type { OpenedSession, PortalSessions } from './portal-sessions.ts'
import type { PortalUser, UserAccess } from './user-access.ts'

/** Signed in, a TOTP code needed, or MFA registration begun (with a restricted session). */
export type SignInResult =
  | { readonly kind: 'signed-in'; readonly session: OpenedSession; readonly user: PortalUser }
  | { readonly kind: 'mfa-required' }
  | {
      readonly kind: 'mfa-registration'
      readonly session: OpenedSession
      readonly seed: string
      readonly uri: string
    }

/** What sign-in works with. */
export interface SignInDeps {
  readonly instances: InstanceDirectory
  readonly users: UserDirectory
  readonly credentials: UserCredentials
  readonly failures: SignInFailures
  readonly settings: PortalSettingsStore
  readonly sessions: PortalSessions
  readonly access: UserAccess
  readonly log: SecurityLog
  /**
   * The issuer of the instance's external identity provider, if it signs in through one
   * (issue 14): password sign-in is then refused.
   */
  readonly externalIssuer?: (instanceArn: string) => Promise<string | undefined>
}

/** Where a sign-in's events go, and where the portal goes once signed in (`LoginTo`). */
export interface SignInAudit {
  readonly events: AuditEvents
  readonly loginTo?: string
}

const NO_AUDIT: SignInAudit = { events: noAuditEvents }

/**
 * The events of one sign-in request, as Identity Center records them (CredentialChallenge,
 * CredentialVerification, UserAuthentication; the MFA device registration). They are reported
 * together at the end, under one `AuthWorkflowID`: an MFA registration's is derived from its
 * session, so the request that confirms the registration continues the same workflow.
 */
class SignInSteps {
  readonly #steps: ((workflowId: string) => AuditEvent)[] = []
  readonly #accountId: string
  readonly #loginTo: string | undefined
  /** The user's name once known to name a user; hidden until then. */
  userName: string | undefined

  constructor(accountId: string, loginTo: string | undefined) {
    this.#accountId = accountId
    this.#loginTo = loginTo
  }

  step(
    name: PortalSignInEventName,
    types: readonly CredentialType[],
    succeeded: boolean,
    deviceEnrollmentRequired = false,
  ): void {
    const { userName } = this
    const accountId = this.#accountId
    const loginTo = name === 'UserAuthentication' ? this.#loginTo : undefined
    this.#steps.push((workflowId) =>
      portalSignInEvent({
        name,
        accountId,
        userName,
        workflowId,
        credentialTypes: types,
        succeeded,
        ...(loginTo === undefined || loginTo === '' ? {} : { loginTo }),
        deviceEnrollmentRequired,
      }),
    )
  }

  registration(name: MfaRegistrationEventName, error?: unknown): void {
    const identity = portalSignInIdentity(this.#accountId, this.userName)
    const failure = error === undefined ? undefined : errorOf(error)
    const event = mfaRegistrationEvent(name, identity, this.#accountId, failure)
    this.#steps.push(() => event)
  }

  report(events: AuditEvents, workflowId: string): void {
    for (const step of this.#steps) events.emit(step(workflowId))
  }
}

const errorOf = (error: unknown) =>
  isDomainError(error)
    ? { code: error.code, message: error.message }
    : { code: 'InternalServerException', message: 'An internal error occurred' }

/** The AuthWorkflowID of an MFA registration: a UUID derived from its session's id hash. */
function registrationWorkflow(idHash: string): string {
  const h = createHash('sha256').update(`xaccess-auth-workflow:${idHash}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Stands in for an unknown user so a wrong username costs the same time as a wrong password. */
const NO_SUCH_USER = '00000000-0000-0000-0000-000000000000'
const MFA_CODE = /^\d{6}$/

const text = (input: Readonly<Record<string, unknown>>, name: string, max: number) => {
  const value = input[name]
  if (typeof value !== 'string' || value === '' || value.length > max) {
    throw portalErrors.badRequest(`'${name}' is required`)
  }
  return value
}

/** The portal's instance: the organization's (the earliest, if ever several). */
export async function portalInstance(
  instances: InstanceDirectory,
): Promise<IdentityCenterInstance | undefined> {
  const all = await instances.listInstances()
  return [...all].sort((a, b) => a.createdAt - b.createdAt)[0]
}

/**
 * Sign-in and MFA registration.
 * @example
 * const result = await signIn.signIn({ username, password, totp }, now)
 */
export class SignIn {
  readonly #d: SignInDeps

  constructor(deps: SignInDeps) {
    this.#d = deps
  }

  /**
   * Checks username, password and (when needed) TOTP; opens a session on success. Each step is
   * reported to `audit.events` as Identity Center records it (no password or code ever).
   */
  async signIn(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    audit: SignInAudit = NO_AUDIT,
  ): Promise<SignInResult> {
    const username = text(input, 'username', 128)
    const password = text(input, 'password', 1024)
    const totp = input.totp === undefined || input.totp === '' ? undefined : input.totp
    const instance = await portalInstance(this.#d.instances)
    if (instance === undefined) throw portalErrors.notEnabled()
    const issuer = await this.#d.externalIssuer?.(instance.instanceArn)
    if (issuer !== undefined) throw portalErrors.externalIdentitySource(issuer)
    const steps = new SignInSteps(instance.managementAccountId, audit.loginTo)
    let result: SignInResult | undefined
    try {
      result = await this.#signIn(instance, steps, { username, password, totp }, now)
      return result
    } finally {
      const workflow =
        result?.kind === 'mfa-registration'
          ? registrationWorkflow(result.session.record.idHash)
          : randomUUID()
      steps.report(audit.events, workflow)
    }
  }

  async #signIn(
    instance: IdentityCenterInstance,
    steps: SignInSteps,
    form: { username: string; password: string; totp: unknown },
    now: Date,
  ): Promise<SignInResult> {
    const { username, password, totp } = form
    const storeId = instance.identityStoreId
    const found = await this.#d.users.findUserByName(storeId, username)
    steps.userName = found?.userName
    steps.step('CredentialChallenge', ['PASSWORD'], true)
    if (found === undefined) {
      await this.#d.credentials.verifyPassword(storeId, NO_SUCH_USER, password)
      this.#refuse('unknown-user', {})
      steps.step('CredentialVerification', ['PASSWORD'], false)
      throw portalErrors.invalidCredentials()
    }
    const who = { identityStoreId: storeId, userId: found.userId }
    const verified = async (type: CredentialType, check: () => Promise<void>) => {
      try {
        await check()
      } catch (error) {
        steps.step('CredentialVerification', [type], false)
        throw error
      }
      steps.step('CredentialVerification', [type], true)
    }
    await verified('PASSWORD', async () => {
      await this.#checkLock(who, now)
      if (!(await this.#d.credentials.verifyPassword(storeId, found.userId, password))) {
        await this.#fail(who, 'wrong-password', now)
        throw portalErrors.invalidCredentials()
      }
    })
    if (await this.#d.credentials.hasMfa(storeId, found.userId)) {
      steps.step('CredentialChallenge', ['TOTP'], true)
      if (totp === undefined) {
        this.#d.log.info('portal.mfa-required', { userId: found.userId })
        return { kind: 'mfa-required' }
      }
      await verified('TOTP', async () => {
        const check =
          typeof totp === 'string' && MFA_CODE.test(totp)
            ? await this.#d.credentials.verifyMfa(storeId, found.userId, totp, now)
            : 'invalid'
        if (check === 'invalid') {
          await this.#fail(who, 'wrong-totp', now)
          throw portalErrors.invalidMfaCode()
        }
        if (check === 'replayed') {
          await this.#fail(who, 'replayed-totp', now)
          throw portalErrors.replayedMfaCode()
        }
      })
      const done = await this.#succeed(who, now)
      steps.step('UserAuthentication', ['PASSWORD', 'TOTP'], true)
      return done
    }
    if ((await this.#d.settings.getMfaRequired(instance.instanceArn)) ?? DEFAULT_MFA_REQUIRED) {
      const { seed, uri } = await this.#d.credentials.beginMfaRegistration(storeId, found.userId)
      const session = await this.#d.sessions.open(who, 'mfa-registration', now)
      this.#d.log.info('portal.mfa-registration-started', { userId: found.userId })
      steps.registration('StartVirtualMfaDeviceRegistration')
      return { kind: 'mfa-registration', session, seed, uri }
    }
    const done = await this.#succeed(who, now)
    steps.step('UserAuthentication', ['PASSWORD'], true)
    return done
  }

  /**
   * Confirms MFA registration with a code from the new device; replaces the session. Reported as
   * CompleteVirtualMfaDeviceRegistration, then the UserAuthentication that ends the sign-in.
   */
  async confirmMfa(
    record: PortalSessionRecord,
    input: Readonly<Record<string, unknown>>,
    now: Date,
    audit: SignInAudit = NO_AUDIT,
  ): Promise<SignInResult & { kind: 'signed-in' }> {
    const instance = await this.#d.instances.instanceForIdentityStore(record.identityStoreId)
    const user = await this.#d.users.getUser(record.identityStoreId, record.userId)
    const steps = new SignInSteps(instance?.managementAccountId ?? '', audit.loginTo)
    steps.userName = user?.userName
    let registered = false
    try {
      const done = await this.#confirmMfa(record, input, now, () => {
        registered = true
        steps.registration('CompleteVirtualMfaDeviceRegistration')
      })
      steps.step('UserAuthentication', ['PASSWORD'], true, true)
      return done
    } catch (error) {
      if (!registered) steps.registration('CompleteVirtualMfaDeviceRegistration', error)
      throw error
    } finally {
      if (instance !== undefined) steps.report(audit.events, registrationWorkflow(record.idHash))
    }
  }

  async #confirmMfa(
    record: PortalSessionRecord,
    input: Readonly<Record<string, unknown>>,
    now: Date,
    onRegistered: () => void,
  ): Promise<SignInResult & { kind: 'signed-in' }> {
    const who = { identityStoreId: record.identityStoreId, userId: record.userId }
    if (record.state !== 'mfa-registration') {
      this.#refuse('no-registration', { userId: who.userId })
      throw portalErrors.noMfaRegistration()
    }
    await this.#checkLock(who, now)
    const code = input.code
    const check =
      typeof code === 'string' && MFA_CODE.test(code)
        ? await this.#d.credentials.confirmMfaRegistration(
            who.identityStoreId,
            who.userId,
            code,
            now,
          )
        : 'invalid'
    if (check === 'not-registered') {
      this.#refuse('no-registration', { userId: who.userId })
      throw portalErrors.noMfaRegistration()
    }
    if (check !== 'ok') {
      await this.#fail(who, check === 'replayed' ? 'replayed-totp' : 'wrong-totp', now)
      throw check === 'replayed' ? portalErrors.replayedMfaCode() : portalErrors.invalidMfaCode()
    }
    onRegistered()
    // A new session id once fully signed in (no fixation of the registration session's id).
    await this.#d.sessions.end(record)
    this.#d.log.info('portal.mfa-registered', { userId: who.userId })
    return this.#succeed(who, now)
  }

  async #succeed(
    who: { identityStoreId: string; userId: string },
    now: Date,
  ): Promise<SignInResult & { kind: 'signed-in' }> {
    const user = await this.#d.access.user(who)
    if (user === undefined) {
      this.#refuse('user-gone', { userId: who.userId })
      throw portalErrors.invalidCredentials()
    }
    await this.#d.failures.clearSignInFailures(who.identityStoreId, who.userId)
    const session = await this.#d.sessions.open(who, 'active', now)
    this.#d.log.info('portal.signed-in', { userId: who.userId })
    return { kind: 'signed-in', session, user }
  }

  async #checkLock(who: { identityStoreId: string; userId: string }, now: Date): Promise<void> {
    const until = await this.#d.failures.lockedUntil(who.identityStoreId, who.userId, now)
    if (until !== undefined && until.getTime() > now.getTime()) {
      this.#refuse('locked-out', { userId: who.userId })
      throw portalErrors.locked(Math.ceil((until.getTime() - now.getTime()) / 1000))
    }
  }

  async #fail(
    who: { identityStoreId: string; userId: string },
    reason: string,
    now: Date,
  ): Promise<void> {
    await this.#d.failures.recordSignInFailure(who.identityStoreId, who.userId, now)
    this.#refuse(reason, { userId: who.userId })
  }

  #refuse(reason: string, fields: Record<string, unknown>): void {
    this.#d.log.warn('portal.sign-in-refused', { reason, ...fields })
  }
}
