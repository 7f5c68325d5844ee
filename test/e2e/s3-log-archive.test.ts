/**
 * The SecureCart log archive (issue 13): the organization trail delivers its log and digest files
 * into a bucket of the Log Archive account, whose bucket policy lets CloudTrail's service
 * principal write, the organization's accounts read, and nobody delete or overwrite. `aws s3 ls
 * s3://…/AWSLogs/` shows the files; a workload account's delete is refused.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { awsOk, awsText, cliErrorCode } from '../integration/s3-support.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

const BUCKET = 'securecart-log-archive'

describe(
  'SecureCart log archive in S3',
  { skip: awsCliSkipReason() ?? false, timeout: 300_000 },
  () => {
    let world: SecureCart
    let logArchive: AwsCredentials
    let dev: AwsCredentials
    let orgId: string

    before(async () => {
      world = await startSecureCart([], {
        XACCESS_TRAIL_DELIVERY_INTERVAL_MS: '500',
        XACCESS_TRAIL_DIGEST_INTERVAL_MS: '1000',
      })
      orgId = (await world.cli.ok(world.root, ['organizations', 'describe-organization'])).json
        .Organization.Id
      logArchive = await world.adminOf('Log Archive')
      dev = await world.adminOf('Dev')
      const url = world.server.url
      await awsOk(url, logArchive, ['s3api', 'create-bucket', '--bucket', BUCKET])
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AWSCloudTrailWrite',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*`,
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
          {
            Sid: 'OrganizationReads',
            Effect: 'Allow',
            Principal: '*',
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
            Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
          },
          {
            Sid: 'NobodyDeletesOrOverwrites',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:DeleteObject', 's3:PutObject'],
            Resource: `arn:aws:s3:::${BUCKET}/*`,
            Condition: {
              StringNotEquals: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' },
            },
          },
        ],
      }
      await awsOk(url, logArchive, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        BUCKET,
        '--policy',
        JSON.stringify(policy),
      ])
      const created = await world.cli.ok(world.root, [
        'cloudtrail',
        'create-trail',
        '--name',
        'securecart-org-trail',
        '--s3-bucket-name',
        BUCKET,
        '--is-organization-trail',
        '--is-multi-region-trail',
        '--enable-log-file-validation',
      ])
      await world.cli.ok(world.root, [
        'cloudtrail',
        'start-logging',
        '--name',
        created.json.TrailARN,
      ])
      // Something to log in a workload account.
      await world.cli.ok(dev, ['iam', 'list-roles'])
    })
    after(async () => world?.stop())

    test('the trail delivers log and digest files into the bucket; aws s3 ls shows them', async () => {
      let listing = ''
      for (let i = 0; i < 60; i++) {
        const r = await awsText(world.server.url, logArchive, [
          's3',
          'ls',
          `s3://${BUCKET}/AWSLogs/`,
          '--recursive',
        ])
        listing = r.stdout
        if (/CloudTrail\//.test(listing) && /CloudTrail-Digest\//.test(listing)) break
        await new Promise((r) => setTimeout(r, 1000))
      }
      assert.match(listing, new RegExp(`AWSLogs/${orgId}/\\d{12}/CloudTrail/`))
      assert.match(listing, /CloudTrail-Digest\//)
      assert.equal(
        (
          await world.cli.ok(world.root, [
            'cloudtrail',
            'get-trail-status',
            '--name',
            'securecart-org-trail',
          ])
        ).json.LatestDeliveryError,
        undefined,
      )
    })

    test('a workload account reads the archive but cannot delete or overwrite', async () => {
      const url = world.server.url
      const listed = await awsOk(url, dev, ['s3', 'ls', `s3://${BUCKET}/AWSLogs/`, '--recursive'])
      const key = /\s(AWSLogs\/\S+\.json\.gz)\n/.exec(listed.stdout)?.[1]
      assert.ok(key, listed.stdout)
      const read = await awsText(url, dev, [
        's3api',
        'head-object',
        '--bucket',
        BUCKET,
        '--key',
        key,
      ])
      assert.equal(read.status, 0, read.stderr)
      const del = await awsText(url, dev, [
        's3api',
        'delete-object',
        '--bucket',
        BUCKET,
        '--key',
        key,
      ])
      assert.equal(cliErrorCode(del), 'AccessDenied')
      assert.match(del.stderr, /explicit deny in a resource-based policy/)
      const overwrite = await awsText(url, dev, [
        's3api',
        'put-object',
        '--bucket',
        BUCKET,
        '--key',
        key,
      ])
      assert.equal(cliErrorCode(overwrite), 'AccessDenied')
      // The Log Archive account's own administrator cannot delete either.
      const own = await awsText(url, logArchive, [
        's3api',
        'delete-object',
        '--bucket',
        BUCKET,
        '--key',
        key,
      ])
      assert.equal(cliErrorCode(own), 'AccessDenied')
      const still = await awsText(url, dev, [
        's3api',
        'head-object',
        '--bucket',
        BUCKET,
        '--key',
        key,
      ])
      assert.equal(still.status, 0)
    })
  },
)
