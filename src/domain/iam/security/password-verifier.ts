/**
 * Checks an IAM user's console password against the user's login profile, for console sign-in.
 */
import type { IamSecurityStore } from './iam-security-store.ts'
import type { PasswordHasher } from './password-hasher.ts'
import { argon2idHasher, decoyHash } from './password-hasher.ts'
import type { UserLookup } from './user-lookup.ts'

/** The outcome of a password check. */
export const PASSWORD_CHECKS = ['ok', 'reset-required', 'invalid'] as const
/** One of {@link PASSWORD_CHECKS}: `reset-required` is a right password that must be changed. */
export type PasswordCheck = (typeof PASSWORD_CHECKS)[number]

/** Checks one user's password. */
export type PasswordVerifier = (
  accountId: string,
  userName: string,
  password: string,
) => Promise<PasswordCheck>

/**
 * Makes `verifyPassword(accountId, userName, password)`. An unknown user or a user without a
 * login profile is checked against a decoy hash, so every failure costs the same argon2 work and
 * answers the same `invalid`.
 */
export function createPasswordVerifier(deps: {
  readonly store: IamSecurityStore
  readonly users: UserLookup
  readonly hasher?: PasswordHasher
}): PasswordVerifier {
  const hasher = deps.hasher ?? argon2idHasher
  return async (accountId, userName, password) => {
    const user = await deps.users.findUser(accountId, userName)
    const profile = user && (await deps.store.getLoginProfile(accountId, user.userId))
    if (profile === undefined) {
      await hasher.verify(await decoyHash(hasher), password)
      return 'invalid'
    }
    if (!(await hasher.verify(profile.passwordHash, password))) return 'invalid'
    return profile.passwordResetRequired ? 'reset-required' : 'ok'
  }
}
