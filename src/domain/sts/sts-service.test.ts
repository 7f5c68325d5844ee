import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isDomainError } from '../common/domain-error.ts'
import type { Operation } from '../common/operation.ts'
import { SessionTokenCodec } from './session-token-codec.ts'
import { createStsService } from './sts-service.ts'
import {
  ACCOUNT,
  bobCaller,
  FakeDirectory,
  fakeCall,
  invoke,
  newBox,
  NOW,
  rootCaller,
  roleSessionClaims,
  sessionCaller,
  userCaller,
} from './sts.fixture.ts'

function setup() {
  const directory = new FakeDirectory()
  const box = newBox()
  const codec = new SessionTokenCodec(box)
  const sts = createStsService({ directory, codec, box })
  const op = (name: string) =>
    sts.operations[name] as unknown as Operation<unknown, Record<string, unknown>>
  return { directory, box, codec, sts, op }
}

async function rejectsWith(p: Promise<unknown>, code: string, message: string, status: number) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isDomainError(e), String(e))
    assert.deepEqual([e.code, e.message, e.httpStatus], [code, message, status])
    return true
  })
}

test('the service: name, operations, AccessDenied as AWS shapes it', () => {
  const { sts } = setup()
  assert.equal(sts.name, 'sts')
  assert.deepEqual(Object.keys(sts.operations).sort(), [
    'AssumeRole',
    'DecodeAuthorizationMessage',
    'GetAccessKeyInfo',
    'GetCallerIdentity',
    'GetFederationToken',
    'GetSessionToken',
  ])
  const e = sts.accessDenied('User: x is not authorized')
  assert.deepEqual(
    [e.code, e.httpStatus, e.message],
    ['AccessDenied', 403, 'User: x is not authorized'],
  )
})

test('GetCallerIdentity needs no authorization, for every kind of caller', async () => {
  const { op, codec } = setup()
  const session = sessionCaller(codec, roleSessionClaims())
  for (const [caller, expected] of [
    [userCaller, { UserId: 'AIDAEXAMPLEEXAMPLE01', Account: ACCOUNT, Arn: userCaller.arn }],
    [rootCaller, { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` }],
    [
      session,
      {
        UserId: 'AROAFIRSTFIRSTFIRST1:s1',
        Account: ACCOUNT,
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/first/s1`,
      },
    ],
  ] as const) {
    // Every authorization would be denied: GetCallerIdentity asks none.
    const call = fakeCall(caller, ['sts:GetCallerIdentity'])
    assert.deepEqual(await invoke(op('GetCallerIdentity'), {}, call), expected)
    assert.deepEqual(call.requests, [])
  }
})

test('GetSessionToken: user session, default 12 hours, no authorization', async () => {
  const { op, codec } = setup()
  const call = fakeCall(userCaller)
  const out = (await invoke(op('GetSessionToken'), {}, call)) as {
    Credentials: { SessionToken: string; Expiration: Date; AccessKeyId: string }
  }
  assert.deepEqual(call.requests, [])
  assert.deepEqual(Object.keys(out), ['Credentials'])
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 43200_000)
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok)
  assert.deepEqual(opened.envelope.claims, {
    kind: 'user',
    accountId: ACCOUNT,
    userName: 'alice',
    userArn: userCaller.arn,
    userId: userCaller.userId,
  })
})

test('GetSessionToken: MFA session, durations, root capped at one hour', async () => {
  const { op, codec, directory } = setup()
  const serial = `arn:aws:iam::${ACCOUNT}:mfa/alice`
  directory.devices.set(serial, userCaller.userId)
  const out = (await invoke(
    op('GetSessionToken'),
    { DurationSeconds: '129600', SerialNumber: serial, TokenCode: '123456' },
    fakeCall(userCaller),
  )) as { Credentials: { SessionToken: string; Expiration: Date } }
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 129600_000)
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok)
  assert.equal(opened.envelope.claims.mfaAuthenticatedAt, NOW.getTime())

  const root = (await invoke(
    op('GetSessionToken'),
    { DurationSeconds: 7200 },
    fakeCall(rootCaller),
  )) as {
    Credentials: { SessionToken: string; Expiration: Date }
  }
  assert.equal(root.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000)
  const rootOpened = codec.open(root.Credentials.SessionToken, NOW)
  assert.ok(rootOpened.ok && rootOpened.envelope.claims.kind === 'user')
  assert.equal(rootOpened.envelope.claims.userName, 'root')
})

