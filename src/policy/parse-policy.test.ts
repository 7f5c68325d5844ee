import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parsePolicy } from './parse-policy.ts'
import { POLICY_TYPES, type PolicyType, type Problem } from './types.ts'
import { MESSAGES, PROBLEM_CODES } from './validate/messages.ts'
import { parseConditionOperator } from './validate/parse-condition-operator.ts'
import { POLICY_SIZE_LIMITS } from './validate/policy-size-limits.ts'
import { scanJsonText } from './validate/scan-json-text.ts'

const V = '2012-10-17'
const ALLOW_S3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }
const TRUST = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:root' },
  Action: 'sts:AssumeRole',
}
const BUCKET = { ...ALLOW_S3, Principal: { AWS: '111111111111' } }
const RCP_DENY = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }

/** A document with Version 2012-10-17 and the given statements. */
function doc(...statements: unknown[]): Record<string, unknown> {
  return { Version: V, Statement: statements }
}

interface Case {
  readonly name: string
  readonly type: PolicyType
  readonly input: unknown
  /** Whether a policy comes back (false: the policy cannot be evaluated). */
  readonly ok: boolean
  /** The problem codes expected, in any order (exactly these, no others). */
  readonly codes: readonly string[]
}

function codesOf(problems: readonly Problem[]): string[] {
  return [...new Set(problems.map((p) => p.code))].sort()
}

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const { policy, problems } = parsePolicy(c.input, c.type)
      assert.deepEqual(codesOf(problems), [...new Set(c.codes)].sort(), JSON.stringify(problems))
      assert.equal(policy !== undefined, c.ok, JSON.stringify(problems))
    })
  }
}

describe('document level', () => {
  runCases([
    { name: 'valid identity policy', type: 'identity', input: doc(ALLOW_S3), ok: true, codes: [] },
    {
      name: 'JSON string input',
      type: 'identity',
      input: JSON.stringify(doc(ALLOW_S3), null, 2),
      ok: true,
      codes: [],
    },
    {
      name: 'invalid JSON',
      type: 'identity',
      input: '{"Version": ',
      ok: false,
      codes: ['invalid_json'],
    },
    { name: 'number', type: 'identity', input: 42, ok: false, codes: ['invalid_input'] },
    { name: 'null', type: 'identity', input: null, ok: false, codes: ['invalid_input'] },
    { name: 'undefined', type: 'identity', input: undefined, ok: false, codes: ['invalid_input'] },
    {
      name: 'array',
      type: 'identity',
      input: [doc(ALLOW_S3)],
      ok: false,
      codes: ['invalid_input'],
    },
    {
      name: 'JSON string of a string',
      type: 'identity',
      input: '"x"',
      ok: false,
      codes: ['invalid_input'],
    },
    {
      name: 'unknown top-level element is an error but evaluable',
      type: 'identity',
      input: { ...doc(ALLOW_S3), Comment: 'x' },
      ok: true,
      codes: ['unknown_policy_element'],
    },
    {
      name: 'missing Statement',
      type: 'identity',
      input: { Version: V },
      ok: false,
      codes: ['missing_statement'],
    },
    {
      name: 'Statement of the wrong type',
      type: 'identity',
      input: { Version: V, Statement: 'x' },
      ok: false,
      codes: ['invalid_statement'],
    },
    {
      name: 'empty Statement array',
      type: 'identity',
      input: { Version: V, Statement: [] },
      ok: true,
      codes: ['empty_statement'],
    },
    {
      name: 'a statement that is not an object',
      type: 'identity',
      input: doc(ALLOW_S3, 7),
      ok: false,
      codes: ['invalid_statement'],
    },
    {
      name: 'duplicate key in JSON text',
      type: 'identity',
      input:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}]}',
      ok: false,
      codes: ['duplicate_key'],
    },
    {
      name: 'Id is fine in resource policies',
      type: 'resource',
      input: { ...doc(BUCKET), Id: 'p1' },
      ok: true,
      codes: [],
    },
    {
      name: 'Id in an identity policy is a warning',
      type: 'identity',
      input: { ...doc(ALLOW_S3), Id: 'p1' },
      ok: true,
      codes: ['id_in_identity_policy'],
    },
    {
      name: 'Id must be a string',
      type: 'resource',
      input: { ...doc(BUCKET), Id: 3 },
      ok: true,
      codes: ['invalid_id'],
    },
    {
      name: 'characters outside U+0020..U+00FF in an IAM policy',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Sid: 'x', Resource: 'arn:aws:s3:::b/\u4e2d' }),
      ok: true,
      codes: ['invalid_characters'],
    },
    {
      name: 'characters outside U+0020..U+00FF are fine in a resource policy',
      type: 'resource',
      input: doc({ ...BUCKET, Resource: 'arn:aws:s3:::b/\u4e2d' }),
      ok: true,
      codes: [],
    },
  ])
})

