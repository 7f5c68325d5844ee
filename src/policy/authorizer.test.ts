import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compile } from './authorizer.ts'
import type { Decision, PolicySet, Request } from './types.ts'

const A = '111111111111'
const B = '222222222222'
const allow = (action: string, resource = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }],
})
const deny = (action: string, resource = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: action, Resource: resource, ...extra }],
})
const bucketPolicy = (principal: unknown, effect = 'Allow') => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: effect, Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
})
const get = (principal: string, resourceAccount = A, extra: Partial<Request> = {}): Request => ({
  principal,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  resourceAccount,
  ...extra,
})
const user = `arn:aws:iam::${A}:user/alice`
const role = `arn:aws:iam::${A}:role/app`
const session = `arn:aws:sts::${A}:assumed-role/app/s1`
const remoteRole = `arn:aws:iam::${B}:role/deployer`

function decide(policies: PolicySet, request: Request): Decision {
  return compile(policies).authorize(request).decision
}

describe('evaluation logic', () => {
  const rows: [name: string, policies: PolicySet, request: Request, expected: Decision][] = [
    ['no policy: implicit deny', {}, get(user), 'ImplicitlyDenied'],
    ['identity allow', { identity: [allow('s3:GetObject')] }, get(user), 'Allowed'],
    ['actions are case-insensitive', { identity: [allow('S3:getobject')] }, get(user), 'Allowed'],
    [
      'resources are case-sensitive',
      { identity: [allow('s3:*', 'arn:aws:s3:::B/*')] },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'deny beats allow',
      { identity: [allow('s3:*'), deny('s3:Get*')] },
      get(user),
      'ExplicitlyDenied',
    ],
    [
      'deny in a boundary',
      { identity: [allow('s3:*')], permissionBoundary: [deny('*')] },
      get(user),
      'ExplicitlyDenied',
    ],
    [
      'boundary must allow',
      { identity: [allow('s3:*')], permissionBoundary: [allow('ec2:*')] },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'boundary alone grants nothing',
      { permissionBoundary: [allow('s3:*')] },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'every SCP level must allow',
      { identity: [allow('s3:*')], scp: [[allow('*')], [allow('ec2:*')]] },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'SCPs allow at every level',
      { identity: [allow('s3:*')], scp: [[allow('*')], [allow('s3:*')]] },
      get(user),
      'Allowed',
    ],
    [
      'an empty SCP level allows nothing',
      { identity: [allow('s3:*')], scp: [[allow('*')], []] },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'SCPs do not apply to the management account',
      { identity: [allow('s3:*')], scp: [[deny('*')]] },
      get(user, A, { managementAccount: A }),
      'Allowed',
    ],
    [
      'SCPs do not apply to service-linked roles',
      { identity: [allow('s3:*')], scp: [[deny('*')]] },
      get(`arn:aws:iam::${A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX`),
      'Allowed',
    ],
    ['SCPs grant nothing alone', { scp: [[allow('*')]] }, get(user), 'ImplicitlyDenied'],
    [
      'RCP deny',
      {
        identity: [allow('s3:*')],
        rcp: [
          [
            {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
            },
          ],
        ],
      },
      get(user),
      'ExplicitlyDenied',
    ],
    [
      'RCPs skip management-account resources',
      {
        identity: [allow('s3:*')],
        rcp: [
          [
            {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
            },
          ],
        ],
      },
      get(user, A, { managementAccount: A }),
      'Allowed',
    ],
    [
      'same account: resource policy naming the user decides alone',
      { resource: bucketPolicy({ AWS: user }) },
      get(user),
      'Allowed',
    ],
    [
      'same account: a user grant is not limited by the boundary',
      { permissionBoundary: [allow('ec2:*')], resource: bucketPolicy({ AWS: user }) },
      get(user),
      'Allowed',
    ],
    [
      'same account: a role grant is limited by the boundary',
      { permissionBoundary: [allow('ec2:*')], resource: bucketPolicy({ AWS: role }) },
      get(session),
      'ImplicitlyDenied',
    ],
    [
      'same account: a role grant needs no identity policy',
      { resource: bucketPolicy({ AWS: role }) },
      get(session),
      'Allowed',
    ],
    [
      'same account: a session grant is not limited by the session policy',
      { session: [allow('ec2:*')], resource: bucketPolicy({ AWS: session }) },
      get(session),
      'Allowed',
    ],
    [
      'same account: an account grant delegates to IAM',
      { resource: bucketPolicy({ AWS: A }) },
      get(user),
      'ImplicitlyDenied',
    ],
    [
      'same account: an account grant plus identity allow',
      { identity: [allow('s3:*')], resource: bucketPolicy({ AWS: `arn:aws:iam::${A}:root` }) },
      get(user),
      'Allowed',
    ],
    [
      'cross account: identity alone is not enough',
      { identity: [allow('s3:*')] },
      get(remoteRole),
      'ImplicitlyDenied',
    ],
    [
      'cross account: resource alone is not enough',
      { resource: bucketPolicy({ AWS: remoteRole }) },
      get(remoteRole),
      'ImplicitlyDenied',
    ],
    [
      'cross account: both sides allow',
      { identity: [allow('s3:*')], resource: bucketPolicy({ AWS: B }) },
      get(remoteRole),
      'Allowed',
    ],
    [
      'cross account: a resource deny applies',
      { identity: [allow('s3:*')], resource: bucketPolicy('*', 'Deny') },
      get(remoteRole),
      'ExplicitlyDenied',
    ],
    [
      'a session policy must allow',
      { identity: [allow('s3:*')], session: [allow('ec2:*')] },
      get(session),
      'ImplicitlyDenied',
    ],
    [
      'a session policy intersects',
      { identity: [allow('s3:*')], session: [allow('s3:GetObject')] },
      get(session),
      'Allowed',
    ],
    [
      'a federated user needs a session policy',
      { identity: [allow('s3:*')] },
      get(`arn:aws:sts::${A}:federated-user/bob`),
      'ImplicitlyDenied',
    ],
    [
      "a federated user session's sts:TagSession needs no trust policy",
      { identity: [allow('sts:TagSession')] },
      get(`arn:aws:iam::${A}:user/broker`, A, {
        action: 'sts:TagSession',
        resource: `arn:aws:sts::${A}:federated-user/bob`,
      }),
      'Allowed',
    ],
    [
      "a role's sts:TagSession still needs its trust policy",
      { identity: [allow('sts:TagSession')] },
      get(`arn:aws:iam::${A}:user/broker`, A, {
        action: 'sts:TagSession',
        resource: `arn:aws:iam::${A}:role/r`,
      }),
      'ImplicitlyDenied',
    ],
    [
      'a bucket policy naming the federated user session grants without a session policy',
      {
        identity: [allow('s3:*')],
        resource: bucketPolicy({ AWS: `arn:aws:sts::${A}:federated-user/bob` }),
      },
      get(`arn:aws:sts::${A}:federated-user/bob`),
      'Allowed',
    ],
    ['anonymous callers need a public grant', { resource: bucketPolicy('*') }, get('*'), 'Allowed'],
    [
      'anonymous callers are not an account',
      { resource: bucketPolicy({ AWS: A }) },
      get('*'),
      'ImplicitlyDenied',
    ],
    ['the root user needs no identity policy', {}, get(`arn:aws:iam::${A}:root`), 'Allowed'],
    [
      'SCPs still bind a member account root',
      { scp: [[deny('s3:*')]] },
      get(`arn:aws:iam::${A}:root`),
      'ExplicitlyDenied',
    ],
    [
      'a malformed policy is skipped',
      { identity: ['{not json', allow('s3:*')] },
      get(user),
      'Allowed',
    ],
    [
      'a malformed boundary fails closed',
      { identity: [allow('s3:*')], permissionBoundary: ['{not json'] },
      get(user),
      'ImplicitlyDenied',
    ],
  ]
  for (const [name, policies, request, expected] of rows) {
    it(name, () => assert.equal(decide(policies, request), expected))
  }
})

