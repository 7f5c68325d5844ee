import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SessionEnvelope } from '../../common/caller.ts'
import { ConsoleApi } from './console-api.ts'
import type { ConsoleCaller } from './console-session-record.ts'
import { ConsoleSessions } from './console-sessions.ts'
import type { IamConsoleSignIn } from './iam-console-sign-in.ts'
import {
  admin,
  CAROL,
  fakeAws,
  now,
  readOnly,
  request,
  STORE,
} from './identity-center-users.fixture.ts'
import { MemoryConsoleSessionStore } from './memory-console-session-store.ts'

async function setUp() {
  const aws = fakeAws()
  const events: string[] = []
  const log = {
    info: (event: string, fields?: Record<string, unknown>) =>
      events.push(`${event} ${JSON.stringify(fields)}`),
    warn: () => undefined,
  }
  const sessions = new ConsoleSessions(new MemoryConsoleSessionStore())
  const api = new ConsoleApi({
    sessions,
    openToken: () => ({ ok: false, reason: 'invalid' }),
    iamSignIn: {} as IamConsoleSignIn,
    call: aws.run,
    log,
  })
  const { record } = await sessions.open(
    { origin: 'iam-user', baseToken: 't', baseExpiresAt: admin.expiresAt },
    now,
  )
  const as = (current: SessionEnvelope): ConsoleCaller => ({ record, base: admin, current })
  return { api, aws, events, as }
}

test('the users view lists the instance and its users as the current identity', async () => {
  const { api, aws, as } = await setUp()
  const page = await api.identityCenterUsers(as(readOnly), {}, request)
  assert.deepEqual(page, {
    instance: { instanceArn: 'arn:aws:sso:::instance/ssoins-1', identityStoreId: STORE },
    users: [{ UserId: CAROL, UserName: 'carol' }],
  })
  assert.deepEqual(
    aws.calls.map((c) => [c.op, c.as]),
    [
      ['sso-admin:ListInstances', 'arn:aws:sts::111111111111:assumed-role/ReadOnly/admin'],
      ['identitystore:ListUsers', 'arn:aws:sts::111111111111:assumed-role/ReadOnly/admin'],
    ],
  )
  await api.identityCenterUsers(as(admin), { nextToken: 'abc' }, request)
  assert.deepEqual(aws.calls.at(-1)?.input, { IdentityStoreId: STORE, NextToken: 'abc' })
})

test('Set password: GetUserId, then XaccessSetUserPassword, as the current identity', async () => {
  const { api, aws, events, as } = await setUp()
  const password = 'New-password 42!'
  const out = await api.setIdentityCenterPassword(
    as(admin),
    { userName: 'carol', password, identityStoreId: STORE },
    request,
  )
  assert.deepEqual(out, { userName: 'carol', userId: CAROL })
  assert.deepEqual(
    aws.calls.map((c) => c.op),
    ['identitystore:GetUserId', 'identitystore:XaccessSetUserPassword'],
  )
  assert.deepEqual(aws.calls[1]?.input, {
    IdentityStoreId: STORE,
    UserId: CAROL,
    Password: password,
  })
  assert.ok(aws.calls.every((c) => c.as === 'arn:aws:iam::111111111111:user/admin'))
  assert.equal(aws.passwords.get(CAROL), password)
  assert.equal(events.length, 1)
  assert.ok(!events[0]!.includes(password), 'the password is never logged')
  // Without an identity store id the organization's instance's is used.
  await api.setIdentityCenterPassword(as(admin), { userName: 'carol', password }, request)
  assert.deepEqual(
    aws.calls.slice(2).map((c) => c.op),
    ['sso-admin:ListInstances', 'identitystore:GetUserId', 'identitystore:XaccessSetUserPassword'],
  )
})

test("Set password: AWS's AccessDenied, weak password and unknown user pass through", async () => {
  const { api, aws, as } = await setUp()
  const set = (current: SessionEnvelope, input: Record<string, unknown>) =>
    api.setIdentityCenterPassword(as(current), { identityStoreId: STORE, ...input }, request)
  await assert.rejects(set(readOnly, { userName: 'carol', password: 'New-password 42!' }), {
    code: 'AccessDeniedException',
    httpStatus: 403,
    message: /assumed-role\/ReadOnly\/admin is not authorized to perform: identitystore:UpdateUser/,
  })
  await assert.rejects(set(admin, { userName: 'carol', password: 'short' }), {
    code: 'ValidationException',
    message: 'Password must be 8 to 64 characters long.',
  })
  await assert.rejects(set(admin, { userName: 'carol', password: 'alllowercase1!' }), {
    code: 'ValidationException',
    message: /uppercase letter, a lowercase letter, a number and a non-alphanumeric/,
  })
  await assert.rejects(set(admin, { userName: 'nobody', password: 'New-password 42!' }), {
    code: 'ResourceNotFoundException',
    httpStatus: 404,
    message: `USER not found. No user named 'nobody' in identity store ${STORE}.`,
  })
  assert.equal(aws.passwords.size, 0)
})

test('Set password: malformed requests are refused before any call', async () => {
  const { api, aws, as } = await setUp()
  for (const input of [
    { password: 'New-password 42!' },
    { userName: 'carol' },
    { userName: 'carol', password: 'New-password 42!', identityStoreId: 7 },
    { userName: 'x'.repeat(129), password: 'New-password 42!' },
  ]) {
    await assert.rejects(api.setIdentityCenterPassword(as(admin), input, request), {
      code: 'BadRequest',
      httpStatus: 400,
    })
  }
  assert.equal(aws.calls.length, 0)
})
