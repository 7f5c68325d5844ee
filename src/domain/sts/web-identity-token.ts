/**
 * Checking an OpenID Connect token for AssumeRoleWithWebIdentity as AWS does: a JWT whose `iss`
 * names an IAM OIDC provider of the role's account, whose `aud` (or `azp`) is one of the
 * provider's client ids, that is not expired nor used before its time, and whose signature
 * verifies against the issuer's published keys (JWKS; fetched by the server, see `KeySource`).
 * The result carries the trust-policy keys AWS sets (`<host/path>:sub`, `:aud`, `:oaud`, `:amr`,
 * `aws:FederatedProvider`).
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'
import type { JWTPayload, JWTVerifyGetKey } from 'jose'
import { DomainError } from '../common/domain-error.ts'

/** What the check needs to know of an IAM OIDC provider. */
export interface WebIdentityProvider {
  readonly arn: string
  readonly clientIds: readonly string[]
}

/** Finds the IAM OIDC provider of an account by its `host/path` name. */
export type WebIdentityProviderLookup = (
  accountId: string,
  providerName: string,
) => Promise<WebIdentityProvider | undefined>

/**
 * The issuer's signing keys for jose (the server's JWKS fetcher); throws `IdpUnreachable` when
 * the issuer's discovery document or key set cannot be read.
 */
export type KeySource = (issuerUrl: string) => JWTVerifyGetKey

/** The key source could not reach the identity provider. */
export class IdpUnreachable extends Error {}

/** A verified token. */
export interface VerifiedWebIdentity {
  readonly provider: WebIdentityProvider
  /** `host/path` of the issuer: the prefix of the trust-policy keys. */
  readonly providerName: string
  readonly subject: string
  /** The audience the request is decided on: `azp` when present, else the (first matching) `aud`. */
  readonly audience: string
  readonly claims: JWTPayload
  /** The trust-policy condition keys of the request. */
  readonly context: Record<string, string | string[]>
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** AssumeRoleWithWebIdentity's errors, in AWS's words where known (quoted from public reports). */
export const webIdentityErrors = {
  /** quoted */
  notJwt: () =>
    new DomainError(
      'InvalidIdentityToken',
      'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      400,
    ),
  /** quoted */
  noProvider: (issuer: string) =>
    new DomainError(
      'InvalidIdentityToken',
      `No OpenIDConnect provider found in your account for ${issuer}`,
      400,
    ),
  /** quoted */
  wrongAudience: () => new DomainError('InvalidIdentityToken', 'Incorrect token audience', 400),
  /** quoted (the double space is AWS's) */
  noKey: () =>
    new DomainError(
      'InvalidIdentityToken',
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      400,
    ),
  badSignature: () =>
    new DomainError('InvalidIdentityToken', 'The web identity token signature is invalid', 400),
  notYetValid: () =>
    new DomainError('InvalidIdentityToken', 'The web identity token is not yet valid', 400),
  missingClaim: (claim: string) =>
    new DomainError('InvalidIdentityToken', `The web identity token has no ${claim} claim`, 400),
  /** quoted: `Token expired: current date/time 1700000100 must be before the expiration date/time1700000000` */
  expired: (now: number, exp: number) =>
    new DomainError(
      'ExpiredTokenException',
      `Token expired: current date/time ${now} must be before the expiration date/time${exp}`,
      400,
    ),
  /** quoted */
  unreachable: () =>
    new DomainError(
      'IDPCommunicationError',
      "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
      400,
    ),
}

const asList = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []

/** The issuer URL's `host/path` if it may be used (https, or http on a loopback host). */
function issuerName(iss: string): string | undefined {
  let url: URL
  try {
    url = new URL(iss)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return undefined
  }
  if (url.search !== '' || url.hash !== '') return undefined
  return (url.host + url.pathname).replace(/\/+$/, '')
}

/**
 * Verifies `token` for a role of `accountId`; throws InvalidIdentityToken, ExpiredTokenException
 * or IDPCommunicationError as AWS does.
 */
export async function verifyWebIdentityToken(
  token: string,
  accountId: string,
  deps: { providers: WebIdentityProviderLookup; keys: KeySource; now: Date },
): Promise<VerifiedWebIdentity> {
  let claims: JWTPayload
  try {
    decodeProtectedHeader(token)
    claims = decodeJwt(token)
  } catch {
    throw webIdentityErrors.notJwt()
  }
  const iss = claims.iss
  if (typeof iss !== 'string' || iss === '') throw webIdentityErrors.missingClaim('iss')
  const name = issuerName(iss)
  const provider = name === undefined ? undefined : await deps.providers(accountId, name)
  if (name === undefined || provider === undefined) throw webIdentityErrors.noProvider(iss)

  const auds = asList(claims.aud)
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined
  const audience = azp ?? auds.find((a) => provider.clientIds.includes(a))
  if (audience === undefined || !provider.clientIds.includes(audience)) {
    throw webIdentityErrors.wrongAudience()
  }
  const nowS = Math.floor(deps.now.getTime() / 1000)
  if (typeof claims.exp !== 'number') throw webIdentityErrors.missingClaim('exp')
  if (nowS >= claims.exp) throw webIdentityErrors.expired(nowS, claims.exp)
  if (typeof claims.nbf === 'number' && claims.nbf > nowS) throw webIdentityErrors.notYetValid()
  if (typeof claims.iat === 'number' && claims.iat > nowS + 300)
    throw webIdentityErrors.notYetValid()
  const subject = claims.sub
  if (typeof subject !== 'string' || subject === '') throw webIdentityErrors.missingClaim('sub')

  try {
    await jwtVerify(token, deps.keys(iss), { currentDate: deps.now, clockTolerance: 300 })
  } catch (e) {
    if (e instanceof IdpUnreachable) throw webIdentityErrors.unreachable()
    if (
      e instanceof joseErrors.JWKSNoMatchingKey ||
      e instanceof joseErrors.JWKSMultipleMatchingKeys
    ) {
      throw webIdentityErrors.noKey()
    }
    if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) {
      throw webIdentityErrors.unreachable()
    }
    if (e instanceof joseErrors.JWTExpired) throw webIdentityErrors.expired(nowS, claims.exp)
    throw webIdentityErrors.badSignature()
  }

  const others = auds.filter((a) => a !== audience)
  const amr = asList(claims.amr)
  const context: Record<string, string | string[]> = {
    'aws:FederatedProvider': provider.arn,
    [`${name}:sub`]: subject,
    [`${name}:aud`]: audience,
    ...(others.length === 0 ? {} : { [`${name}:oaud`]: others }),
    ...(amr.length === 0 ? {} : { [`${name}:amr`]: amr }),
  }
  return { provider, providerName: name, subject, audience, claims, context }
}
