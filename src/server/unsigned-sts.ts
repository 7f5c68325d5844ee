/**
 * The STS calls AWS takes unsigned: AssumeRoleWithWebIdentity (and AssumeRoleWithSAML), whose
 * token or assertion is the credential. Such a request carries no SigV4 signature; it is served
 * for an anonymous caller, and the operation decides it for the identity its token proves.
 */
import type { Caller } from '../domain/common/caller.ts'
import { parseQueryRequest } from '../protocol/query/index.ts'
import { headerValue, type RawHeaders } from '../protocol/sigv4/index.ts'

/** The actions served unsigned. */
export const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set([
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
])

/** The caller of an unsigned call until its token is verified: nobody. */
export const ANONYMOUS_CALLER: Caller = {
  accountId: '',
  arn: 'anonymous',
  principalArn: 'anonymous',
  userId: 'anonymous',
  type: 'WebIdentityUser',
  accessKeyId: '',
}

/**
 * The anonymous caller when the request is an unsigned query call of an action in
 * {@link UNSIGNED_STS_ACTIONS} (no Authorization header, no presigned query), else undefined.
 */
export function unsignedStsCaller(
  headers: RawHeaders,
  path: string,
  body: Uint8Array,
): Caller | undefined {
  if (headerValue(headers, 'authorization') !== undefined) return undefined
  if (path.includes('X-Amz-Signature=') || path.includes('X-Amz-Credential=')) return undefined
  const parsed = parseQueryRequest(body)
  if (!parsed.ok || parsed.action === undefined) return undefined
  return UNSIGNED_STS_ACTIONS.has(parsed.action) ? ANONYMOUS_CALLER : undefined
}
