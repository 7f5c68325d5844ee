/**
 * Password hashing for login profiles: argon2id (`@node-rs/argon2`, an N-API addon), PHC strings
 * with their own salt and parameters, so a later change of parameters still verifies old hashes.
 */
import { hash, verify } from '@node-rs/argon2'
import type { Algorithm } from '@node-rs/argon2'

/** Hashes and verifies passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** True when `password` matches `encoded`; never throws on a malformed hash (false). */
  verify(encoded: string, password: string): Promise<boolean>
}

/** `algorithm: 2` is argon2id in `@node-rs/argon2`'s Algorithm enum (a const enum upstream). */
const ARGON2ID = 2 as Algorithm

/** argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). */
export const argon2idHasher: PasswordHasher = {
  hash: (password) =>
    hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 }),
  async verify(encoded, password) {
    try {
      return await verify(encoded, password)
    } catch {
      return false
    }
  },
}

/**
 * A hash of a random password, verified against when no profile exists, so that "no such user"
 * and "wrong password" take the same time.
 */
let decoy: Promise<string> | undefined
export const decoyHash = (hasher: PasswordHasher): Promise<string> =>
  (decoy ??= hasher.hash(crypto.randomUUID()))
