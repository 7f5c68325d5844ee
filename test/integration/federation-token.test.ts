// STS GetFederationToken through the real SDK v3 and the real AWS CLI, on SQLite and PostgreSQL:
// the federated user session's identity, its permissions (the intersection of the issuing user's
// policies and the session policies; none without a session policy; a bucket policy naming the
// session's ARN grants on its own), the calls it may never make (IAM, STS but GetCallerIdentity),
// the errors (role session caller, bad Name, bad duration, oversized policy) and its CloudTrail
// record.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, it } from 'node:test'
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts'
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { clientsFor, expectAwsError, type Clients, type Credentials } from './aws-clients.ts'
import { s3Client } from './s3-support.ts'
import { serverSuite } from './server-suite.ts'
import { AwsCli, awsCliSkipReason } from '../support/aws-cli.ts'

const cliSkip = awsCliSkipReason()

const credentialsOf = (c: StsCredentials | undefined): Credentials => {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'no credentials')
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  }
}

const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

serverSuite('STS GetFederationToken', (ctx) => {
  let endpoint: string
  let account: string
  let root: Clients
  let broker: Clients
  let brokerKeys: Credentials
  const bucket = 'fed-token-bucket'
  let cli: AwsCli | undefined

  before(async () => {
    const server = ctx.server()
    endpoint = server.url
    account = server.bootstrap.accountId
    root = clientsFor(endpoint, server.bootstrap)
    // The broker may read and list S3 and federate; it may not write objects.
    await root.iam.send(new CreateUserCommand({ UserName: 'broker' }))
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'broker',
        PolicyName: 'broker',
        PolicyDocument: policy({
          Effect: 'Allow',
          Action: [
            'sts:GetFederationToken',
            'sts:TagSession',
            's3:ListAllMyBuckets',
            's3:GetObject',
            'iam:*',
          ],
          Resource: '*',
        }),
      }),
    )
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'broker' }))
    brokerKeys = {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    }
    broker = clientsFor(endpoint, brokerKeys)
    const s3 = s3Client(endpoint, server.bootstrap)
    await s3.send(new CreateBucketCommand({ Bucket: bucket }))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'hello' }))
    // The bucket grants the federated user session "reader" itself, by its ARN.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:sts::${account}:federated-user/reader` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        }),
      }),
    )
    if (cliSkip === undefined) cli = new AwsCli(endpoint)
  })
  after(() => cli?.close())

  const federate = async (input: ConstructorParameters<typeof GetFederationTokenCommand>[0]) =>
    broker.sts.send(new GetFederationTokenCommand(input))

  it('returns the federated user, its ARN and id, and a session GetCallerIdentity sees', async () => {
    const out = await federate({
      Name: 'alice@example.com',
      Policy: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    })
    const arn = `arn:aws:sts::${account}:federated-user/alice@example.com`
    assert.deepEqual(out.FederatedUser, {
      FederatedUserId: `${account}:alice@example.com`,
      Arn: arn,
    })
    assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! <= 100)
    // Default duration: 12 hours.
    const hours = (out.Credentials!.Expiration!.getTime() - Date.now()) / 3_600_000
    assert.ok(hours > 11.9 && hours <= 12, `${hours} hours`)
    const fed = clientsFor(endpoint, credentialsOf(out.Credentials))
    const id = await fed.sts.send(new GetCallerIdentityCommand({}))
    assert.deepEqual(
      [id.Arn, id.UserId, id.Account],
      [arn, `${account}:alice@example.com`, account],
    )
  })

  it("permissions are the user's policies cut down by the session policy", async () => {
    const out = await federate({
      Name: 'alice',
      Policy: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    })
    const s3 = s3Client(endpoint, credentialsOf(out.Credentials))
    // Both allow reading.
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' }))
    assert.equal(await got.Body!.transformToString(), 'hello')
    // The session policy allows writing; the broker's policies do not.
    await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'b.txt', Body: 'x' })),
      { name: 'AccessDenied', status: 403 },
    )
    // The broker may list buckets; this session policy does not allow it.
    const narrow = await federate({
      Name: 'narrow',
      Policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    })
    await expectAwsError(
      s3Client(endpoint, credentialsOf(narrow.Credentials)).send(new ListBucketsCommand({})),
      { name: 'AccessDenied', status: 403 },
    )
  })

  it('without a session policy the session has no permissions, but a resource policy naming it grants', async () => {
    const bare = await federate({ Name: 'nobody' })
    assert.equal(bare.PackedPolicySize, undefined)
    const s3 = s3Client(endpoint, credentialsOf(bare.Credentials))
    await expectAwsError(s3.send(new ListBucketsCommand({})), { name: 'AccessDenied', status: 403 })
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' })), {
      name: 'AccessDenied',
      status: 403,
    })
    // The same, named "reader": the bucket policy names arn:…:federated-user/reader.
    const reader = await federate({ Name: 'reader' })
    const readerS3 = s3Client(endpoint, credentialsOf(reader.Credentials))
    const got = await readerS3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' }))
    assert.equal(await got.Body!.transformToString(), 'hello')
    await expectAwsError(readerS3.send(new ListBucketsCommand({})), {
      name: 'AccessDenied',
      status: 403,
    })
  })

  it('the session may call no IAM operation and no STS operation but GetCallerIdentity', async () => {
    const out = await federate({
      Name: 'admin-ish',
      Policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
    })
    const fed = clientsFor(endpoint, credentialsOf(out.Credentials))
    // The broker has iam:* and the session policy allows everything: still refused.
    await expectAwsError(fed.iam.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call ListUsers with federated user session credentials',
    })
    await expectAwsError(
      fed.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/any`,
          RoleSessionName: 'x',
        }),
      ),
      { name: 'AccessDenied', status: 403 },
    )
    await expectAwsError(fed.sts.send(new GetSessionTokenCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    })
    await expectAwsError(fed.sts.send(new GetFederationTokenCommand({ Name: 'again' })), {
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetFederationToken with session credentials',
    })
  })

  it('refuses session credentials (a role session) with AWS message', async () => {
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'fed-caller',
        AssumeRolePolicyDocument: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:user/broker` },
          Action: 'sts:AssumeRole',
        }),
      }),
    )
    await root.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'fed-caller',
        PolicyName: 'all',
        PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
      }),
    )
    const assumed = await broker.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/fed-caller`,
        RoleSessionName: 'sess',
      }),
    )
    const session = clientsFor(endpoint, credentialsOf(assumed.Credentials))
    await expectAwsError(session.sts.send(new GetFederationTokenCommand({ Name: 'bob' })), {
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetFederationToken with session credentials',
    })
  })

  it('validates Name and DurationSeconds, and refuses an oversized session policy', async () => {
    for (const Name of ['a', 'x'.repeat(33), 'has space']) {
      await expectAwsError(federate({ Name }), { name: 'ValidationError', status: 400 })
    }
    for (const DurationSeconds of [899, 129601]) {
      await expectAwsError(federate({ Name: 'bob', DurationSeconds }), {
        name: 'ValidationError',
        status: 400,
        message: /durationSeconds/,
      })
    }
    const long = await federate({ Name: 'bob', DurationSeconds: 129600 })
    const hours = (long.Credentials!.Expiration!.getTime() - Date.now()) / 3_600_000
    assert.ok(hours > 35.9 && hours <= 36, `${hours} hours`)
    // Varied, incompressible content: distinct random action names, about 1900 characters.
    const actions = Array.from({ length: 50 }, () => `s3:${randomBytes(14).toString('hex')}`)
    await expectAwsError(
      federate({
        Name: 'bob',
        Policy: policy({ Effect: 'Allow', Action: actions, Resource: '*' }),
      }),
      { name: 'PackedPolicyTooLargeException', status: 400 },
    )
  })

  it('a user without sts:GetFederationToken is denied; root is capped at one hour', async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'plain' }))
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'plain' }))
    const plain = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
    await expectAwsError(plain.sts.send(new GetFederationTokenCommand({ Name: 'bob' })), {
      name: 'AccessDenied',
      status: 403,
      message: new RegExp(
        `not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${account}:federated-user/bob`,
      ),
    })
    const out = await root.sts.send(
      new GetFederationTokenCommand({ Name: 'rooted', DurationSeconds: 7200 }),
    )
    const minutes = (out.Credentials!.Expiration!.getTime() - Date.now()) / 60_000
    assert.ok(minutes > 59 && minutes <= 60, `${minutes} minutes`)
  })

  it('session tags are principal tags; CloudTrail records a FederatedUser issued by the IAM user', async () => {
    const out = await federate({
      Name: 'tagged',
      Tags: [{ Key: 'team', Value: 'blue' }],
      Policy: policy({
        Effect: 'Allow',
        Action: 's3:CreateBucket',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      }),
    })
    // The broker's own policies do not allow CreateBucket: grant it to the broker first.
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'broker',
        PolicyName: 'create-buckets',
        PolicyDocument: policy({ Effect: 'Allow', Action: 's3:CreateBucket', Resource: '*' }),
      }),
    )
    const s3 = s3Client(endpoint, credentialsOf(out.Credentials))
    await s3.send(new CreateBucketCommand({ Bucket: 'fed-created' }))
    const trail = new CloudTrailClient({
      endpoint,
      region: 'us-east-1',
      credentials: ctx.server().bootstrap,
      maxAttempts: 1,
    })
    const { Events } = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateBucket' }],
      }),
    )
    const record = Events!
      .map((e) => JSON.parse(e.CloudTrailEvent!))
      .find((r) => r.requestParameters?.bucketName === 'fed-created')
    assert.ok(record, 'no CreateBucket record for fed-created')
    const brokerArn = `arn:aws:iam::${account}:user/broker`
    assert.equal(record.userIdentity.type, 'FederatedUser')
    assert.equal(record.userIdentity.principalId, `${account}:tagged`)
    assert.equal(record.userIdentity.arn, `arn:aws:sts::${account}:federated-user/tagged`)
    assert.equal(record.userIdentity.accessKeyId, out.Credentials!.AccessKeyId)
    assert.equal(record.userIdentity.sessionContext.sessionIssuer.type, 'IAMUser')
    assert.equal(record.userIdentity.sessionContext.sessionIssuer.arn, brokerArn)
    assert.equal(record.userIdentity.sessionContext.sessionIssuer.userName, 'broker')
    // The same session without the tag is refused by the condition.
    const untagged = await federate({
      Name: 'untagged',
      Policy: policy({
        Effect: 'Allow',
        Action: 's3:CreateBucket',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      }),
    })
    await expectAwsError(
      s3Client(endpoint, credentialsOf(untagged.Credentials)).send(
        new CreateBucketCommand({ Bucket: 'fed-refused' }),
      ),
      { name: 'AccessDenied', status: 403 },
    )
  })

  it(
    'the AWS CLI: aws sts get-federation-token, then get-caller-identity as the session',
    {
      skip: cliSkip,
    },
    async () => {
      const r = await cli!.ok(brokerKeys, [
        'sts',
        'get-federation-token',
        '--name',
        'cli-user',
        '--duration-seconds',
        '900',
        '--policy',
        policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }),
      ])
      assert.equal(r.json.FederatedUser.Arn, `arn:aws:sts::${account}:federated-user/cli-user`)
      const session = {
        accessKeyId: r.json.Credentials.AccessKeyId,
        secretAccessKey: r.json.Credentials.SecretAccessKey,
        sessionToken: r.json.Credentials.SessionToken,
      }
      const id = await cli!.ok(session, ['sts', 'get-caller-identity'])
      assert.equal(id.json.Arn, `arn:aws:sts::${account}:federated-user/cli-user`)
      assert.equal(id.json.UserId, `${account}:cli-user`)
      const denied = await cli!.run(session, ['iam', 'list-roles'])
      assert.equal(denied.error?.code, 'AccessDenied')
      const bad = await cli!.run(brokerKeys, ['sts', 'get-federation-token', '--name', 'bad name!'])
      assert.equal(bad.error?.code, 'ValidationError')
    },
  )

  it("opens the console through the federation endpoint, as aws-vault does for an IAM user's federation token", async () => {
    const out = await federate({
      Name: 'console-fed',
      Policy: policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }),
    })
    const c = credentialsOf(out.Credentials)
    const federation = (params: Record<string, string>) =>
      fetch(`${endpoint}/federation?${new URLSearchParams(params)}`, { redirect: 'manual' })
    const Session = JSON.stringify({
      sessionId: c.accessKeyId,
      sessionKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    })
    // AWS: SessionDuration is for AssumeRole* credentials only.
    const withDuration = await federation({
      Action: 'getSigninToken',
      SessionDuration: '3600',
      Session,
    })
    assert.equal(withDuration.status, 400)
    const got = await federation({ Action: 'getSigninToken', Session })
    assert.equal(got.status, 200, await got.clone().text())
    const { SigninToken } = (await got.json()) as { SigninToken: string }
    const login = await federation({
      Action: 'login',
      Issuer: 'aws-vault',
      Destination: `${endpoint}/console/`,
      SigninToken,
    })
    assert.equal(login.status, 302, await login.clone().text())
    const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? ''
    assert.match(cookie, /^xaccess_console=.+/)
    const session = await fetch(`${endpoint}/console/api/session`, { headers: { cookie } })
    assert.equal(session.status, 200)
    assert.match(await session.text(), new RegExp(`federated-user/console-fed`))
  })

  it("two users' sessions of one name are decided apart: each with its own user's tags", async () => {
    // A bucket open to federated-user/shared only while the session's principal tag team is blue.
    const s3 = s3Client(endpoint, ctx.server().bootstrap)
    await s3.send(new CreateBucketCommand({ Bucket: 'fed-shared-bucket' }))
    await s3.send(new PutObjectCommand({ Bucket: 'fed-shared-bucket', Key: 'k', Body: 'v' }))
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'fed-shared-bucket',
        Policy: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:sts::${account}:federated-user/shared` },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::fed-shared-bucket/*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        }),
      }),
    )
    await root.iam.send(
      new TagUserCommand({ UserName: 'broker', Tags: [{ Key: 'team', Value: 'blue' }] }),
    )
    await root.iam.send(new CreateUserCommand({ UserName: 'broker2' }))
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'broker2',
        PolicyName: 'federate',
        PolicyDocument: policy({
          Effect: 'Allow',
          Action: 'sts:GetFederationToken',
          Resource: '*',
        }),
      }),
    )
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'broker2' }))
    const broker2 = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
    const blue = await federate({ Name: 'shared' })
    const got = await s3Client(endpoint, credentialsOf(blue.Credentials)).send(
      new GetObjectCommand({ Bucket: 'fed-shared-bucket', Key: 'k' }),
    )
    assert.equal(await got.Body!.transformToString(), 'v')
    const other = await broker2.sts.send(new GetFederationTokenCommand({ Name: 'shared' }))
    await expectAwsError(
      s3Client(endpoint, credentialsOf(other.Credentials)).send(
        new GetObjectCommand({ Bucket: 'fed-shared-bucket', Key: 'k' }),
      ),
      { name: 'AccessDenied', status: 403 },
    )
  })

  it("getSigninToken's SessionDuration sets the console session's length, not the credentials'", async () => {
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'console-length',
        AssumeRolePolicyDocument: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:user/broker` },
          Action: 'sts:AssumeRole',
        }),
      }),
    )
    const assumed = await broker.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/console-length`,
        RoleSessionName: 'console',
        DurationSeconds: 900,
      }),
    )
    const c = credentialsOf(assumed.Credentials)
    const Session = JSON.stringify({
      sessionId: c.accessKeyId,
      sessionKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    })
    const consoleFor = async (extra: Record<string, string>) => {
      const got = await fetch(
        `${endpoint}/federation?${new URLSearchParams({ Action: 'getSigninToken', Session, ...extra })}`,
      )
      assert.equal(got.status, 200, await got.clone().text())
      const { SigninToken } = (await got.json()) as { SigninToken: string }
      const login = await fetch(
        `${endpoint}/federation?${new URLSearchParams({ Action: 'login', Destination: `${endpoint}/console/`, SigninToken })}`,
        { redirect: 'manual' },
      )
      assert.equal(login.status, 302, await login.clone().text())
      const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? ''
      const session = await fetch(`${endpoint}/console/api/session`, { headers: { cookie } })
      assert.equal(session.status, 200)
      const body = (await session.json()) as { sessionExpiresAt: number }
      return (body.sessionExpiresAt - Date.now()) / 1000
    }
    // The credentials have 15 minutes; SessionDuration asks for 30 (the idle limit is one hour).
    const plain = await consoleFor({})
    assert.ok(plain > 800 && plain <= 900, `${plain} s`)
    const longer = await consoleFor({ SessionDuration: '1800' })
    assert.ok(longer > 1700 && longer <= 1800, `${longer} s`)
  })
})