describe('named wrapper', () => {
  test('carries the name', () => {
    const { policy, problems } = parsePolicy({ name: 'p', document: doc(ALLOW_S3) }, 'identity')
    assert.deepEqual(problems, [])
    assert.equal(policy?.name, 'p')
  })
  test('document as a string', () => {
    const { policy } = parsePolicy(
      { name: 'p', document: JSON.stringify(doc(ALLOW_S3)) },
      'identity',
    )
    assert.equal(policy?.statements.length, 1)
  })
  test('a non-string name is an error', () => {
    const { policy, problems } = parsePolicy({ name: 3, document: doc(ALLOW_S3) }, 'identity')
    assert.deepEqual(codesOf(problems), ['invalid_name'])
    assert.equal(policy?.name, undefined)
  })
})

describe('Version', () => {
  runCases([
    {
      name: '2008-10-17 is accepted',
      type: 'identity',
      input: { Version: '2008-10-17', Statement: [ALLOW_S3] },
      ok: true,
      codes: [],
    },
    {
      name: 'absent Version is read as 2008-10-17, with a warning',
      type: 'identity',
      input: { Statement: [ALLOW_S3] },
      ok: true,
      codes: ['missing_version'],
    },
    {
      name: 'unknown Version',
      type: 'identity',
      input: { Version: '2012-10-18', Statement: [ALLOW_S3] },
      ok: false,
      codes: ['invalid_version'],
    },
    {
      name: 'Version that is not a string',
      type: 'identity',
      input: { Version: 2012, Statement: [ALLOW_S3] },
      ok: false,
      codes: ['invalid_version'],
    },
    {
      name: 'SCP without Version',
      type: 'scp',
      input: { Statement: [ALLOW_S3] },
      ok: true,
      codes: ['version_required'],
    },
    {
      name: 'RCP with 2008-10-17',
      type: 'rcp',
      input: { Version: '2008-10-17', Statement: [RCP_DENY] },
      ok: true,
      codes: ['version_required'],
    },
  ])
  test('absent Version records 2008-10-17', () => {
    assert.equal(parsePolicy({ Statement: [ALLOW_S3] }, 'identity').policy?.version, '2008-10-17')
  })
})

describe('statement elements', () => {
  runCases([
    {
      name: 'unknown statement element is fatal (a misspelt Condition would widen an Allow)',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Condtion: {} }),
      ok: false,
      codes: ['unknown_statement_element'],
    },
    {
      name: 'missing Effect',
      type: 'identity',
      input: doc({ Action: '*', Resource: '*' }),
      ok: false,
      codes: ['missing_effect'],
    },
    {
      name: 'Effect is case-sensitive',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Effect: 'allow' }),
      ok: false,
      codes: ['invalid_effect'],
    },
    {
      name: 'Effect of the wrong type',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Effect: true }),
      ok: false,
      codes: ['invalid_effect'],
    },
    {
      name: 'neither Action nor NotAction',
      type: 'identity',
      input: doc({ Effect: 'Allow', Resource: '*' }),
      ok: false,
      codes: ['missing_action'],
    },
    {
      name: 'both Action and NotAction',
      type: 'identity',
      input: doc({ ...ALLOW_S3, NotAction: 'iam:*' }),
      ok: false,
      codes: ['action_and_not_action'],
    },
    {
      name: 'NotAction alone',
      type: 'identity',
      input: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }),
      ok: true,
      codes: [],
    },
    {
      name: 'empty Action array',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: [] }),
      ok: false,
      codes: ['invalid_string_list'],
    },
    {
      name: 'Action array with a number',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: ['s3:GetObject', 1] }),
      ok: false,
      codes: ['invalid_string_list'],
    },
    {
      name: 'action without a service prefix',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: 's3GetObject' }),
      ok: true,
      codes: ['invalid_action'],
    },
    {
      name: 'wildcard in the service prefix',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: 's*:GetObject' }),
      ok: true,
      codes: ['invalid_action_vendor'],
    },
    {
      name: 'bad action name',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: 's3:Get Object' }),
      ok: true,
      codes: ['invalid_action_name'],
    },
    {
      name: 'wildcards in action names',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Action: ['*', 's3:*', 'ec2:Describe*', 's3:Get?bject'] }),
      ok: true,
      codes: [],
    },
    {
      name: 'neither Resource nor NotResource',
      type: 'identity',
      input: doc({ Effect: 'Allow', Action: '*' }),
      ok: false,
      codes: ['missing_resource'],
    },
    {
      name: 'both Resource and NotResource',
      type: 'identity',
      input: doc({ ...ALLOW_S3, NotResource: '*' }),
      ok: false,
      codes: ['resource_and_not_resource'],
    },
    {
      name: 'resource not an ARN',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Resource: 'bucket/key' }),
      ok: true,
      codes: ['invalid_resource'],
    },
    {
      name: 'resource with too few ARN parts',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Resource: 'arn:aws:s3:bucket' }),
      ok: true,
      codes: ['invalid_resource'],
    },
    {
      name: 'Resource of the wrong type',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Resource: { a: 1 } }),
      ok: false,
      codes: ['invalid_string_list'],
    },
    {
      name: 'NotResource',
      type: 'identity',
      input: doc({
        Effect: 'Deny',
        Action: '*',
        NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      }),
      ok: true,
      codes: [],
    },
  ])
})

