import { Buffer } from 'node:buffer'

const HEX = '0123456789ABCDEF'

// INVARIANT: RFC 3986 unreserved characters are exactly A-Z a-z 0-9 - . _ ~
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  )
}

/**
 * Percent-encodes every byte but RFC 3986's unreserved characters, with upper-case hex, as SigV4
 * requires (`/` becomes `%2F`, space `%20`, `%` `%25`). Strings are taken as UTF-8.
 *
 * @example uriEncode('a b/c~') // 'a%20b%2Fc~'
 */
export function uriEncode(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  let out = ''
  for (const byte of bytes) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte)
    else out += '%' + HEX[byte >> 4] + HEX[byte & 15]
  }
  return out
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  if (code >= 0x41 && code <= 0x46) return code - 0x37
  if (code >= 0x61 && code <= 0x66) return code - 0x57
  return -1
}

/** Why {@link percentDecode} refused its input: the offending escape as AWS quotes it. */
export interface PercentDecodeFailure {
  readonly ok: false
  readonly escape: string
}

/**
 * Decodes `%XX` escapes to bytes, leaving other characters as their UTF-8 bytes. With `plusIsSpace`
 * (form bodies) `+` decodes to a space; in a URL query it stays `+`, as botocore and the SDK expect.
 * A `%` not followed by two hex digits is refused rather than guessed at.
 */
export function percentDecode(
  input: string,
  plusIsSpace = false,
): { readonly ok: true; readonly bytes: Buffer } | PercentDecodeFailure {
  if (!input.includes('%') && !(plusIsSpace && input.includes('+'))) {
    return { ok: true, bytes: Buffer.from(input, 'utf8') }
  }
  const raw = Buffer.from(input, 'utf8')
  const out = Buffer.alloc(raw.length)
  let n = 0
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]
    if (byte === 0x25) {
      const hi = i + 1 < raw.length ? hexValue(raw[i + 1]) : -1
      const lo = i + 2 < raw.length ? hexValue(raw[i + 2]) : -1
      if (hi < 0 || lo < 0) {
        return { ok: false, escape: raw.subarray(i, Math.min(i + 3, raw.length)).toString('utf8') }
      }
      out[n++] = (hi << 4) | lo
      i += 2
    } else if (byte === 0x2b && plusIsSpace) {
      out[n++] = 0x20
    } else {
      out[n++] = byte
    }
  }
  return { ok: true, bytes: out.subarray(0, n) }
}
