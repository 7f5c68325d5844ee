import { timingSafeEqual, type KeyObject } from 'node:crypto'
import { Buffer } from 'node:buffer'
import type { AwsError } from '../aws-error.ts'
import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.ts'
import { buildCanonicalRequest, parseRawQuery, type QueryParam } from './canonical-request.ts'
import { headerValue, type RawHeaders } from './raw-headers.ts'
import {
  parseAuthorizationHeader,
  parseCredential,
  parsePresignedQuery,
  type SignatureParams,
} from './signature-params.ts'
import {
  sigv4Error,
  SIGV4_MESSAGES as M,
  type SigV4Dialect,
  type SigV4FailureKind,
} from './sigv4-errors.ts'
import {
  buildStringToSign,
  deriveSigningKey,
  sha256Hex,
  signatureOf,
  SIGV4_ALGORITHM,
} from './signing-key.ts'

/** A request as received, before any parsing: what SigV4 signed. */
export interface SigV4Request {
  readonly method: string
  /** The raw request target: path as sent (still percent-encoded) plus `?query` if any. */
  readonly path: string
  readonly headers: RawHeaders
  /**
   * The raw body bytes (a string is taken as UTF-8). Absent when the body is still streaming (S3):
   * the claimed payload hash is then signed but not compared, and the caller checks the body
   * against {@link SigV4Success.payloadHash} (or the chunk signatures) as it reads it.
   */
  readonly body?: Uint8Array | string
}

/** What the secret lookup is told beside the access key id. */
export interface SecretLookupContext {
  readonly securityToken?: string
  readonly region: string
  readonly service: string
}

/**
 * Finds the secret access key of an access key id; `undefined` when the key is unknown (or, for
 * temporary credentials, when the security token does not go with it).
 */
export type SecretLookup = (
  accessKeyId: string,
  context: SecretLookupContext,
) => Promise<string | undefined> | string | undefined

/** Options of {@link verifySigV4}. */
export interface VerifySigV4Options {
  readonly lookupSecret: SecretLookup
  /** The server's clock. */
  readonly now: Date | (() => Date)
  /** Error-code family; default `json` when the request has `X-Amz-Target`, else `query`. */
  readonly dialect?: SigV4Dialect
  /** When set, a credential scoped to another service fails as AWS does. */
  readonly expectedService?: string
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3 style); default false. */
  readonly allowUnsignedPayload?: boolean
}

/** A verified request: who signed it and for what scope. */
export interface SigV4Success {
  readonly ok: true
  readonly accessKeyId: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: readonly string[]
  readonly securityToken?: string
  readonly requestTime: Date
  readonly presigned: boolean
  /**
   * The payload hash that was signed: `x-amz-content-sha256` as sent (a hex SHA-256,
   * `UNSIGNED-PAYLOAD`, `STREAMING-…`), else the hash of the body; `UNSIGNED-PAYLOAD` for a
   * presigned request without one.
   */
  readonly payloadHash: string
  /** What chunk signatures (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`) chain from. */
  readonly chunkSigning: ChunkSigning
}

/** The seed of an aws-chunked body's signature chain. */
export interface ChunkSigning {
  readonly signingKey: KeyObject
  readonly amzDate: string
  readonly credentialScope: string
  /** The request's own signature: the first chunk's "previous signature". */
  readonly seedSignature: string
}

/** A refused request: the AWS error to answer with, and what we computed (for server logs). */
export interface SigV4Failure {
  readonly ok: false
  readonly kind: SigV4FailureKind
  readonly error: AwsError
  readonly canonicalRequest?: string
  readonly stringToSign?: string
}

/** The outcome of {@link verifySigV4}. */
export type SigV4Result = SigV4Success | SigV4Failure

/** Largest accepted distance between the request time and the server clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

/**
 * Verifies an AWS Signature Version 4 request, signed in the `Authorization` header or presigned in
 * the query string. Region and service come from the credential scope. Never throws on request
 * content; the secret lookup's own failures propagate.
 *
 * @example
 * const result = await verifySigV4(
 *   { method: 'POST', path: '/', headers: pairRawHeaders(req.rawHeaders), body },
 *   { lookupSecret: (id) => keys.get(id), now: new Date() },
 * )
 * if (!result.ok) return encodeQueryError(result.error, requestId, namespace)
 */