describe('Sid', () => {
  runCases([
    {
      name: 'alphanumeric Sids',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Sid: 'A1' }, { ...ALLOW_S3, Sid: '' }),
      ok: true,
      codes: [],
    },
    {
      name: 'duplicate Sid',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Sid: 'A' }, { ...ALLOW_S3, Sid: 'A' }),
      ok: true,
      codes: ['duplicate_sid'],
    },
    {
      name: 'duplicate Sid in an SCP',
      type: 'scp',
      input: doc({ ...ALLOW_S3, Sid: 'A' }, { ...ALLOW_S3, Sid: 'A' }),
      ok: true,
      codes: ['duplicate_sid'],
    },
    {
      name: 'Sid with a space in an IAM policy',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Sid: 'read objects' }),
      ok: true,
      codes: ['invalid_sid'],
    },
    {
      name: 'Sid with a space in a resource policy',
      type: 'resource',
      input: doc({ ...BUCKET, Sid: 'read objects' }),
      ok: true,
      codes: [],
    },
    {
      name: 'Sid of the wrong type',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Sid: 1 }),
      ok: true,
      codes: ['invalid_sid'],
    },
  ])
  test('statement index and Sid are kept', () => {
    const { policy } = parsePolicy(
      doc(ALLOW_S3, { ...ALLOW_S3, Sid: 'B', Effect: 'Deny' }),
      'identity',
    )
    assert.deepEqual(
      policy?.statements.map((s) => [s.index, s.sid, s.effect]),
      [
        [0, undefined, 'Allow'],
        [1, 'B', 'Deny'],
      ],
    )
  })
})