describe('trust policies', () => {
  const trust = (principal: unknown, condition?: object) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  })
  const assume = (principal: string, context = {}): Request => ({
    principal,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${A}:role/target`,
    context,
  })
  const rows: [name: string, policies: PolicySet, request: Request, expected: Decision][] = [
    [
      'the trust policy must allow even with identity allow',
      { identity: [allow('sts:AssumeRole')] },
      assume(user),
      'ImplicitlyDenied',
    ],
    [
      'same account: a trust policy naming the user suffices',
      { resource: trust({ AWS: user }) },
      assume(user),
      'Allowed',
    ],
    [
      'same account: trusting the account root needs identity allow',
      { resource: trust({ AWS: A }) },
      assume(user),
      'ImplicitlyDenied',
    ],
    [
      'cross account: trust and identity allow',
      { identity: [allow('sts:AssumeRole')], resource: trust({ AWS: B }) },
      assume(remoteRole),
      'Allowed',
    ],
    [
      'cross account: trust without identity allow',
      { resource: trust({ AWS: B }) },
      assume(remoteRole),
      'ImplicitlyDenied',
    ],
    [
      'ExternalId matches',
      {
        identity: [allow('sts:AssumeRole')],
        resource: trust({ AWS: B }, { StringEquals: { 'sts:ExternalId': 'x-1' } }),
      },
      assume(remoteRole, { 'sts:ExternalId': 'x-1' }),
      'Allowed',
    ],
    [
      'ExternalId missing',
      {
        identity: [allow('sts:AssumeRole')],
        resource: trust({ AWS: B }, { StringEquals: { 'sts:ExternalId': 'x-1' } }),
      },
      assume(remoteRole),
      'ImplicitlyDenied',
    ],
    [
      'a service principal',
      { resource: trust({ Service: 'ec2.amazonaws.com' }) },
      assume('ec2.amazonaws.com'),
      'Allowed',
    ],
  ]
  for (const [name, policies, request, expected] of rows) {
    it(name, () => assert.equal(decide(policies, request), expected))
  }
})

describe('NotPrincipal', () => {
  const notPrincipal = (names: string[]) => ({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: names },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      },
    ],
  })
  it('excepts a session only when account, role and session are all named', () => {
    assert.equal(decide({ resource: notPrincipal([session, role, A]) }, get(session)), 'Allowed')
    assert.equal(decide({ resource: notPrincipal([session, A]) }, get(session)), 'ExplicitlyDenied')
    assert.equal(
      decide({ resource: notPrincipal([session, role]) }, get(session)),
      'ExplicitlyDenied',
    )
  })
  it('excepts a user named with its account', () => {
    assert.equal(decide({ resource: notPrincipal([user, A]) }, get(user)), 'Allowed')
    assert.equal(decide({ resource: notPrincipal([user]) }, get(user)), 'ExplicitlyDenied')
  })
})

describe('explanations', () => {
  it('names the denying statement', () => {
    const r = compile({
      identity: [
        allow('s3:*'),
        {
          Version: '2012-10-17',
          Statement: [{ Sid: 'NoGet', Effect: 'Deny', Action: 's3:Get*', Resource: '*' }],
        },
      ],
    }).authorize(get(user))
    assert.equal(r.decision, 'ExplicitlyDenied')
    assert.deepEqual(
      r.explanation.deniedBy.map((s) => [s.policyType, s.policyIndex, s.sid]),
      [['identity', 1, 'NoGet']],
    )
    assert.match(r.explanation.summary, /NoGet/)
  })
  it('names the policy type that left it implicitly denied, with its level', () => {
    const r = compile({
      identity: [allow('s3:*')],
      scp: [[allow('*')], [allow('ec2:*')]],
    }).authorize(get(user))
    assert.deepEqual(r.explanation.missingAllow, { policyType: 'scp', level: 1 })
    assert.match(r.explanation.summary, /service control policy at level 1/)
  })
  it('names the allowing statements in order: RCP and SCP levels, resource, identity, boundary', () => {
    const sid = (Sid: string, doc: ReturnType<typeof allow>) => ({
      ...doc,
      Statement: doc.Statement.map((st) => ({ Sid, ...st })),
    })
    const scpRoot = sid('Root', allow('*'))
    const refs = (policies: PolicySet, request = get(user)) =>
      compile(policies)
        .authorize(request)
        .explanation.allowedBy.map((s) => [s.policyType, s.level ?? null, s.sid])
    const expected = [
      ['rcp', 0, 'Rcp'],
      ['scp', 0, 'Root'],
      ['scp', 1, 'Ou'],
      ['identity', null, 'Id'],
      ['permissionBoundary', null, 'Ceiling'],
    ]
    const base = {
      rcp: [[sid('Rcp', allow('*', '*', { Principal: '*' }))]],
      identity: [sid('Id', allow('s3:GetObject'))],
      permissionBoundary: [sid('Ceiling', allow('s3:*'))],
    }
    // Every SCP level allows whatever the request (named without evaluation), ...
    assert.deepEqual(refs({ ...base, scp: [[scpRoot], [sid('Ou', allow('s3:*'))]] }), expected)
    // ... or a level's Allow has a condition to test: the same names when it holds, ...
    const onlyOverTls = sid(
      'Ou',
      allow('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
    )
    const policies = { ...base, scp: [[scpRoot], [onlyOverTls]] }
    const overTls = get(user, A, { context: { 'aws:SecureTransport': 'true' } })
    assert.deepEqual(refs(policies, overTls), expected)
    // ... and, when it does not, those that allowed before the level that did not.
    assert.deepEqual(refs(policies), expected.slice(0, 2))
  })
  it('carries diagnostics for skipped policies and serialises to JSON', () => {
    const r = compile({ identity: ['{not json'] }).authorize(get(user))
    const json = JSON.parse(JSON.stringify(r)) as {
      explanation: { diagnostics: { policyIndex: number }[]; summary: string }
    }
    assert.equal(json.explanation.diagnostics[0]?.policyIndex, 0)
    assert.equal(typeof json.explanation.summary, 'string')
  })
})

describe("AWS's rules that decide besides the policies", () => {
  it('sts:GetCallerIdentity is allowed whatever denies it, and the explanation says why', () => {
    const everything = deny('*')
    const r = compile({
      identity: [everything],
      permissionBoundary: [everything],
      session: [everything],
      scp: [[everything]],
      rcp: [[everything]],
    }).authorize({ principal: session, action: 'sts:GetCallerIdentity', resource: '*' })
    assert.equal(r.decision, 'Allowed')
    assert.equal(r.explanation.rule, 'permission_not_required')
    assert.match(r.explanation.summary, /needs no permission/)
    assert.equal(JSON.parse(JSON.stringify(r.explanation)).rule, 'permission_not_required')
  })

  it('an anonymous caller, given as {"type": "Anonymous"}, is allowed only by a grant to everyone', () => {
    const anonymous = { type: 'Anonymous' } as unknown as string
    const request = get(anonymous, A)
    assert.equal(decide({ resource: bucketPolicy('*') }, request), 'Allowed')
    assert.equal(decide({ resource: bucketPolicy({ AWS: '*' }) }, request), 'Allowed')
    const named = compile({ resource: bucketPolicy({ AWS: `arn:aws:iam::${A}:root` }) }).authorize(
      request,
    )
    assert.equal(named.decision, 'ImplicitlyDenied')
    assert.equal(named.explanation.rule, 'anonymous_needs_public_grant')
    assert.equal(decide({ identity: [allow('*')] }, request), 'ImplicitlyDenied')
  })

  it('a KMS key: only the key policy allows, alone or delegating to the account', () => {
    const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
    const request = { principal: user, action: 'kms:Decrypt', resource: key }
    const keyPolicy = (principal: unknown) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }],
    })
    const none = compile({ identity: [allow('kms:*')] }).authorize(request)
    assert.equal(none.decision, 'ImplicitlyDenied')
    assert.equal(none.explanation.rule, 'key_policy_required')
    const account = { AWS: `arn:aws:iam::${A}:root` }
    assert.equal(
      decide({ resource: keyPolicy(account), identity: [allow('kms:*')] }, request),
      'Allowed',
    )
    assert.equal(decide({ resource: keyPolicy(account) }, request), 'ImplicitlyDenied')
    assert.equal(decide({ resource: keyPolicy({ AWS: user }) }, request), 'Allowed')
    assert.equal(
      decide(
        { identity: [allow('kms:ListKeys')] },
        { ...request, action: 'kms:ListKeys', resource: '*' },
      ),
      'Allowed',
    )
  })
})
