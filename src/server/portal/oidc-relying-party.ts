/**
 * The access portal as an OpenID Connect relying party (issue 14), over HTTP with jose:
 * discovery from `<issuer>/.well-known/openid-configuration` (its `issuer` must be the one
 * configured), the authorization request (code, PKCE S256, state, nonce), the token request
 * (client_secret_basic, or client_secret_post when the provider supports only that), and the ID
 * token's checks: signature against the provider's JWKS (fetched again when a token names an
 * unknown key id: key rotation), `iss`, `aud` containing the client id (and `azp` when there
 * are several audiences), `exp`/`iat`/`nbf` with a minute of clock skew, and `nonce`.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose'
import {
  ExternalSignInRefused,
  type AuthorizationParams,
  type CodeRedemption,
  type OidcIdentitySource,
  type RelyingParty,
} from '../../domain/identity-center/identity-source/index.ts'
import { secretsEqual } from '../../domain/identity-center/oidc/oidc-secrets.ts'

/** The discovery document's members the portal uses. */
interface ProviderMetadata {
  readonly issuer: string
  readonly authorization_endpoint: string
  readonly token_endpoint: string
  readonly jwks_uri: string
  readonly token_endpoint_auth_methods_supported?: readonly string[]
}

/** Options, mostly for tests. */
export interface RelyingPartyOptions {
  /** Least time between two fetches of a key set on unknown key ids (jose's cooldown). */
  readonly keyCooldownMs?: number
  /** How long a discovery document is kept. */
  readonly discoveryTtlMs?: number
  /** Clock skew allowed on exp, iat and nbf, in seconds. */
  readonly clockSkewSeconds?: number
}

const TIMEOUT_MS = 5000

const unreachable = (detail: string) => new ExternalSignInRefused('provider-unreachable', detail)

async function fetchJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    ...init,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, body }
}

function readMetadata(body: unknown): ProviderMetadata | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const m = body as Record<string, unknown>
  for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'])
    if (typeof m[key] !== 'string') return undefined
  return m as unknown as ProviderMetadata
}

/** The form encoding of client_secret_basic (RFC 6749, section 2.3.1). */
const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')

/**
 * Creates the relying party.
 * @example const rp = createOidcRelyingParty(); const url = await rp.authorizationUrl(source, params)
 */
export function createOidcRelyingParty(options: RelyingPartyOptions = {}): RelyingParty {
  const ttl = options.discoveryTtlMs ?? 3600_000
  const skew = options.clockSkewSeconds ?? 60
  const known = new Map<
    string,
    { readonly at: number; readonly metadata: ProviderMetadata; readonly keys: JWTVerifyGetKey }
  >()

  async function discover(issuer: string) {
    const cached = known.get(issuer)
    if (cached !== undefined && Date.now() - cached.at < ttl) return cached
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`
    let answer: { status: number; body: unknown }
    try {
      answer = await fetchJson(url)
    } catch (e) {
      throw unreachable(`${url}: ${e instanceof Error ? e.message : String(e)}`)
    }
    const metadata = answer.status === 200 ? readMetadata(answer.body) : undefined
    if (metadata === undefined)
      throw unreachable(`${url}: HTTP ${answer.status}, no usable metadata`)
    // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked for.
    if (metadata.issuer !== issuer)
      throw unreachable(`${url} names the issuer '${metadata.issuer}', not '${issuer}'`)
    const keys = createRemoteJWKSet(new URL(metadata.jwks_uri), {
      timeoutDuration: TIMEOUT_MS,
      cooldownDuration: options.keyCooldownMs ?? 30_000,
    })
    const entry = { at: Date.now(), metadata, keys }
    known.set(issuer, entry)
    return entry
  }

  async function verify(
    source: OidcIdentitySource,
    keys: JWTVerifyGetKey,
    idToken: string,
    nonce: string,
    now: Date,
  ): Promise<Readonly<Record<string, unknown>>> {
    let payload: Record<string, unknown>
    try {
      ;({ payload } = await jwtVerify(idToken, keys, {
        issuer: source.issuer,
        audience: source.clientId,
        clockTolerance: skew,
        currentDate: now,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      }))
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new ExternalSignInRefused('token-expired')
      if (e instanceof errors.JWTClaimValidationFailed) {
        if (e.claim === 'iss') throw new ExternalSignInRefused('wrong-issuer', e.message)
        if (e.claim === 'aud') throw new ExternalSignInRefused('wrong-audience', e.message)
        throw new ExternalSignInRefused('invalid-id-token', `${e.claim}: ${e.message}`)
      }
      if (e instanceof TypeError) throw unreachable(e.message)
      throw new ExternalSignInRefused(
        'invalid-id-token',
        e instanceof Error ? e.message : String(e),
      )
    }
    const iat = payload.iat
    if (typeof iat !== 'number' || iat > now.getTime() / 1000 + skew)
      throw new ExternalSignInRefused('invalid-id-token', 'iat is in the future')
    const aud = payload.aud
    const azp = payload.azp
    if ((Array.isArray(aud) && aud.length > 1) || azp !== undefined) {
      if (azp !== source.clientId)
        throw new ExternalSignInRefused('wrong-audience', `azp '${String(azp)}'`)
    }
    if (typeof payload.nonce !== 'string' || !secretsEqual(payload.nonce, nonce))
      throw new ExternalSignInRefused('nonce-mismatch')
    return payload
  }

  return {
    async authorizationUrl(source: OidcIdentitySource, params: AuthorizationParams) {
      const { metadata } = await discover(source.issuer)
      const url = new URL(metadata.authorization_endpoint)
      url.searchParams.set('response_type', 'code')
      url.searchParams.set('client_id', source.clientId)
      url.searchParams.set('redirect_uri', params.redirectUri)
      url.searchParams.set('scope', source.scopes.join(' '))
      url.searchParams.set('state', params.state)
      url.searchParams.set('nonce', params.nonce)
      url.searchParams.set('code_challenge', params.codeChallenge)
      url.searchParams.set('code_challenge_method', 'S256')
      return url.toString()
    },

    async redeem(source, clientSecret, redemption: CodeRedemption, now) {
      const { metadata, keys } = await discover(source.issuer)
      const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic']
      const basic =
        methods.includes('client_secret_basic') || !methods.includes('client_secret_post')
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code: redemption.code,
        redirect_uri: redemption.redirectUri,
        code_verifier: redemption.codeVerifier,
      })
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      }
      if (basic) {
        const pair = `${formEncode(source.clientId)}:${formEncode(clientSecret)}`
        headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
      } else {
        form.set('client_id', source.clientId)
        form.set('client_secret', clientSecret)
      }
      let answer: { status: number; body: unknown }
      try {
        answer = await fetchJson(metadata.token_endpoint, { method: 'POST', headers, body: form })
      } catch (e) {
        throw unreachable(e instanceof Error ? e.message : String(e))
      }
      const body = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as {
        id_token?: unknown
        error?: unknown
      }
      if (answer.status !== 200 || typeof body.id_token !== 'string') {
        throw new ExternalSignInRefused(
          'token-exchange-failed',
          `HTTP ${answer.status}${typeof body.error === 'string' ? ` ${body.error}` : ''}`,
        )
      }
      return verify(source, keys, body.id_token, redemption.nonce, now)
    },
  }
}
