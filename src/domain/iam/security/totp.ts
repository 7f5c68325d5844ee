/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps,
 * 6 digits, as AWS's virtual MFA devices use them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Seconds in one TOTP time step. */
export const TOTP_STEP_SECONDS = 30
/** Digits in a code. */
export const TOTP_DIGITS = 6
/** Steps accepted either side of the current one (clock drift). */
export const TOTP_WINDOW = 1

/** The time step (counter) of an instant: floor(unix seconds / 30). */
export const timeStep = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS)

/** HOTP (RFC 4226): the `digits`-digit code of `seed` at `counter`, zero-padded. */
export function hotp(seed: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', seed).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** TOTP (RFC 6238): the code of `seed` at instant `now`. */
export const totp = (seed: Uint8Array, now: Date, digits = TOTP_DIGITS): string =>
  hotp(seed, timeStep(now), digits)

/** Compares two codes in constant time. */
function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Finds the time step within ±{@link TOTP_WINDOW} of `now` whose code is `code`, or undefined.
 * Every candidate is computed and compared, so the time taken does not tell which matched.
 * The caller enforces replay protection by refusing a step at or below the last one used.
 */
export function matchTotp(seed: Uint8Array, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const current = timeStep(now)
  let found: number | undefined
  for (let delta = -TOTP_WINDOW; delta <= TOTP_WINDOW; delta++) {
    if (sameCode(hotp(seed, current + delta), code) && found === undefined) found = current + delta
  }
  return found
}

/**
 * Finds the step `s` at which `code1` and `code2` are the codes of `s` and `s + 1`, searching
 * `lookAround` steps either side of `now` (EnableMFADevice and ResyncMFADevice take two
 * consecutive codes). Returns the step of `code2`, or undefined.
 */
export function matchConsecutive(
  seed: Uint8Array,
  code1: string,
  code2: string,
  now: Date,
  lookAround: number,
): number | undefined {
  if (!/^\d{6}$/.test(code1) || !/^\d{6}$/.test(code2)) return undefined
  const current = timeStep(now)
  let found: number | undefined
  for (let s = current - lookAround; s <= current + lookAround; s++) {
    const ok = sameCode(hotp(seed, s), code1) && sameCode(hotp(seed, s + 1), code2)
    if (ok && found === undefined) found = s + 1
  }
  return found
}
