import type { QueryParam } from './canonical-request.ts'
import { SIGV4_MESSAGES as M } from './sigv4-errors.ts'

/** What a SigV4 request carries about its own signature, from the header or the query string. */
export interface SignatureParams {
  readonly presigned: boolean
  readonly algorithm: string
  readonly credential: string
  readonly signedHeaders: string
  readonly signature: string
  /** The request time as sent: `X-Amz-Date`, else the `Date` header. */
  readonly date: string
  /** True when `date` came from the HTTP `Date` header. */
  readonly dateFromHttpHeader: boolean
}

/** {@link SignatureParams}, or the `IncompleteSignature` message explaining what is missing. */
export type SignatureParamsResult =
  | { readonly ok: true; readonly params: SignatureParams }
  | { readonly ok: false; readonly message: string }

/**
 * Reads `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
 * Components may be separated by commas, spaces or both. `amzDate`/`httpDate` are the request's
 * `X-Amz-Date` and `Date` headers.
 */
export function parseAuthorizationHeader(
  header: string,
  amzDate: string | undefined,
  httpDate: string | undefined,
): SignatureParamsResult {
  const trimmed = header.trim()
  const space = trimmed.search(/\s/)
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space)
  const rest = space < 0 ? '' : trimmed.slice(space + 1)
  const fields = new Map<string, string>()
  for (const part of rest.split(/[,\s]+/)) {
    if (part === '') continue
    const eq = part.indexOf('=')
    if (eq < 0) return { ok: false, message: M.missingEqual(part, header) }
    fields.set(part.slice(0, eq), part.slice(eq + 1))
  }
  const credential = fields.get('Credential') ?? ''
  const signature = fields.get('Signature') ?? ''
  const signedHeaders = fields.get('SignedHeaders') ?? ''
  const missing: string[] = []
  if (credential === '') missing.push(M.headerRequires('Credential'))
  if (signature === '') missing.push(M.headerRequires('Signature'))
  if (signedHeaders === '') missing.push(M.headerRequires('SignedHeaders'))
  if (amzDate === undefined && httpDate === undefined) missing.push(M.headerRequiresDate)
  if (missing.length > 0) {
    return { ok: false, message: `${missing.join(' ')} Authorization=${header}` }
  }
  const date = amzDate ?? httpDate ?? ''
  return {
    ok: true,
    params: {
      presigned: false,
      algorithm,
      credential,
      signedHeaders,
      signature,
      date,
      dateFromHttpHeader: amzDate === undefined,
    },
  }
}

const QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const

/** Reads the `X-Amz-*` parameters of a presigned request from its decoded query parameters. */
export function parsePresignedQuery(query: readonly QueryParam[]): SignatureParamsResult {
  const get = (key: string) => query.find((p) => p.key === key)?.value ?? ''
  const missing = QUERY_PARAMS.filter((key) => get(key) === '').map(M.queryRequires)
  if (missing.length > 0) {
    return { ok: false, message: `${missing.join(' ')} ${M.reexamineQuery}` }
  }
  return {
    ok: true,
    params: {
      presigned: true,
      algorithm: get('X-Amz-Algorithm'),
      credential: get('X-Amz-Credential'),
      signedHeaders: get('X-Amz-SignedHeaders'),
      signature: get('X-Amz-Signature'),
      date: get('X-Amz-Date'),
      dateFromHttpHeader: false,
    },
  }
}

/** The five parts of a credential: `AKID/20150830/us-east-1/iam/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly terminator: string
}

/** Splits a credential into its scope; trailing slashes are ignored. `undefined` unless 5 parts. */
export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.replace(/\/+$/, '').split('/')
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined
  const [accessKeyId, date, region, service, terminator] = parts
  return { accessKeyId, date, region, service, terminator }
}
