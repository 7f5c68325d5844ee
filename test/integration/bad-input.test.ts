// Bad input against a real server, on SQLite and PostgreSQL, through the SDK and through raw
// signed HTTP for what the SDK will not send: malformed and oversized policies, missing and
// mistyped parameters, unknown operations, broken authentication, oversized and half-sent bodies.
// Every answer must be an AWS-shaped 4xx (never a 500), and a failed write leaves nothing behind.
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { before, it } from 'node:test'
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam'
import {
  CreatePolicyCommand as CreateOrgPolicyCommand,
  ListPoliciesCommand as ListOrgPoliciesCommand,
} from '@aws-sdk/client-organizations'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import {
  clientsFor,
  errorCode,
  expectAwsError,
  form,
  sendRaw,
  type Clients,
  type Credentials,
  type RawRequest,
  type RawResponse,
} from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

const policy = (statement: object, version = '2012-10-17') =>
  JSON.stringify({ Version: version, Statement: [statement] })
const TRUST = policy({
  Effect: 'Allow',
  Principal: { Service: 'ec2.amazonaws.com' },
  Action: 'sts:AssumeRole',
})

/** A document of at least `size` characters (padded with a long Sid). */
const padded = (size: number) =>
  policy({ Sid: 'A'.repeat(size), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })

/** Asserts an AWS-shaped client error: 4xx, a code, a request id. */
function assertClientError(response: RawResponse, code: string | RegExp, status?: number): void {
  const seen = `${response.status} ${response.text.slice(0, 300)}`
  assert.ok(response.status >= 400 && response.status < 500, seen)
  if (status !== undefined) assert.equal(response.status, status, seen)
  const actual = errorCode(response)
  assert.ok(actual !== undefined, `no AWS error code: ${seen}`)
  if (typeof code === 'string') assert.equal(actual, code, seen)
  else assert.match(actual, code, seen)
  assert.ok(
    response.headers.get('x-amzn-requestid') ?? /<RequestId>[^<]+<\/RequestId>/.exec(response.text),
    `no request id: ${seen}`,
  )
}