describe('Principal', () => {
  runCases([
    {
      name: 'Principal in an identity policy: error, evaluable, dropped',
      type: 'identity',
      input: doc({ ...ALLOW_S3, Principal: '*' }),
      ok: true,
      codes: ['principal_forbidden'],
    },
    {
      name: 'NotPrincipal in a session policy',
      type: 'session',
      input: doc({ ...ALLOW_S3, NotPrincipal: '*' }),
      ok: true,
      codes: ['principal_forbidden'],
    },
    {
      name: 'Principal in a permissions boundary',
      type: 'permissionBoundary',
      input: doc({ ...ALLOW_S3, Principal: '*' }),
      ok: true,
      codes: ['principal_forbidden'],
    },
    {
      name: 'Principal in an SCP',
      type: 'scp',
      input: doc({ ...ALLOW_S3, Principal: '*' }),
      ok: true,
      codes: ['principal_forbidden'],
    },
    {
      name: 'missing Principal in a resource policy',
      type: 'resource',
      input: doc(ALLOW_S3),
      ok: false,
      codes: ['missing_principal'],
    },
    {
      name: 'missing Principal in a trust policy',
      type: 'trust',
      input: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
      ok: false,
      codes: ['missing_principal'],
    },
    {
      name: 'both Principal and NotPrincipal',
      type: 'resource',
      input: doc({ ...BUCKET, NotPrincipal: '*' }),
      ok: false,
      codes: ['principal_and_not_principal'],
    },
    {
      name: 'Principal string other than "*"',
      type: 'resource',
      input: doc({ ...BUCKET, Principal: 'arn:aws:iam::111111111111:root' }),
      ok: false,
      codes: ['invalid_principal_shape'],
    },
    {
      name: 'unknown principal type (keys are case-sensitive)',
      type: 'resource',
      input: doc({ ...BUCKET, Principal: { aws: '111111111111' } }),
      ok: false,
      codes: ['unknown_principal_type'],
    },
    {
      name: 'principal value of the wrong type',
      type: 'resource',
      input: doc({ ...BUCKET, Principal: { AWS: 111111111111 } }),
      ok: false,
      codes: ['invalid_string_list'],
    },
    {
      name: 'every valid AWS principal form',
      type: 'resource',
      input: doc({
        ...BUCKET,
        Principal: {
          AWS: [
            '*',
            '111111111111',
            'arn:aws:iam::111111111111:root',
            'arn:aws:iam::111111111111:user/division/alice',
            'arn:aws:iam::111111111111:role/app',
            'arn:aws:sts::111111111111:assumed-role/app/session-1',
            'arn:aws:sts::111111111111:federated-user/bob',
            'arn:aws-cn:iam::111111111111:root',
            'AROADBQP57FF2AEXAMPLE',
          ],
          Service: ['ec2.amazonaws.com', 'states.us-east-1.amazonaws.com'],
          Federated: [
            'cognito-identity.amazonaws.com',
            'accounts.google.com',
            'arn:aws:iam::111111111111:saml-provider/okta',
            'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
          ],
          CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        },
      }),
      ok: true,
      codes: [],
    },
    ...[
      'arn:aws:iam::111111111111:user/*',
      '11111111111',
      'arn:aws:iam::111111111111:group/devs',
      'arn:aws:sts::111111111111:assumed-role/app/*',
      'alice',
    ].map((value): Case => ({
      name: `invalid AWS principal ${value}`,
      type: 'resource',
      input: doc({ ...BUCKET, Principal: { AWS: value } }),
      ok: true,
      codes: ['invalid_principal'],
    })),
    {
      name: 'invalid service principal',
      type: 'trust',
      input: doc({ ...TRUST, Principal: { Service: 'ec2' } }),
      ok: true,
      codes: ['invalid_principal'],
    },
    {
      name: 'invalid canonical user',
      type: 'resource',
      input: doc({ ...BUCKET, Principal: { CanonicalUser: 'abc' } }),
      ok: true,
      codes: ['invalid_principal'],
    },
    {
      name: 'empty principal object',
      type: 'resource',
      input: doc({ ...BUCKET, Principal: {} }),
      ok: true,
      codes: ['empty_principal'],
    },
    {
      name: 'NotPrincipal with Deny in a resource policy',
      type: 'resource',
      input: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: '111111111111' },
        Action: '*',
        Resource: '*',
      }),
      ok: true,
      codes: [],
    },
    {
      name: 'NotPrincipal with Allow',
      type: 'resource',
      input: doc({ ...ALLOW_S3, NotPrincipal: { AWS: '111111111111' } }),
      ok: true,
      codes: ['not_principal_with_allow'],
    },
    {
      name: 'NotPrincipal in a trust policy',
      type: 'trust',
      input: doc({ Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:*' }),
      ok: true,
      codes: ['not_principal_unsupported'],
    },
  ])
  test('wildcard forms', () => {
    for (const principal of ['*', { AWS: '*' }]) {
      const { policy } = parsePolicy(doc({ ...BUCKET, Principal: principal }), 'resource')
      assert.equal(policy?.statements[0].principal?.wildcard, true)
    }
  })
  test('lists by principal type', () => {
    const { policy } = parsePolicy(
      doc({ ...TRUST, Principal: { Service: 'ec2.amazonaws.com', AWS: ['111111111111'] } }),
      'trust',
    )
    assert.deepEqual(policy?.statements[0].principal, {
      kind: 'Principal',
      wildcard: false,
      aws: ['111111111111'],
      service: ['ec2.amazonaws.com'],
      federated: [],
      canonicalUser: [],
    })
  })
  test('a forbidden Principal is left out of the result', () => {
    const { policy } = parsePolicy(doc({ ...ALLOW_S3, Principal: '*' }), 'identity')
    assert.equal(policy?.statements[0].principal, undefined)
  })
})

