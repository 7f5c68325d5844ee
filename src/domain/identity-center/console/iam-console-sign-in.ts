/**
 * An IAM user signs in to the console: account (id or alias), user name, password, and the code
 * of the user's MFA device when one is assigned. Success is the user's own temporary credentials
 * (as GetSessionToken issues, MFA recorded), which the console session then holds. Every failure
 * answers the same words, whatever was wrong; repeated failures lock the user out with backoff.
 */
import type { UserSessionClaims } from '../../common/caller.ts'
import type { PasswordVerifier } from '../../iam/security/password-verifier.ts'
import type { MfaVerifier } from '../../iam/security/mfa-verifier.ts'
import type { UserLookup } from '../../iam/security/user-lookup.ts'
import type { IssuedSession } from '../../sts/session-token-codec.ts'
import { consoleErrors } from './console-errors.ts'
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

const LOCK_AFTER = 5
const MAX_LOCK_SECONDS = 15 * 60

/** Signs IAM users in to the console. */
export class IamConsoleSignIn {
  readonly #d: IamConsoleSignInDeps
  readonly #failures = new Map<string, { count: number; until: number }>()

  constructor(deps: IamConsoleSignInDeps) {
    this.#d = deps
  }

  /** Checks the form; throws `InvalidCredentials`, `InvalidMfaCode` or `LockedOut`. */
  async signIn(input: Readonly<Record<string, unknown>>, now: Date): Promise<IamSignInResult> {
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
    this.#checkLock(key, now)
    const refuse = (reason: string) => {
      this.#fail(key, now)
      this.#d.log.warn('console.sign-in-refused', { reason, accountId, userName })
      return reason === 'mfa' ? consoleErrors.invalidMfaCode() : consoleErrors.invalidCredentials()
    }
    const check = await this.#d.verifyPassword(accountId ?? '000000000000', userName, password)
    const user =
      accountId === undefined ? undefined : await this.#d.users.findUser(accountId, userName)
    if (check === 'invalid' || user === undefined || accountId === undefined) {
      throw refuse('password')
    }
    if (check === 'reset-required') throw consoleErrors.passwordResetRequired()
    const devices = await this.#d.mfaDevicesOf(accountId, user.userId)
    let mfaAt: number | undefined
    if (devices.length > 0) {
      if (code === '') return { kind: 'mfa-required' }
      const results = await Promise.all(devices.map((d) => this.#d.verifyMfa(d, code, now)))
      if (!results.includes('ok')) throw refuse('mfa')
      mfaAt = now.getTime()
    }
    this.#failures.delete(key)
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

  #checkLock(key: string, now: Date): void {
    const entry = this.#failures.get(key)
    if (entry === undefined || entry.until <= now.getTime()) return
    const seconds = Math.ceil((entry.until - now.getTime()) / 1000)
    throw consoleErrors.lockedOut(seconds)
  }

  #fail(key: string, now: Date): void {
    const entry = this.#failures.get(key) ?? { count: 0, until: 0 }
    const count = entry.count + 1
    const over = count - LOCK_AFTER
    const until =
      over >= 0 ? now.getTime() + Math.min(2 ** over, MAX_LOCK_SECONDS) * 1000 : entry.until
    if (this.#failures.size > 10_000) this.#failures.clear()
    this.#failures.set(key, { count, until })
  }
}