export async function verifySigV4(
  request: SigV4Request,
  options: VerifySigV4Options,
): Promise<SigV4Result> {
  const { headers } = request
  const dialect =
    options.dialect ?? (headerValue(headers, 'x-amz-target') === undefined ? 'query' : 'json')
  const fail = (kind: SigV4FailureKind, message: string): SigV4Failure => ({
    ok: false,
    kind,
    error: sigv4Error(kind, dialect, dialect === 's3' ? (S3_MESSAGES[kind] ?? message) : message),
  })

  const q = request.path.indexOf('?')
  const rawPath = q < 0 ? request.path : request.path.slice(0, q)
  const query = parseRawQuery(q < 0 ? '' : request.path.slice(q + 1))
  if (!query.ok) return fail('MalformedQueryString', M.illegalEscape(query.escape))
  const param = (key: string) => query.params.find((p) => p.key === key)?.value

  // 1. Which scheme, and are its parts all there?
  const authorization = headerValue(headers, 'authorization')
  const presigned = param('X-Amz-Algorithm') !== undefined
  if (authorization !== undefined && presigned) return fail('InvalidSignature', M.both)
  if (!presigned && (authorization === undefined || !authorization.trim().startsWith('AWS4-'))) {
    return fail('MissingAuthentication', M.missingToken)
  }
  const parsed = presigned
    ? parsePresignedQuery(query.params)
    : parseAuthorizationHeader(
        authorization ?? '',
        headerValue(headers, 'x-amz-date'),
        headerValue(headers, 'date'),
      )
  if (!parsed.ok) return fail('IncompleteSignature', parsed.message)
  const sig = parsed.params

  // 2. Request time: well formed, within 15 minutes of now.
  const requestTime = sig.dateFromHttpHeader ? parseHttpDate(sig.date) : parseAmzDate(sig.date)
  if (requestTime === undefined) return fail('IncompleteSignature', M.badDate(sig.date))
  const now = typeof options.now === 'function' ? options.now() : options.now
  const expires = param('X-Amz-Expires')
  if (presigned && dialect === 's3' && expires !== undefined) {
    // A presigned S3 URL lives X-Amz-Expires seconds from its X-Amz-Date, at most a week.
    const seconds = /^\d{1,9}$/.test(expires) ? Number(expires) : NaN
    if (Number.isNaN(seconds)) return fail('IncompleteSignature', M.s3ExpiresNumber)
    if (seconds > 604_800) return fail('IncompleteSignature', M.s3ExpiresRange)
    if (now.getTime() > requestTime.getTime() + seconds * 1000) {
      return { ok: false, kind: 'SignatureMismatch', error: s3Expired() }
    }
    if (requestTime.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      return fail('RequestTimeSkewed', M.s3Skewed)
    }
  } else {
    const skewed = checkSkew(requestTime, now)
    if (skewed !== undefined) return fail('RequestTimeSkewed', skewed)
  }

  // 3. Host signed, algorithm known, credential scope sound.
  const signedHeaders = sig.signedHeaders
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    return fail('InvalidSignature', M.hostNotSigned)
  }
  if (sig.algorithm !== SIGV4_ALGORITHM)
    return fail('IncompleteSignature', M.algorithm(sig.algorithm))
  const scope = parseCredential(sig.credential)
  if (scope === undefined) return fail('IncompleteSignature', M.credentialParts(sig.credential))
  const amzDate = formatAmzDate(requestTime)
  const scopeProblems: string[] = []
  if (options.expectedService !== undefined && scope.service !== options.expectedService) {
    scopeProblems.push(M.scopeService(options.expectedService))
  }
  if (scope.terminator !== 'aws4_request') scopeProblems.push(M.scopeTerminator(scope.terminator))
  if (scope.date !== amzDate.slice(0, 8)) {
    scopeProblems.push(M.scopeDate(scope.date, amzDate.slice(0, 8), amzDate))
  }
  if (scopeProblems.length > 0) return fail('InvalidSignature', scopeProblems.join(' '))

  // 4. Whose key?
  const securityToken = presigned
    ? param('X-Amz-Security-Token')
    : headerValue(headers, 'x-amz-security-token')
  const context: SecretLookupContext = {
    region: scope.region,
    service: scope.service,
    ...(securityToken === undefined ? {} : { securityToken }),
  }
  const secret = await options.lookupSecret(scope.accessKeyId, context)
  if (secret === undefined) return fail('UnknownAccessKey', M.invalidToken)

  // 5. Recompute and compare.
  const deferred = request.body === undefined
  const claimedHash =
    payloadHashClaim(headers, sig, query.params) ??
    (deferred && (presigned || dialect === 's3') ? 'UNSIGNED-PAYLOAD' : undefined)
  const bodyHash = deferred ? (claimedHash ?? EMPTY_SHA256) : sha256Hex(request.body)
  const canonicalRequest = buildCanonicalRequest({
    method: request.method,
    rawPath,
    query: query.params,
    ...(presigned ? { omitQueryKey: 'X-Amz-Signature' } : {}),
    headers,
    signedHeaders,
    payloadHash: claimedHash ?? bodyHash,
    doubleEncodePath: scope.service !== 's3',
  })
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`
  const stringToSign = buildStringToSign(amzDate, credentialScope, canonicalRequest)
  const signingKey = deriveSigningKey(secret, scope.date, scope.region, scope.service)
  const expected = signatureOf(signingKey, stringToSign)
  const payloadOk =
    deferred ||
    claimedHash === undefined ||
    claimedHash.toLowerCase() === bodyHash ||
    (claimedHash === 'UNSIGNED-PAYLOAD' && options.allowUnsignedPayload === true)
  if (!constantTimeEqual(expected, sig.signature) || !payloadOk) {
    return { ...fail('SignatureMismatch', M.mismatch), canonicalRequest, stringToSign }
  }
  return {
    ok: true,
    accessKeyId: scope.accessKeyId,
    region: scope.region,
    service: scope.service,
    signedHeaders,
    ...(securityToken === undefined ? {} : { securityToken }),
    requestTime,
    presigned,
    payloadHash: claimedHash ?? bodyHash,
    chunkSigning: { signingKey, amzDate, credentialScope, seedSignature: sig.signature },
  }
}

/** SHA-256 of nothing: the payload hash of an empty body. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** S3's own wording, where it differs from the other services'. */
const S3_MESSAGES: Partial<Record<SigV4FailureKind, string>> = {
  UnknownAccessKey: M.s3InvalidAccessKey,
  SignatureMismatch: M.s3Mismatch,
  RequestTimeSkewed: M.s3Skewed,
}

function s3Expired(): AwsError {
  return { code: 'AccessDenied', message: M.s3Expired, httpStatus: 403, type: 'Sender' }
}

function checkSkew(requestTime: Date, now: Date): string | undefined {
  const t = requestTime.getTime()
  const n = now.getTime()
  if (t < n - MAX_CLOCK_SKEW_MS) {
    const earliest = new Date(n - MAX_CLOCK_SKEW_MS)
    return M.expired(formatAmzDate(requestTime), formatAmzDate(earliest), formatAmzDate(now))
  }
  if (t > n + MAX_CLOCK_SKEW_MS) {
    const latest = new Date(n + MAX_CLOCK_SKEW_MS)
    return M.notYetCurrent(formatAmzDate(requestTime), formatAmzDate(latest), formatAmzDate(now))
  }
  return undefined
}

/** The payload hash the client claims: the header, or for presigned requests the query param. */
function payloadHashClaim(
  headers: RawHeaders,
  sig: SignatureParams,
  query: readonly QueryParam[],
): string | undefined {
  const header = headerValue(headers, 'x-amz-content-sha256')?.trim()
  if (header !== undefined) return header
  if (sig.presigned) return query.find((p) => p.key === 'X-Amz-Content-Sha256')?.value
  return undefined
}

function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(provided, 'utf8')
  // Compare equal-length buffers whatever the input, so the time does not reveal the length.
  const same = a.length === b.length
  return timingSafeEqual(a, same ? b : a) && same
}