describe('trust policies', () => {
  runCases([
    { name: 'valid trust policy', type: 'trust', input: doc(TRUST), ok: true, codes: [] },
    {
      name: 'STS actions of every kind',
      type: 'trust',
      input: doc({
        ...TRUST,
        Action: ['sts:AssumeRole', 'sts:TagSession', 'STS:SetSourceIdentity', 'sts:*', '*'],
      }),
      ok: true,
      codes: [],
    },
    {
      name: 'non-STS action',
      type: 'trust',
      input: doc({ ...TRUST, Action: ['sts:AssumeRole', 's3:GetObject'] }),
      ok: true,
      codes: ['trust_policy_action'],
    },
    {
      name: 'Resource is prohibited',
      type: 'trust',
      input: doc({ ...TRUST, Resource: '*' }),
      ok: true,
      codes: ['prohibited_field'],
    },
    {
      name: 'NotResource is prohibited',
      type: 'trust',
      input: doc({ ...TRUST, NotResource: '*' }),
      ok: true,
      codes: ['prohibited_field'],
    },
  ])
  test('the AWS wordings', () => {
    const { problems } = parsePolicy(doc({ ...TRUST, Resource: '*', Action: 's3:*' }), 'trust')
    assert.deepEqual(problems.map((p) => p.message).sort(), [
      'AssumeRole policy may only specify STS AssumeRole actions.',
      'Has prohibited field Resource',
    ])
  })
})

describe('SCPs and RCPs', () => {
  runCases([
    {
      name: 'SCP with Allow, NotAction, NotResource and Condition (full language since 2025)',
      type: 'scp',
      input: doc(
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          NotAction: 'iam:*',
          NotResource: 'arn:aws:s3:::b',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
        },
      ),
      ok: true,
      codes: [],
    },
    { name: 'RCP Deny', type: 'rcp', input: doc(RCP_DENY), ok: true, codes: [] },
    {
      name: 'RCPFullAWSAccess content',
      type: 'rcp',
      input: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
      ok: true,
      codes: [],
    },
    {
      name: 'RCP customer Allow',
      type: 'rcp',
      input: doc({ ...RCP_DENY, Effect: 'Allow' }),
      ok: true,
      codes: ['rcp_allow'],
    },
    {
      name: 'RCP Principal other than "*"',
      type: 'rcp',
      input: doc({ ...RCP_DENY, Principal: { AWS: '111111111111' } }),
      ok: true,
      codes: ['rcp_principal_not_wildcard'],
    },
    {
      name: 'RCP without Principal',
      type: 'rcp',
      input: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }),
      ok: false,
      codes: ['missing_principal'],
    },
    {
      name: 'RCP NotAction',
      type: 'rcp',
      input: doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }),
      ok: true,
      codes: ['not_action_unsupported'],
    },
    {
      name: 'RCP NotPrincipal',
      type: 'rcp',
      input: doc({
        Effect: 'Deny',
        NotPrincipal: { AWS: '111111111111' },
        Action: '*',
        Resource: '*',
      }),
      ok: true,
      codes: ['not_principal_unsupported'],
    },
  ])
  test('RCP Allow is accepted in a policy named RCPFullAWSAccess', () => {
    const { problems } = parsePolicy(
      { name: 'RCPFullAWSAccess', document: doc({ ...RCP_DENY, Effect: 'Allow' }) },
      'rcp',
    )
    assert.deepEqual(problems, [])
  })
})

