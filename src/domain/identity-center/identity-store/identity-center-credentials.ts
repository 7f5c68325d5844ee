/**
 * Passwords and TOTP MFA of identity-store users (the {@link UserCredentials} of the ports), and
 * the failed sign-in counter with lockout the access portal uses.
 * - Passwords: argon2id; a user without a password (or unknown) is checked against a decoy hash,
 *   so every check costs the same work.
 * - MFA: RFC 6238 (30 s, 6 digits, ±1 step); the seed is sealed ('secret'); registration stays
 *   pending until confirmed with a code of the new seed; each time step is accepted once per
 *   user, by an atomic conditional update of the last step used.
 * - Lockout: from the 5th consecutive failure, sign-in is refused for min(2^(n-5), 15) minutes.
 */
import { randomBytes } from 'node:crypto'
import type { SealedBox } from '../../common/sealed-box.ts'
import type { PasswordHasher } from '../../iam/security/index.ts'
import { argon2idHasher, base32Encode, matchTotp, otpauthUri } from '../../iam/security/index.ts'
import type { MfaCheck, UserCredentials } from '../identity-center-ports.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreStore } from './identity-store-store.ts'

/** Failures before the first lock. */
export const LOCKOUT_THRESHOLD = 5
/** The longest lock, in minutes. */
export const MAX_LOCK_MINUTES = 15

/** How long (ms) the `failures`-th consecutive failure locks sign-in; 0 below the threshold. */
export function lockDurationMs(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0
  const minutes = Math.min(2 ** (failures - LOCKOUT_THRESHOLD), MAX_LOCK_MINUTES)
  return minutes * 60_000
}

/** What the credentials run on. */
export interface IdentityCenterCredentialsDeps {
  readonly store: IdentityStoreStore
  readonly box: SealedBox
  /** argon2id by default. */
  readonly hasher?: PasswordHasher
}

/**
 * Credentials of identity-store users.
 * @example
 * const credentials = new IdentityCenterCredentials({ store, box })
 * await credentials.setPassword(storeId, userId, 'correct horse battery staple')
 */
export class IdentityCenterCredentials implements UserCredentials {
  readonly #store: IdentityStoreStore
  readonly #box: SealedBox
  readonly #hasher: PasswordHasher
  #decoy: Promise<string> | undefined

  constructor(deps: IdentityCenterCredentialsDeps) {
    this.#store = deps.store
    this.#box = deps.box
    this.#hasher = deps.hasher ?? argon2idHasher
  }

  /** Sets the user's password; ResourceNotFoundException (USER) for an unknown user. */
  async setPassword(identityStoreId: string, userId: string, password: string): Promise<void> {
    await this.#mustExist(identityStoreId, userId)
    const hash = await this.#hasher.hash(password)
    await this.#store.setPasswordHash(identityStoreId, userId, hash)
  }

  async verifyPassword(identityStoreId: string, userId: string, password: string) {
    const hash = (await this.#store.getCredentials(identityStoreId, userId))?.passwordHash
    if (hash === null || hash === undefined) {
      await this.#hasher.verify(await this.#decoyHash(), password)
      return false
    }
    return this.#hasher.verify(hash, password)
  }

  async hasMfa(identityStoreId: string, userId: string): Promise<boolean> {
    const credentials = await this.#store.getCredentials(identityStoreId, userId)
    return (credentials?.sealedSeed ?? null) !== null
  }

  /**
   * A new seed, pending until confirmed (replacing any earlier pending one). Refused (an Error)
   * when the user already has MFA: replacing an active seed is an administrator's act.
   */
  async beginMfaRegistration(identityStoreId: string, userId: string) {
    const user = await this.#mustExist(identityStoreId, userId)
    if (await this.hasMfa(identityStoreId, userId)) {
      throw new Error('the user already has an MFA device registered')
    }
    const seedBytes = randomBytes(20)
    const seed = base32Encode(seedBytes)
    await this.#store.setPendingSeed(identityStoreId, userId, this.#box.seal('secret', seedBytes))
    seedBytes.fill(0)
    return { seed, uri: otpauthUri(identityStoreId, user.userName, seed) }
  }

  async confirmMfaRegistration(
    identityStoreId: string,
    userId: string,
    code: string,
    now: Date,
  ): Promise<MfaCheck> {
    const pending = (await this.#store.getCredentials(identityStoreId, userId))?.pendingSeed
    if (pending === null || pending === undefined) return 'not-registered'
    const step = this.#match(pending, code, now)
    if (step === undefined) return 'invalid'
    const confirmed = await this.#store.confirmSeed(identityStoreId, userId, pending, step)
    return confirmed ? 'ok' : 'replayed'
  }

  async verifyMfa(
    identityStoreId: string,
    userId: string,
    code: string,
    now: Date,
  ): Promise<MfaCheck> {
    const sealed = (await this.#store.getCredentials(identityStoreId, userId))?.sealedSeed
    if (sealed === null || sealed === undefined) return 'not-registered'
    const step = this.#match(sealed, code, now)
    if (step === undefined) return 'invalid'
    return (await this.#store.useStep(identityStoreId, userId, step)) ? 'ok' : 'replayed'
  }

  /**
   * Counts one failed sign-in (wrong password or code); returns when sign-in is locked until,
   * if this failure locks it.
   */
  async recordSignInFailure(
    identityStoreId: string,
    userId: string,
    now: Date,
  ): Promise<Date | undefined> {
    const failures = await this.#store.addFailedAttempt(identityStoreId, userId)
    const duration = lockDurationMs(failures)
    if (duration === 0) return undefined
    const until = now.getTime() + duration
    await this.#store.setLockedUntil(identityStoreId, userId, until)
    return new Date(until)
  }

  /** After a successful sign-in: no failures, no lock. */
  clearSignInFailures(identityStoreId: string, userId: string): Promise<void> {
    return this.#store.clearFailedAttempts(identityStoreId, userId)
  }

  /** Until when sign-in is locked, or undefined when it is not locked at `now`. */
  async lockedUntil(identityStoreId: string, userId: string, now: Date): Promise<Date | undefined> {
    const until = (await this.#store.getCredentials(identityStoreId, userId))?.lockedUntil ?? null
    return until !== null && until > now.getTime() ? new Date(until) : undefined
  }

  #match(sealed: string, code: string, now: Date): number | undefined {
    const seed = this.#box.open('secret', sealed)
    if (seed === undefined) return undefined
    try {
      return matchTotp(seed, code, now)
    } finally {
      seed.fill(0)
    }
  }

  async #mustExist(identityStoreId: string, userId: string) {
    const user = await this.#store.getUser(identityStoreId, userId)
    if (user === undefined) throw identityStoreErrors.resourceNotFound('USER', userId)
    return user
  }

  #decoyHash(): Promise<string> {
    return (this.#decoy ??= this.#hasher.hash(randomBytes(24).toString('base64')))
  }
}
