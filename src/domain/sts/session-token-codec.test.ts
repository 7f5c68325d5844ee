import assert from 'node:assert/strict'
import { test } from 'node:test'
import { callerFromEnvelope } from './caller-from-envelope.ts'
import { SessionTokenCodec } from './session-token-codec.ts'
import { ACCOUNT, newBox, NOW, roleSessionClaims } from './sts.fixture.ts'

const claims = roleSessionClaims({
  sourceIdentity: 'alice',
  tags: { team: 'infra', cost: '42' },
  transitiveTagKeys: ['team'],
  sessionPolicies: ['{"Version":"2012-10-17","Statement":[]}'],
  mfaAuthenticatedAt: NOW.getTime() - 5000,
  chained: true,
})
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

test('issue then open gives back the same envelope', () => {
  const codec = new SessionTokenCodec(newBox())
  const issued = codec.issue(claims, { now: NOW, durationSeconds: 900 })
  assert.match(issued.accessKeyId, /^ASIA[A-Z0-9]{16}$/)
  assert.equal(issued.secretAccessKey.length, 40)
  assert.equal(issued.expiresAt - issued.issuedAt, 900_000)
  const opened = codec.open(issued.sessionToken, later(899))
  assert.ok(opened.ok)
  const { sessionToken: _t, ...envelope } = issued
  assert.deepEqual(opened.envelope, envelope)
})

test('user claims round-trip, with and without MFA', () => {
  const codec = new SessionTokenCodec(newBox())
  for (const mfa of [{}, { mfaAuthenticatedAt: NOW.getTime() }]) {
    const user = {
      kind: 'user' as const,
      accountId: ACCOUNT,
      userName: 'alice',
      userArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      userId: 'AIDAEXAMPLEEXAMPLE01',
      ...mfa,
    }
    const opened = codec.open(
      codec.issue(user, { now: NOW, durationSeconds: 900 }).sessionToken,
      NOW,
    )
    assert.ok(opened.ok)
    assert.deepEqual(opened.envelope.claims, user)
  }
})

test('federated user claims round-trip and open as a FederatedUser caller', () => {
  const codec = new SessionTokenCodec(newBox())
  const federated = {
    kind: 'federated' as const,
    accountId: ACCOUNT,
    name: 'bob@example.com',
    userName: 'broker',
    userArn: `arn:aws:iam::${ACCOUNT}:user/broker`,
    userId: 'AIDAEXAMPLEEXAMPLE02',
    sessionPolicies: ['{"Version":"2012-10-17","Statement":[]}'],
    tags: { team: 'blue' },
  }
  const opened = codec.open(
    codec.issue(federated, { now: NOW, durationSeconds: 900 }).sessionToken,
    NOW,
  )
  assert.ok(opened.ok)
  assert.deepEqual(opened.envelope.claims, federated)
  const caller = callerFromEnvelope(opened.envelope)
  assert.equal(caller.type, 'FederatedUser')
  assert.equal(caller.arn, `arn:aws:sts::${ACCOUNT}:federated-user/bob@example.com`)
  assert.equal(caller.principalArn, caller.arn)
  assert.equal(caller.userId, `${ACCOUNT}:bob@example.com`)
  assert.equal(caller.userName, undefined)
})

test('two issues give different keys, secrets and tokens', () => {
  const codec = new SessionTokenCodec(newBox())
  const a = codec.issue(claims, { now: NOW, durationSeconds: 900 })
  const b = codec.issue(claims, { now: NOW, durationSeconds: 900 })
  assert.notEqual(a.accessKeyId, b.accessKeyId)
  assert.notEqual(a.secretAccessKey, b.secretAccessKey)
  assert.notEqual(a.sessionToken, b.sessionToken)
})

test('a token is refused as expired from its expiry on', () => {
  const codec = new SessionTokenCodec(newBox())
  const { sessionToken } = codec.issue(claims, { now: NOW, durationSeconds: 900 })
  assert.deepEqual(codec.open(sessionToken, later(900)), { ok: false, reason: 'expired' })
  assert.deepEqual(codec.open(sessionToken, later(86400)), { ok: false, reason: 'expired' })
})