describe('Condition', () => {
  const withCondition = (condition: unknown) => doc({ ...ALLOW_S3, Condition: condition })
  runCases([
    {
      name: 'every operator, qualifier and IfExists',
      type: 'identity',
      input: withCondition({
        StringEquals: { 'aws:username': 'alice' },
        'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] },
        NumericLessThanEquals: { 's3:max-keys': 10 },
        DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
        DateLessThan: { 'aws:EpochTime': '1700000000' },
        Bool: { 'aws:SecureTransport': true },
        IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] },
        ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
        Null: { 'aws:TokenIssueTime': 'true' },
        BinaryEquals: { 'x:key': 'QmluYXJ5' },
      }),
      ok: true,
      codes: [],
    },
    {
      name: 'unknown operator is fatal',
      type: 'identity',
      input: withCondition({ StringEqualz: { 'aws:username': 'a' } }),
      ok: false,
      codes: ['unknown_condition_operator'],
    },
    {
      name: 'Null has no IfExists',
      type: 'identity',
      input: withCondition({ NullIfExists: { 'aws:username': 'true' } }),
      ok: false,
      codes: ['unknown_condition_operator'],
    },
    {
      name: 'unknown qualifier',
      type: 'identity',
      input: withCondition({ 'ForSomeValues:StringEquals': { 'aws:username': 'a' } }),
      ok: false,
      codes: ['unknown_condition_operator'],
    },
    {
      name: 'operator in another case: warning, canonicalised',
      type: 'identity',
      input: withCondition({ stringequals: { 'aws:username': 'a' } }),
      ok: true,
      codes: ['condition_operator_case'],
    },
    {
      name: 'Condition of the wrong type',
      type: 'identity',
      input: withCondition(['StringEquals']),
      ok: false,
      codes: ['invalid_condition_block'],
    },
    {
      name: 'operator body of the wrong type',
      type: 'identity',
      input: withCondition({ StringEquals: 'aws:username' }),
      ok: false,
      codes: ['invalid_condition_operator_body'],
    },
    {
      name: 'null condition value',
      type: 'identity',
      input: withCondition({ StringEquals: { 'aws:username': null } }),
      ok: false,
      codes: ['invalid_condition_values'],
    },
    {
      name: 'nested array condition value',
      type: 'identity',
      input: withCondition({ StringEquals: { 'aws:username': [['a']] } }),
      ok: false,
      codes: ['invalid_condition_values'],
    },
    {
      name: 'empty value list',
      type: 'identity',
      input: withCondition({ StringEquals: { 'aws:username': [] } }),
      ok: true,
      codes: ['empty_condition_values'],
    },
    {
      name: 'condition key without a vendor prefix',
      type: 'identity',
      input: withCondition({ StringEquals: { username: 'a' } }),
      ok: true,
      codes: ['invalid_condition_key'],
    },
    {
      name: 'Bool with a non-boolean',
      type: 'identity',
      input: withCondition({ Bool: { 'aws:SecureTransport': 'yes' } }),
      ok: true,
      codes: ['suspicious_condition_value'],
    },
    {
      name: 'Numeric with a non-number',
      type: 'identity',
      input: withCondition({ NumericEquals: { 's3:max-keys': 'ten' } }),
      ok: true,
      codes: ['suspicious_condition_value'],
    },
    {
      name: 'Date with a non-date',
      type: 'identity',
      input: withCondition({ DateLessThan: { 'aws:CurrentTime': 'tomorrow' } }),
      ok: true,
      codes: ['suspicious_condition_value'],
    },
  ])
  test('values become strings and the operator is taken apart', () => {
    const { policy } = parsePolicy(
      withCondition({
        'forAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a', 1, true] },
        Bool: { 'aws:SecureTransport': false },
      }),
      'identity',
    )
    assert.deepEqual(policy?.statements[0].conditions, [
      {
        raw: 'forAnyValue:StringLikeIfExists',
        operator: 'StringLike',
        qualifier: 'ForAnyValue',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['a', '1', 'true'],
      },
      {
        raw: 'Bool',
        operator: 'Bool',
        qualifier: undefined,
        ifExists: false,
        key: 'aws:SecureTransport',
        values: ['false'],
      },
    ])
  })
  test('parseConditionOperator', () => {
    assert.deepEqual(parseConditionOperator('ForAllValues:ArnNotLikeIfExists'), {
      operator: 'ArnNotLike',
      qualifier: 'ForAllValues',
      ifExists: true,
      canonical: 'ForAllValues:ArnNotLikeIfExists',
    })
    for (const bad of ['', 'IfExists', 'StringEqualsIfExistsIfExists', ':StringEquals', 'Null:']) {
      assert.equal(parseConditionOperator(bad), undefined, bad)
    }
  })
})

