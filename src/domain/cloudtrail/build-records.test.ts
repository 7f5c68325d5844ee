import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Caller } from '../common/caller.ts'
import { rootCaller, testRequest, userCaller } from '../common/call-context.fixture.ts'
import { buildRecords, type AuditedCall } from './build-records.ts'
import { HIDDEN } from './record-shapes.ts'

const AT = new Date('2026-12-07T17:35:10.789Z')
const A = '111111111111'
const B = '222222222222'

const roleSession = (account: string, mfa: boolean): Caller => ({
  accountId: account,
  arn: `arn:aws:sts::${account}:assumed-role/Admin/alice`,
  principalArn: `arn:aws:iam::${account}:role/Admin`,
  userId: 'AROAADMIN:alice',
  type: 'AssumedRole',
  accessKeyId: 'ASIASESSION',
  session: {
    accessKeyId: 'ASIASESSION',
    secretAccessKey: 'secret',
    issuedAt: Date.parse('2026-12-07T17:00:00.500Z'),
    expiresAt: Date.parse('2026-12-07T18:00:00Z'),
    claims: {
      kind: 'role',
      accountId: account,
      roleArn: `arn:aws:iam::${account}:role/Admin`,
      roleId: 'AROAADMIN',
      roleName: 'Admin',
      sessionName: 'alice',
      sourceArn: `arn:aws:iam::${account}:user/alice`,
      sourceIdentity: 'alice@example.com',
      tags: {},
      transitiveTagKeys: [],
      sessionPolicies: [],
      chained: false,
      ...(mfa ? { mfaAuthenticatedAt: Date.parse('2026-12-07T16:59:00Z') } : {}),
    },
  },
})