test('GetSessionToken errors: session credentials, bad MFA, durations', async () => {
  const { op, codec, directory } = setup()
  directory.devices.set(`arn:aws:iam::${ACCOUNT}:mfa/alice`, userCaller.userId)
  await rejectsWith(
    invoke(op('GetSessionToken'), {}, fakeCall(sessionCaller(codec, roleSessionClaims()))),
    'AccessDenied',
    'Cannot call GetSessionToken with session credentials',
    403,
  )
  await rejectsWith(
    invoke(
      op('GetSessionToken'),
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: '000000' },
      fakeCall(userCaller),
    ),
    'AccessDenied',
    'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    403,
  )
  // A device not associated with the caller: another user's, or any device for the root user
  // (devices are assigned to IAM users only).
  for (const caller of [bobCaller, rootCaller]) {
    await rejectsWith(
      invoke(
        op('GetSessionToken'),
        { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: '123456' },
        fakeCall(caller),
      ),
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      403,
    )
  }
  await rejectsWith(
    invoke(op('GetSessionToken'), { DurationSeconds: 129601 }, fakeCall(userCaller)),
    'ValidationError',
    "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
    400,
  )
  await rejectsWith(
    invoke(op('GetSessionToken'), { TokenCode: '12a456' }, fakeCall(userCaller)),
    'ValidationError',
    "1 validation error detected: Value '12a456' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    400,
  )
})

test('GetAccessKeyInfo: authorization, known keys, own temporary key, unknown key', async () => {
  const { op, directory, codec } = setup()
  directory.keys.set('AKIAOTHEROTHEROTHER1', '333333333333')
  const call = fakeCall(userCaller)
  assert.deepEqual(
    await invoke(op('GetAccessKeyInfo'), { AccessKeyId: 'AKIAOTHEROTHEROTHER1' }, call),
    {
      Account: '333333333333',
    },
  )
  assert.deepEqual(call.requests, [{ action: 'sts:GetAccessKeyInfo', resource: '*' }])
  const session = sessionCaller(codec, roleSessionClaims())
  assert.deepEqual(
    await invoke(op('GetAccessKeyInfo'), { AccessKeyId: session.accessKeyId }, fakeCall(session)),
    {
      Account: ACCOUNT,
    },
  )
  await assert.rejects(
    invoke(op('GetAccessKeyInfo'), { AccessKeyId: 'AKIANOPENOPENOPENOPE' }, fakeCall(userCaller)),
    /ValidationError|not issued/,
  )
  await rejectsWith(
    invoke(op('GetAccessKeyInfo'), { AccessKeyId: 'short' }, fakeCall(userCaller)),
    'ValidationError',
    "1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
    400,
  )
})

test('DecodeAuthorizationMessage: authorization, decoding, tampered and foreign messages', async () => {
  const { op, box } = setup()
  const text = JSON.stringify({ allowed: false, explicitDeny: false })
  const encoded = box.seal('authorization-message', text)
  const call = fakeCall(userCaller)
  assert.deepEqual(
    await invoke(op('DecodeAuthorizationMessage'), { EncodedMessage: encoded }, call),
    {
      DecodedMessage: text,
    },
  )
  assert.deepEqual(call.requests, [{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }])
  const raw = Buffer.from(encoded, 'base64url')
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 1
  for (const bad of [
    raw.toString('base64url'),
    newBox().seal('authorization-message', text),
    box.seal('session-token', text),
    'garbage',
  ]) {
    await rejectsWith(
      invoke(op('DecodeAuthorizationMessage'), { EncodedMessage: bad }, fakeCall(userCaller)),
      'InvalidAuthorizationMessageException',
      'The message passed to DecodeAuthorizationMessage was invalid.',
      400,
    )
  }
  await rejectsWith(
    invoke(op('DecodeAuthorizationMessage'), {}, fakeCall(userCaller)),
    'ValidationError',
    "1 validation error detected: Value null at 'encodedMessage' failed to satisfy constraint: Member must not be null",
    400,
  )
})
