/**
 * The SecureCart RCP EnforceSecureTransportForS3 bites (issue 13): S3 requests to a workload
 * account's buckets over plain HTTP are refused with an explicit deny in a resource control
 * policy; over `serve --https-port` (the data dir's self-signed certificate, trusted with
 * --ca-bundle) the same calls work. `xaccess aws-config`'s endpoint rules send `aws s3` there
 * with no --endpoint-url.
 */
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { writeEndpointRules } from '../../src/cli/aws/endpoint-rules.ts'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { awsText, cliErrorCode } from '../integration/s3-support.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

describe(
  'S3 over TLS in SecureCart',
  { skip: awsCliSkipReason() ?? false, timeout: 300_000 },
  () => {
    let world: SecureCart
    let https: string
    let caBundle: string
    let dev: AwsCredentials
    const bucket = 'dev-app-assets'

    before(async () => {
      world = await startSecureCart(['--https-port', '0'])
      const m = /xaccess listening on (https:\/\/\S+) \(certificate (\S+)\)/.exec(
        world.server.output(),
      )
      assert.ok(m, world.server.output())
      https = m[1]!
      caBundle = m[2]!
      assert.equal(caBundle, join(world.server.dataDir, 'tls', 'cert.pem'))
      dev = await world.adminOf('Dev')
    })
    after(async () => world?.stop())

    test('plain HTTP to a workload account: refused by EnforceSecureTransportForS3', async () => {
      const r = await awsText(world.server.url, dev, ['s3api', 'create-bucket', '--bucket', bucket])
      assert.equal(cliErrorCode(r), 'AccessDenied')
      assert.match(r.stderr, /with an explicit deny in a resource control policy/)
    })

    test('HTTPS with the self-signed certificate: the same calls work', async () => {
      const tls = (args: string[]) => awsText(https, dev, ['--ca-bundle', caBundle, ...args])
      const made = await tls(['s3api', 'create-bucket', '--bucket', bucket])
      assert.equal(made.status, 0, made.stderr)
      const put = await tls([
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        'logo.svg',
        '--body',
        caBundle,
      ])
      assert.equal(put.status, 0, put.stderr)
      const ls = await tls(['s3', 'ls', `s3://${bucket}/`])
      assert.match(ls.stdout, /logo\.svg/)
      // Reading the same object over plain HTTP is refused.
      const plain = await awsText(world.server.url, dev, [
        's3',
        'cp',
        `s3://${bucket}/logo.svg`,
        '-',
      ])
      assert.notEqual(plain.status, 0)
      assert.match(plain.stderr, /403|AccessDenied/)
      // Without trusting the certificate, the CLI refuses the connection.
      const untrusted = await awsText(https, dev, ['s3', 'ls'])
      assert.notEqual(untrusted.status, 0)
      assert.match(untrusted.stderr, /SSL|certificate/i)
    })

    test('s3:prefix in a bucket policy decides ListObjectsV2, over HTTPS', async () => {
      const tls = (args: string[]) => awsText(https, dev, ['--ca-bundle', caBundle, ...args])
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OnlyPublicPrefix',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${bucket}`,
            Condition: { StringNotLike: { 's3:prefix': 'public/*' } },
          },
        ],
      })
      const put = await tls(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', policy])
      assert.equal(put.status, 0, put.stderr)
      const allowed = await tls([
        's3api',
        'list-objects-v2',
        '--bucket',
        bucket,
        '--prefix',
        'public/a',
      ])
      assert.equal(allowed.status, 0, allowed.stderr)
      const refused = await tls([
        's3api',
        'list-objects-v2',
        '--bucket',
        bucket,
        '--prefix',
        'private/',
      ])
      assert.equal(cliErrorCode(refused), 'AccessDenied')
      assert.match(refused.stderr, /with an explicit deny in a resource-based policy/)
      const none = await tls(['s3api', 'list-objects-v2', '--bucket', bucket])
      assert.equal(cliErrorCode(none), 'AccessDenied')
      const del = await tls(['s3api', 'delete-bucket-policy', '--bucket', bucket])
      assert.equal(del.status, 0, del.stderr)
    })

    test('bucket-level calls are in the audit trail, the refused one too', async () => {
      let events: { EventName: string; CloudTrailEvent: string }[] = []
      for (let i = 0; i < 40; i++) {
        const r = await world.cli.ok(dev, [
          'cloudtrail',
          'lookup-events',
          '--lookup-attributes',
          'AttributeKey=EventSource,AttributeValue=s3.amazonaws.com',
        ])
        events = r.json.Events
        if (events.filter((e) => e.EventName === 'CreateBucket').length >= 2) break
        await new Promise((r) => setTimeout(r, 500))
      }
      const creates = events
        .filter((e) => e.EventName === 'CreateBucket')
        .map((e) => JSON.parse(e.CloudTrailEvent) as Record<string, unknown>)
      assert.equal(creates.length, 2, JSON.stringify(events.map((e) => e.EventName)))
      assert.ok(creates.some((e) => e.errorCode === 'AccessDenied'))
      assert.ok(creates.some((e) => e.errorCode === undefined))
      for (const e of creates) {
        assert.equal(e.eventSource, 's3.amazonaws.com')
        assert.equal((e.requestParameters as { bucketName: string }).bucketName, bucket)
      }
      const names = new Set(events.map((e) => e.EventName))
      for (const n of ['PutBucketPolicy', 'DeleteBucketPolicy']) assert.ok(names.has(n), n)
    })

    test('the management account is outside the RCP: plain HTTP works there', async () => {
      const r = await awsText(world.server.url, world.root, ['s3', 'mb', 's3://management-scratch'])
      assert.equal(r.status, 0, r.stderr)
    })

    test('aws-config endpoint rules: aws s3 ls with no --endpoint-url', async () => {
      const models = mkdtempSync(join(tmpdir(), 'xaccess-s3-models-'))
      writeEndpointRules(models, https)
      const r = await awsText('', dev, ['s3', 'ls'], {
        AWS_DATA_PATH: models,
        AWS_CA_BUNDLE: caBundle,
      })
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, new RegExp(bucket))
    })
  },
)
