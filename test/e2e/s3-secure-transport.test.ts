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
