/**
 * Signs an HTTP request with AWS Signature Version 4 (header form), from the same canonical-request
 * pieces the server verifies with, so the two cannot drift apart.
 */
import {
  buildCanonicalRequest,
  buildStringToSign,
  deriveSigningKey,
  formatAmzDate,
  parseRawQuery,
  sha256Hex,
  signatureOf,
  SIGV4_ALGORITHM,
} from '../../protocol/index.ts'
import type { SigningCredentials } from './aws-credentials.ts'

/** A request to sign. `headers` must not contain host, x-amz-date or authorization. */
export interface UnsignedRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Where and as what to sign. */
export interface SigningScope {
  readonly credentials: SigningCredentials
  readonly region: string
  /** The SigV4 service name (`sso` for sso-admin, `identitystore`, `organizations`, …). */
  readonly service: string
  readonly now?: Date
}

/**
 * The headers to send: the request's own, plus `host`, `x-amz-date`, `x-amz-security-token` (for
 * temporary credentials) and `authorization`. Every header is signed.
 * @example
 * const headers = signRequest({ method: 'POST', url, headers: {...}, body }, { credentials, region, service: 'sso' })
 */
export function signRequest(request: UnsignedRequest, scope: SigningScope): Record<string, string> {
  const amzDate = formatAmzDate(scope.now ?? new Date())
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: request.url.host,
    'x-amz-date': amzDate,
  }
  if (scope.credentials.sessionToken !== undefined) {
    headers['x-amz-security-token'] = scope.credentials.sessionToken
  }
  const signedHeaders = Object.keys(headers).sort()
  const query = parseRawQuery(request.url.search.replace(/^\?/, ''))
  const canonical = buildCanonicalRequest({
    method: request.method,
    rawPath: request.url.pathname,
    query: query.ok ? query.params : [],
    headers,
    signedHeaders,
    payloadHash: sha256Hex(request.body),
    doubleEncodePath: true,
  })
  const date = amzDate.slice(0, 8)
  const credentialScope = `${date}/${scope.region}/${scope.service}/aws4_request`
  const key = deriveSigningKey(scope.credentials.secretAccessKey, date, scope.region, scope.service)
  const signature = signatureOf(key, buildStringToSign(amzDate, credentialScope, canonical))
  headers.authorization =
    `${SIGV4_ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`
  return headers
}
