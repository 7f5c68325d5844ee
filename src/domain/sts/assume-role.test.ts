import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isDomainError } from '../common/domain-error.ts'
import { assumeRoleOperation, TRUSTS_NOBODY } from './assume-role.ts'
import { SessionTokenCodec } from './session-token-codec.ts'
import {
  ACCOUNT,
  bobCaller,
  FakeDenied,
  FakeDirectory,
  fakeCall,
  invoke,
  newBox,
  NOW,
  OTHER_ACCOUNT,
  role,
  roleSessionClaims,
  sessionCaller,
  userCaller,
} from './sts.fixture.ts'

const ROLE_ARN = role().roleArn

function setup() {
  const directory = new FakeDirectory()
  const codec = new SessionTokenCodec(newBox())
  const op = assumeRoleOperation({ directory, codec })
  return { directory, codec, op }
}

/** Asserts that `p` rejects with a DomainError of `code`, `status` and exactly `message`. */
async function rejectsWith(
  p: Promise<unknown>,
  code: string,
  message: string | RegExp,
  status = 400,
) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isDomainError(e), `not a DomainError: ${String(e)}`)
    assert.equal(e.code, code)
    assert.equal(e.httpStatus, status)
    if (typeof message === 'string') assert.equal(e.message, message)
    else assert.match(e.message, message)
    return true
  })
}

test('assumes a role: credentials, assumed-role user, the exact authorization request', async () => {
  const { op, codec } = setup()
  const call = fakeCall(userCaller)
  const out = await invoke(op, { RoleArn: ROLE_ARN, RoleSessionName: 'build-42' }, call)
  assert.deepEqual(Object.keys(out), ['Credentials', 'AssumedRoleUser'])
  assert.deepEqual(out.AssumedRoleUser, {
    AssumedRoleId: 'AROAEXAMPLEEXAMPLE01:build-42',
    Arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/deployer/build-42`,
  })
  assert.match(out.Credentials.AccessKeyId, /^ASIA/)
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000)
  assert.deepEqual(call.requests, [
    {
      action: 'sts:AssumeRole',
      resource: ROLE_ARN,
      resourceAccount: OTHER_ACCOUNT,
      resourcePolicy: { name: 'trust policy', document: role().trustPolicy },
      resourceTags: { team: 'infra' },
      context: { 'sts:RoleSessionName': 'build-42' },
    },
  ])
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok)
  assert.equal(opened.envelope.accessKeyId, out.Credentials.AccessKeyId)
  assert.equal(opened.envelope.secretAccessKey, out.Credentials.SecretAccessKey)
  assert.deepEqual(opened.envelope.claims, {
    kind: 'role',
    accountId: OTHER_ACCOUNT,
    roleArn: ROLE_ARN,
    roleId: 'AROAEXAMPLEEXAMPLE01',
    roleName: 'deployer',
    sessionName: 'build-42',
    sourceArn: userCaller.arn,
    tags: {},
    transitiveTagKeys: [],
    sessionPolicies: [],
    chained: false,
  })
})

test('ExternalId, duration within the role maximum', async () => {
  const { op } = setup()
  const call = fakeCall(userCaller)
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's1', ExternalId: 'ext-123', DurationSeconds: '7200' },
    call,
  )
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 7200_000)
  assert.deepEqual(call.requests[0]!.context, {
    'sts:RoleSessionName': 's1',
    'sts:ExternalId': 'ext-123',
  })
})

test('a denied AssumeRole never issues credentials', async () => {
  const { op } = setup()
  const call = fakeCall(userCaller, ['sts:AssumeRole'])
  await assert.rejects(invoke(op, { RoleArn: ROLE_ARN, RoleSessionName: 's1' }, call), FakeDenied)
})

test('a missing role is authorized against a trust policy that trusts nobody', async () => {
  const { op } = setup()
  const missing = `arn:aws:iam::${OTHER_ACCOUNT}:role/nope`
  const call = fakeCall(userCaller, ['sts:AssumeRole'])
  await assert.rejects(invoke(op, { RoleArn: missing, RoleSessionName: 's1' }, call), FakeDenied)
  assert.deepEqual(call.requests, [
    {
      action: 'sts:AssumeRole',
      resource: missing,
      resourceAccount: OTHER_ACCOUNT,
      resourcePolicy: { name: 'trust policy', document: TRUSTS_NOBODY },
      context: { 'sts:RoleSessionName': 's1' },
    },
  ])
  // Same for an ARN whose path differs from the role's.
  const wrongPath = `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`
  const call2 = fakeCall(userCaller, ['sts:AssumeRole'])
  await assert.rejects(invoke(op, { RoleArn: wrongPath, RoleSessionName: 's1' }, call2), FakeDenied)
  assert.equal((call2.requests[0]!.resourcePolicy as { document: string }).document, TRUSTS_NOBODY)
})

test('the stand-in trust policy denies every caller in the engine', async () => {
  const { compile } = await import('../../policy/index.ts')
  const result = compile({
    identity: [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    ],
    resource: { name: 'trust policy', document: TRUSTS_NOBODY },
  }).authorize({
    principal: userCaller.arn,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/nope`,
  })
  assert.equal(result.decision, 'ImplicitlyDenied')
  assert.equal(result.explanation.missingAllow?.policyType, 'trust')
})

