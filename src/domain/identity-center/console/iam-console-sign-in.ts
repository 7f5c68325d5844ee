/**
 * An IAM user signs in to the console: account (id or alias), user name, password, and the code
 * of the user's MFA device when one is assigned. Success is the user's own temporary credentials
 * (as GetSessionToken issues, MFA recorded), which the console session then holds. Every failure
 * answers the same words, whatever was wrong; repeated failures lock the user out with backoff.
 */
import {
  checkMfaEvent,
  consoleLoginEvent,
  noAuditEvents,
  NO_SUCH_USER,
  type AuditEvents,
  type SignInUser,
} from '../../cloudtrail/index.ts'
import type { UserSessionClaims } from '../../common/caller.ts'
import type { PasswordVerifier } from '../../iam/security/password-verifier.ts'
import type { MfaVerifier } from '../../iam/security/mfa-verifier.ts'
import type { UserLookup } from '../../iam/security/user-lookup.ts'
import type { IssuedSession } from '../../sts/session-token-codec.ts'
import { consoleErrors } from './console-errors.ts'
import type { ConsoleSignInFailures } from './console-sign-in-failures.ts'
import { MemoryConsoleSignInFailures } from './memory-console-sign-in-failures.ts'
import { isAccountId } from './switch-role-input.ts'

/** Account aliases, for "account ID or alias" (IAM's security store answers it). */
export interface AccountAliases {
  accountIdForAlias(alias: string): Promise<string | undefined>
}

/** What IAM console sign-in works with. */
export interface IamConsoleSignInDeps {
  readonly verifyPassword: PasswordVerifier
  readonly users: UserLookup
  /** Serial numbers of the MFA devices assigned to a user. */
  readonly mfaDevicesOf: (accountId: string, userId: string) => Promise<readonly string[]>
  readonly verifyMfa: MfaVerifier
  readonly aliases?: AccountAliases
  /** Failed sign-ins per account and user name: shared by every node (memory by default). */
  readonly failures?: ConsoleSignInFailures
  /** Issues the user's temporary credentials (`SessionTokenCodec.issue`). */
  readonly issue: (
    claims: UserSessionClaims,
    options: { now: Date; durationSeconds: number },
  ) => IssuedSession
  readonly log: { warn(event: string, fields?: Record<string, unknown>): void }
}

/** The console session's credentials last as long as its absolute limit. */
export const IAM_CONSOLE_SESSION_SECONDS = 12 * 3600

/** The outcome of a sign-in that did not fail. */
export type IamSignInResult =
  | { readonly kind: 'mfa-required' }
  | { readonly kind: 'signed-in'; readonly session: IssuedSession }

/** Where a console sign-in's events go, and where the console opens (`LoginTo`). */
export interface ConsoleSignInAudit {
  readonly events: AuditEvents
  readonly loginTo: string
}

const NO_AUDIT: ConsoleSignInAudit = { events: noAuditEvents, loginTo: '' }

/**
 * Signs IAM users in to the console. Each attempt in a known account is reported as AWS records
 * it: `ConsoleLogin` (Success or Failure, `MFAUsed`), `CheckMfa` when a code is asked for; a user
 * name that names no user is recorded hidden.
 */
export class IamConsoleSignIn {
  readonly #d: IamConsoleSignInDeps
  readonly #failures: ConsoleSignInFailures

  constructor(deps: IamConsoleSignInDeps) {
    this.#d = deps
    this.#failures = deps.failures ?? new MemoryConsoleSignInFailures()
  }