test('every altered byte makes the token invalid', () => {
  const codec = new SessionTokenCodec(newBox())
  const { sessionToken } = codec.issue(claims, { now: NOW, durationSeconds: 3600 })
  const raw = Buffer.from(sessionToken, 'base64url')
  for (let i = 0; i < raw.length; i++) {
    for (const bit of [0x01, 0x80]) {
      const t = Buffer.from(raw)
      t[i] = t[i]! ^ bit
      assert.deepEqual(codec.open(t.toString('base64url'), NOW), { ok: false, reason: 'invalid' })
    }
  }
  assert.deepEqual(codec.open(raw.subarray(0, raw.length - 1).toString('base64url'), NOW), {
    ok: false,
    reason: 'invalid',
  })
})

test('garbage, empty text and other purposes are invalid', () => {
  const box = newBox()
  const codec = new SessionTokenCodec(box)
  for (const t of ['', 'x', 'AAAA', 'not a token at all', '\u0000'.repeat(80)]) {
    assert.deepEqual(codec.open(t, NOW), { ok: false, reason: 'invalid' })
  }
  // Sealed by the same key for another purpose.
  const { sessionToken } = codec.issue(claims, { now: NOW, durationSeconds: 3600 })
  const inner = box.open('session-token', sessionToken)!
  assert.deepEqual(codec.open(box.seal('authorization-message', inner), NOW), {
    ok: false,
    reason: 'invalid',
  })
  // Sealed with the right purpose but content that is not an envelope.
  assert.deepEqual(codec.open(box.seal('session-token', 'hello'), NOW), {
    ok: false,
    reason: 'invalid',
  })
})

test("another server's key cannot open a token", () => {
  const a = new SessionTokenCodec(newBox())
  const b = new SessionTokenCodec(newBox())
  const { sessionToken } = a.issue(claims, { now: NOW, durationSeconds: 3600 })
  assert.deepEqual(b.open(sessionToken, NOW), { ok: false, reason: 'invalid' })
})

test('tokens stay compact', () => {
  const codec = new SessionTokenCodec(newBox())
  const plain = roleSessionClaims()
  assert.ok(codec.issue(plain, { now: NOW, durationSeconds: 3600 }).sessionToken.length < 600)
  // Ten managed policies of 6 KB each still fit comfortably in a header.
  const big = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 60 }, (_, i) => ({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    })),
  })
  const heavy = roleSessionClaims({ sessionPolicies: Array(10).fill(big) })
  assert.ok(codec.issue(heavy, { now: NOW, durationSeconds: 3600 }).sessionToken.length < 8192)
})

test('callerFromEnvelope: role sessions and user sessions', () => {
  const codec = new SessionTokenCodec(newBox())
  const roleEnv = codec.issue(roleSessionClaims(), { now: NOW, durationSeconds: 3600 })
  const c = callerFromEnvelope(roleEnv)
  assert.deepEqual(
    { ...c, session: undefined },
    {
      accountId: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/first/s1`,
      principalArn: `arn:aws:iam::${ACCOUNT}:role/first`,
      userId: 'AROAFIRSTFIRSTFIRST1:s1',
      type: 'AssumedRole',
      accessKeyId: roleEnv.accessKeyId,
      session: undefined,
    },
  )
  assert.equal(c.session, roleEnv)
  const userEnv = codec.issue(
    {
      kind: 'user',
      accountId: ACCOUNT,
      userName: 'alice',
      userArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      userId: 'AIDAX',
    },
    { now: NOW, durationSeconds: 3600 },
  )
  const u = callerFromEnvelope(userEnv)
  assert.equal(u.type, 'User')
  assert.equal(u.userName, 'alice')
  assert.equal(u.arn, `arn:aws:iam::${ACCOUNT}:user/alice`)
  assert.equal(u.userId, 'AIDAX')
  const rootEnv = codec.issue(
    {
      kind: 'user',
      accountId: ACCOUNT,
      userName: 'root',
      userArn: `arn:aws:iam::${ACCOUNT}:root`,
      userId: ACCOUNT,
    },
    { now: NOW, durationSeconds: 3600 },
  )
  const r = callerFromEnvelope(rootEnv)
  assert.equal(r.type, 'Account')
  assert.equal(r.userName, undefined)
  assert.equal(r.userId, ACCOUNT)
})

test('text that decodes to the same bytes but is not the issued text is invalid', () => {
  const codec = new SessionTokenCodec(newBox())
  const { sessionToken } = codec.issue(claims, { now: NOW, durationSeconds: 3600 })
  for (const t of [
    sessionToken + '!',
    ` ${sessionToken}`,
    sessionToken + '=',
    sessionToken.replace(/^(.{10})/, '$1\n'),
  ]) {
    assert.deepEqual(codec.open(t, NOW), { ok: false, reason: 'invalid' })
  }
})