test('duration above the role maximum: AWS wording', async () => {
  const { op } = setup()
  await rejectsWith(
    invoke(
      op,
      { RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: 7201 },
      fakeCall(userCaller),
    ),
    'ValidationError',
    'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  )
})

test('duration outside 900..43200: ValidationError', async () => {
  const { op } = setup()
  await rejectsWith(
    invoke(
      op,
      { RoleArn: ROLE_ARN, RoleSessionName: 's1', DurationSeconds: '899' },
      fakeCall(userCaller),
    ),
    'ValidationError',
    "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
  )
})

test('role chaining: at most one hour, marked chained, caller MFA kept', async () => {
  const { op, codec } = setup()
  const mfaAt = NOW.getTime() - 60_000
  const chainedCaller = sessionCaller(codec, roleSessionClaims({ mfaAuthenticatedAt: mfaAt }))
  await rejectsWith(
    invoke(
      op,
      { RoleArn: ROLE_ARN, RoleSessionName: 's2', DurationSeconds: 3601 },
      fakeCall(chainedCaller),
    ),
    'ValidationError',
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  )
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's2' },
    fakeCall(chainedCaller),
  )
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
  assert.equal(opened.envelope.claims.chained, true)
  assert.equal(opened.envelope.claims.mfaAuthenticatedAt, mfaAt)
  assert.equal(opened.envelope.claims.sourceArn, `arn:aws:sts::${ACCOUNT}:assumed-role/first/s1`)
})

test('MFA: verified before authorization, keys in the context, recorded in the session', async () => {
  const { op, directory, codec } = setup()
  const serial = `arn:aws:iam::${ACCOUNT}:mfa/alice`
  directory.devices.set(serial, userCaller.userId)
  const call = fakeCall(userCaller)
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's1', SerialNumber: serial, TokenCode: '123456' },
    call,
  )
  assert.deepEqual(directory.mfaCalls, [
    { userId: userCaller.userId, serialNumber: serial, code: '123456' },
  ])
  assert.deepEqual(call.requests[0]!.context, {
    'sts:RoleSessionName': 's1',
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': '0',
  })
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok)
  assert.equal(opened.envelope.claims.mfaAuthenticatedAt, NOW.getTime())
})

