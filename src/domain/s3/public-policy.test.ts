import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isValidBucketName, isKeyTooLong } from './bucket-name.ts'
import { effectiveBlock } from './public-access-block.ts'
import { isPublicPolicy, withoutAllows } from './public-policy.ts'

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
const allow = (principal: unknown, condition?: object) =>
  doc({
    Effect: 'Allow',
    Principal: principal,
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/*',
    ...(condition === undefined ? {} : { Condition: condition }),
  })

describe('isPublicPolicy (S3 User Guide, "The meaning of public")', () => {
  const cases: [string, string, boolean][] = [
    ['Principal "*"', allow('*'), true],
    ['Principal {"AWS": "*"}', allow({ AWS: '*' }), true],
    ['a wildcard account', allow({ AWS: 'arn:aws:iam::*:root' }), true],
    ['one account', allow({ AWS: 'arn:aws:iam::111122223333:root' }), false],
    ['a service principal', allow({ Service: 'cloudtrail.amazonaws.com' }), false],
    [
      '"*" pinned to an organization',
      allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }),
      false,
    ],
    [
      '"*" with a wildcard organization',
      allow('*', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
      true,
    ],
    [
      '"*" pinned to a source account',
      allow('*', { StringEquals: { 'aws:SourceAccount': '111122223333' } }),
      false,
    ],
    [
      '"*" with IfExists',
      allow('*', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } }),
      true,
    ],
    ['"*" from a /24', allow('*', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), false],
    ['"*" from everywhere', allow('*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), true],
    ['"*" on an unrelated key', allow('*', { Bool: { 'aws:SecureTransport': 'true' } }), true],
    [
      'a Deny to "*"',
      doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
      false,
    ],
    [
      'NotPrincipal with Allow',
      doc({
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::1:root' },
        Action: 's3:*',
        Resource: '*',
      }),
      true,
    ],
  ]
  for (const [name, policy, expected] of cases) {
    it(`${name}: ${expected ? 'public' : 'not public'}`, () =>
      assert.equal(isPublicPolicy(policy), expected))
  }
  it('no policy, or not JSON, is not public', () => {
    assert.equal(isPublicPolicy(undefined), false)
    assert.equal(isPublicPolicy('{'), false)
  })
  it('withoutAllows keeps only the denies', () => {
    const both = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' },
      ],
    })
    assert.deepEqual(JSON.parse(withoutAllows(both)).Statement, [
      { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' },
    ])
  })
})

describe('Block Public Access', () => {
  it('the stricter of bucket and account applies, setting by setting', () => {
    const off = {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    }
    assert.deepEqual(
      effectiveBlock({ ...off, BlockPublicPolicy: true }, { ...off, RestrictPublicBuckets: true }),
      {
        ...off,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    )
    assert.deepEqual(effectiveBlock(undefined, undefined), off)
  })
})

describe('bucket names and keys', () => {
  for (const name of ['abc', 'my-bucket.logs', 'a'.repeat(63), '1bucket'])
    it(`${name.length > 20 ? '63 chars' : name} is valid`, () => assert.ok(isValidBucketName(name)))
  for (const name of [
    'ab',
    'a'.repeat(64),
    'Bad',
    'a_b',
    '-ab',
    'ab-',
    'a..b',
    '10.0.0.1',
    'xn--ab',
    'sthree-x',
    'b-s3alias',
    'b--ol-s3',
    'b.mrap',
  ])
    it(`${name.length > 20 ? '64 chars' : name} is refused`, () =>
      assert.ok(!isValidBucketName(name)))
  it('keys are limited to 1024 bytes of UTF-8', () => {
    assert.equal(isKeyTooLong('k'.repeat(1024)), false)
    assert.equal(isKeyTooLong('k'.repeat(1025)), true)
    assert.equal(isKeyTooLong('é'.repeat(512)), false)
    assert.equal(isKeyTooLong('é'.repeat(513)), true)
  })
})
