/**
 * The documents of policy-documents.test.ts: each with where it goes, AWS's outcome (`accepted`
 * or the MalformedPolicyDocument message) and the source that says so.
 */
import { IAM_POLICY_MESSAGES as M } from '../../src/domain/iam/iam-policy-grammar.ts'

/** One row of the table. */
export interface DocumentCase {
  readonly name: string
  readonly kind: 'managed' | 'inline' | 'trust'
  /** The document exactly as sent. */
  readonly document: string
  /** `accepted`, or AWS's MalformedPolicyDocument message. */
  readonly expected: string
  readonly source: string
}

const MOTO =
  'moto/iam/policy_validation.py and tests/test_iam/test_iam_policies.py (getmoto/moto), rules and messages written against AWS answers'
const GRAMMAR =
  'IAM User Guide, Grammar of the IAM JSON policy language (reference_policies_grammar)'
const VERSION =
  'IAM User Guide, IAM JSON policy elements: Version (managed policies need 2012-10-17; a missing Version is read as 2008-10-17)'
const SID =
  'IAM User Guide, IAM JSON policy elements: Sid (ASCII letters and digits, unique in the policy)'
const PRINCIPAL =
  'IAM User Guide, IAM JSON policy elements: Principal (not in identity-based policies)'
const CONDITION =
  'IAM User Guide, IAM JSON policy elements: Condition operators (values are not checked when the policy is written)'
const ARNS = 'IAM User Guide, IAM identifiers: IAM ARNs; AWS General Reference, ARN format'
const TRUST_RECORDED =
  'recorded: shared/reference/aws-recorded/iam_test_iam_roles.snapshot.json, test_update_assume_role_policy_errors'
const JSON_RECORDED =
  'recorded: shared/reference/aws-recorded/iam_test_iam.snapshot.json, test_create_role_with_malformed_assume_role_policy_document'
const ROLES =
  'IAM User Guide, IAM roles terms and concepts: role trust policy (Principal, sts actions)'

const OK = 'accepted'
const BUCKET = 'arn:aws:s3:::example-bucket'
type St = Record<string, unknown>
const st = (extra: St = {}, drop: string[] = []): St => {
  const base: St = { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, ...extra }
  for (const k of drop) delete base[k]
  return base
}
const doc = (statement: unknown, top: St = { Version: '2012-10-17' }) =>
  JSON.stringify({ ...top, Statement: statement })
const noVersion = (statement: unknown) => JSON.stringify({ Statement: statement })
const cond = (condition: unknown) => doc(st({ Condition: condition }))
const res = (resource: unknown, extra: St = {}) => doc(st({ Resource: resource, ...extra }))
const act = (action: unknown, extra: St = {}) => doc(st({ Action: action, ...extra }))
const trustSt = (extra: St = {}, drop: string[] = []): St => {
  const base: St = {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::123456789012:root' },
    Action: 'sts:AssumeRole',
    ...extra,
  }
  for (const k of drop) delete base[k]
  return base
}

