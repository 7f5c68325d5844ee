import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError } from '../../common/domain-error.ts'
import { buildPortal, NOW, STORE_ID } from '../portal/portal.fixture.ts'
import { DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT } from './oidc-lifetimes.ts'
import { OIDC_ERRORS } from './oidc-errors.ts'
import { normalizeUserCode } from './oidc-secrets.ts'

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)
const alice = { identityStoreId: STORE_ID, userId: 'u-alice' }
const bob = { identityStoreId: STORE_ID, userId: 'u-bob' }

async function rejects(p: Promise<unknown>, code: string, error?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e))
    assert.equal(e.code, code)
    if (error !== undefined) assert.equal(e.fields?.error, error)
    assert.equal(e.message, '')
    assert.equal(e.httpStatus, OIDC_ERRORS[code as keyof typeof OIDC_ERRORS].status)
    return true
  })
}

async function started(scopes?: string[]) {
  const p = buildPortal()
  const client = await p.oidc.registerClient(
    { clientName: 'botocore-client-x', clientType: 'public', ...(scopes ? { scopes } : {}) },
    NOW,
  )
  const auth = await p.oidc.startDeviceAuthorization(
    { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: 'http://h/portal' },
    'http://h/portal/',
    NOW,
  )
  const token = (deviceCode = auth.deviceCode, now = at(5)) =>
    p.oidc.createToken(
      { ...client, grantType: DEVICE_CODE_GRANT, deviceCode } as Record<string, unknown>,
      now,
    )
  const approve = (user = alice, now = at(2)) =>
    p.approvals.decide(auth.userCode, 'approved', user, now)
  return { p, client, auth, token, approve }
}

