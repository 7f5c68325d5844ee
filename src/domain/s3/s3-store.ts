/**
 * The storage ports of S3: metadata (buckets, objects, multipart uploads and their parts, the
 * account-level public access block) in SQL, object bytes in a blob store (files on disk).
 */
import type { Readable } from 'node:stream'
import type { PublicAccessBlock } from './public-access-block.ts'

/** A bucket. Times are epoch ms. */
export interface BucketRecord {
  readonly name: string
  readonly accountId: string
  readonly region: string
  readonly createdAt: number
  /** The bucket policy's JSON, as put. */
  readonly policy: string | undefined
  readonly publicAccessBlock: PublicAccessBlock | undefined
  readonly tags: Readonly<Record<string, string>> | undefined
}

/** What may change on a bucket; `null` removes. */
export interface BucketPatch {
  readonly policy?: string | null
  readonly publicAccessBlock?: PublicAccessBlock | null
  readonly tags?: Readonly<Record<string, string>> | null
}

/** An object's metadata; its bytes are the blob `blobId`. */
export interface ObjectRecord {
  readonly bucket: string
  readonly key: string
  readonly blobId: string
  readonly size: number
  /** Quoted, as S3 returns it: `"md5hex"` or `"md5-of-md5s-N"`. */
  readonly etag: string
  readonly contentType: string
  readonly lastModified: number
  /** `x-amz-meta-*` (names without the prefix, lower case). */
  readonly metadata: Readonly<Record<string, string>>
  /** Stored representation headers: content-encoding, cache-control, checksums, … */
  readonly headers: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
  /** The account that wrote it. */
  readonly ownerAccountId: string
  /** Parts of a multipart object (for PartsCount), else 0. */
  readonly partsCount: number
}

/** A multipart upload in progress. */
export interface UploadRecord {
  readonly uploadId: string
  readonly bucket: string
  readonly key: string
  readonly initiated: number
  readonly initiatorArn: string
  readonly ownerAccountId: string
  readonly contentType: string
  readonly metadata: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
}

/** One uploaded part. */
export interface PartRecord {
  readonly uploadId: string
  readonly partNumber: number
  readonly blobId: string
  readonly size: number
  readonly etag: string
  readonly lastModified: number
}

/** Blobs no longer referenced once a change commits: the caller removes them. */
export type ReleasedBlobs = readonly string[]

/** Object listing: keys after `after` (exclusive) starting with `prefix`, in UTF-8 byte order. */
export interface ObjectListing {
  readonly prefix: string
  readonly after: string
  readonly limit: number
}

/** S3's metadata store. */
export interface S3Store {
  /** False when a bucket of that name exists (any account's). */
  createBucket(bucket: BucketRecord): Promise<boolean>
  getBucket(name: string): Promise<BucketRecord | undefined>
  listBuckets(accountId: string): Promise<BucketRecord[]>
  /** Removes an empty bucket: 'removed', 'missing', or 'not-empty' (objects or uploads left). */
  deleteBucket(name: string): Promise<'removed' | 'missing' | 'not-empty'>
  /** False when the bucket does not exist. */
  updateBucket(name: string, patch: BucketPatch): Promise<boolean>

  /** Stores or replaces an object; the replaced object's blob is released. */
  putObject(object: ObjectRecord): Promise<ReleasedBlobs>
  getObject(bucket: string, key: string): Promise<ObjectRecord | undefined>
  deleteObject(bucket: string, key: string): Promise<ReleasedBlobs>
  listObjects(bucket: string, listing: ObjectListing): Promise<ObjectRecord[]>
  /** False when the object does not exist. */
  setObjectTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean>

  createUpload(upload: UploadRecord): Promise<void>
  getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined>
  /** Uploads of a bucket by key then upload id, after the markers, starting with `prefix`. */
  listUploads(
    bucket: string,
    options: { prefix: string; afterKey: string; afterUploadId: string; limit: number },
  ): Promise<UploadRecord[]>
  /** Stores or replaces a part; a replaced part's blob is released. Undefined: no such upload. */
  putPart(part: PartRecord): Promise<ReleasedBlobs | undefined>
  listParts(uploadId: string, afterPart: number, limit: number): Promise<PartRecord[]>
  /** Removes the upload and its parts; their blobs are released. Undefined: no such upload. */
  deleteUpload(uploadId: string): Promise<ReleasedBlobs | undefined>
  /**
   * Completes an upload atomically: the object is stored, the upload and its parts removed.
   * `keepBlobs` are part blobs the object now uses; every other blob is released.
   */
  completeUpload(
    uploadId: string,
    object: ObjectRecord,
    keepBlobs: readonly string[],
  ): Promise<ReleasedBlobs | undefined>

  getAccountPublicAccessBlock(accountId: string): Promise<PublicAccessBlock | undefined>
  /** `null` removes it. */
  putAccountPublicAccessBlock(accountId: string, block: PublicAccessBlock | null): Promise<void>
}

/** A blob written, not yet referenced by metadata. */
export interface WrittenBlob {
  readonly blobId: string
  readonly size: number
  readonly md5Hex: string
  readonly sha256Hex: string
}

/** Object bytes. */
export interface BlobStore {
  /**
   * Streams `body` into a new blob, durable (fsync'd, renamed into place) when the promise
   * resolves. A failed or refused body leaves nothing behind.
   */
  write(body: Readable): Promise<WrittenBlob>
  /** Concatenates blobs into a new one (multipart completion). */
  concat(blobIds: readonly string[]): Promise<WrittenBlob>
  /** The bytes `start`..`end` (inclusive) of a blob, streamed. */
  read(blobId: string, start?: number, end?: number): Readable
  /** Removes blobs; a missing one is not an error. */
  remove(blobIds: readonly string[]): Promise<void>
}
