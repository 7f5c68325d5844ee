/**
 * The signing keys of OpenID Connect issuers, for AssumeRoleWithWebIdentity: the issuer's
 * `/.well-known/openid-configuration` names its `jwks_uri`; jose's remote key set fetches it,
 * caches it, and fetches it again when a token names a key id it does not hold (key rotation).
 * One cached set per issuer.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import { IdpUnreachable, type KeySource } from '../domain/sts/web-identity-token.ts'

/** How long a discovery or key set request may take. */
const TIMEOUT_MS = 5000

/**
 * A KeySource over HTTP(S).
 * @example const keys = createOidcKeySource(); await jwtVerify(token, keys(iss))
 */
export function createOidcKeySource(options: { cooldownMs?: number } = {}): KeySource {
  const sets = new Map<string, Promise<JWTVerifyGetKey>>()
  const discover = async (issuer: string): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`
    let jwksUri: unknown
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      jwksUri = ((await response.json()) as { jwks_uri?: unknown }).jwks_uri
    } catch (e) {
      throw new IdpUnreachable(`${url}: ${e instanceof Error ? e.message : String(e)}`)
    }
    if (typeof jwksUri !== 'string') throw new IdpUnreachable(`${url}: no jwks_uri`)
    return createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: TIMEOUT_MS,
      cooldownDuration: options.cooldownMs ?? 30_000,
    })
  }
  return (issuer) => async (header, token) => {
    let set = sets.get(issuer)
    if (set === undefined) {
      set = discover(issuer)
      sets.set(issuer, set)
      // A failed discovery is tried again on the next token.
      set.catch(() => sets.delete(issuer))
    }
    const keys = await set
    try {
      return await keys(header, token)
    } catch (e) {
      if (e instanceof Error && e.name === 'TypeError') throw new IdpUnreachable(e.message)
      throw e
    }
  }
}
