/**
 * Trails deliver into S3 (issue 13's log archive): when the trail's bucket exists on this
 * endpoint, each log and digest file is written as an object of it, as CloudTrail's service
 * principal, so the bucket policy must let `cloudtrail.amazonaws.com` put objects (with the
 * `bucket-owner-full-control` ACL, as AWS requires) and the bucket account's RCPs apply. A bucket
 * that does not exist here falls back to the files under `<data-dir>/trails/`.
 */
import { Readable } from 'node:stream'
import { newRequestId } from '../../domain/common/ids.ts'
import type { TrailDestination } from '../../domain/cloudtrail/trails/index.ts'
import type { BlobStore, S3Access, S3Store } from '../../domain/s3/index.ts'
import { s3Arn } from './s3-call.ts'

/** The service principal that writes trail files. */
const CLOUDTRAIL = 'cloudtrail.amazonaws.com'

export class S3TrailDestination implements TrailDestination {
  readonly #store: S3Store
  readonly #blobs: BlobStore
  readonly #access: S3Access
  readonly #fallback: TrailDestination

  constructor(deps: {
    store: S3Store
    blobs: BlobStore
    access: S3Access
    /** Where a bucket that does not exist here is delivered to. */
    fallback: TrailDestination
  }) {
    this.#store = deps.store
    this.#blobs = deps.blobs
    this.#access = deps.access
    this.#fallback = deps.fallback
  }

  async write(
    bucketName: string,
    key: string,
    body: Buffer,
    metadata?: Readonly<Record<string, string>>,
  ): Promise<void> {
    const bucket = await this.#store.getBucket(bucketName)
    if (bucket === undefined) return this.#fallback.write(bucketName, key, body, metadata)
    const now = new Date()
    await this.#access.authorizeService(
      CLOUDTRAIL,
      {
        requestId: newRequestId(),
        sourceIp: '127.0.0.1',
        secureTransport: true,
        region: bucket.region,
        userAgent: CLOUDTRAIL,
        now,
      },
      {
        action: 's3:PutObject',
        resource: s3Arn(bucket.name, key),
        bucket,
        context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    )
    const written = await this.#blobs.write(Readable.from([body]))
    const released = await this.#store.putObject({
      bucket: bucket.name,
      key,
      blobId: written.blobId,
      size: written.size,
      etag: `"${written.md5Hex}"`,
      contentType: key.endsWith('.gz') ? 'application/x-gzip' : 'application/json',
      lastModified: now.getTime(),
      metadata: { ...(metadata ?? {}) },
      headers: {},
      tags: {},
      ownerAccountId: bucket.accountId,
      partsCount: 0,
    })
    await this.#blobs.remove(released)
  }
}
