import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  DEV,
  GOOD_CODE,
  REGISTRATION_CODE,
} from '../../domain/identity-center/portal/portal.fixture.ts'
import type { Authenticator } from '../authenticate.ts'
import type { Dispatcher } from '../dispatcher.ts'
import { createHttpHandler } from '../http-handler.ts'
import { routeRequest } from '../route-request.ts'
import { silentLog } from '../server-log.ts'
import { PortalClient, startPortalServer } from './portal-test-server.fixture.ts'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

describe('portal routes over HTTP', () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>
  before(async () => {
    server = await startPortalServer()
  })
  after(() => server.close())

  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })

  it('signs in: session cookie HttpOnly, SameSite=Strict, Path=/portal, not Secure over http', async () => {
    const client = new PortalClient(server.url)
    const r = await client.signInAlice()
    assert.equal(r.status, 200)
    assert.equal(r.json.signedIn, true)
    assert.equal(r.json.userName, 'alice')
    assert.match(
      r.setCookie!,
      /^xaccess_portal=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/portal; Max-Age=3600$/,
    )
    assert.equal(r.headers.get('cache-control'), 'no-store')
    const me = await client.call('GET', 'me')
    assert.equal(me.status, 200)
    assert.equal(me.json.csrfToken, client.csrf)
  })

  it('401 with a clear message on a wrong password; mfaRequired without TOTP', async () => {
    const client = new PortalClient(server.url)
    const wrong = await client.call('POST', 'sign-in', { username: 'alice', password: 'x' })
    assert.equal(wrong.status, 401)
    assert.deepEqual(wrong.json, {
      code: 'InvalidCredentials',
      message: 'incorrect username or password',
    })
    assert.equal(wrong.setCookie, null)
    const mfa = await client.call('POST', 'sign-in', {
      username: 'alice',
      password: 'alice-password-1',
    })
    assert.equal(mfa.status, 401)
    assert.equal(mfa.json.mfaRequired, true)
  })

  it('refuses a forged cookie (and clears it), missing CSRF, and non-JSON posts', async () => {
    const forged = new PortalClient(server.url)
    forged.cookie = `xaccess_portal=${'A'.repeat(43)}`
    const me = await forged.call('GET', 'me')
    assert.equal(me.status, 401)
    assert.equal(me.json.code, 'NotSignedIn')
    assert.match(me.setCookie!, /^xaccess_portal=; .*Max-Age=0/)

    const client = new PortalClient(server.url)
    await client.signInAlice()
    const noCsrf = await client.call(
      'POST',
      'credentials',
      { accountId: DEV, roleName: 'AdministratorAccess' },
      false,
    )
    assert.equal(noCsrf.status, 403)
    assert.equal(noCsrf.json.code, 'CsrfTokenMismatch')
    const form = await fetch(`${server.url}/portal/api/credentials`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: client.cookie!,
        'x-xaccess-csrf': client.csrf!,
      },
      body: 'accountId=1',
    })
    assert.equal(form.status, 400)
    const ok = await client.call('POST', 'credentials', {
      accountId: DEV,
      roleName: 'AdministratorAccess',
    })
    assert.equal(ok.status, 200)
    assert.match((ok.json.roleCredentials as { accessKeyId: string }).accessKeyId, /^ASIA/)
    const accounts = await client.call('GET', 'accounts')
    assert.equal((accounts.json.accounts as unknown[]).length, 2)
    const out = await client.call('POST', 'sign-out', {})
    assert.equal(out.status, 200)
    assert.equal((await client.call('GET', 'me')).status, 401)
  })

  it('registers MFA at first sign-in over HTTP', async () => {
    const client = new PortalClient(server.url)
    const r = await client.call('POST', 'sign-in', { username: 'bob', password: 'bob-password-1' })
    assert.equal(r.status, 200)
    assert.match((r.json.mfaRegistration as { uri: string }).uri, /^otpauth:/)
    assert.match(r.setCookie!, /Max-Age=900/)
    assert.equal((await client.call('GET', 'accounts')).status, 403)
    const wrong = await client.call('POST', 'mfa/confirm', { code: GOOD_CODE })
    assert.equal(wrong.status, 401)
    const first = client.cookie
    const done = await client.call('POST', 'mfa/confirm', { code: REGISTRATION_CODE })
    assert.equal(done.status, 200)
    assert.notEqual(client.cookie, first)
    assert.equal((await client.call('GET', 'accounts')).status, 200)
  })

  it('runs the device flow: register, start, pending, approve, token, accounts, credentials, logout', async () => {
    const reg = (await (
      await post('/client/register', { clientName: 'cli', clientType: 'public' })
    ).json()) as Record<string, unknown>
    const start = await post('/device_authorization', { ...reg, startUrl: `${server.url}/portal` })
    const auth = (await start.json()) as Record<string, string>
    assert.equal(auth.verificationUri, `${server.url}/portal/device`)
    const poll = () =>
      post('/token', { ...reg, grantType: DEVICE_GRANT, deviceCode: auth.deviceCode })
    const pending = await poll()
    assert.equal(pending.status, 400)
    assert.equal(pending.headers.get('x-amzn-errortype'), 'AuthorizationPendingException')
    assert.deepEqual(await pending.json(), {
      error: 'authorization_pending',
      error_description: 'Authorization is still pending',
    })
    const client = new PortalClient(server.url)
    await client.signInAlice()
    const approved = await client.call('POST', 'device/approve', { userCode: auth.userCode })
    assert.deepEqual(approved.json, { userCode: auth.userCode, status: 'approved' })
    const token = (await (await poll()).json()) as { accessToken: string }
    const get = (path: string, bearer = token.accessToken) =>
      fetch(`${server.url}${path}`, { headers: { 'x-amz-sso_bearer_token': bearer } })
    const accounts = (await (await get('/assignment/accounts?max_result=1')).json()) as {
      accountList: unknown[]
      nextToken?: string
    }
    assert.equal(accounts.accountList.length, 1)
    assert.ok(accounts.nextToken)
    const roles = await (await get(`/assignment/roles?account_id=${DEV}`)).json()
    assert.deepEqual(roles, { roleList: [{ roleName: 'AdministratorAccess', accountId: DEV }] })
    const creds = (await (
      await get(`/federation/credentials?role_name=AdministratorAccess&account_id=${DEV}`)
    ).json()) as { roleCredentials: { expiration: unknown } }
    assert.equal(typeof creds.roleCredentials.expiration, 'number')
    const denied = await get(`/federation/credentials?role_name=Nope&account_id=${DEV}`)
    assert.equal(denied.status, 403)
    assert.equal(denied.headers.get('x-amzn-errortype'), 'ForbiddenException')
    const logout = await fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { 'x-amz-sso_bearer_token': token.accessToken },
    })
    assert.equal(logout.status, 200)
    const gone = await get('/assignment/accounts')
    assert.equal(gone.status, 401)
    assert.deepEqual(await gone.json(), { message: 'Session token not found or invalid' })
  })

  it('refuses bodies past 64 KiB', async () => {
    const r = await post('/client/register', {
      clientName: 'x'.repeat(70_000),
      clientType: 'public',
    })
    assert.equal(r.status, 413)
  })
})

