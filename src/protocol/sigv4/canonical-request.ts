import { headerValues, type RawHeaders } from './raw-headers.ts'
import { percentDecode, uriEncode } from './uri-encode.ts'

/** One `key=value` of a raw query string, decoded and re-encoded the SigV4 way. */
export interface QueryParam {
  readonly key: string
  readonly value: string
  readonly encodedKey: string
  readonly encodedValue: string
}

/** The outcome of {@link parseRawQuery}: the parameters, or the bad escape that stopped it. */
export type ParsedQuery =
  | { readonly ok: true; readonly params: readonly QueryParam[] }
  | { readonly ok: false; readonly escape: string }

/**
 * Splits a raw query string (without `?`) into parameters in arrival order. A key without `=` has
 * an empty value. `+` stays `+` (SigV4 clients encode a space as `%20`).
 */
export function parseRawQuery(rawQuery: string): ParsedQuery {
  const params: QueryParam[] = []
  if (rawQuery === '') return { ok: true, params }
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq < 0 ? part : part.slice(0, eq)
    const rawValue = eq < 0 ? '' : part.slice(eq + 1)
    const key = percentDecode(rawKey)
    if (!key.ok) return key
    const value = percentDecode(rawValue)
    if (!value.ok) return value
    params.push({
      key: key.bytes.toString('utf8'),
      value: value.bytes.toString('utf8'),
      encodedKey: uriEncode(key.bytes),
      encodedValue: uriEncode(value.bytes),
    })
  }
  return { ok: true, params }
}

/**
 * The canonical query string: every parameter but `omitKey` (`X-Amz-Signature` when presigned),
 * RFC 3986-encoded, sorted by encoded key then encoded value (code-unit order), joined with `&`.
 */
export function canonicalQuery(params: readonly QueryParam[], omitKey?: string): string {
  const kept = params.filter((p) => p.key !== omitKey)
  const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  kept.sort(
    (a, b) =>
      byCodeUnits(a.encodedKey, b.encodedKey) || byCodeUnits(a.encodedValue, b.encodedValue),
  )
  return kept.map((p) => `${p.encodedKey}=${p.encodedValue}`).join('&')
}

/**
 * The canonical URI from the raw request path (still percent-encoded as it came).
 *
 * Every service but S3 (`doubleEncode`): drop empty and `.` segments, resolve `..`, then encode
 * each raw segment once more, so `%20` on the wire signs as `%2520`, exactly as the SDK's
 * `SignatureV4` and botocore do. S3: decode then re-encode each segment, no normalisation.
 *
 * @example canonicalPath('/a//b/../c%20d', true) // '/a/c%2520d'
 */
export function canonicalPath(rawPath: string, doubleEncode: boolean): string {
  if (rawPath === '') return '/'
  if (!doubleEncode) {
    return rawPath
      .split('/')
      .map((segment) => {
        const decoded = percentDecode(segment)
        return decoded.ok ? uriEncode(decoded.bytes) : uriEncode(segment)
      })
      .join('/')
  }
  const segments: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(uriEncode(segment))
  }
  const lead = rawPath.startsWith('/') ? '/' : ''
  const trail = segments.length > 0 && rawPath.endsWith('/') ? '/' : ''
  const path = lead + segments.join('/') + trail
  return path === '' ? '/' : path
}

/**
 * A canonical header value: each received value with line breaks made spaces, runs of spaces and
 * tabs folded to one, ends trimmed; repeated headers joined with `,` in arrival order.
 */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values
    .map((v) =>
      v
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim(),
    )
    .join(',')
}

/** The parts of a canonical request; `signedHeaders` lower case, in the order the client listed. */
export interface CanonicalRequestParts {
  readonly method: string
  readonly rawPath: string
  readonly query: readonly QueryParam[]
  readonly omitQueryKey?: string
  readonly headers: RawHeaders
  readonly signedHeaders: readonly string[]
  readonly payloadHash: string
  readonly doubleEncodePath: boolean
}

/**
 * Assembles the canonical request of SigV4: method, canonical URI, canonical query, one
 * `name:value` line per signed header (values read from the raw headers), a blank line, the signed
 * header list and the payload hash.
 */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  const headerLines = parts.signedHeaders.map(
    (name) => `${name}:${canonicalHeaderValue(headerValues(parts.headers, name))}\n`,
  )
  return [
    parts.method.toUpperCase(),
    canonicalPath(parts.rawPath, parts.doubleEncodePath),
    canonicalQuery(parts.query, parts.omitQueryKey),
    headerLines.join(''),
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n')
}
