/**
 * Issue 13's acceptance through the real AWS CLI (`/usr/bin/aws s3` and `s3api`) and the SDK v3,
 * on SQLite and PostgreSQL: the guides' "list S3 buckets" with a role's temporary credentials;
 * cross-account reads through a bucket policy (both sides needed); aws:PrincipalOrgID; a public
 * bucket read anonymously then closed by Block Public Access; a 100 MiB multipart upload; a
 * presigned GET; client-s3 and lib-storage uploads.
 */
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { before, test } from 'node:test'
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations'
import { GetObjectCommand, PutObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { clientsFor, createMemberAccount } from './aws-clients.ts'
import { awsOk, awsText, cliErrorCode, s3Client, s3Suite } from './s3-support.ts'

const skip = awsCliSkipReason()
const WORK = mkdtempSync(join(tmpdir(), 'xaccess-s3-files-'))

const policy = (statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

if (skip !== undefined) test('S3 through the AWS CLI', { skip }, () => {})
else
  s3Suite('S3 through the AWS CLI and the SDK', (server) => {
    let url: string
    let root: AwsCredentials
    let owner: string
    let reader: string
    let orgId: string
    /** OrganizationAccountAccessRole sessions: temporary credentials. */
    let ownerAdmin: AwsCredentials
    let readerAdmin: AwsCredentials
    /** An IAM user of the reader account, with no policy at first. */
    let readerUser: AwsCredentials
    const bucket = `owner-data-${randomBytes(4).toString('hex')}`

    before(async () => {
      url = server().url
      const b = server().bootstrap
      root = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }
      const c = clientsFor(url, root)
      owner = await createMemberAccount(c.org, 'Owner', 'owner@example.com')
      reader = await createMemberAccount(c.org, 'Reader', 'reader@example.com')
      orgId = (await c.org.send(new DescribeOrganizationCommand({}))).Organization!.Id!
      // The root user may not assume roles: an administrator of the management account does.
      await c.iam.send(new CreateUserCommand({ UserName: 'org-admin' }))
      await c.iam.send(
        new PutUserPolicyCommand({
          UserName: 'org-admin',
          PolicyName: 'admin',
          PolicyDocument: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
        }),
      )
      const adminKey = await c.iam.send(new CreateAccessKeyCommand({ UserName: 'org-admin' }))
      const admin = clientsFor(url, {
        accessKeyId: adminKey.AccessKey!.AccessKeyId!,
        secretAccessKey: adminKey.AccessKey!.SecretAccessKey!,
      })
      const assume = async (account: string, name: string) => {
        const r = await admin.sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
            RoleSessionName: name,
          }),
        )
        return {
          accessKeyId: r.Credentials!.AccessKeyId!,
          secretAccessKey: r.Credentials!.SecretAccessKey!,
          sessionToken: r.Credentials!.SessionToken!,
        }
      }
      ownerAdmin = await assume(owner, 'owner-admin')
      readerAdmin = await assume(reader, 'reader-admin')
      const readerIam = clientsFor(url, readerAdmin).iam
      await readerIam.send(new CreateUserCommand({ UserName: 'analyst' }))
      const key = await readerIam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))
      readerUser = {
        accessKeyId: key.AccessKey!.AccessKeyId!,
        secretAccessKey: key.AccessKey!.SecretAccessKey!,
      }
    })

    const allowUser = (allow: boolean) => {
      const iam = clientsFor(url, readerAdmin).iam
      return allow
        ? iam.send(
            new PutUserPolicyCommand({
              UserName: 'analyst',
              PolicyName: 'read-owner-data',
              PolicyDocument: policy([
                { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
              ]),
            }),
          )
        : iam.send(
            new DeleteUserPolicyCommand({ UserName: 'analyst', PolicyName: 'read-owner-data' }),
          )
    }

    test("the guides' test access: list S3 buckets with a role's temporary credentials", async () => {
      await awsOk(url, ownerAdmin, ['s3', 'mb', `s3://${bucket}`])
      const listed = await awsOk(url, ownerAdmin, ['s3', 'ls'])
      assert.match(listed.stdout, new RegExp(`\\s${bucket}\\n`))
      const api = await awsOk(url, ownerAdmin, ['s3api', 'list-buckets', '--output', 'json'])
      assert.deepEqual(
        JSON.parse(api.stdout).Buckets.map((x: { Name: string }) => x.Name),
        [bucket],
      )
      // Another account sees none of them.
      const other = await awsOk(url, readerAdmin, ['s3api', 'list-buckets', '--output', 'json'])
      assert.deepEqual(JSON.parse(other.stdout).Buckets, [])
      // An existing name is refused to another account, and to its owner.
      const taken = await awsText(url, readerAdmin, ['s3api', 'create-bucket', '--bucket', bucket])
      assert.equal(cliErrorCode(taken), 'BucketAlreadyExists')
      // Its owner again: a no-op in us-east-1 (as AWS), BucketAlreadyOwnedByYou elsewhere.
      await awsOk(url, ownerAdmin, ['s3api', 'create-bucket', '--bucket', bucket])
      const mine = await awsText(url, ownerAdmin, [
        's3api',
        'create-bucket',
        '--bucket',
        bucket,
        '--region',
        'eu-west-1',
        '--create-bucket-configuration',
        'LocationConstraint=eu-west-1',
      ])
      assert.equal(cliErrorCode(mine), 'BucketAlreadyOwnedByYou')
    })

    test('objects: cp, ls with prefixes, ranges, metadata, copy, tagging, sync, rm', async () => {
      const file = join(WORK, 'report.csv')
      writeFileSync(file, 'a,b\n1,2\n')
      await awsOk(url, ownerAdmin, [
        's3',
        'cp',
        file,
        `s3://${bucket}/reports/2026/report.csv`,
        '--content-type',
        'text/csv',
        '--metadata',
        'team=data',
      ])
      const head = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'head-object',
            '--bucket',
            bucket,
            '--key',
            'reports/2026/report.csv',
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(head.ContentType, 'text/csv')
      assert.deepEqual(head.Metadata, { team: 'data' })
      assert.equal(head.ETag, `"${createHash('md5').update('a,b\n1,2\n').digest('hex')}"`)
      const top = await awsOk(url, ownerAdmin, ['s3', 'ls', `s3://${bucket}/`])
      assert.match(top.stdout, /PRE reports\//)
      const ranged = await awsOk(url, ownerAdmin, [
        's3api',
        'get-object',
        '--bucket',
        bucket,
        '--key',
        'reports/2026/report.csv',
        '--range',
        'bytes=4-6',
        join(WORK, 'range.out'),
        '--output',
        'json',
      ])
      assert.equal(JSON.parse(ranged.stdout).ContentRange, 'bytes 4-6/8')
      assert.equal(readFileSync(join(WORK, 'range.out'), 'utf8'), '1,2')
      await awsOk(url, ownerAdmin, [
        's3',
        'cp',
        `s3://${bucket}/reports/2026/report.csv`,
        `s3://${bucket}/copy.csv`,
      ])
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-object-tagging',
        '--bucket',
        bucket,
        '--key',
        'copy.csv',
        '--tagging',
        'TagSet=[{Key=class,Value=internal}]',
      ])
      const tags = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'get-object-tagging',
            '--bucket',
            bucket,
            '--key',
            'copy.csv',
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.deepEqual(tags.TagSet, [{ Key: 'class', Value: 'internal' }])
      const missing = await awsText(url, ownerAdmin, [
        's3api',
        'get-object',
        '--bucket',
        bucket,
        '--key',
        'nope',
        join(WORK, 'x'),
      ])
      assert.equal(cliErrorCode(missing), 'NoSuchKey')
      const v2 = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'list-objects-v2',
            '--bucket',
            bucket,
            '--max-items',
            '1',
            '--page-size',
            '1',
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(v2.Contents.length, 1)
      assert.ok(v2.NextToken, 'paged')
      const dir = join(WORK, 'site')
      mkdirSync(join(dir, 'css'), { recursive: true })
      writeFileSync(join(dir, 'index.html'), '<h1>hi</h1>')
      writeFileSync(join(dir, 'css', 'site.css'), 'h1{}')
      const synced = await awsOk(url, ownerAdmin, ['s3', 'sync', dir, `s3://${bucket}/site/`])
      assert.match(synced.stdout, /upload: .*site\/css\/site\.css/)
      const again = await awsOk(url, ownerAdmin, ['s3', 'sync', dir, `s3://${bucket}/site/`])
      assert.equal(again.stdout, '')
      await awsOk(url, ownerAdmin, ['s3', 'rm', `s3://${bucket}/site/`, '--recursive'])
      await awsOk(url, ownerAdmin, ['s3', 'rm', `s3://${bucket}/copy.csv`])
      const gone = await awsOk(url, ownerAdmin, ['s3', 'ls', `s3://${bucket}/copy.csv`]).catch(
        () => undefined,
      )
      assert.equal(gone, undefined)
    })

    test('cross-account read needs the bucket policy and the caller’s own policy', async () => {
      const cp = (who: AwsCredentials) =>
        awsText(url, who, ['s3', 'cp', `s3://${bucket}/reports/2026/report.csv`, '-'])
      // Neither side: refused.
      assert.equal(cliErrorCode(await cp(readerUser)), '403')
      // Identity side only: refused (no bucket policy lets the other account in).
      await allowUser(true)
      assert.equal(cliErrorCode(await cp(readerUser)), '403')
      const api = await awsText(url, readerUser, [
        's3api',
        'get-object',
        '--bucket',
        bucket,
        '--key',
        'reports/2026/report.csv',
        join(WORK, 'y'),
      ])
      assert.equal(cliErrorCode(api), 'AccessDenied')
      assert.match(api.stderr, /because no resource-based policy allows the s3:GetObject action/)
      // Both sides: allowed.
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        policy([
          {
            Sid: 'ReaderAccount',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${reader}:root` },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
          },
        ]),
      ])
      assert.equal((await cp(readerUser)).stdout, 'a,b\n1,2\n')
      // Resource side only: refused.
      await allowUser(false)
      assert.equal(cliErrorCode(await cp(readerUser)), '403')
      const status = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'get-bucket-policy-status',
            '--bucket',
            bucket,
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(status.PolicyStatus.IsPublic, false)
    })

    test('aws:PrincipalOrgID: the organization is let in, another organization id is not', async () => {
      await allowUser(true)
      const orgPolicy = (id: string) =>
        policy([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
            Condition: { StringEquals: { 'aws:PrincipalOrgID': id } },
          },
        ])
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        orgPolicy(orgId),
      ])
      // Pinned to one organization: not public, so Block Public Access lets it be put.
      const status = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'get-bucket-policy-status',
            '--bucket',
            bucket,
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(status.PolicyStatus.IsPublic, false)
      const cp = () =>
        awsText(url, readerUser, ['s3', 'cp', `s3://${bucket}/reports/2026/report.csv`, '-'])
      assert.equal((await cp()).stdout, 'a,b\n1,2\n')
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        orgPolicy('o-otherorg123'),
      ])
      assert.equal(cliErrorCode(await cp()), '403')
      await allowUser(false)
    })

    test('a public bucket is read anonymously, then closed by Block Public Access', async () => {
      const publicPolicy = policy([
        {
          Sid: 'Public',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        },
      ])
      // New buckets block public policies.
      const blocked = await awsText(url, ownerAdmin, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        publicPolicy,
      ])
      assert.equal(cliErrorCode(blocked), 'AccessDenied')
      assert.match(blocked.stderr, /BlockPublicPolicy/)
      await awsOk(url, ownerAdmin, ['s3api', 'delete-public-access-block', '--bucket', bucket])
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        publicPolicy,
      ])
      const status = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'get-bucket-policy-status',
            '--bucket',
            bucket,
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(status.PolicyStatus.IsPublic, true)
      const anonymous = await fetch(`${url}/${bucket}/reports/2026/report.csv`)
      assert.equal(anonymous.status, 200)
      assert.equal(await anonymous.text(), 'a,b\n1,2\n')
      const noSign = await awsOk(url, undefined, [
        's3',
        'cp',
        `s3://${bucket}/reports/2026/report.csv`,
        '-',
        '--no-sign-request',
      ])
      assert.equal(noSign.stdout, 'a,b\n1,2\n')
      // Listing was not granted: anonymous listing is refused.
      assert.equal((await fetch(`${url}/${bucket}?list-type=2`)).status, 403)
      await awsOk(url, ownerAdmin, [
        's3api',
        'put-public-access-block',
        '--bucket',
        bucket,
        '--public-access-block-configuration',
        'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      ])
      const closed = await fetch(`${url}/${bucket}/reports/2026/report.csv`)
      assert.equal(closed.status, 403)
      assert.match(await closed.text(), /<Code>AccessDenied<\/Code>/)
      // The owner's own account still reads.
      assert.equal(
        (await awsOk(url, ownerAdmin, ['s3', 'cp', `s3://${bucket}/reports/2026/report.csv`, '-']))
          .stdout,
        'a,b\n1,2\n',
      )
      await awsOk(url, ownerAdmin, ['s3api', 'delete-bucket-policy', '--bucket', bucket])
    })

    test('a 100 MiB multipart upload through aws s3 cp, downloaded intact', async () => {
      const file = join(WORK, 'big.bin')
      const data = randomBytes(100 * 1024 * 1024)
      writeFileSync(file, data)
      await awsOk(url, ownerAdmin, [
        's3',
        'cp',
        file,
        `s3://${bucket}/big.bin`,
        '--only-show-errors',
      ])
      const head = JSON.parse(
        (
          await awsOk(url, ownerAdmin, [
            's3api',
            'head-object',
            '--bucket',
            bucket,
            '--key',
            'big.bin',
            '--output',
            'json',
          ])
        ).stdout,
      )
      assert.equal(head.ContentLength, data.length)
      assert.match(head.ETag, /-\d+"$/)
      const back = join(WORK, 'big.back')
      await awsOk(url, ownerAdmin, [
        's3',
        'cp',
        `s3://${bucket}/big.bin`,
        back,
        '--only-show-errors',
      ])
      const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex')
      assert.equal(digest(readFileSync(back)), digest(data))
      await awsOk(url, ownerAdmin, ['s3', 'rm', `s3://${bucket}/big.bin`, '--only-show-errors'])
    })

    test('a presigned GET works until it expires', async () => {
      const signed = (
        await awsOk(url, ownerAdmin, [
          's3',
          'presign',
          `s3://${bucket}/reports/2026/report.csv`,
          '--expires-in',
          '600',
        ])
      ).stdout.trim()
      const r = await fetch(signed)
      assert.equal(r.status, 200)
      assert.equal(await r.text(), 'a,b\n1,2\n')
      const short = (
        await awsOk(url, ownerAdmin, [
          's3',
          'presign',
          `s3://${bucket}/reports/2026/report.csv`,
          '--expires-in',
          '1',
        ])
      ).stdout.trim()
      await new Promise((resolve) => setTimeout(resolve, 2100))
      const expired = await fetch(short)
      assert.equal(expired.status, 403)
      assert.match(await expired.text(), /<Message>Request has expired<\/Message>/)
      const tampered = await fetch(signed.replace('report.csv', 'other.csv'))
      assert.equal(tampered.status, 403)
      assert.match(await tampered.text(), /SignatureDoesNotMatch/)
    })

    test('SDK v3: client-s3 PutObject/GetObject and a lib-storage multipart Upload from a stream', async () => {
      const s3 = s3Client(url, ownerAdmin)
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'sdk/small.txt',
          Body: 'from the sdk',
          ContentType: 'text/plain',
        }),
      )
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'sdk/small.txt' }))
      assert.equal(await got.Body!.transformToString(), 'from the sdk')
      const file = join(WORK, 'stream.bin')
      const data = randomBytes(13 * 1024 * 1024)
      writeFileSync(file, data)
      const upload = new Upload({
        client: s3,
        params: { Bucket: bucket, Key: 'sdk/stream.bin', Body: createReadStream(file) },
        partSize: 5 * 1024 * 1024,
      })
      const done = await upload.done()
      assert.match(done.ETag ?? '', /-3"$/)
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sdk/stream.bin' }))
      assert.equal(head.ContentLength, data.length)
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'sdk/stream.bin' }))
      const bytes = Buffer.from(await body.Body!.transformToByteArray())
      assert.ok(bytes.equals(data))
      // A body of unknown length (a plain stream) goes up through lib-storage too.
      const unknown = new Upload({
        client: s3,
        params: {
          Bucket: bucket,
          Key: 'sdk/unknown.bin',
          Body: Readable.from([data.subarray(0, 1000), data.subarray(1000, 7000)]),
        },
      })
      await unknown.done()
      const small = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'sdk/unknown.bin' }))
      assert.ok(
        Buffer.from(await small.Body!.transformToByteArray()).equals(data.subarray(0, 7000)),
      )
    })

    test('a bucket with objects is not removed until emptied (rb --force)', async () => {
      const rb = await awsText(url, ownerAdmin, ['s3api', 'delete-bucket', '--bucket', bucket])
      assert.equal(cliErrorCode(rb), 'BucketNotEmpty')
      await awsOk(url, ownerAdmin, ['s3', 'rb', `s3://${bucket}`, '--force'])
      const gone = await awsText(url, ownerAdmin, ['s3api', 'head-bucket', '--bucket', bucket])
      assert.notEqual(gone.status, 0)
      assert.match(gone.stderr, /404|Not Found/)
    })
  })
