import assert from 'node:assert/strict'
import { createHash, verify } from 'node:crypto'
import { describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { DigestSigner } from '../hash-chain.ts'
import { buildDigestFile, digestSigningString } from './digest-files.ts'
import type { TrailRecord } from './trail-store.ts'

const T = Date.UTC(2026, 11, 7, 17, 0, 1)
const signer = new DigestSigner(Buffer.alloc(32, 3))
const trail: TrailRecord = {
  arn: 'arn:aws:cloudtrail:us-east-2:111122223333:trail/main',
  accountId: '111122223333',
  name: 'main',
  homeRegion: 'us-east-2',
  s3BucketName: 'audit',
  s3KeyPrefix: 'p',
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: true,
  organizationId: undefined,
  logFileValidationEnabled: true,
  createdAt: T,
}

describe('trail digest files', () => {
  it('a starting digest, then one chained to it, in the documented layout, signed', () => {
    const first = buildDigestFile({
      trail,
      accountId: '111122223333',
      region: 'us-east-1',
      start: T,
      end: T + 3600_000,
      files: [
        {
          accountId: '111122223333',
          region: 'us-east-1',
          s3Bucket: 'audit',
          s3Object: 'p/AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/07/x.json.gz',
          hashValue: 'ab'.repeat(32),
          oldestEventTime: T + 5000,
          newestEventTime: T + 9000,
          deliveredAt: T + 10_000,
        },
      ],
      previous: undefined,
      signer,
    })
    assert.equal(
      first.path,
      'p/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/12/07/111122223333_CloudTrail-Digest_us-east-1_main_us-east-2_20261207T180001Z.json.gz',
    )
    const text = gunzipSync(first.gzip).toString()
    const body = JSON.parse(text)
    assert.equal(body.digestStartTime, '2026-12-07T17:00:01Z')
    assert.equal(body.digestEndTime, '2026-12-07T18:00:01Z')
    assert.equal(body.digestS3Bucket, 'audit')
    assert.equal(body.digestS3Object, first.path)
    assert.equal(body.digestSignatureAlgorithm, 'Ed25519')
    assert.equal(body.digestPublicKeyFingerprint, signer.fingerprint)
    assert.equal(body.previousDigestSignature, null)
    assert.equal(body.oldestEventTime, '2026-12-07T17:00:06Z')
    assert.equal(body.logFiles[0].hashAlgorithm, 'SHA-256')
    const hash = createHash('sha256').update(text).digest('hex')
    assert.equal(first.head.hashValue, hash)
    const signed = digestSigningString(T + 3600_000, `audit/${first.path}`, hash, undefined)
    assert.ok(
      verify(
        null,
        Buffer.from(signed),
        signer.publicKey,
        Buffer.from(first.metadata['x-amz-meta-signature']!, 'hex'),
      ),
    )
    const second = buildDigestFile({
      trail,
      accountId: '111122223333',
      region: 'us-east-1',
      start: T + 3600_000,
      end: T + 7200_000,
      files: [],
      previous: first.head,
      signer,
    })
    const next = JSON.parse(gunzipSync(second.gzip).toString())
    assert.equal(next.previousDigestS3Object, first.path)
    assert.equal(next.previousDigestHashValue, hash)
    assert.equal(next.previousDigestSignature, first.head.signature)
    assert.equal(next.newestEventTime, null)
    assert.deepEqual(next.logFiles, [])
  })
})