serverSuite('Bad input', (ctx) => {
  let sdk: Clients
  let creds: Credentials
  let url: string
  const raw = (request: Omit<RawRequest, 'credentials'> & { credentials?: Credentials }) =>
    sendRaw(url, { credentials: creds, ...request })
  const iamQuery = (params: Record<string, string>) =>
    raw({ service: 'iam', body: form({ Version: '2010-05-08', ...params }) })
  before(() => {
    const server = ctx.server()
    url = server.url
    creds = server.bootstrap
    sdk = clientsFor(url, creds)
  })

  it('malformed trust policies: no role is left behind', async () => {
    const cases = [
      ['not JSON', '{"Version": "2012-10-17", "Statement": ['],
      [
        'bad Version',
        policy(
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
          '2020-01-01',
        ),
      ],
      ['no Principal', policy({ Effect: 'Allow', Action: 'sts:AssumeRole' })],
      [
        'unknown operator',
        policy({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEqualz: { 'aws:username': 'x' } },
        }),
      ],
    ]
    for (const [name, document] of cases) {
      await expectAwsError(
        sdk.iam.send(
          new CreateRoleCommand({ RoleName: 'BadTrust', AssumeRolePolicyDocument: document }),
        ),
        { name: 'MalformedPolicyDocumentException', status: 400 },
      ).catch((e: Error) => assert.fail(`${name}: ${e.message}`))
      await expectAwsError(sdk.iam.send(new GetRoleCommand({ RoleName: 'BadTrust' })), {
        name: 'NoSuchEntityException',
        status: 404,
      })
    }
  })

  it('malformed identity policies: no policy, inline policy or version is left behind', async () => {
    const bad = [
      ['not JSON', 'not json'],
      [
        'bad Version',
        policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, '2011-01-01'),
      ],
      [
        'Principal in an identity policy',
        policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
      ],
      [
        'unknown operator',
        policy({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringLikeish: { 'aws:username': 'x' } },
        }),
      ],
      ['bad Effect', policy({ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' })],
    ]
    const { Policy } = await sdk.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'Good',
        PolicyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      }),
    )
    await sdk.iam.send(
      new CreateRoleCommand({ RoleName: 'Target', AssumeRolePolicyDocument: TRUST }),
    )
    for (const [name, document] of bad) {
      const label = (e: Error) => assert.fail(`${name}: ${e.message}`)
      const malformed = { name: 'MalformedPolicyDocumentException', status: 400 }
      await expectAwsError(
        sdk.iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: document })),
        malformed,
      ).catch(label)
      await expectAwsError(
        sdk.iam.send(
          new PutRolePolicyCommand({
            RoleName: 'Target',
            PolicyName: 'bad',
            PolicyDocument: document,
          }),
        ),
        malformed,
      ).catch(label)
      await expectAwsError(
        sdk.iam.send(
          new CreatePolicyVersionCommand({
            PolicyArn: Policy!.Arn!,
            PolicyDocument: document,
            SetAsDefault: true,
          }),
        ),
        malformed,
      ).catch(label)
    }
    const local = await sdk.iam.send(new ListPoliciesCommand({ Scope: 'Local' }))
    assert.deepEqual(
      local.Policies!.map((p) => p.PolicyName),
      ['Good'],
    )
    assert.equal(local.Policies![0]!.DefaultVersionId, 'v1')
    assert.deepEqual(
      (await sdk.iam.send(new ListRolePoliciesCommand({ RoleName: 'Target' }))).PolicyNames,
      [],
    )
    const versions = await sdk.iam.send(new ListPolicyVersionsCommand({ PolicyArn: Policy!.Arn! }))
    assert.deepEqual(
      versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [['v1', true]],
    )
  })

  it('unknown actions in a policy: accepted or refused as a 4xx, never half-written', async () => {
    const document = policy({
      Effect: 'Allow',
      Action: ['s3:NotARealAction', 'notaservice:Foo'],
      Resource: '*',
    })
    try {
      await sdk.iam.send(
        new CreatePolicyCommand({ PolicyName: 'UnknownActions', PolicyDocument: document }),
      )
    } catch (e) {
      const error = e as { name: string; $metadata: { httpStatusCode: number } }
      assert.ok(error.$metadata.httpStatusCode < 500, `${error.name}`)
      const local = await sdk.iam.send(new ListPoliciesCommand({ Scope: 'Local' }))
      assert.ok(!local.Policies!.some((p) => p.PolicyName === 'UnknownActions'))
    }
  })

  it('oversized documents: role inline > 10240, managed > 6144, user inline > 2048', async () => {
    await sdk.iam.send(new CreateRoleCommand({ RoleName: 'Big', AssumeRolePolicyDocument: TRUST }))
    await expectAwsError(
      sdk.iam.send(
        new PutRolePolicyCommand({
          RoleName: 'Big',
          PolicyName: 'big',
          PolicyDocument: padded(10_300),
        }),
      ),
      {
        name: 'LimitExceededException',
        status: 409,
        message: 'Maximum policy size of 10240 bytes exceeded for role Big',
      },
    )
    assert.deepEqual(
      (await sdk.iam.send(new ListRolePoliciesCommand({ RoleName: 'Big' }))).PolicyNames,
      [],
    )
    // Just under the limit is fine.
    await sdk.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Big',
        PolicyName: 'fits',
        PolicyDocument: padded(9_000),
      }),
    )

    await expectAwsError(
      sdk.iam.send(
        new CreatePolicyCommand({ PolicyName: 'TooBig', PolicyDocument: padded(6_200) }),
      ),
      {
        name: 'LimitExceededException',
        status: 409,
        message: 'Cannot exceed quota for PolicySize: 6144',
      },
    )
    const local = await sdk.iam.send(new ListPoliciesCommand({ Scope: 'Local' }))
    assert.ok(!local.Policies!.some((p) => p.PolicyName === 'TooBig'))

    await sdk.iam.send(new CreateUserCommand({ UserName: 'small' }))
    await expectAwsError(
      sdk.iam.send(
        new PutUserPolicyCommand({
          UserName: 'small',
          PolicyName: 'big',
          PolicyDocument: padded(2_100),
        }),
      ),
      { name: 'LimitExceededException', status: 409 },
    )
    assert.deepEqual(
      (await sdk.iam.send(new ListUserPoliciesCommand({ UserName: 'small' }))).PolicyNames,
      [],
    )
  })

  it('a write refused for another reason leaves nothing either', async () => {
    await expectAwsError(
      sdk.iam.send(
        new CreateRoleCommand({
          RoleName: 'DupTags',
          AssumeRolePolicyDocument: TRUST,
          Tags: [
            { Key: 'team', Value: 'a' },
            { Key: 'TEAM', Value: 'b' },
          ],
        }),
      ),
      { name: 'InvalidInputException', status: 400 },
    )
    await expectAwsError(sdk.iam.send(new GetRoleCommand({ RoleName: 'DupTags' })), {
      name: 'NoSuchEntityException',
      status: 404,
    })
    await expectAwsError(
      sdk.iam.send(
        new CreateUserCommand({
          UserName: 'bounded',
          PermissionsBoundary: `arn:aws:iam::${ctx.server().bootstrap.accountId}:policy/NoSuchBoundary`,
        }),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    )
    const { Users } = await sdk.iam.send(new ListUsersCommand({}))
    assert.ok(!Users!.some((u) => u.UserName === 'bounded'))
  })

  it('malformed SCPs are refused and not stored', async () => {
    for (const content of [
      '{',
      policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
    ]) {
      await expectAwsError(
        sdk.org.send(
          new CreateOrgPolicyCommand({
            Name: 'BadScp',
            Description: '',
            Type: 'SERVICE_CONTROL_POLICY',
            Content: content,
          }),
        ),
        { name: 'MalformedPolicyDocumentException', status: 400 },
      )
    }
    const { Policies } = await sdk.org.send(
      new ListOrgPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }),
    )
    assert.ok(!Policies!.some((p) => p.Name === 'BadScp'))
  })

  it('missing required parameters and wrong types', async () => {
    assertClientError(await iamQuery({ Action: 'CreateUser' }), 'ValidationError', 400)
    assertClientError(
      await iamQuery({ Action: 'ListUsers', MaxItems: 'abc' }),
      /ValidationError|MalformedInput|InvalidParameterValue/,
    )
    assertClientError(
      await iamQuery({ Action: 'ListUsers', MaxItems: '0' }),
      'ValidationError',
      400,
    )
    assertClientError(
      await iamQuery({ Action: 'CreateRole', RoleName: 'NoTrust' }),
      'ValidationError',
      400,
    )
    assertClientError(
      await iamQuery({ Action: 'CreateUser', UserName: 'bad name!' }),
      'ValidationError',
      400,
    )
    const sts = (params: Record<string, string>) =>
      raw({ service: 'sts', body: form({ Version: '2011-06-15', ...params }) })
    assertClientError(
      await sts({ Action: 'GetSessionToken', DurationSeconds: '-1' }),
      'ValidationError',
      400,
    )
    assertClientError(
      await sts({ Action: 'GetSessionToken', DurationSeconds: 'soon' }),
      /ValidationError|MalformedInput|InvalidParameterValue/,
    )
    assertClientError(
      await sts({ Action: 'AssumeRole', RoleSessionName: 'x1' }),
      'ValidationError',
      400,
    )
    const roleArn = `arn:aws:iam::${ctx.server().bootstrap.accountId}:role/Target`
    assertClientError(
      await sts({
        Action: 'AssumeRole',
        RoleArn: roleArn,
        RoleSessionName: 'x1',
        DurationSeconds: '-1',
      }),
      'ValidationError',
      400,
    )
    const org = (target: string, body: string) =>
      raw({ service: 'organizations', target: `AWSOrganizationsV20161128.${target}`, body })
    assertClientError(await org('CreateOrganizationalUnit', '{}'), 'InvalidInputException', 400)
    assertClientError(
      await org('ListAccounts', '{"MaxResults":"abc"}'),
      /InvalidInputException|SerializationException|ValidationException/,
    )
    assertClientError(
      await org('ListRoots', '{not json'),
      /SerializationException|InvalidInputException/,
    )
    assertClientError(
      await org('DescribeAccount', '[]'),
      /SerializationException|InvalidInputException/,
    )
    // Nothing was created along the way.
    const { Users } = await sdk.iam.send(new ListUsersCommand({}))
    assert.ok(!Users!.some((u) => u.UserName === 'bad name!'))
  })

  it('unknown operations', async () => {
    const iam = await iamQuery({ Action: 'FooBar' })
    assertClientError(iam, 'InvalidAction', 400)
    assert.match(iam.text, /Could not find operation FooBar for version 2010-05-08/)
    assertClientError(await iamQuery({}), /MissingAction|InvalidAction/, 400)
    assertClientError(
      await raw({
        service: 'organizations',
        target: 'AWSOrganizationsV20161128.FooBar',
        body: '{}',
      }),
      'UnknownOperationException',
      400,
    )
    assertClientError(
      await raw({ service: 'organizations', target: 'NotAService.ListRoots', body: '{}' }),
      'UnknownOperationException',
    )
  })

  it('broken authentication: bad signature, wrong secret, unknown key, no Authorization, stale date', async () => {
    const body = form({ Action: 'GetCallerIdentity', Version: '2011-06-15' })
    const tampered = await raw({
      service: 'sts',
      body,
      tamper: (h) => {
        h.authorization = h.authorization!.replace(
          /Signature=([0-9a-f])/,
          (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
        )
      },
    })
    assertClientError(tampered, 'SignatureDoesNotMatch', 403)
    assertClientError(
      await raw({ service: 'sts', body, signingSecret: 'x'.repeat(40) }),
      'SignatureDoesNotMatch',
      403,
    )
    assertClientError(
      await raw({
        service: 'iam',
        body: form({ Action: 'ListUsers', Version: '2010-05-08' }),
        credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) },
      }),
      'InvalidClientTokenId',
      403,
    )
    assertClientError(
      await raw({ service: 'sts', body, unsigned: true }),
      /MissingAuthenticationToken/,
      403,
    )
    const stale = await raw({
      service: 'sts',
      body,
      signingDate: new Date(Date.now() - 20 * 60_000),
    })
    assertClientError(stale, 'SignatureDoesNotMatch', 403)
    assert.match(stale.text, /Signature expired/)
    const orgStale = await raw({
      service: 'organizations',
      target: 'AWSOrganizationsV20161128.ListRoots',
      body: '{}',
      signingDate: new Date(Date.now() - 20 * 60_000),
    })
    assertClientError(orgStale, /InvalidSignatureException/, 400)
    assertClientError(
      await raw({
        service: 'organizations',
        target: 'AWSOrganizationsV20161128.ListRoots',
        body: '{}',
        unsigned: true,
      }),
      /MissingAuthenticationToken/,
    )
    // Signed for the wrong service.
    assertClientError(
      await raw({ service: 'iam', target: 'AWSOrganizationsV20161128.ListRoots', body: '{}' }),
      /InvalidSignatureException/,
    )
    // The SDK sees the same answers.
    await expectAwsError(
      clientsFor(url, { ...creds, secretAccessKey: 'y'.repeat(40) }).sts.send(
        new GetCallerIdentityCommand({}),
      ),
      { name: 'SignatureDoesNotMatch', status: 403 },
    )
  })

  it('an oversized body is refused with 413 and the server keeps serving', async () => {
    const big = form({
      Action: 'CreateUser',
      Version: '2010-05-08',
      UserName: 'huge',
      Path: '/' + 'a'.repeat(1024 * 1024 + 10) + '/',
    })
    const response = await raw({ service: 'iam', body: big })
    assertClientError(response, /RequestEntityTooLarge/, 413)
    const { Users } = await sdk.iam.send(new ListUsersCommand({}))
    assert.ok(!Users!.some((u) => u.UserName === 'huge'))
  })

  it('a half-sent request (socket closed mid-body) does not crash the server', async () => {
    const { hostname, port } = new URL(url)
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            'POST / HTTP/1.1\r\nHost: ' +
              `${hostname}:${port}` +
              '\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nAction=ListUsers&Ver',
          )
          setTimeout(() => {
            socket.destroy()
            resolve()
          }, 30)
        })
        socket.on('error', reject)
      })
    }
    // A request with headers only, then closed.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end(
          'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSOrganizationsV20161128.ListRoots\r\nContent-Length: 100\r\n\r\n{',
        )
        socket.on('close', () => resolve())
        socket.resume()
      })
    })
    const health = await fetch(`${url}/health`)
    assert.equal(health.status, 200)
    const id = await sdk.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Account, ctx.server().bootstrap.accountId)
  })
})
