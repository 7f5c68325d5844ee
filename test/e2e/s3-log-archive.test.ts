/**
 * The SecureCart log archive (issue 13): the organization trail delivers its log and digest files
 * into a bucket of the Log Archive account, whose bucket policy lets CloudTrail's service
 * principal write, the organization's accounts read, and nobody delete or overwrite. `aws s3 ls
 * s3://…/AWSLogs/` shows the files; a workload account's delete is refused and recorded: the
 * organization trail selects S3 data events, so its files hold the refused DeleteObject (a data
 * event, which LookupEvents does not return, as on AWS).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { awsOk, awsText, cliErrorCode } from '../integration/s3-support.ts'
import { createPostgresDatabase, postgresUnreachable } from '../support/test-postgres.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

const BUCKET = 'securecart-log-archive'
const pgDown = process.env.CI === 'true' ? undefined : await postgresUnreachable()

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(
    `SecureCart log archive in S3 on ${dialect}`,
    { skip: awsCliSkipReason() ?? (dialect === 'postgres' && pgDown) ?? false, timeout: 300_000 },
    () => {
      let drop: (() => Promise<void>) | undefined
      let world: SecureCart
      let logArchive: AwsCredentials
      let dev: AwsCredentials
      let orgId: string

      before(async () => {
        let args: string[] = []
        if (dialect === 'postgres') {
          const db = await createPostgresDatabase('xaccess_s3_log_archive')
          drop = db.drop
          args = ['--database', db.url]
        }
        world = await startSecureCart(args, {
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
        // S3 data events of the archive bucket too (object-level calls: reads, writes, deletes).
        await world.cli.ok(world.root, [
          'cloudtrail',
          'put-event-selectors',
          '--trail-name',
          created.json.TrailARN,
          '--event-selectors',
          JSON.stringify([
            {
              ReadWriteType: 'All',
              IncludeManagementEvents: true,
              DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${BUCKET}/`] }],
            },
          ]),
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
      after(async () => {
        await world?.stop()
        await drop?.()
      })

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

      test("the refused delete is in the organization trail's files as a data event, not in LookupEvents", async () => {
        const url = world.server.url
        const devId = (await world.cli.ok(dev, ['sts', 'get-caller-identity'])).json.Account
        const logArchiveId = (await world.cli.ok(logArchive, ['sts', 'get-caller-identity'])).json
          .Account
        const dir = mkdtempSync(join(tmpdir(), 'xaccess-log-archive-'))
        type Rec = Record<string, unknown> & { eventName: string; recipientAccountId: string }
        let refused: Rec[] = []
        try {
          for (let i = 0; i < 60 && refused.length < 2; i++) {
            await awsOk(url, logArchive, ['s3', 'sync', `s3://${BUCKET}/AWSLogs/`, dir, '--quiet'])
            const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
              /\/CloudTrail\/.+\.json\.gz$/.test(f),
            )
            const records = files.flatMap(
              (f) =>
                (
                  JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString()) as {
                    Records: Rec[]
                  }
                ).Records,
            )
            refused = records.filter(
              (r) =>
                r.eventName === 'DeleteObject' &&
                r.errorCode === 'AccessDenied' &&
                (r.userIdentity as { accountId?: string }).accountId === devId,
            )
            if (refused.length < 2) await new Promise((r) => setTimeout(r, 1000))
          }
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
        // One copy in the caller's account, one in the bucket owner's, as CloudTrail does.
        assert.deepEqual(
          refused.map((r) => r.recipientAccountId).sort(),
          [devId, logArchiveId].sort(),
        )
        for (const r of refused) {
          assert.equal(r.eventSource, 's3.amazonaws.com')
          assert.equal(r.eventCategory, 'Data')
          assert.equal(r.managementEvent, false)
          assert.equal(r.readOnly, false)
          const params = r.requestParameters as Record<string, unknown>
          assert.equal(params.bucketName, BUCKET)
          assert.match(String(params.key), /^AWSLogs\/.+\.json\.gz$/)
          assert.equal(typeof params.Host, 'string')
          assert.deepEqual(
            (r.resources as { type: string; ARN: string; accountId?: string }[]).map((x) => [
              x.type,
              x.ARN,
              x.accountId,
            ]),
            [
              ['AWS::S3::Object', `arn:aws:s3:::${BUCKET}/${String(params.key)}`, undefined],
              ['AWS::S3::Bucket', `arn:aws:s3:::${BUCKET}`, logArchiveId],
            ],
          )
          const extra = r.additionalEventData as Record<string, unknown>
          assert.equal(extra.SignatureVersion, 'SigV4')
          assert.equal(extra.AuthenticationMethod, 'AuthHeader')
        }
        // LookupEvents returns management events only (AWS's event history has no data events),
        // while the bucket-level calls of the same bucket are there.
        const lookup = async (creds: AwsCredentials, name: string) =>
          (
            await world.cli.ok(creds, [
              'cloudtrail',
              'lookup-events',
              '--lookup-attributes',
              `AttributeKey=EventName,AttributeValue=${name}`,
            ])
          ).json.Events as unknown[]
        assert.equal((await lookup(dev, 'DeleteObject')).length, 0)
        assert.equal((await lookup(logArchive, 'DeleteObject')).length, 0)
        assert.ok((await lookup(logArchive, 'PutBucketPolicy')).length > 0)
      })
    },
  )
}
