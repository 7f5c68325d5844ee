import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { describe, it } from 'node:test'
import { isS3Request, s3Address, virtualHostBucket } from './s3-route.ts'

const req = (url: string, headers: Record<string, string>) =>
  ({ url, headers }) as unknown as IncomingMessage

describe('S3 routing on the shared port', () => {
  it('a signature scoped to s3 is S3, whatever the path', () => {
    const auth =
      'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x'
    assert.ok(isS3Request(req('/analyzer', { authorization: auth, host: '127.0.0.1:4599' })))
    assert.ok(isS3Request(req('/health', { authorization: auth, host: '127.0.0.1:4599' })))
    const iam = auth.replace('/s3/', '/iam/')
    assert.ok(!isS3Request(req('/', { authorization: iam, host: '127.0.0.1:4599' })))
  })
  it('a presigned URL scoped to s3 is S3; other services’ are not', () => {
    const q =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request'
    assert.ok(isS3Request(req(`/b/k?${q}`, { host: 'localhost' })))
    assert.ok(!isS3Request(req(`/?${q.replace('s3', 'sts')}`, { host: 'localhost' })))
  })
  it('<bucket>.localhost is virtual-hosted style; localhost and IPs are not', () => {
    assert.equal(virtualHostBucket('my-bucket.localhost:4599'), 'my-bucket')
    assert.equal(virtualHostBucket('logs.example.s3.localhost'), 'logs.example')
    assert.equal(virtualHostBucket('localhost:4599'), undefined)
    assert.equal(virtualHostBucket('127.0.0.1:4599'), undefined)
    assert.ok(!isS3Request(req('/portal/', { host: 'localhost:4599' })))
  })
  it('reads bucket and key, path-style and virtual-hosted, percent-decoded', () => {
    assert.deepEqual(s3Address('localhost', '/b/dir/a%20b.txt?x'), {
      kind: 'bucket',
      bucket: 'b',
      key: 'dir/a b.txt',
    })
    assert.deepEqual(s3Address('localhost', '/b'), { kind: 'bucket', bucket: 'b', key: undefined })
    assert.deepEqual(s3Address('localhost', '/b/'), { kind: 'bucket', bucket: 'b', key: undefined })
    assert.deepEqual(s3Address('localhost', '/'), { kind: 'service' })
    assert.deepEqual(s3Address('b.localhost', '/k/x'), { kind: 'bucket', bucket: 'b', key: 'k/x' })
    assert.deepEqual(s3Address('b.localhost', '/'), { kind: 'bucket', bucket: 'b', key: undefined })
    assert.deepEqual(s3Address('localhost', '/b/a+b'), { kind: 'bucket', bucket: 'b', key: 'a+b' })
  })
  it('a .. segment, encoded or not, is refused; a bad escape too', () => {
    assert.deepEqual(s3Address('localhost', '/b/../x'), { kind: 'dot-segment' })
    assert.deepEqual(s3Address('localhost', '/b/%2E%2E/x'), { kind: 'dot-segment' })
    assert.deepEqual(s3Address('localhost', '/b/a..b'), {
      kind: 'bucket',
      bucket: 'b',
      key: 'a..b',
    })
    assert.deepEqual(s3Address('localhost', '/b/%zz'), { kind: 'bad-encoding' })
  })
  it('s3control paths are the account-level API', () => {
    assert.deepEqual(
      s3Address('111122223333.localhost', '/v20180820/configuration/publicAccessBlock'),
      {
        kind: 'control',
        path: '/v20180820/configuration/publicAccessBlock',
      },
    )
  })
})