describe('policy variables', () => {
  const withVar = (version: string | undefined, extra: Record<string, unknown>) => ({
    ...(version === undefined ? {} : { Version: version }),
    Statement: [{ ...ALLOW_S3, ...extra }],
  })
  runCases([
    {
      name: 'variables in Resource and string conditions with 2012-10-17',
      type: 'identity',
      input: withVar(V, {
        Resource: 'arn:aws:s3:::b/${aws:username}/*',
        Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } },
      }),
      ok: true,
      codes: [],
    },
    {
      name: 'variables with 2008-10-17 are literal text',
      type: 'identity',
      input: withVar('2008-10-17', { Resource: 'arn:aws:s3:::b/${aws:username}/*' }),
      ok: true,
      codes: ['variable_in_legacy_version'],
    },
    {
      name: 'variables without Version are literal text',
      type: 'identity',
      input: withVar(undefined, { Resource: 'arn:aws:s3:::b/${aws:username}/*' }),
      ok: true,
      codes: ['variable_in_legacy_version', 'missing_version'],
    },
    {
      name: 'unclosed variable',
      type: 'identity',
      input: withVar(V, { Resource: 'arn:aws:s3:::b/${aws:username/*' }),
      ok: true,
      codes: ['unclosed_variable'],
    },
    {
      name: 'variable in a Numeric condition',
      type: 'identity',
      input: withVar(V, { Condition: { NumericEquals: { 's3:max-keys': '${aws:x}' } } }),
      ok: true,
      codes: ['variable_not_supported'],
    },
    {
      name: 'variable in an Action',
      type: 'identity',
      input: withVar(V, { Action: 's3:${aws:username}' }),
      ok: true,
      codes: ['variable_not_supported', 'invalid_action_name'],
    },
  ])
})

describe('size limits', () => {
  /** A policy of about `size` characters for the given type, padded through the Sid. */
  function sized(type: PolicyType, size: number): Record<string, unknown> {
    const base =
      type === 'trust' ? TRUST : type === 'resource' || type === 'rcp' ? RCP_DENY : ALLOW_S3
    const empty = JSON.stringify(doc({ ...base, Sid: '' })).length
    return doc({ ...base, Sid: 'a'.repeat(Math.max(0, size - empty)) })
  }
  for (const type of POLICY_TYPES) {
    const { maxChars } = POLICY_SIZE_LIMITS[type]
    test(`${type}: ${maxChars} characters pass, one more fails`, () => {
      const codes = (size: number) => codesOf(parsePolicy(sized(type, size), type).problems)
      assert.ok(!codes(maxChars).includes('policy_too_large'))
      const over = parsePolicy(sized(type, maxChars + 1), type)
      assert.ok(codesOf(over.problems).includes('policy_too_large'))
      assert.notEqual(over.policy, undefined, 'too large is still evaluable')
    })
  }
  test('IAM does not count white space; Organizations does', () => {
    const padded = JSON.stringify(sized('identity', 6000), null, 40)
    assert.ok(padded.length > 6144)
    assert.deepEqual(parsePolicy(padded, 'identity').problems, [])
    const scp = JSON.stringify(sized('scp', 5000), null, 40)
    assert.deepEqual(codesOf(parsePolicy(scp, 'scp').problems), ['policy_too_large'])
  })
  test('AWS wordings', () => {
    const message = (type: PolicyType) =>
      parsePolicy(sized(type, 30000), type).problems.find((p) => p.code === 'policy_too_large')
        ?.message
    assert.equal(message('identity'), 'Cannot exceed quota for PolicySize: 6144')
    assert.equal(message('trust'), 'Cannot exceed quota for ACLSizePerRole: 2048')
    assert.match(message('session') ?? '', /Member must have length less than or equal to 2048$/)
  })
})

describe('problem paths and severities', () => {
  test('paths point at the element', () => {
    const { problems } = parsePolicy(
      doc(ALLOW_S3, { ...ALLOW_S3, Condition: { StringEqualz: { 'aws:x': 'a' } } }),
      'identity',
    )
    assert.deepEqual(problems, [
      {
        code: 'unknown_condition_operator',
        path: 'Statement[1].Condition.StringEqualz',
        message: 'Invalid Condition type : StringEqualz',
        severity: 'error',
      },
    ])
  })
  test('a single statement object has the path Statement', () => {
    const { problems } = parsePolicy(
      { Version: V, Statement: { Effect: 'Allow', Action: '*' } },
      'identity',
    )
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [['Statement', 'Policy statement must contain resources.']],
    )
  })
  test('warnings alone keep the policy', () => {
    const { policy, problems } = parsePolicy({ Statement: ALLOW_S3 }, 'identity')
    assert.notEqual(policy, undefined)
    assert.ok(problems.every((p) => p.severity === 'warning'))
  })
  test('an error in one statement does not hide the others', () => {
    const { problems } = parsePolicy(
      doc({ Effect: 'Allow' }, { ...ALLOW_S3, Effect: 'x' }),
      'identity',
    )
    assert.deepEqual(codesOf(problems), ['invalid_effect', 'missing_action', 'missing_resource'])
  })
})

