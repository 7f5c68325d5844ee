/**
 * A minimal OpenID Connect issuer for tests: serves `/.well-known/openid-configuration` and its
 * JWKS on a loopback port (each issuer path its own key set), and signs tokens with jose.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose'

/** One signing key of an issuer. */
export interface IssuerKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicJwk: Record<string, unknown>
}

/** A fresh RS256 key with id `kid`. */
export async function newIssuerKey(kid: string): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  }
}

/** A running issuer. */
export interface LocalIssuer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  /** Publishes `keys` (public halves) at `<origin><path>/jwks`; replaces what was there. */
  publish(path: string, keys: readonly IssuerKey[]): void
  /** Signs `claims` with `key` (RS256, header kid). */
  sign(key: IssuerKey, claims: JWTPayload): Promise<string>
  /** How many JWKS requests were answered. */
  jwksRequests(): number
  close(): Promise<void>
}

/** Starts an issuer on a free loopback port. */
export async function startLocalIssuer(): Promise<LocalIssuer> {
  const sets = new Map<string, readonly IssuerKey[]>()
  let jwksCount = 0
  let origin = ''
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (path.endsWith('/.well-known/openid-configuration')) {
      const base = path.slice(0, -'/.well-known/openid-configuration'.length)
      if (!sets.has(base)) return json(404, {})
      return json(200, {
        issuer: `${origin}${base}`,
        jwks_uri: `${origin}${base}/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      })
    }
    if (path.endsWith('/jwks')) {
      const keys = sets.get(path.slice(0, -'/jwks'.length))
      if (keys === undefined) return json(404, {})
      jwksCount += 1
      return json(200, { keys: keys.map((k) => k.publicJwk) })
    }
    json(404, {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    publish: (path, keys) => void sets.set(path, keys),
    sign: (key, claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey),
    jwksRequests: () => jwksCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
