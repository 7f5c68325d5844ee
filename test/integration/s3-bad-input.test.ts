/**
 * Issue 13's bad input: a wrong signature, a wrong payload hash, a truncated or mis-signed chunked
 * body, a key with `../`, keys of 1024 and 1025 bytes, bucket names AWS refuses. Each gets AWS's
 * error, and nothing is written. On SQLite and PostgreSQL, through raw signed requests and the CLI.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { before, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { awsOk, awsText, cliErrorCode, s3Suite, sendS3 } from './s3-support.ts'

const skip = awsCliSkipReason()
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const code = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1]

if (skip !== undefined) test('S3 bad input', { skip }, () => {})
else
  s3Suite('S3 bad input', (server) => {
    let url: string
    let root: AwsCredentials
    const bucket = 'bad-input-bucket'

    const keys = async (): Promise<string[]> => {
      const r = await sendS3(url, {
        method: 'GET',
        path: `/${bucket}?list-type=2`,
        credentials: root,
      })
      assert.equal(r.status, 200, r.text)
      return [...r.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!)
    }

    before(async () => {
      url = server().url
      const b = server().bootstrap
      root = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }
      await awsOk(url, root, ['s3', 'mb', `s3://${bucket}`])
    })

    test('a wrong signature: SignatureDoesNotMatch, nothing written', async () => {
      const r = await sendS3(url, {
        method: 'PUT',
        path: `/${bucket}/forged.txt`,
        body: 'forged',
        credentials: root,
        signingSecret: 'not-the-secret',
      })
      assert.equal(r.status, 403)
      assert.equal(code(r.text), 'SignatureDoesNotMatch')
      const unknown = await sendS3(url, {
        method: 'GET',
        path: `/${bucket}?list-type=2`,
        credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' },
      })
      assert.equal(code(unknown.text), 'InvalidAccessKeyId')
      assert.deepEqual(await keys(), [])
    })

    test('a wrong payload hash: XAmzContentSHA256Mismatch, nothing written', async () => {
      const r = await sendS3(url, {
        method: 'PUT',
        path: `/${bucket}/hash.txt`,
        body: 'the real body',
        credentials: root,
        payloadHash: sha256('another body'),
      })
      assert.equal(r.status, 400)
      assert.equal(code(r.text), 'XAmzContentSHA256Mismatch')
      assert.deepEqual(await keys(), [])
    })

    test('a truncated chunked body: IncompleteBody; a bad chunk signature: SignatureDoesNotMatch', async () => {
      const truncated = await sendS3(url, {
        method: 'PUT',
        path: `/${bucket}/chunked.txt`,
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '100',
          'x-amz-trailer': 'x-amz-checksum-crc32',
        },
        body: `64\r\n${'a'.repeat(50)}`,
        credentials: root,
        payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      })
      assert.equal(truncated.status, 400)
      assert.equal(code(truncated.text), 'IncompleteBody')
      const badChunk = await sendS3(url, {
        method: 'PUT',
        path: `/${bucket}/chunked.txt`,
        headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' },
        body: `5;chunk-signature=${'0'.repeat(64)}\r\nhello\r\n0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`,
        credentials: root,
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      })
      assert.equal(badChunk.status, 403, `${badChunk.text}\n${server().errorOutput().slice(-3000)}`)
      assert.equal(code(badChunk.text), 'SignatureDoesNotMatch')
      assert.deepEqual(await keys(), [])
    })

    test('a key with ../: 400 with no body, nothing written', async () => {
      const cli = await awsText(url, root, [
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        '../escape.txt',
      ])
      assert.notEqual(cli.status, 0)
      assert.equal(cliErrorCode(cli), '400')
      // The same on the wire, whatever the client normalises.
      const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(url)
        const req = httpRequest(
          {
            host: u.hostname,
            port: u.port,
            method: 'PUT',
            path: `/${bucket}/a/../../etc/passwd`,
            headers: { 'content-length': '1' },
          },
          (res) => {
            let body = ''
            res.on('data', (d: Buffer) => (body += d.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          },
        )
        req.on('error', reject)
        req.end('x')
      })
      assert.deepEqual(raw, { status: 400, body: '' })
      assert.deepEqual(await keys(), [])
    })

    test('a 1024-byte key is stored; 1025 bytes is KeyTooLongError', async () => {
      const longest = 'k'.repeat(1024)
      await awsOk(url, root, ['s3api', 'put-object', '--bucket', bucket, '--key', longest])
      const tooLong = await awsText(url, root, [
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        `${longest}x`,
      ])
      assert.equal(cliErrorCode(tooLong), 'KeyTooLongError')
      assert.match(tooLong.stderr, /Your key is too long/)
      // Multi-byte characters count in bytes: 342 × "é" is 684 bytes, 513 × "é" is 1026.
      const wide = await awsText(url, root, [
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        'é'.repeat(513),
      ])
      assert.equal(cliErrorCode(wide), 'KeyTooLongError')
      assert.deepEqual(await keys(), [longest])
    })

    test('bucket names AWS refuses: InvalidBucketName, nothing created', async () => {
      for (const name of [
        'Bad_Name',
        'ab',
        'a..b',
        'xn--bucket',
        '192.168.1.10',
        'bucket-',
        'my-bucket-s3alias',
      ]) {
        const r = await sendS3(url, { method: 'PUT', path: `/${name}`, credentials: root })
        assert.equal(code(r.text), 'InvalidBucketName', `${name}: ${r.text}`)
        assert.equal(r.status, 400)
      }
      const cli = await awsText(url, root, ['s3api', 'create-bucket', '--bucket', 'UPPER-case'])
      assert.equal(cliErrorCode(cli), 'InvalidBucketName')
      const list = await sendS3(url, { method: 'GET', path: '/', credentials: root })
      assert.deepEqual(
        [...list.text.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]),
        [bucket],
      )
      const missing = await sendS3(url, {
        method: 'GET',
        path: '/no-such-bucket-here/k',
        credentials: root,
      })
      assert.equal(missing.status, 404)
      assert.equal(code(missing.text), 'NoSuchBucket')
      assert.match(missing.text, /<BucketName>no-such-bucket-here<\/BucketName>/)
    })
  })