describe('messages table', () => {
  test('every code has a message, and messages never throw on odd parameters', () => {
    assert.equal(PROBLEM_CODES.length, Object.keys(MESSAGES).length)
    for (const code of PROBLEM_CODES) {
      const template = MESSAGES[code] as (p: Record<string, unknown>) => string
      const text = template({
        got: 'x',
        key: 'k',
        value: 'v'.repeat(1000),
        policyType: 'scp',
        element: 'Action',
        field: 'Resource',
        principalType: 'AWS',
        operator: 'Bool',
        canonical: 'Bool',
        expected: 'x',
        where: 'x',
        size: 1,
        limit: 1,
        character: 'x',
        reason: 'x',
      })
      assert.equal(typeof text, 'string')
      assert.ok(text.length > 0 && text.length < 600, `${code}: ${text.length}`)
    }
  })
})

describe('scanJsonText', () => {
  test('finds duplicate keys at any depth, with their path', () => {
    const scan = scanJsonText('{"a":[{"b":1,"c":{"d":1,"d":2}}],"a":3, "e\\"":1, "e\\u0022":2}')
    assert.deepEqual(scan.duplicates, [
      { path: 'a[0].c.d', key: 'd' },
      { path: 'a', key: 'a' },
      { path: '["e\\""]', key: 'e"' },
    ])
  })
  test('measures without white space outside strings', () => {
    assert.equal(scanJsonText(' { "a b" : [ 1 , 2 ] } ').compactLength, '{"a b":[1,2]}'.length)
  })
})

describe('junk input never throws', () => {
  const deep = (depth: number): unknown => {
    let value: unknown = 'x'
    for (let i = 0; i < depth; i++) value = { Statement: [value] }
    return value
  }
  const cyclic: Record<string, unknown> = { Version: V }
  cyclic.Statement = cyclic
  const throwing = {
    Version: V,
    get Statement(): unknown {
      throw new Error('boom')
    },
  }
  const proxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('trap')
      },
    },
  )
  const junk: [string, unknown][] = [
    ['number', 1],
    ['NaN', Number.NaN],
    ['bigint', 10n],
    ['symbol', Symbol('s')],
    ['function', () => 1],
    ['true', true],
    ['empty string', ''],
    ['empty object', {}],
    ['nested arrays', [[[[]]]]],
    ['deep object', deep(100_000)],
    ['deep JSON text', '['.repeat(200_000) + ']'.repeat(200_000)],
    ['deep JSON text, unbalanced', '{"a":'.repeat(100_000)],
    ['huge string', 'x'.repeat(5_000_000)],
    ['huge valid policy', JSON.stringify(doc(...Array.from({ length: 20_000 }, () => ALLOW_S3)))],
    ['cyclic', cyclic],
    ['throwing getter', throwing],
    ['proxy', proxy],
    ['__proto__ key in JSON', '{"__proto__":{"Statement":[]},"Version":"2012-10-17"}'],
    [
      '__proto__ key in a statement',
      '{"Version":"2012-10-17","Statement":[{"__proto__":{"Effect":"Allow"},"Action":"*","Resource":"*"}]}',
    ],
    [
      '__proto__ condition',
      doc({ ...ALLOW_S3, Condition: JSON.parse('{"__proto__":{"a:b":"c"}}') }),
    ],
    ['constructor keys', doc({ ...ALLOW_S3, Condition: { constructor: { toString: 'x' } } })],
    ['wrapper without document value', { name: 'x', document: undefined }],
    ['wrapper of a wrapper', { name: 'x', document: { name: 'y', document: doc(ALLOW_S3) } }],
    ['Date', new Date(0)],
    ['Map', new Map([['Statement', []]])],
    ['statement of nulls', { Version: V, Statement: [null, null] }],
    ['principal of arrays', doc({ ...BUCKET, Principal: [[]] })],
    ['lone surrogate', '{"Version":"2012-10-17","Statement":{"Sid":"\ud800"}}'],
  ]
  for (const [name, input] of junk) {
    for (const type of POLICY_TYPES) {
      test(`${name} as ${type}`, () => {
        const result = parsePolicy(input, type)
        assert.ok(Array.isArray(result.problems))
        for (const p of result.problems) {
          assert.equal(typeof p.code, 'string')
          assert.equal(typeof p.message, 'string')
        }
        if (result.policy === undefined) {
          assert.ok(result.problems.some((p) => p.severity === 'error'))
        }
      })
    }
  }
  test('__proto__ in JSON pollutes nothing', () => {
    parsePolicy('{"__proto__":{"polluted":true},"Statement":[]}', 'identity')
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })
})