test("MFA failures: wrong, replayed, unknown, not the caller's, other account, incomplete", async () => {
  const { op, directory, codec } = setup()
  const serial = `arn:aws:iam::${ACCOUNT}:mfa/alice`
  const bobs = `arn:aws:iam::${ACCOUNT}:mfa/bob`
  const spare = `arn:aws:iam::${ACCOUNT}:mfa/spare`
  directory.devices.set(serial, userCaller.userId)
  directory.devices.set(bobs, bobCaller.userId)
  directory.devices.set(spare, null)
  const base = { RoleArn: ROLE_ARN, RoleSessionName: 's1' }
  const invalid = 'MultiFactorAuthentication failed with invalid MFA one time pass code. '
  const unknown =
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'
  const roleSession = sessionCaller(codec, roleSessionClaims())
  for (const [caller, extra, message] of [
    [userCaller, { SerialNumber: serial, TokenCode: '654321' }, invalid],
    [userCaller, { SerialNumber: serial, TokenCode: '111111' }, invalid],
    [
      userCaller,
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/carol`, TokenCode: '123456' },
      unknown,
    ],
    // Another user's device, even with its valid code, and an unassigned virtual device.
    [userCaller, { SerialNumber: bobs, TokenCode: '123456' }, unknown],
    [bobCaller, { SerialNumber: serial, TokenCode: '123456' }, unknown],
    [userCaller, { SerialNumber: spare, TokenCode: '123456' }, unknown],
    // A role session has no MFA device (IAM assigns devices to users only): refused.
    [roleSession, { SerialNumber: serial, TokenCode: '123456' }, unknown],
    [
      userCaller,
      { SerialNumber: `arn:aws:iam::${OTHER_ACCOUNT}:mfa/alice`, TokenCode: '123456' },
      unknown,
    ],
    [
      userCaller,
      { SerialNumber: serial },
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    ],
  ] as const) {
    const call = fakeCall(caller)
    await rejectsWith(invoke(op, { ...base, ...extra }, call), 'AccessDenied', message, 403)
    assert.deepEqual(call.requests, [], 'no authorization after a failed MFA check')
  }
  // The directory is asked only for a user's device of the caller's account, as that user.
  assert.deepEqual(
    directory.mfaCalls.map((c) => [c.userId, c.serialNumber]),
    [
      [userCaller.userId, serial],
      [userCaller.userId, serial],
      [userCaller.userId, `arn:aws:iam::${ACCOUNT}:mfa/carol`],
      [userCaller.userId, bobs],
      [bobCaller.userId, serial],
      [userCaller.userId, spare],
    ],
  )
})

test("MFA: a user session from GetSessionToken presents its user's device", async () => {
  const { op, directory, codec } = setup()
  const serial = `arn:aws:iam::${ACCOUNT}:mfa/alice`
  directory.devices.set(serial, userCaller.userId)
  const userSession = sessionCaller(codec, {
    kind: 'user',
    accountId: ACCOUNT,
    userName: 'alice',
    userArn: userCaller.arn,
    userId: userCaller.userId,
  })
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's1', SerialNumber: serial, TokenCode: '123456' },
    fakeCall(userSession),
  )
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok)
  assert.equal(opened.envelope.claims.mfaAuthenticatedAt, NOW.getTime())
})

test('session tags: context keys, TagSession authorized, stored in the session', async () => {
  const { op, codec } = setup()
  const call = fakeCall(userCaller)
  const out = await invoke(
    op,
    {
      RoleArn: ROLE_ARN,
      RoleSessionName: 's1',
      Tags: [
        { Key: 'Project', Value: 'alpha' },
        { Key: 'Team', Value: 'ops' },
      ],
      TransitiveTagKeys: ['project'],
    },
    call,
  )
  const context = {
    'sts:RoleSessionName': 's1',
    'aws:RequestTag/Project': 'alpha',
    'aws:RequestTag/Team': 'ops',
    'aws:TagKeys': ['Project', 'Team'],
    'sts:TransitiveTagKeys': ['Project'],
  }
  assert.deepEqual(
    call.requests.map((r) => [r.action, r.resource, r.context]),
    [
      ['sts:AssumeRole', ROLE_ARN, context],
      ['sts:TagSession', ROLE_ARN, context],
    ],
  )
  assert.equal(call.requests[1]!.resourcePolicy !== undefined, true)
  assert.ok(typeof out.PackedPolicySize === 'number' && out.PackedPolicySize > 0)
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
  assert.deepEqual(opened.envelope.claims.tags, { Project: 'alpha', Team: 'ops' })
  assert.deepEqual(opened.envelope.claims.transitiveTagKeys, ['Project'])
})

test('TagSession denied stops the call', async () => {
  const { op } = setup()
  const call = fakeCall(userCaller, ['sts:TagSession'])
  await assert.rejects(
    invoke(
      op,
      { RoleArn: ROLE_ARN, RoleSessionName: 's1', Tags: [{ Key: 'a', Value: 'b' }] },
      call,
    ),
    FakeDenied,
  )
})

test('tag errors: recorded wordings', async () => {
  const { op, codec } = setup()
  await rejectsWith(
    invoke(
      op,
      {
        RoleArn: ROLE_ARN,
        RoleSessionName: 's1',
        Tags: [{ Key: 'SessionTag1', Value: 'v' }],
        TransitiveTagKeys: ['InvalidKey'],
      },
      fakeCall(userCaller),
    ),
    'InvalidParameterValue',
    'The specified transitive tag key must be included in the requested tags.',
  )
  await rejectsWith(
    invoke(
      op,
      {
        RoleArn: ROLE_ARN,
        RoleSessionName: 's1',
        Tags: [
          { Key: 'SessionTag1', Value: 'v1' },
          { Key: 'sessiontag1', Value: 'v2' },
        ],
      },
      fakeCall(userCaller),
    ),
    'InvalidParameterValue',
    'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  )
  const parent = sessionCaller(
    codec,
    roleSessionClaims({
      tags: { SessionTag1: 'v1', Other: 'x' },
      transitiveTagKeys: ['SessionTag1'],
    }),
  )
  for (const key of ['SessionTag1', 'sessiontag1']) {
    await rejectsWith(
      invoke(
        op,
        { RoleArn: ROLE_ARN, RoleSessionName: 's2', Tags: [{ Key: key, Value: 'v2' }] },
        fakeCall(parent),
      ),
      'InvalidParameterValue',
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    )
  }
})

test('role chaining carries transitive tags only', async () => {
  const { op, codec } = setup()
  const parent = sessionCaller(
    codec,
    roleSessionClaims({ tags: { Project: 'alpha', Temp: 'x' }, transitiveTagKeys: ['Project'] }),
  )
  const call = fakeCall(parent)
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's2', Tags: [{ Key: 'Stage', Value: 'dev' }] },
    call,
  )
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
  assert.deepEqual(opened.envelope.claims.tags, { Project: 'alpha', Stage: 'dev' })
  assert.deepEqual(opened.envelope.claims.transitiveTagKeys, ['Project'])
})

test('SourceIdentity: context key, SetSourceIdentity authorized, kept through chaining', async () => {
  const { op, codec } = setup()
  const call = fakeCall(userCaller)
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's1', SourceIdentity: 'alice' },
    call,
  )
  assert.equal(out.SourceIdentity, 'alice')
  assert.deepEqual(
    call.requests.map((r) => [r.action, r.context]),
    [
      ['sts:AssumeRole', { 'sts:RoleSessionName': 's1', 'sts:SourceIdentity': 'alice' }],
      ['sts:SetSourceIdentity', { 'sts:RoleSessionName': 's1', 'sts:SourceIdentity': 'alice' }],
    ],
  )
  const parent = sessionCaller(codec, roleSessionClaims({ sourceIdentity: 'alice' }))
  const chainedCall = fakeCall(parent)
  const chained = await invoke(op, { RoleArn: ROLE_ARN, RoleSessionName: 's2' }, chainedCall)
  assert.equal(chained.SourceIdentity, 'alice')
  assert.deepEqual(
    chainedCall.requests.map((r) => r.action),
    ['sts:AssumeRole', 'sts:SetSourceIdentity'],
  )
  assert.equal(chainedCall.requests[1]!.context!['sts:SourceIdentity'], 'alice')
  await rejectsWith(
    invoke(
      op,
      { RoleArn: ROLE_ARN, RoleSessionName: 's2', SourceIdentity: 'mallory' },
      fakeCall(parent),
    ),
    'ValidationError',
    /source identity 'mallory'/,
  )
  const denied = fakeCall(userCaller, ['sts:SetSourceIdentity'])
  await assert.rejects(
    invoke(op, { RoleArn: ROLE_ARN, RoleSessionName: 's1', SourceIdentity: 'alice' }, denied),
    FakeDenied,
  )
})

test('session policies: inline and managed, stored minified, PackedPolicySize reported', async () => {
  const { op, codec, directory } = setup()
  const managedArn = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
  directory.policies.set(
    managedArn,
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:Get*", "Resource": "*" } ] }',
  )
  const inline =
    '{"Version":"2012-10-17",\n "Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
  const out = await invoke(
    op,
    { RoleArn: ROLE_ARN, RoleSessionName: 's1', Policy: inline, PolicyArns: [{ arn: managedArn }] },
    fakeCall(userCaller),
  )
  assert.ok(out.PackedPolicySize! > 5 && out.PackedPolicySize! < 50, String(out.PackedPolicySize))
  const opened = codec.open(out.Credentials.SessionToken, NOW)
  assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
  assert.deepEqual(opened.envelope.claims.sessionPolicies, [
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}',
  ])
})

test('session policy errors: malformed, unknown managed policy, too long, too many, packed', async () => {
  const { op } = setup()
  const base = { RoleArn: ROLE_ARN, RoleSessionName: 's1' }
  await rejectsWith(
    invoke(op, { ...base, Policy: '{not json' }, fakeCall(userCaller)),
    'MalformedPolicyDocument',
    /./,
  )
  await rejectsWith(
    invoke(
      op,
      {
        ...base,
        Policy:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}',
      },
      fakeCall(userCaller),
    ),
    'MalformedPolicyDocument',
    /./,
  )
  await rejectsWith(
    invoke(
      op,
      { ...base, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/Nope' }] },
      fakeCall(userCaller),
    ),
    'MalformedPolicyDocument',
    'Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.',
  )
  const long = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'x'.repeat(2100) }],
  })
  await rejectsWith(
    invoke(op, { ...base, Policy: long }, fakeCall(userCaller)),
    'ValidationError',
    /^1 validation error detected: Value '.*' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048$/,
  )
  await rejectsWith(
    invoke(
      op,
      {
        ...base,
        PolicyArns: Array.from({ length: 11 }, (_, i) => ({
          arn: `arn:aws:iam::aws:policy/P${i}xxxxxxxxxx`,
        })),
      },
      fakeCall(userCaller),
    ),
    'ValidationError',
    /at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10/,
  )
  // Varied content that compresses badly: within 2048 characters, over the packed limit.
  let seed = 7
  const noise = (n: number) =>
    Array.from({ length: n }, () => ((seed = (seed * 48271) % 2147483647) % 36).toString(36)).join(
      '',
    )
  const statements = Array.from({ length: 12 }, () => ({
    Effect: 'Allow',
    Action: `s3:${noise(12)}`,
    Resource: `arn:aws:s3:::${noise(60)}/*`,
  }))
  const dense = JSON.stringify({ Version: '2012-10-17', Statement: statements })
  assert.ok(dense.length <= 2048, String(dense.length))
  await rejectsWith(
    invoke(op, { ...base, Policy: dense }, fakeCall(userCaller)),
    'PackedPolicyTooLarge',
    /^Packed policy consumes \d+% of allotted space$/,
  )
})

test('input errors: recorded wordings for ARNs and session names', async () => {
  const { op } = setup()
  for (const arn of [
    'nothing-valid-in-here',
    'arn::b:::something/test-role',
    'arn:a::::something/test-role',
    'arn:a:::something/test-role',
    'arn:a:a::aaaaaaaaaa:',
  ]) {
    await rejectsWith(
      invoke(op, { RoleArn: arn, RoleSessionName: 'Session1' }, fakeCall(userCaller)),
      'ValidationError',
      `${arn} is invalid`,
    )
  }
  await rejectsWith(
    invoke(
      op,
      { RoleArn: 'arn:a:b:::something/test-role', RoleSessionName: 'Session1:2' },
      fakeCall(userCaller),
    ),
    'ValidationError',
    "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
  )
  const long = 's'.repeat(65)
  await rejectsWith(
    invoke(op, { RoleArn: ROLE_ARN, RoleSessionName: long }, fakeCall(userCaller)),
    'ValidationError',
    `1 validation error detected: Value '${long}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  )
  await rejectsWith(
    invoke(op, {}, fakeCall(userCaller)),
    'ValidationError',
    "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
  )
})
