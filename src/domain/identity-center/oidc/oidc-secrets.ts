/**
 * The secrets sso-oidc hands out: random opaque values (device codes, tokens, client ids and
 * secrets), their SHA-256 for storage, and user codes that people type.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/** A random opaque value: `bytes` of CSPRNG output, base64url, behind an optional prefix. */
export const randomSecret = (prefix = '', bytes = 32): string =>
  prefix + randomBytes(bytes).toString('base64url')

/** SHA-256 hex of a secret, the form stores keep and look up. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex')

/** Constant-time equality of two strings (false on different lengths, without early exit on content). */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  if (x.length !== y.length) {
    timingSafeEqual(x, x)
    return false
  }
  return timingSafeEqual(x, y)
}

/** Letters of user codes: consonants only (no vowels, so no words; no 0/O or 1/I confusion). */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'

/** A user code such as `BCDF-GHJK` (20^8, about 2.6e10 values). */
export function newUserCode(): string {
  let out = ''
  for (let i = 0; i < 8; i++) out += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]
  return `${out.slice(0, 4)}-${out.slice(4)}`
}

/** A typed user code in canonical form (`bcdf ghjk` → `BCDF-GHJK`), or undefined if malformed. */
export function normalizeUserCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 32) return undefined
  const letters = input.toUpperCase().replace(/[\s-]/g, '')
  if (letters.length !== 8 || ![...letters].every((c) => USER_CODE_ALPHABET.includes(c))) {
    return undefined
  }
  return `${letters.slice(0, 4)}-${letters.slice(4)}`
}
