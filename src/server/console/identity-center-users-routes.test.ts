import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import type { SessionEnvelope } from '../../domain/common/caller.ts'
import {
  ConsoleApi,
  ConsoleSessions,
  MemoryConsoleSessionStore,
  type IamConsoleSignIn,
} from '../../domain/identity-center/console/index.ts'
import {
  admin,
  CAROL,
  fakeAws,
  readOnly,
} from '../../domain/identity-center/console/identity-center-users.fixture.ts'
import { silentLog } from '../server-log.ts'
import { createConsoleRoutes } from './console-routes.ts'

const aws = fakeAws()
const envelopes: Record<string, SessionEnvelope> = { admin, readOnly }
const sessions = new ConsoleSessions(new MemoryConsoleSessionStore())
const api = new ConsoleApi({
  sessions,
  openToken: (token) =>
    envelopes[token] === undefined
      ? { ok: false, reason: 'invalid' }
      : { ok: true, envelope: envelopes[token] },
  iamSignIn: {} as IamConsoleSignIn,
  call: aws.run,
  log: silentLog,
})
const routes = createConsoleRoutes({ console: api, log: silentLog })
const server = createServer((req, res) => void routes.handle(req, res))
let base = ''

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console/api/`
})
after(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** A console session signed in as `who` (its cookie and CSRF token). */
async function session(who: 'admin' | 'readOnly') {
  const opened = await sessions.open(
    { origin: 'iam-user', baseToken: who, baseExpiresAt: Date.now() + 3600_000 },
    new Date(),
  )
  return { cookie: `xaccess_console=${opened.id}`, csrf: opened.record.csrfToken }
}

async function call(
  method: 'GET' | 'POST',
  path: string,
  s: { cookie: string; csrf?: string },
  body?: object,
) {
  const headers: Record<string, string> = { cookie: s.cookie }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (s.csrf !== undefined) headers['x-xaccess-csrf'] = s.csrf
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

test('GET identity-center-users lists the users as the session', async () => {
  const s = await session('readOnly')
  const r = await call('GET', 'identity-center-users', { cookie: s.cookie })
  assert.equal(r.status, 200)
  assert.deepEqual(r.json.users, [{ UserId: CAROL, UserName: 'carol' }])
  assert.equal((await call('GET', 'identity-center-users', { cookie: 'x=y' })).status, 401)
})

test('POST identity-center-password needs the CSRF token, then sets the password', async () => {
  const s = await session('admin')
  const body = { userName: 'carol', password: 'Route-password 1!' }
  const noCsrf = await call('POST', 'identity-center-password', { cookie: s.cookie }, body)
  assert.deepEqual([noCsrf.status, noCsrf.json.code], [403, 'CsrfTokenMismatch'])
  const wrong = await call('POST', 'identity-center-password', { ...s, csrf: 'nope' }, body)
  assert.deepEqual([wrong.status, wrong.json.code], [403, 'CsrfTokenMismatch'])
  assert.equal(aws.passwords.size, 0)
  const done = await call('POST', 'identity-center-password', s, body)
  assert.deepEqual([done.status, done.json], [200, { userName: 'carol', userId: CAROL }])
  assert.equal(aws.passwords.get(CAROL), body.password)
})

test("POST identity-center-password answers AWS's refusals with their code and message", async () => {
  const refusal = async (who: 'admin' | 'readOnly', body: object) => {
    const r = await call('POST', 'identity-center-password', await session(who), body)
    return [r.status, r.json.code, r.json.message]
  }
  const [status, code, message] = await refusal('readOnly', {
    userName: 'carol',
    password: 'Other-password 2!',
  })
  assert.deepEqual([status, code], [403, 'AccessDeniedException'])
  assert.match(String(message), /is not authorized to perform: identitystore:UpdateUser/)
  assert.deepEqual(await refusal('admin', { userName: 'carol', password: 'weak' }), [
    400,
    'ValidationException',
    'Password must be 8 to 64 characters long.',
  ])
  assert.deepEqual(
    (await refusal('admin', { userName: 'zed', password: 'Other-password 2!' })).slice(0, 2),
    [404, 'ResourceNotFoundException'],
  )
  assert.deepEqual((await refusal('admin', { password: 'Other-password 2!' })).slice(0, 2), [
    400,
    'BadRequest',
  ])
})