describe('the server hands these routes to the portal before SigV4', () => {
  it('routes the unsigned paths, and only without X-Amz-Target', () => {
    for (const path of [
      '/client/register',
      '/device_authorization',
      '/token',
      '/assignment/accounts?x=1',
      '/federation/credentials',
      '/logout',
      '/portal/api/sign-in',
    ]) {
      assert.deepEqual(routeRequest('POST', path, undefined), { kind: 'identity-center' }, path)
    }
    assert.equal(routeRequest('POST', '/portal/index.html', undefined).kind, 'not-found')
    assert.equal(routeRequest('POST', '/token', 'SWBExternalService.ListInstances').kind, 'json')
  })

  it('createHttpHandler answers /client/register without any signature', async () => {
    const { routes, close } = await startPortalServer()
    const handler = createHttpHandler({
      services: new Map(),
      authenticator: {} as Authenticator,
      dispatcher: {} as Dispatcher,
      log: silentLog,
      version: 'test',
      portal: routes,
    })
    const server = createServer(handler)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const r = await fetch(`http://127.0.0.1:${port}/client/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientName: 'c', clientType: 'public' }),
      })
      assert.equal(r.status, 200)
      assert.ok(((await r.json()) as { clientId?: string }).clientId)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await close()
    }
  })
})