const assumeRole = (over: Partial<AuditedCall> = {}): AuditedCall => ({
  service: 'sts',
  operation: 'AssumeRole',
  caller: userCaller(A, 'alice'),
  request: { ...testRequest(AT), region: 'us-east-1', requestId: 'req-1' },
  input: { RoleArn: `arn:aws:iam::${B}:role/Deploy`, RoleSessionName: 'deploy', ExternalId: 'x-1' },
  outcome: {
    ok: true,
    output: {
      Credentials: {
        AccessKeyId: 'ASIANEW',
        SecretAccessKey: 'top-secret',
        SessionToken: 'token-blob',
        Expiration: new Date('2026-12-07T18:35:10Z'),
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${B}:assumed-role/Deploy/deploy`,
        AssumedRoleId: 'AROAX:deploy',
      },
    },
  },
  resources: [{ arn: `arn:aws:iam::${B}:role/Deploy` }],
  ...over,
})

describe('buildRecords', () => {
  it('writes AWS’s fields and formats for an AssumeRole by an IAM user', () => {
    const [r] = buildRecords(
      assumeRole({
        operation: 'AssumeRole',
        resources: [{ arn: `arn:aws:iam::${A}:role/Deploy` }],
      }),
    )
    assert.ok(r)
    assert.equal(r.eventVersion, '1.11')
    assert.equal(r.eventTime, '2026-12-07T17:35:10Z')
    assert.equal(r.eventSource, 'sts.amazonaws.com')
    assert.equal(r.awsRegion, 'us-east-1')
    assert.equal(r.readOnly, true)
    assert.equal(r.eventType, 'AwsApiCall')
    assert.equal(r.managementEvent, true)
    assert.equal(r.eventCategory, 'Management')
    assert.equal(r.recipientAccountId, A)
    assert.equal(r.sharedEventID, undefined, 'one account: no sharedEventID')
    assert.match(r.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.deepEqual(r.userIdentity, {
      type: 'IAMUser',
      principalId: 'AIDAADMIN',
      arn: `arn:aws:iam::${A}:user/alice`,
      accountId: A,
      accessKeyId: 'AKIATEST',
      userName: 'alice',
    })
    assert.deepEqual(r.requestParameters, {
      roleArn: `arn:aws:iam::${B}:role/Deploy`,
      roleSessionName: 'deploy',
      externalId: 'x-1',
    })
    assert.deepEqual(r.responseElements, {
      credentials: {
        accessKeyId: 'ASIANEW',
        sessionToken: HIDDEN,
        expiration: 'Dec 7, 2026, 6:35:10 PM',
      },
      assumedRoleUser: {
        arn: `arn:aws:sts::${B}:assumed-role/Deploy/deploy`,
        assumedRoleId: 'AROAX:deploy',
      },
    })
    assert.deepEqual(Object.keys(r).slice(0, 3), ['eventVersion', 'userIdentity', 'eventTime'])
  })

  it('records a cross-account call in both accounts: distinct eventIDs, one sharedEventID', () => {
    const [mine, theirs, ...rest] = buildRecords(assumeRole())
    assert.equal(rest.length, 0)
    assert.ok(mine && theirs)
    assert.equal(mine.recipientAccountId, A)
    assert.equal(theirs.recipientAccountId, B)
    assert.deepEqual(theirs.userIdentity, {
      type: 'AWSAccount',
      principalId: 'AIDAADMIN',
      accountId: A,
    })
    assert.ok(mine.sharedEventID !== undefined && mine.sharedEventID === theirs.sharedEventID)
    assert.notEqual(mine.eventID, theirs.eventID)
    assert.equal(mine.requestID, theirs.requestID)
    assert.equal(mine.eventTime, theirs.eventTime)
    assert.deepEqual(theirs.resources, [
      { ARN: `arn:aws:iam::${B}:role/Deploy`, accountId: B, type: 'AWS::IAM::Role' },
    ])
  })

  it('keeps Organizations and Identity Center calls in the caller’s account only', () => {
    const records = buildRecords({
      ...assumeRole(),
      service: 'organizations',
      operation: 'MoveAccount',
      resources: [{ arn: `arn:aws:organizations::${A}:account/o-x/${B}` }],
    })
    assert.equal(records.length, 1)
    assert.equal(records[0]!.resources?.[0]?.type, 'AWS::Organizations::Account')
  })

  it('records a denied AssumeRole with AccessDenied and null parameters and response', () => {
    const [r] = buildRecords(
      assumeRole({
        denied: true,
        outcome: { ok: false, code: 'AccessDenied', message: 'User: x is not authorized' },
      }),
    )
    assert.equal(r!.errorCode, 'AccessDenied')
    assert.equal(r!.errorMessage, 'User: x is not authorized')
    assert.equal(r!.requestParameters, null)
    assert.equal(r!.responseElements, null)
  })

  it('keeps the parameters of other denied calls and no response for read-only ones', () => {
    const [r] = buildRecords({
      ...assumeRole(),
      service: 'iam',
      operation: 'GetRole',
      input: { RoleName: 'Deploy' },
      outcome: { ok: true, output: { Role: { RoleName: 'Deploy' } } },
      resources: [{ arn: `arn:aws:iam::${A}:role/Deploy` }],
    })
    assert.deepEqual(r!.requestParameters, { roleName: 'Deploy' })
    assert.equal(r!.responseElements, null)
    assert.equal(r!.readOnly, true)
  })

  it('describes a role session with its issuer, MFA as a string and the source identity', () => {
    for (const mfa of [false, true]) {
      const [r] = buildRecords({ ...assumeRole(), caller: roleSession(A, mfa), resources: [] })
      assert.deepEqual(r!.userIdentity, {
        type: 'AssumedRole',
        principalId: 'AROAADMIN:alice',
        arn: `arn:aws:sts::${A}:assumed-role/Admin/alice`,
        accountId: A,
        accessKeyId: 'ASIASESSION',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAADMIN',
            arn: `arn:aws:iam::${A}:role/Admin`,
            accountId: A,
            userName: 'Admin',
          },
          attributes: {
            creationDate: '2026-12-07T17:00:00Z',
            mfaAuthenticated: mfa ? 'true' : 'false',
          },
          sourceIdentity: 'alice@example.com',
        },
      })
    }
  })

  it('describes the root user as Root', () => {
    const [r] = buildRecords({ ...assumeRole(), caller: rootCaller(A), resources: [] })
    assert.equal(r!.userIdentity.type, 'Root')
    assert.equal(r!.userIdentity.arn, `arn:aws:iam::${A}:root`)
  })

  it('never records a secret, wherever it appears', () => {
    const secrets = {
      Password: 'p1',
      NewPassword: 'p2',
      OldPassword: 'p3',
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
      TokenCode: '111111',
      SAMLAssertion: 'saml',
      WebIdentityToken: 'jwt',
      clientSecret: 'cs',
      accessToken: 'at',
      refreshToken: 'rt',
      deviceCode: 'dc',
      code: 'authcode',
      codeVerifier: 'cv',
      Base32StringSeed: 'seed',
      QRCodePNG: 'png',
      SecretAccessKey: 'sak',
    }
    const [r] = buildRecords({
      ...assumeRole(),
      service: 'iam',
      operation: 'CreateLoginProfile',
      input: { UserName: 'u', Nested: [secrets], ...secrets },
      outcome: { ok: true, output: { Deep: { AccessKey: { ...secrets, SessionToken: 'st' } } } },
      resources: [],
    })
    const text = JSON.stringify(r)
    for (const value of [...Object.values(secrets), 'st']) {
      assert.ok(!text.includes(`"${value}"`), `${value} leaked: ${text}`)
    }
    assert.ok(text.includes(HIDDEN))
    assert.deepEqual(r!.requestParameters, { userName: 'u', nested: [{}] })
  })

  it('hides a secret that an error message quotes back', () => {
    const refused = 'Tr0ub4dor&3-€'
    const [r] = buildRecords({
      ...assumeRole(),
      service: 'iam',
      operation: 'CreateLoginProfile',
      input: { UserName: 'u', Password: refused },
      outcome: {
        ok: false,
        code: 'ValidationError',
        message: `1 validation error detected: Value '${refused}' at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`,
      },
      resources: [],
    })
    assert.ok(!JSON.stringify(r).includes(refused))
    assert.match(
      r!.errorMessage!,
      new RegExp(`^1 validation error detected: Value '${HIDDEN}' at 'password'`),
    )
    // A message that quotes no secret is kept as it is.
    const [plain] = buildRecords({
      ...assumeRole(),
      outcome: { ok: false, code: 'AccessDenied', message: 'User: x is not authorized' },
    })
    assert.equal(plain!.errorMessage, 'User: x is not authorized')
  })

  it('a data event: category Data, not a management event, the object without an account', () => {
    const [own, owner] = buildRecords({
      service: 's3',
      operation: 'DeleteObject',
      caller: roleSession(A, false),
      request: { ...testRequest(AT), region: 'us-east-1', requestId: 'req-s3' },
      input: { bucketName: 'logs', key: 'AWSLogs/x.json.gz', Host: 'localhost' },
      outcome: { ok: false, code: 'AccessDenied', message: 'Access Denied' },
      resources: [
        { arn: 'arn:aws:s3:::logs/AWSLogs/x.json.gz', accountId: B },
        { arn: 'arn:aws:s3:::logs', accountId: B },
      ],
      denied: true,
      dataEvent: true,
      additionalEventData: { SignatureVersion: 'SigV4', AuthenticationMethod: 'AuthHeader' },
    })
    assert.ok(own !== undefined && owner !== undefined)
    assert.deepEqual(
      [own.recipientAccountId, owner.recipientAccountId, owner.userIdentity.type],
      [A, B, 'AWSAccount'],
    )
    for (const r of [own, owner]) {
      assert.equal(r.eventCategory, 'Data')
      assert.equal(r.managementEvent, false)
      assert.equal(r.readOnly, false)
      assert.equal(r.errorCode, 'AccessDenied')
      assert.deepEqual(r.requestParameters, {
        bucketName: 'logs',
        key: 'AWSLogs/x.json.gz',
        Host: 'localhost',
      })
      assert.deepEqual(r.resources, [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::logs/AWSLogs/x.json.gz' },
        { ARN: 'arn:aws:s3:::logs', accountId: B, type: 'AWS::S3::Bucket' },
      ])
      assert.equal(r.additionalEventData?.['SignatureVersion'], 'SigV4')
    }
    const [mgmt] = buildRecords(assumeRole())
    assert.deepEqual([mgmt?.eventCategory, mgmt?.managementEvent], ['Management', true])
  })
})