describe('sso-oidc', () => {
  it('registers a public client; secret sealed at rest; times in epoch seconds', async () => {
    const { p, client } = await started()
    assert.equal(client.clientIdIssuedAt, NOW.getTime() / 1000)
    assert.equal(client.clientSecretExpiresAt, NOW.getTime() / 1000 + 90 * 24 * 3600)
    const stored = p.store.clients.get(client.clientId)!
    assert.ok(!stored.sealedSecret.includes(client.clientSecret))
    await rejects(
      p.oidc.registerClient({ clientName: 'x', clientType: 'confidential' }, NOW),
      'InvalidClientMetadataException',
      'invalid_client_metadata',
    )
    await rejects(
      p.oidc.registerClient({ clientType: 'public' }, NOW),
      'InvalidRequestException',
      'invalid_request',
    )
  })

  it('starts a device authorization pointing at the portal device page', async () => {
    const { auth, p } = await started()
    assert.match(auth.userCode, /^[A-Z]{4}-[A-Z]{4}$/)
    assert.equal(auth.verificationUri, 'http://h/portal/device')
    assert.equal(auth.verificationUriComplete, `http://h/portal/device?user_code=${auth.userCode}`)
    assert.equal(auth.expiresIn, 600)
    assert.equal(auth.interval, 1)
    assert.ok(![...p.store.devices.keys()].includes(auth.deviceCode), 'device code stored hashed')
  })

  it('rejects a wrong client secret or unknown client with InvalidClientException (401)', async () => {
    const { p, client } = await started()
    await rejects(
      p.oidc.startDeviceAuthorization(
        { clientId: client.clientId, clientSecret: 'nope', startUrl: 'u' },
        'http://h/portal',
        NOW,
      ),
      'InvalidClientException',
      'invalid_client',
    )
    await rejects(
      p.oidc.startDeviceAuthorization(
        { clientId: 'unknown', clientSecret: client.clientSecret, startUrl: 'u' },
        'http://h/portal',
        NOW,
      ),
      'InvalidClientException',
    )
    assert.ok(p.log.reasons().includes('invalid-client'))
  })

  it('pending, then slow down on a third fast poll, then a token once approved', async () => {
    const { p, token, approve, auth } = await started()
    await rejects(
      token(auth.deviceCode, at(1)),
      'AuthorizationPendingException',
      'authorization_pending',
    )
    // The CLI polls twice back to back, then keeps the interval.
    await rejects(token(auth.deviceCode, at(1.1)), 'AuthorizationPendingException')
    await rejects(token(auth.deviceCode, at(1.2)), 'SlowDownException', 'slow_down')
    await rejects(token(auth.deviceCode, at(3)), 'AuthorizationPendingException')
    assert.deepEqual(await approve(), { ok: true, userCode: auth.userCode, status: 'approved' })
    const out = await token(auth.deviceCode, at(5))
    assert.equal(out.tokenType, 'Bearer')
    assert.equal(out.expiresIn, 8 * 3600)
    assert.equal(out.refreshToken, undefined, 'no refresh token without scopes')
    const owner = await p.oidc.authenticate(out.accessToken, at(6))
    assert.deepEqual(owner, { ok: true, ...alice })
    // The device code is good once.
    await rejects(token(auth.deviceCode, at(7)), 'InvalidGrantException', 'invalid_grant')
  })

  it('refuses an expired device code with ExpiredTokenException, even once approved', async () => {
    const { token, approve, auth } = await started()
    await rejects(token(auth.deviceCode, at(601)), 'ExpiredTokenException', 'expired_token')
    const late = await approve(alice, at(601))
    assert.deepEqual(late, { ok: false, reason: 'expired' })
  })

  it('a denied code gives AccessDeniedException; unknown codes InvalidGrantException', async () => {
    const { p, token, auth } = await started()
    const approvals = p.approvals
    assert.equal((await approvals.decide(auth.userCode, 'denied', bob, at(1))).ok, true)
    await rejects(token(auth.deviceCode, at(3)), 'AccessDeniedException', 'access_denied')
    await rejects(token('not-a-code', at(3)), 'InvalidGrantException')
  })

  it('a code approved by one user cannot be approved or denied by another', async () => {
    const { p, auth, approve, token } = await started()
    const approvals = p.approvals
    await approve(alice)
    assert.deepEqual(await approvals.decide(auth.userCode, 'approved', bob, at(3)), {
      ok: false,
      reason: 'already-decided',
    })
    assert.deepEqual(await approvals.decide(auth.userCode, 'denied', bob, at(3)), {
      ok: false,
      reason: 'already-decided',
    })
    // Approving twice as the same user is harmless.
    assert.equal(
      (await approvals.decide(auth.userCode.toLowerCase(), 'approved', alice, at(3))).ok,
      true,
    )
    const out = await token()
    assert.deepEqual(await p.oidc.authenticate(out.accessToken, at(6)), { ok: true, ...alice })
    assert.deepEqual(await approvals.decide('AAAA', 'approved', bob, at(3)), {
      ok: false,
      reason: 'malformed',
    })
    assert.deepEqual(await approvals.decide('BCDF-GHJK', 'approved', bob, at(3)), {
      ok: false,
      reason: 'unknown',
    })
  })

  it('refresh tokens for clients registered with scopes: rotated, good once, expire', async () => {
    const { p, client, token, approve } = await started(['sso:account:access'])
    await approve()
    const first = await token()
    assert.ok(first.refreshToken)
    const refresh = (refreshToken: string, now = at(60)) =>
      p.oidc.createToken({ ...client, grantType: REFRESH_TOKEN_GRANT, refreshToken }, now)
    const second = await refresh(first.refreshToken)
    assert.ok(second.refreshToken && second.refreshToken !== first.refreshToken)
    assert.deepEqual(await p.oidc.authenticate(first.accessToken, at(61)), {
      ok: false,
      reason: 'unknown-token',
    })
    await rejects(refresh(first.refreshToken), 'InvalidGrantException')
    await rejects(refresh(second.refreshToken!, at(8 * 24 * 3600)), 'ExpiredTokenException')
    await rejects(
      p.oidc.createToken({ ...client, grantType: 'password' }, NOW),
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
    )
  })

  it('a client without scopes may not use the refresh grant', async () => {
    const { p, client } = await started()
    await rejects(
      p.oidc.createToken({ ...client, grantType: REFRESH_TOKEN_GRANT, refreshToken: 'x' }, NOW),
      'UnauthorizedClientException',
      'unauthorized_client',
    )
  })

  it('access tokens expire and can be revoked', async () => {
    const { p, token, approve } = await started()
    await approve()
    const out = await token()
    assert.equal((await p.oidc.authenticate(out.accessToken, at(8 * 3600 + 5))).ok, false)
    assert.equal(await p.oidc.revoke(out.accessToken), true)
    assert.equal((await p.oidc.authenticate(out.accessToken, at(10))).ok, false)
  })

  it('normalizes typed user codes', () => {
    assert.equal(normalizeUserCode(' bcdf ghjk '), 'BCDF-GHJK')
    assert.equal(normalizeUserCode('BCDFGHJK'), 'BCDF-GHJK')
    assert.equal(normalizeUserCode('ABCD-EFGH'), undefined) // vowels are never issued
    assert.equal(normalizeUserCode(42), undefined)
  })

  it('logs refusals without secrets', async () => {
    const { p, client, auth, token } = await started()
    await token(auth.deviceCode, at(601)).catch(() => {})
    const text = JSON.stringify(p.log.lines)
    for (const secret of [client.clientSecret, auth.deviceCode, auth.userCode]) {
      assert.ok(!text.includes(secret))
    }
    assert.ok(p.log.reasons().includes('device-code-expired'))
  })
})
