// IAM Access Analyzer's external access findings for S3 buckets through the real AWS SDK v3, on
// a server with the SecureCart organization, on SQLite and on PostgreSQL: a bucket policy that
// grants an account outside the organization gives an AWS::S3::Bucket finding (its actions, not
// public); one for everyone gives a public finding; Block Public Access's RestrictPublicBuckets
// resolves it; `*` confined to the organization (aws:PrincipalOrgID) is no finding. Each change
// is seen at the next findings read.
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { before, it } from 'node:test'
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  ListFindingsCommand,
  type FindingSummary,
} from '@aws-sdk/client-accessanalyzer'
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations'
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { clientsFor } from './aws-clients.ts'
import { s3Client } from './s3-support.ts'
import { serverSuite } from './server-suite.ts'

const ORG_FILE = resolve(import.meta.dirname, '..', '..', 'examples', 'securecart', 'org.yaml')
const OUTSIDER = '999999999999'
const BUCKET = 'aa-shared-bucket'

const policy = (principal: unknown, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  })

serverSuite(
  'Access Analyzer external access findings for S3 buckets',
  (ctx) => {
    let aa: AccessAnalyzerClient
    let s3: S3Client
    let analyzerArn: string
    let orgId: string
    const bucketFindings = async (): Promise<FindingSummary[]> =>
      (
        (await aa.send(new ListFindingsCommand({ analyzerArn, maxResults: 100 }))).findings ?? []
      ).filter((f) => f.resourceType === 'AWS::S3::Bucket')
    const active = async () => (await bucketFindings()).filter((f) => f.status === 'ACTIVE')

    before(async () => {
      const server = ctx.server()
      aa = new AccessAnalyzerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: server.bootstrap,
        maxAttempts: 1,
      })
      s3 = s3Client(server.url, server.bootstrap)
      orgId = (await clientsFor(server.url, server.bootstrap).org.send(
        new DescribeOrganizationCommand({}),
      ))!.Organization!.Id!
      analyzerArn = (
        await aa.send(new CreateAnalyzerCommand({ analyzerName: 'org-s3', type: 'ORGANIZATION' }))
      ).arn!
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
    })

    it('a bucket without a policy, or shared inside the organization, has no finding', async () => {
      assert.deepEqual(await bucketFindings(), [])
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: BUCKET,
          Policy: policy('*', { StringEquals: { 'aws:PrincipalOrgID': orgId } }),
        }),
      )
      assert.deepEqual(await bucketFindings(), [])
    })

    it('an account outside the organization: a finding with its actions, not public', async () => {
      await s3.send(
        new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy({ AWS: OUTSIDER }) }),
      )
      const [f, ...rest] = await active()
      assert.equal(rest.length, 0)
      assert.ok(f)
      assert.equal(f.resource, `arn:aws:s3:::${BUCKET}`)
      assert.equal(f.resourceType, 'AWS::S3::Bucket')
      assert.deepEqual(f.principal, { AWS: OUTSIDER })
      assert.deepEqual(f.action, ['s3:GetObject', 's3:ListBucket'])
      assert.deepEqual(f.condition, {})
      assert.equal(f.isPublic, false)
    })

    it('everyone: a public finding once Block Public Access lets the policy in; RestrictPublicBuckets resolves it', async () => {
      // New buckets block public policies (as AWS): lift the block first.
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }))
      await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy('*') }))
      const open = await active()
      assert.deepEqual(
        open.map((f) => [f.principal, f.isPublic, f.action]),
        [[{ AWS: '*' }, true, ['s3:GetObject', 's3:ListBucket']]],
      )
      const id = open[0]!.id
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: BUCKET,
          PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
        }),
      )
      assert.deepEqual(await active(), [])
      assert.equal((await bucketFindings()).find((f) => f.id === id)?.status, 'RESOLVED')
    })
  },
  { orgFile: ORG_FILE },
)
