/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps, 6 digits) for tests that
 * play a virtual MFA device: decode the `Base32StringSeed` IAM returns, then compute the code of
 * any time step. Written from the RFCs, independently of the server's implementation.
 */
import { createHmac } from 'node:crypto'

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Seconds in one time step. */
export const TOTP_PERIOD_SECONDS = 30

/** Decodes RFC 4648 Base32 text (case-insensitive, padding and spaces ignored). */
export function decodeBase32(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '')
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char)
    if (index < 0) throw new Error(`not a Base32 character: '${char}'`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(bytes)
}

/** The time step of an instant (epoch milliseconds): floor(seconds / 30). */
export const totpStep = (epochMs: number = Date.now()): number =>
  Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS)

/**
 * The code of `seed` at time step `step` (RFC 4226 dynamic truncation).
 * @example totpAt(decodeBase32(seedText), totpStep()) // '492039'
 */
export function totpAt(seed: Buffer, step: number, digits = 6): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', seed).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}
