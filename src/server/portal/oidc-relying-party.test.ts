/**
 * The relying party against a local issuer served over loopback HTTP (discovery, JWKS, token
 * endpoint) whose ID tokens jose signs: the good token passes; every check of the ID token
 * refuses what it must (another issuer, another audience, azp, expiry, iat in the future, nonce,
 * a forged signature, an unknown key until the provider publishes it: key rotation); the token
 * request authenticates with client_secret_basic, or client_secret_post when that is all the
 * provider offers; a discovery document naming another issuer is refused.
 */
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import {
  ExternalSignInRefused,
  type ExternalRefusalReason,
  type OidcIdentitySource,
} from '../../domain/identity-center/identity-source/index.ts'
import { createOidcRelyingParty } from './oidc-relying-party.ts'

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']

const NOW = new Date()
const nowS = Math.floor(NOW.getTime() / 1000)

describe('OpenID Connect relying party', () => {
  let server: Server
  let issuer: string
  let key: Key
  let otherKey: Key
  let rotatedKey: Key
  let published: JWK[]
  /** The ID token the token endpoint answers next. */
  let nextIdToken = ''
  let lastTokenRequest: { auth: string | undefined; body: URLSearchParams } | undefined
  let authMethods: string[] = ['client_secret_basic', 'client_secret_post']
  let discoveredIssuer: string | undefined

  const source = (): OidcIdentitySource => ({
    kind: 'oidc',
    issuer,
    clientId: 'xaccess',
    sealedClientSecret: 'unused here',
    scopes: ['openid', 'profile'],
    userClaim: 'preferred_username',
    groupsClaim: 'groups',
    provisioning: 'jit',
  })

  const sign = (claims: Record<string, unknown>, with_: Key = key, kid = 'k1') =>
    new SignJWT({ nonce: 'the-nonce', preferred_username: 'erin', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer((claims.iss as string | undefined) ?? issuer)
      .setSubject('user-1')
      .setAudience((claims.aud as string | string[] | undefined) ?? 'xaccess')
      .setIssuedAt((claims.iat as number | undefined) ?? nowS)
      .setExpirationTime((claims.exp as number | undefined) ?? nowS + 300)
      .sign(with_)

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = ''
      req.on('data', (d: Buffer) => (s += d.toString()))
      req.on('end', () => resolve(s))
    })

  before(async () => {
    ;({ privateKey: key } = await generateKeyPair('RS256', { extractable: true }))
    ;({ privateKey: otherKey } = await generateKeyPair('RS256', { extractable: true }))
    ;({ privateKey: rotatedKey } = await generateKeyPair('RS256', { extractable: true }))
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = await exportJWK(key)
    published = [{ ...pub, kid: 'k1', alg: 'RS256', use: 'sig' }]
    server = createServer((req, res) => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (req.url === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: discoveredIssuer ?? issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint_auth_methods_supported: authMethods,
        })
      }
      if (req.url === '/jwks') return json(200, { keys: published })
      if (req.url === '/token' && req.method === 'POST') {
        void body(req).then((b) => {
          lastTokenRequest = { auth: req.headers.authorization, body: new URLSearchParams(b) }
          if (lastTokenRequest.body.get('code') === 'bad-code')
            return json(400, { error: 'invalid_grant' })
          json(200, { access_token: 'at', token_type: 'Bearer', id_token: nextIdToken })
        })
        return
      }
      json(404, {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const redemption = (code = 'good-code') => ({
    code,
    codeVerifier: 'the-verifier',
    redirectUri: 'http://xaccess.test/portal/oidc/callback',
    nonce: 'the-nonce',
  })
  const rp = createOidcRelyingParty({ keyCooldownMs: 0, discoveryTtlMs: 0 })
  const redeem = async (token: string | Promise<string>, code?: string) => {
    nextIdToken = await token
    return rp.redeem(source(), 'the secret: ü', redemption(code), NOW)
  }
  const refused = async (reason: ExternalRefusalReason, token: Promise<string> | string) => {
    await assert.rejects(redeem(token), (e: unknown) => {
      assert.ok(e instanceof ExternalSignInRefused, String(e))
      assert.equal(e.reason, reason, e.message)
      return true
    })
  }

  it('names the authorization endpoint with code, PKCE S256, state, nonce and scopes', async () => {
    const url = new URL(
      await rp.authorizationUrl(source(), {
        state: 's',
        nonce: 'n',
        codeChallenge: 'c',
        redirectUri: 'http://xaccess.test/portal/oidc/callback',
      }),
    )
    assert.equal(`${url.origin}${url.pathname}`, `${issuer}/auth`)
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      response_type: 'code',
      client_id: 'xaccess',
      redirect_uri: 'http://xaccess.test/portal/oidc/callback',
      scope: 'openid profile',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    })
  })

  it('accepts a good ID token; the token request used client_secret_basic and PKCE', async () => {
    const claims = await redeem(sign({}))
    assert.equal(claims.preferred_username, 'erin')
    assert.equal(
      lastTokenRequest?.auth,
      `Basic ${Buffer.from('xaccess:the+secret%3A+%C3%BC').toString('base64')}`,
    )
    assert.equal(lastTokenRequest?.body.get('code_verifier'), 'the-verifier')
    assert.equal(lastTokenRequest?.body.get('grant_type'), 'authorization_code')
    assert.equal(lastTokenRequest?.body.get('client_secret'), null)
  })

  it('uses client_secret_post when the provider offers only that', async () => {
    authMethods = ['client_secret_post']
    try {
      await redeem(sign({}))
      assert.equal(lastTokenRequest?.auth, undefined)
      assert.equal(lastTokenRequest?.body.get('client_id'), 'xaccess')
      assert.equal(lastTokenRequest?.body.get('client_secret'), 'the secret: ü')
    } finally {
      authMethods = ['client_secret_basic', 'client_secret_post']
    }
  })

  it('refuses a token of another issuer', () =>
    refused('wrong-issuer', sign({ iss: 'https://other.example' })))
  it('refuses a token for another audience', () =>
    refused('wrong-audience', sign({ aud: 'someone-else' })))
  it('with several audiences, requires azp to be the client', async () => {
    await refused('wrong-audience', sign({ aud: ['xaccess', 'other'] }))
    await refused('wrong-audience', sign({ aud: ['xaccess', 'other'], azp: 'other' }))
    assert.equal((await redeem(sign({ aud: ['xaccess', 'other'], azp: 'xaccess' }))).sub, 'user-1')
  })
  it('refuses an expired token, past the minute of skew', async () => {
    await refused('token-expired', sign({ iat: nowS - 600, exp: nowS - 61 }))
    assert.equal((await redeem(sign({ iat: nowS - 600, exp: nowS - 30 }))).sub, 'user-1')
  })
  it('refuses a token issued in the future', () =>
    refused('invalid-id-token', sign({ iat: nowS + 600, exp: nowS + 900 })))
  it('refuses a wrong nonce, and a token without one', async () => {
    await refused('nonce-mismatch', sign({ nonce: 'another' }))
    await refused('nonce-mismatch', sign({ nonce: undefined }))
  })
  it('refuses a forged signature under a known key id', () =>
    refused('invalid-id-token', sign({}, otherKey, 'k1')))
  it('refuses an unknown key id, then accepts it once the provider publishes it (rotation)', async () => {
    // One relying party that keeps its discovery and key set: only jose's refetch on an
    // unknown key id can find the new key.
    const kept = createOidcRelyingParty({ keyCooldownMs: 0 })
    const use = async (token: Promise<string>) => {
      nextIdToken = await token
      return kept.redeem(source(), 's', redemption(), NOW)
    }
    assert.equal((await use(sign({}))).sub, 'user-1')
    await assert.rejects(
      use(sign({}, rotatedKey, 'k2')),
      (e: unknown) => e instanceof ExternalSignInRefused && e.reason === 'invalid-id-token',
    )
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = await exportJWK(rotatedKey)
    published = [...published, { ...pub, kid: 'k2', alg: 'RS256', use: 'sig' }]
    assert.equal((await use(sign({}, rotatedKey, 'k2'))).sub, 'user-1')
  })
  it('refuses a token that is not a JWT', () => refused('invalid-id-token', 'not.a.jwt'))
  it('reports a refused code as a failed exchange', async () => {
    nextIdToken = await sign({})
    await assert.rejects(
      rp.redeem(source(), 's', redemption('bad-code'), NOW),
      (e: unknown) => e instanceof ExternalSignInRefused && e.reason === 'token-exchange-failed',
    )
  })
  it('refuses a discovery document that names another issuer', async () => {
    discoveredIssuer = 'https://evil.example'
    try {
      await refused('provider-unreachable', sign({}))
    } finally {
      discoveredIssuer = undefined
    }
  })
})
