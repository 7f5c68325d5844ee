/**
 * A real OpenID provider running locally for tests: `oidc-provider` (npm) on a loopback port,
 * with an RS256 signing key of its own, the clients and accounts a test gives, and its
 * development interaction pages (a login form, then a consent page) for browser sign-ins.
 * Used as the CI system's provider (AssumeRoleWithWebIdentity) and as the organization's
 * identity provider for the access portal (issue 14).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'

/** One account: its `sub` is the login typed on the provider's login page. */
export type AccountClaims = Readonly<Record<string, unknown>>

/** What the provider is started with. */
export interface OpenIdProviderOptions {
  /** Client metadata as oidc-provider takes it; may depend on the issuer. */
  readonly clients: (issuer: string) => readonly Record<string, unknown>[]
  /** Accounts by login (`sub`), with the claims they release. */
  readonly accounts?: Readonly<Record<string, AccountClaims>>
  /** Claims per scope (oidc-provider's `claims`). */
  readonly claims?: Readonly<Record<string, readonly string[]>>
  /** More of oidc-provider's configuration (features, ttl, …), merged over the defaults. */
  readonly configuration?: Readonly<Record<string, unknown>>
}

/** A running provider. */
export interface LocalOpenIdProvider {
  /** `http://127.0.0.1:PORT` */
  readonly issuer: string
  stop(): Promise<void>
}

/**
 * Starts a provider on a free loopback port.
 * @example
 * const idp = await startOpenIdProvider({ clients: (iss) => [{ client_id: 'x', … }] })
 */
export async function startOpenIdProvider(
  options: OpenIdProviderOptions,
): Promise<LocalOpenIdProvider> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }
  const accounts = options.accounts ?? {}
  const provider = new Provider(issuer, {
    clients: options.clients(issuer),
    jwks: { keys: [jwk] },
    claims: options.claims ?? { openid: ['sub'] },
    // Scope-requested claims in the ID token too (not only at the userinfo endpoint).
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) =>
      Object.hasOwn(accounts, sub)
        ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) }
        : undefined,
    ...options.configuration,
  })
  server.on('request', provider.callback())
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
