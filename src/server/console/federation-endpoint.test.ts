import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { SessionTokenCodec } from '../../domain/sts/session-token-codec.ts'
import { newBox, NOW, roleSessionClaims } from '../../domain/sts/sts.fixture.ts'
import { createFederationEndpoint, SIGNIN_TOKEN_LIFETIME_MS } from './federation-endpoint.ts'

const box = newBox()
const codec = new SessionTokenCodec(box)
let clock = NOW
const federated: unknown[] = []
const handler = createFederationEndpoint({
  box,
  codec,
  now: () => clock,
  console: {
    federate: async (input) => {
      federated.push(input)
      return { id: 'console-session-id', expiresAt: clock.getTime() + 3_600_000, view: {} } as never
    },
  },
})
let server: Server
let origin: string
before(async () => {
  server = createServer((req, res) => void handler(req, res))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => server.close())

const get = (params: Record<string, string>) =>
  fetch(`${origin}/federation?${new URLSearchParams(params)}`, { redirect: 'manual' })

async function tokenFor(claims = roleSessionClaims(), extra: Record<string, string> = {}) {
  const issued = codec.issue(claims, { now: clock, durationSeconds: 7200 })
  const session = JSON.stringify({
    sessionId: issued.accessKeyId,
    sessionKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken,
  })
  return get({ Action: 'getSigninToken', Session: session, ...extra })
}
const signinToken = async () =>
  ((await (await tokenFor()).json()) as { SigninToken: string }).SigninToken
const login = (SigninToken: string, Destination = `${origin}/console/`) =>
  get({ Action: 'login', Issuer: 'test', Destination, SigninToken })

test('a sign-in token works until 15 minutes have passed, then is refused', async () => {
  clock = NOW
  const fresh = await signinToken()
  const stale = await signinToken()
  clock = new Date(NOW.getTime() + SIGNIN_TOKEN_LIFETIME_MS - 1)
  const ok = await login(fresh)
  assert.equal(ok.status, 302)
  assert.match(
    ok.headers.get('set-cookie') ?? '',
    /^xaccess_console=console-session-id;.*Path=\/console/,
  )
  clock = new Date(NOW.getTime() + SIGNIN_TOKEN_LIFETIME_MS)
  const expired = await login(stale)
  assert.equal(expired.status, 400)
  assert.equal(expired.headers.get('set-cookie'), null)
  clock = NOW
})

test('the credentials reach federate as they were given, once', async () => {
  federated.length = 0
  const token = await signinToken()
  assert.equal((await login(token)).status, 302)
  assert.equal((await login(token)).status, 400)
  assert.equal(federated.length, 1)
  assert.deepEqual(Object.keys(federated[0] as object).sort(), [
    'accessKeyId',
    'secretAccessKey',
    'sessionToken',
  ])
})

test('destinations: only this origin under /console', async () => {
  for (const destination of [
    'https://evil.example/console/',
    `${origin}/portal/`,
    `${origin}/consolex`,
    '/console/',
    `//evil.example/console/`,
    `javascript:alert(1)`,
  ]) {
    const r = await login(await signinToken(), destination)
    assert.equal(r.status, 400, destination)
    assert.equal(r.headers.get('location'), null, destination)
  }
  const r = await login(await signinToken(), `${origin}/console/iam?x=1`)
  assert.equal(r.status, 302)
  assert.equal(r.headers.get('location'), `${origin}/console/iam?x=1`)
})

test('SessionDuration: 900–43200 for a role session, never for a chained one', async () => {
  assert.equal((await tokenFor(roleSessionClaims(), { SessionDuration: '900' })).status, 200)
  assert.equal((await tokenFor(roleSessionClaims(), { SessionDuration: '43200' })).status, 200)
  assert.equal((await tokenFor(roleSessionClaims(), { SessionDuration: '43201' })).status, 400)
  assert.equal((await tokenFor(roleSessionClaims(), { SessionDuration: '1e3' })).status, 400)
  const chained = roleSessionClaims({ chained: true })
  assert.equal((await tokenFor(chained)).status, 200)
  assert.equal((await tokenFor(chained, { SessionDuration: '3600' })).status, 400)
})

test('malformed Session and unknown Action are refused', async () => {
  assert.equal((await get({ Action: 'getSigninToken', Session: '{' })).status, 400)
  assert.equal((await get({ Action: 'getSigninToken', Session: '{}' })).status, 400)
  assert.equal((await get({ Action: 'nope' })).status, 400)
  assert.equal((await login('not-a-token')).status, 400)
})
