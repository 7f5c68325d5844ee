import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AccessEvaluator } from '../authorization/access-evaluator.ts'
import { PolicyGeneration } from '../authorization/policy-generation.ts'
import type { AccountOrganization } from '../authorization/policy-sources.ts'
import type { Caller, RequestInfo } from '../common/caller.ts'
import type { PublicAccessBlock } from './public-access-block.ts'
import { S3Access } from './s3-access.ts'
import type { BucketRecord, S3Store } from './s3-store.ts'

const OWNER = '111111111111'
const OTHER = '222222222222'
const OFF: PublicAccessBlock = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
}
const ALLOW_S3 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
})
const publicRead = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ],
})
const cloudTrailWrite = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::b/AWSLogs/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ],
})
// SecureCart's EnforceSecureTransportForS3, on the bucket's account.
const SECURE_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    },
  ],
})

const user = (account: string): Caller => ({
  accountId: account,
  arn: `arn:aws:iam::${account}:user/alice`,
  principalArn: `arn:aws:iam::${account}:user/alice`,
  userId: 'AIDAEXAMPLE',
  type: 'User',
  userName: 'alice',
  accessKeyId: 'AKIAEXAMPLE',
})
const request = (secureTransport = false): RequestInfo => ({
  requestId: 'r',
  sourceIp: '203.0.113.9',
  secureTransport,
  region: 'us-east-1',
  userAgent: 'test',
  now: new Date('2026-12-01T00:00:00Z'),
})
const bucket = (policy: string | undefined, block: PublicAccessBlock = OFF): BucketRecord => ({
  name: 'b',
  accountId: OWNER,
  region: 'us-east-1',
  createdAt: 0,
  policy,
  publicAccessBlock: block,
  tags: undefined,
})

function access(rcp?: string): S3Access {
  const org = (account: string): AccountOrganization => ({
    organizationId: 'o-example',
    managementAccountId: '999999999999',
    orgPath: `o-example/r-root/`,
    scp: undefined,
    rcp: rcp === undefined || account !== OWNER ? undefined : [[rcp]],
  })
  const organizations = { accountOrganization: async (a: string) => org(a) }
  const evaluator = new AccessEvaluator({
    identities: {
      userPolicies: async () => ({
        identity: [ALLOW_S3],
        boundary: undefined,
        tags: {},
        uniqueId: 'AIDAEXAMPLE',
      }),
      rolePolicies: async () => undefined,
    },
    organizations,
    generation: new PolicyGeneration(),
  })
  const store = { getAccountPublicAccessBlock: async () => undefined } as unknown as S3Store
  return new S3Access({ evaluator, organizations, store })
}

const get = (b: BucketRecord) => ({
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  bucket: b,
})
const allowed = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  )

describe('S3Access', () => {
  it('cross-account: the bucket policy and the caller’s policy must both allow', async () => {
    const a = access()
    assert.equal(await allowed(a.authorize(user(OTHER), request(), get(bucket(undefined)))), false)
    assert.equal(await allowed(a.authorize(user(OWNER), request(), get(bucket(undefined)))), true)
    assert.equal(await allowed(a.authorize(user(OTHER), request(), get(bucket(publicRead)))), true)
  })

  it('RestrictPublicBuckets: a public policy grants nothing outside the bucket’s account', async () => {
    const restricted = bucket(publicRead, { ...OFF, RestrictPublicBuckets: true })
    const a = access()
    assert.equal(await allowed(a.authorize(user(OTHER), request(), get(restricted))), false)
    assert.equal(await allowed(a.authorize(undefined, request(), get(restricted))), false)
    assert.equal(await allowed(a.authorize(user(OWNER), request(), get(restricted))), true)
  })

  it('anonymous requests: only a public grant allows them, and the bucket account’s RCPs apply', async () => {
    assert.equal(
      await allowed(access().authorize(undefined, request(), get(bucket(undefined)))),
      false,
    )
    assert.equal(
      await allowed(access().authorize(undefined, request(), get(bucket(publicRead)))),
      true,
    )
    const secure = access(SECURE_ONLY)
    assert.equal(
      await allowed(secure.authorize(undefined, request(false), get(bucket(publicRead)))),
      false,
    )
    assert.equal(
      await allowed(secure.authorize(undefined, request(true), get(bucket(publicRead)))),
      true,
    )
    assert.equal(
      await allowed(secure.authorize(user(OWNER), request(false), get(bucket(undefined)))),
      false,
    )
  })

  it('CloudTrail’s service principal writes only where the bucket policy lets it', async () => {
    const put = (b: BucketRecord, key: string) => ({
      action: 's3:PutObject',
      resource: `arn:aws:s3:::b/${key}`,
      bucket: b,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
    })
    const a = access()
    const trail = 'cloudtrail.amazonaws.com'
    assert.equal(
      await allowed(
        a.authorizeService(trail, request(true), put(bucket(cloudTrailWrite), 'AWSLogs/x')),
      ),
      true,
    )
    assert.equal(
      await allowed(
        a.authorizeService(trail, request(true), put(bucket(cloudTrailWrite), 'other/x')),
      ),
      false,
    )
    assert.equal(
      await allowed(a.authorizeService(trail, request(true), put(bucket(undefined), 'AWSLogs/x'))),
      false,
    )
  })
})