const managed: [string, string, string, string][] = [
  // Syntax: the document's shape
  ['not JSON at all', 'This is not a json document', M.syntax, MOTO],
  ['truncated JSON', '{"Version": "2012-10-17", "Statement": ', M.syntax, MOTO],
  ['a JSON array', '[]', M.syntax, GRAMMAR],
  ['a JSON string', '"policy"', M.syntax, GRAMMAR],
  ['a JSON number', '42', M.syntax, GRAMMAR],
  ['no Statement', '{"Version": "2012-10-17"}', M.syntax, MOTO],
  ['an empty Statement array', doc([]), M.syntax, MOTO],
  ['a Statement of strings', doc(['afd']), M.syntax, MOTO],
  ['a Statement string', doc('statement'), M.syntax, GRAMMAR],
  ['a Statement number', doc(3), M.syntax, GRAMMAR],
  [
    'an unknown top-level element',
    doc(st(), { Version: '2012-10-17', Extra: 'value' }),
    M.syntax,
    MOTO,
  ],
  ['an unknown statement element', doc(st({ 'Extra field': 'value' })), M.syntax, MOTO],
  [
    'a statement element in lower case',
    doc({ effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }),
    M.syntax,
    GRAMMAR,
  ],
  ['an unknown Version', doc(st(), { Version: '2013-10-17' }), M.syntax, MOTO],
  ['a numeric Version', doc(st(), { Version: 2012 }), M.syntax, GRAMMAR],
  ['an Id array', doc(st(), { Version: '2012-10-17', Id: ['a'] }), M.syntax, MOTO],
  ['an Id object', doc(st(), { Version: '2012-10-17', Id: {} }), M.syntax, MOTO],
  ['an Effect that is neither Allow nor Deny', doc(st({ Effect: 'invalid' })), M.syntax, MOTO],
  ['no Effect', doc(st({}, ['Effect'])), M.syntax, MOTO],
  ['a numeric Effect', doc(st({ Effect: 1 })), M.syntax, GRAMMAR],
  ['an Action object', act({}), M.syntax, MOTO],
  ['an Action array of arrays', act([[]]), M.syntax, MOTO],
  ['an Action array holding a number', act(['s3:GetObject', 7]), M.syntax, GRAMMAR],
  ['a Resource object', res({ a: BUCKET }), M.syntax, MOTO],
  ['a Resource array holding an object', res(['adfdf', {}]), M.syntax, MOTO],
  ['both Action and NotAction', doc(st({ NotAction: 's3:GetObject' })), M.syntax, MOTO],
  ['both Resource and NotResource', doc(st({ NotResource: '*' })), M.syntax, MOTO],
  [
    'both NotAction and an empty Action',
    doc(st({ NotAction: 's3:ListBucket', Action: [] })),
    M.syntax,
    MOTO,
  ],
  ['a Condition array', cond([]), M.syntax, MOTO],
  ['a Condition string', cond('a'), M.syntax, MOTO],
  ['a Condition operator mapped to a string', cond({ a: 'b' }), M.syntax, MOTO],
  ['a Date operator mapped to a string', cond({ DateGreaterThan: 'b' }), M.syntax, MOTO],
  ['a Date operator mapped to an array', cond({ DateGreaterThan: [] }), M.syntax, MOTO],
  ['a condition value that is an object', cond({ DateGreaterThan: { a: {} } }), M.syntax, MOTO],
  ['an unknown operator with a key', cond({ x: { a: '1' } }), M.syntax, MOTO],
  [
    'a qualifier with two colons',
    cond({ 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } }),
    M.syntax,
    MOTO,
  ],
  ['a numeric condition value', cond({ NumericLessThan: { 's3:max-keys': 10 } }), M.syntax, MOTO],
  ['a null condition value', cond({ StringEquals: { 'aws:username': null } }), M.syntax, MOTO],
  ['a Sid object', doc(st({ Sid: {} })), M.syntax, MOTO],
  ['a Sid array', doc(st({ Sid: [] })), M.syntax, MOTO],
  ['a numeric Sid', doc(st({ Sid: 1 })), M.syntax, GRAMMAR],
  ['a syntax error in the second statement', doc([st(), st({ Effect: 'Maybe' })]), M.syntax, MOTO],
  // Version: a managed policy must say 2012-10-17
  ['no Version', noVersion(st()), M.version, VERSION],
  ['Version 2008-10-17', doc(st(), { Version: '2008-10-17' }), M.version, VERSION],
  [
    'no Version and a lower-case Effect (Version first)',
    noVersion(st({ Effect: 'denY' })),
    M.version,
    MOTO,
  ],
  [
    'no Version and a bad date (Version first)',
    noVersion(st({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } })),
    M.version,
    MOTO,
  ],
  [
    'no Version and duplicate Sids (Version first)',
    noVersion([st({ Sid: 'a' }), st({ Sid: 'a' })]),
    M.version,
    MOTO,
  ],
  // Legacy parsing
  ['Effect "allow" in lower case', doc(st({ Effect: 'allow' })), M.legacy, MOTO],
  ['Effect "DENY" in upper case', doc(st({ Effect: 'DENY' })), M.legacy, MOTO],
  [
    'Effect "aLLow" with duplicate Sids (legacy first)',
    doc([st({ Sid: 's', Effect: 'aLLow' }), { Sid: 's', Effect: 'Allow' }]),
    M.legacy,
    MOTO,
  ],
  [
    'a date that is not a date',
    cond({ DateGreaterThan: { 'aws:CurrentTime': 'sdfdsf' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date with month 13',
    cond({ DateLessThanEquals: { 'aws:CurrentTime': '234-13' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date with a one-digit zone',
    cond({ DateLessThanEquals: { 'aws:CurrentTime': '2016-12-13t2:00:00.593194+1' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date with ten fraction digits',
    cond({ DateLessThanEquals: { 'aws:CurrentTime': '2016-12-13t2:00:00.1999999999+10:59' } }),
    M.legacy,
    MOTO,
  ],
  [
    'an epoch date past 2^63-1',
    cond({ DateLessThan: { 'aws:EpochTime': '9223372036854775808' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date list with one bad value',
    cond({ DateGreaterThan: { 'aws:CurrentTime': ['2020-01-01T00:00:00Z', 'never'] } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date with hour 24',
    cond({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T24:00:00Z' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date with day 32',
    cond({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-32' } }),
    M.legacy,
    MOTO,
  ],
  [
    'a date under an IfExists operator',
    cond({ DateGreaterThanIfExists: { 'aws:CurrentTime': 'soon' } }),
    M.legacy,
    MOTO,
  ],
  ['a boolean date', cond({ DateGreaterThan: { 'aws:CurrentTime': true } }), M.legacy, MOTO],
  [
    'a bad date and no Action (legacy first)',
    doc(st({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }, ['Action'])),
    M.legacy,
    MOTO,
  ],
  ['a resource with too few parts', res('arn:aws:s3::example_bucket'), M.legacy, MOTO],
  [
    'a NotResource with too few parts',
    doc(st({ NotResource: 'arn:aws:s3::example_bucket' }, ['Resource'])),
    M.legacy,
    MOTO,
  ],
  [
    'a resource with an empty service',
    doc(
      st({ Action: undefined, NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }),
    ),
    M.legacy,
    MOTO,
  ],
  ['a resource "arn:aws::fdsasf"', res('arn:aws::fdsasf'), M.legacy, MOTO],
  [
    'a lower-case Effect and no Action',
    doc({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }),
    M.legacy,
    MOTO,
  ],
  [
    'a bad partition and a bad date (legacy first)',
    res('arn:error:s3:::example_bucket', { Condition: { DateGreaterThan: { a: 'sdfdsf' } } }),
    M.legacy,
    MOTO,
  ],
  // Statement ids
  ['duplicate Sids', doc([st({ Sid: 'sdf' }), st({ Sid: 'sdf' })]), M.duplicateSid, MOTO],
  [
    'duplicate Sids, the second statement without Action (Sids first)',
    doc([st({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }]),
    M.duplicateSid,
    MOTO,
  ],
  ['a Sid with a space', doc(st({ Sid: 'Allow List' })), M.sidCharacters, SID],
  ['a Sid with a hyphen', doc(st({ Sid: 'allow-list' })), M.sidCharacters, SID],
  ['a Sid with an underscore', doc(st({ Sid: 'allow_list' })), M.sidCharacters, SID],
  // Actions
  ['no Action', doc(st({}, ['Action'])), M.missingActions, MOTO],
  ['an empty Action array', act([]), M.missingActions, MOTO],
  ['only an Effect', doc({ Effect: 'Allow' }), M.missingActions, MOTO],
  [
    'a first statement with only an Effect',
    doc([{ Effect: 'Deny' }, st()]),
    M.missingActions,
    MOTO,
  ],
  ['an empty NotAction array', doc(st({ NotAction: [] }, ['Action'])), M.missingActions, MOTO],
  [
    'no Action and a bad resource (actions first)',
    doc(st({ Resource: 'invalid' }, ['Action'])),
    M.missingActions,
    MOTO,
  ],
  // Resources
  [
    'a resource that is not an ARN',
    res('invalid resource'),
    M.resourceFormat('invalid resource'),
    MOTO,
  ],
  ['an empty resource string', res(''), M.resourceFormat(''), MOTO],
  ['a resource list holding a non-ARN', res(['adf']), M.resourceFormat('adf'), MOTO],
  [
    'a bad resource before a bad action (resources first)',
    res('sdfsadf', { Action: 's:3:ListBucket' }),
    M.resourceFormat('sdfsadf'),
    MOTO,
  ],
  [
    'an unknown partition with nothing after it',
    doc(st({ Action: undefined, NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' })),
    M.partition('bsdfdsafsad', 'arn:bsdfdsafsad:*:*:*:*'),
    MOTO,
  ],
  [
    'an unknown partition with a service',
    res('a:b:cadfsdf'),
    M.partition('b', 'arn:b:cadfsdf:*:*:*'),
    MOTO,
  ],
  [
    'an unknown partition with many parts',
    res('a:b:c:d:e:f:g:h'),
    M.partition('b', 'arn:b:c:d:e:f:g:h'),
    MOTO,
  ],
  [
    'a resource without the arn prefix',
    res('aws:s3:::example_bucket'),
    M.partition('s3', 'arn:s3:::example_bucket:*'),
    MOTO,
  ],
  ['an ARN with only a partition', res('arn:aws'), M.resourceVendor, MOTO],
  [
    'an S3 resource with a region',
    res('arn:aws:s3:us-east-1::example_bucket'),
    M.s3Region('arn:aws:s3:us-east-1::example_bucket'),
    MOTO,
  ],
  [
    'an IAM resource with a region',
    res('arn:aws:iam:us-east-1::example_bucket'),
    M.iamRegion('arn:aws:iam:us-east-1::example_bucket'),
    MOTO,
  ],
  [
    'an IAM resource that is no IAM path',
    res('arn:aws:iam:::example_bucket'),
    M.iamPath([
      'user/',
      'federated-user/',
      'role/',
      'group/',
      'instance-profile/',
      'mfa/',
      'server-certificate/',
      'policy/',
      'sms-mfa/',
      'saml-provider/',
      'oidc-provider/',
      'report/',
      'access-report/',
    ]),
    MOTO,
  ],
  [
    'an IAM resource of an unknown type',
    res('arn:aws:iam::123456789012:bogus/x'),
    M.iamPath([
      'user/',
      'federated-user/',
      'role/',
      'group/',
      'instance-profile/',
      'mfa/',
      'server-certificate/',
      'policy/',
      'sms-mfa/',
      'saml-provider/',
      'oidc-provider/',
      'report/',
      'access-report/',
    ]),
    ARNS,
  ],
  // Action names
  ['an action without a vendor', act('invalid'), M.actionVendor, MOTO],
  ['an empty NotAction string', doc(st({ NotAction: '' }, ['Action'])), M.actionVendor, MOTO],
  ['a vendor with a space', act('a a:ListBucket'), M.vendor('a a'), MOTO],
  ['an action with two colons', act('s3:List:Bucket'), M.actionColons, MOTO],
  [
    'two colons in the second statement',
    doc([st({ Action: 's3s:ListBucket' }), st({ Action: 's:3s:ListBucket' })]),
    M.actionColons,
    MOTO,
  ],
  ['a vendor with an underscore', act('s3_x:GetObject'), M.vendor('s3_x'), MOTO],
  ['an action list with one bare word', act(['s3:GetObject', 'iam']), M.actionVendor, MOTO],
  [
    'a bad action and no Resource (actions first)',
    doc(st({ Action: 'invalid' }, ['Resource'])),
    M.actionVendor,
    MOTO,
  ],
  // Resources required, Principal forbidden
  ['no Resource', doc(st({}, ['Resource'])), M.missingResources, MOTO],
  ['an empty Resource array', res([]), M.missingResources, MOTO],
  [
    'an empty NotResource array',
    doc(st({ NotResource: [] }, ['Resource'])),
    M.missingResources,
    MOTO,
  ],
  ['a Principal "*"', doc(st({ Principal: '*' })), M.principalForbidden, PRINCIPAL],
  [
    'a NotPrincipal',
    doc(st({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })),
    M.principalForbidden,
    PRINCIPAL,
  ],
  [
    'a Principal naming an account',
    doc(st({ Principal: { AWS: '123456789012' } })),
    M.principalForbidden,
    PRINCIPAL,
  ],
  // Accepted, leniency included
  ['the simplest allow', doc([st()]), OK, GRAMMAR],
  ['a Statement object instead of an array', doc(st()), OK, GRAMMAR],
  ['everything on everything', doc(st({ Action: '*', Resource: '*' })), OK, GRAMMAR],
  ['NotAction with Resource', doc(st({ NotAction: 'iam:*' }, ['Action'])), OK, GRAMMAR],
  ['an unknown action after a valid vendor', act('s3:NoSuchActionAnywhere'), OK, MOTO],
  ['an unknown vendor', act('madeupservice:DoThing'), OK, MOTO],
  ['wildcards inside an action name', act('s3:*Object*'), OK, GRAMMAR],
  ['an action in lower case', act('s3:getobject'), OK, GRAMMAR],
  ['a vendor in upper case', act('S3:GetObject'), OK, GRAMMAR],
  ['a vendor with a hyphen', act('execute-api:Invoke', { Resource: '*' }), OK, GRAMMAR],
  ['a condition key without a vendor', cond({ StringEquals: { a: 'b' } }), OK, MOTO],
  [
    'an unknown global condition key',
    cond({ StringEquals: { 'aws:NoSuchKey': 'b' } }),
    OK,
    CONDITION,
  ],
  ['an unknown operator with no keys', cond({ a: {} }), OK, MOTO],
  ['two unknown operators with no keys', cond({ x: {}, y: {} }), OK, MOTO],
  ['an empty Condition', cond({}), OK, MOTO],
  ['StringEqualsIfExists', cond({ StringEqualsIfExists: { a: 'asf' } }), OK, MOTO],
  [
    'ForAnyValue:StringEqualsIfExists',
    cond({ 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } }),
    OK,
    MOTO,
  ],
  [
    'ForAllValues with a tag key',
    cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } }),
    OK,
    MOTO,
  ],
  ['Bool with a JSON true', cond({ Bool: { 'aws:SecureTransport': true } }), OK, MOTO],
  [
    'BoolIfExists with a string',
    cond({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }),
    OK,
    MOTO,
  ],
  [
    'an ISO date with Z',
    cond({ DateLessThanEquals: { 'aws:CurrentTime': '2019-07-01T13:20:15Z' } }),
    OK,
    MOTO,
  ],
  [
    'an ISO date with a +hh zone',
    cond({ DateLessThanEquals: { 'aws:CurrentTime': '2016-12-13t2:00:00.593194+23' } }),
    OK,
    MOTO,
  ],
  [
    'the earliest year AWS reads',
    cond({ DateLessThan: { 'aws:CurrentTime': '-292275054' } }),
    OK,
    MOTO,
  ],
  ['an epoch date', cond({ DateGreaterThan: { 'aws:EpochTime': '1563987600' } }), OK, MOTO],
  [
    'a date without a time',
    cond({ DateGreaterThan: { 'aws:CurrentTime': '2019-07-01' } }),
    OK,
    MOTO,
  ],
  [
    'a number written as a string',
    cond({ NumericLessThan: { 's3:max-keys': '10' } }),
    OK,
    CONDITION,
  ],
  [
    'an IP condition with a value that is no address',
    cond({ IpAddress: { 'aws:SourceIp': 'not-an-ip' } }),
    OK,
    CONDITION,
  ],
  ['a Null condition', cond({ Null: { 'aws:TokenIssueTime': 'true' } }), OK, CONDITION],
  [
    'ArnLike with wildcards',
    cond({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } }),
    OK,
    CONDITION,
  ],
  [
    'several values for one key',
    cond({ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }),
    OK,
    CONDITION,
  ],
  ['an object wildcard resource', res('arn:aws:s3:::example-bucket/*'), OK, ARNS],
  [
    'an EC2 resource with wildcards for region and account',
    res('arn:aws:ec2:*:*:instance/*', { Action: 'ec2:StartInstances' }),
    OK,
    ARNS,
  ],
  ['a wildcard partition', res('arn:*:s3:::example-bucket'), OK, MOTO],
  ['the China partition', res('arn:aws-cn:s3:::example-bucket'), OK, ARNS],
  ['the GovCloud partition', res('arn:aws-us-gov:s3:::example-bucket'), OK, ARNS],
  [
    'an IAM role path with a wildcard',
    res('arn:aws:iam::123456789012:role/*', { Action: 'iam:GetRole' }),
    OK,
    ARNS,
  ],
  [
    'an IAM user with a policy variable',
    res('arn:aws:iam::*:user/${aws:username}', { Action: 'iam:GetUser' }),
    OK,
    ARNS,
  ],
  [
    'every IAM resource of an account',
    res('arn:aws:iam::123456789012:*', { Action: 'iam:Get*' }),
    OK,
    ARNS,
  ],
  [
    'an S3 access point with a region',
    res('arn:aws:s3:us-east-1:123456789012:accesspoint/ap'),
    OK,
    MOTO,
  ],
  ['a resource list holding null', res([BUCKET, null]), OK, MOTO],
  ['an empty Sid', doc(st({ Sid: '' })), OK, SID],
  ['unique alphanumeric Sids', doc([st({ Sid: 'One' }), st({ Sid: 'Two2' })]), OK, SID],
  ['an Id', doc(st(), { Version: '2012-10-17', Id: 'my-policy-id' }), OK, GRAMMAR],
  ['a Deny statement', doc([st(), st({ Effect: 'Deny', Action: 's3:DeleteBucket' })]), OK, GRAMMAR],
  [
    'a KMS key ARN',
    res('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', {
      Action: 'kms:Decrypt',
    }),
    OK,
    ARNS,
  ],
]

const inline: [string, string, string, string][] = [
  ['no Version (read as 2008-10-17)', noVersion(st()), OK, VERSION],
  ['Version 2008-10-17', doc(st(), { Version: '2008-10-17' }), OK, VERSION],
  ['Version 2012-10-17', doc(st()), OK, GRAMMAR],
  ['a Principal', doc(st({ Principal: '*' })), M.principalForbidden, PRINCIPAL],
  ['not JSON', '{"Version":', M.syntax, MOTO],
  ['an empty Statement', doc([]), M.syntax, MOTO],
  ['Effect "allow"', doc(st({ Effect: 'allow' })), M.legacy, MOTO],
  ['no Resource', doc(st({}, ['Resource'])), M.missingResources, MOTO],
  ['no Action', doc(st({}, ['Action'])), M.missingActions, MOTO],
  ['a vendor with a space', act('a b:c'), M.vendor('a b'), MOTO],
  [
    'an unknown partition',
    res('arn:error:s3:::example_bucket'),
    M.partition('error', 'arn:error:s3:::example_bucket'),
    MOTO,
  ],
  ['duplicate Sids', doc([st({ Sid: 'A' }), st({ Sid: 'A' })]), M.duplicateSid, MOTO],
  ['an unknown action name', act('iam:NoSuchAction'), OK, MOTO],
  ['a bad date', cond({ DateLessThan: { 'aws:CurrentTime': 'yesterday' } }), M.legacy, MOTO],
  [
    'an IAM resource with a region',
    res('arn:aws:iam:eu-west-1:123456789012:user/x'),
    M.iamRegion('arn:aws:iam:eu-west-1:123456789012:user/x'),
    MOTO,
  ],
  [
    'several statements',
    doc([st(), st({ Action: 'sqs:SendMessage', Resource: '*' })]),
    OK,
    GRAMMAR,
  ],
  ['a Sid with a space', doc(st({ Sid: 'a b' })), M.sidCharacters, SID],
  ['two colons in an action', act('s3:a:b'), M.actionColons, MOTO],
]

const trust: [string, string, string, string][] = [
  ['not JSON', '{"Version": "2012-10-17", "Statement": [', M.invalidJson, JSON_RECORDED],
  ['not JSON at all', 'not json', M.invalidJson, TRUST_RECORDED],
  ['a non-STS action', doc(trustSt({ Action: 's3:GetObject' })), M.trustActions, TRUST_RECORDED],
  [
    'a non-STS action among STS ones',
    doc(trustSt({ Action: ['sts:AssumeRole', 'iam:PassRole'] })),
    M.trustActions,
    TRUST_RECORDED,
  ],
  ['a Resource', doc(trustSt({ Resource: '*' })), M.trustResource, TRUST_RECORDED],
  ['a NotResource', doc(trustSt({ NotResource: '*' })), M.trustResource, TRUST_RECORDED],
  ['no Principal', doc(trustSt({}, ['Principal'])), M.missingPrincipal, ROLES],
  ['a lower-case Effect', doc(trustSt({ Effect: 'allow' })), M.legacy, MOTO],
  ['an empty Statement', doc([]), M.syntax, MOTO],
  ['no Action', doc(trustSt({}, ['Action'])), M.missingActions, MOTO],
  ['an action without a vendor', doc(trustSt({ Action: 'AssumeRole' })), M.actionVendor, MOTO],
  ['duplicate Sids', doc([trustSt({ Sid: 'A' }), trustSt({ Sid: 'A' })]), M.duplicateSid, MOTO],
  [
    'a principal that is not an ARN',
    doc(trustSt({ Principal: { AWS: 'not-an-arn' } })),
    'Invalid principal in policy: "AWS":"not-an-arn"',
    ROLES,
  ],
  ['an account principal', doc(trustSt()), OK, ROLES],
  [
    'a service principal',
    doc(trustSt({ Principal: { Service: 'lambda.amazonaws.com' } })),
    OK,
    ROLES,
  ],
  [
    'a web identity principal',
    doc(
      trustSt({
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
    ),
    OK,
    ROLES,
  ],
  [
    'AssumeRole and TagSession',
    doc(trustSt({ Action: ['sts:AssumeRole', 'sts:TagSession'] })),
    OK,
    ROLES,
  ],
  ['every STS action', doc(trustSt({ Action: 'sts:*' })), OK, ROLES],
  [
    'an ExternalId condition',
    doc(trustSt({ Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } })),
    OK,
    ROLES,
  ],
  ['no Version', noVersion(trustSt()), OK, VERSION],
  ['Version 2008-10-17', doc(trustSt(), { Version: '2008-10-17' }), OK, VERSION],
  [
    'a statement object',
    JSON.stringify({ Version: '2012-10-17', Statement: trustSt() }),
    OK,
    GRAMMAR,
  ],
]

/** Every row. */
export const DOCUMENT_CASES: readonly DocumentCase[] = [
  ...managed.map(([name, document, expected, source]) => ({
    name,
    kind: 'managed' as const,
    document,
    expected,
    source,
  })),
  ...inline.map(([name, document, expected, source]) => ({
    name,
    kind: 'inline' as const,
    document,
    expected,
    source,
  })),
  ...trust.map(([name, document, expected, source]) => ({
    name,
    kind: 'trust' as const,
    document,
    expected,
    source,
  })),
]