  /** Checks the form; throws `InvalidCredentials`, `InvalidMfaCode` or `LockedOut`. */
  async signIn(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    audit: ConsoleSignInAudit = NO_AUDIT,
  ): Promise<IamSignInResult> {
    const text = (k: string) => (typeof input[k] === 'string' ? input[k].trim() : '')
    const account = text('account').replace(/^(\d{4})-(\d{4})-(\d{4})$/, '$1$2$3')
    const userName = text('userName')
    const password = typeof input.password === 'string' ? input.password : ''
    const code = text('mfaCode')
    if (account === '' || userName === '' || password === '') {
      throw consoleErrors.badRequest('account, user name and password are required')
    }
    const accountId = isAccountId(account)
      ? account
      : await this.#d.aliases?.accountIdForAlias(account.toLowerCase())
    const key = `${accountId ?? account}/${userName}`
    const login = (user: SignInUser, succeeded: boolean, mfaUsed: boolean, message?: string) => {
      // An alias that names no account: no account's trail to record the attempt in.
      if (accountId === undefined) return
      const { loginTo } = audit
      const errorMessage = message === undefined ? {} : { errorMessage: message }
      audit.events.emit(consoleLoginEvent({ user, succeeded, mfaUsed, loginTo, ...errorMessage }))
    }
    const known = async (): Promise<SignInUser> => {
      const found =
        accountId === undefined ? undefined : await this.#d.users.findUser(accountId, userName)
      return found === undefined
        ? { accountId: accountId ?? '' }
        : { accountId: accountId!, userName: found.userName, userId: found.userId, arn: found.arn }
    }
    try {
      await this.#checkLock(key, now)
    } catch (error) {
      const user = await known()
      login(user, false, false, user.userName === undefined ? NO_SUCH_USER : undefined)
      throw error
    }
    const refuse = async (reason: string) => {
      await this.#failures.record(key, now.getTime())
      this.#d.log.warn('console.sign-in-refused', { reason, accountId, userName })
      return reason === 'mfa' ? consoleErrors.invalidMfaCode() : consoleErrors.invalidCredentials()
    }
    const check = await this.#d.verifyPassword(accountId ?? '000000000000', userName, password)
    const user =
      accountId === undefined ? undefined : await this.#d.users.findUser(accountId, userName)
    if (check === 'invalid' || user === undefined || accountId === undefined) {
      if (user === undefined) login({ accountId: accountId ?? '' }, false, false, NO_SUCH_USER)
      else {
        const hasMfa = (await this.#d.mfaDevicesOf(user.accountId, user.userId)).length > 0
        const { accountId: at, userName: name, userId, arn } = user
        login({ accountId: at, userName: name, userId, arn }, false, hasMfa)
      }
      throw await refuse('password')
    }
    const signInUser: SignInUser = {
      accountId,
      userName: user.userName,
      userId: user.userId,
      arn: user.arn,
    }
    if (check === 'reset-required') throw consoleErrors.passwordResetRequired()
    const devices = await this.#d.mfaDevicesOf(accountId, user.userId)
    let mfaAt: number | undefined
    if (devices.length > 0) {
      if (code === '') {
        audit.events.emit(checkMfaEvent(signInUser))
        return { kind: 'mfa-required' }
      }
      const results = await Promise.all(devices.map((d) => this.#d.verifyMfa(d, code, now)))
      if (!results.includes('ok')) {
        login(signInUser, false, true)
        throw await refuse('mfa')
      }
      mfaAt = now.getTime()
    }
    login(signInUser, true, mfaAt !== undefined)
    await this.#failures.clear(key)
    const session = this.#d.issue(
      {
        kind: 'user',
        accountId,
        userName: user.userName,
        userArn: user.arn,
        userId: user.userId,
        ...(mfaAt === undefined ? {} : { mfaAuthenticatedAt: mfaAt }),
      },
      { now, durationSeconds: IAM_CONSOLE_SESSION_SECONDS },
    )
    return { kind: 'signed-in', session }
  }

  async #checkLock(key: string, now: Date): Promise<void> {
    const until = await this.#failures.lockedUntil(key, now.getTime())
    if (until === undefined) return
    throw consoleErrors.lockedOut(Math.ceil((until - now.getTime()) / 1000))
  }
}
