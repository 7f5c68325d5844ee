/**
 * Multipart upload: create, upload part, complete (parts concatenated into one blob, ETag the MD5
 * of the parts' MD5s with `-N`), abort, ListParts and ListMultipartUploads.
 */
import { createHash, randomBytes } from 'node:crypto'
import { s3Error, type ObjectRecord, type PartRecord } from '../../domain/s3/index.ts'
import { parseS3Xml, s3Xml } from '../../protocol/s3/s3-xml.ts'
import { header, type S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import { authorize, bucketOf, canonicalId, headerTags } from './s3-helpers.ts'
import { storedHeaders, userMetadata, writeContext } from './s3-object-operations.ts'

/** The smallest part but the last (5 MiB). */
const MIN_PART = 5 * 1024 * 1024

/** POST /bucket/key?uploads. */
export async function createMultipartUpload(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const key = call.key!
  const tags = headerTags(header(call, 'x-amz-tagging'))
  await authorize(call, deps, 's3:PutObject', bucket, key, writeContext(call, tags))
  const uploadId = randomBytes(24).toString('base64url')
  await deps.store.createUpload({
    uploadId,
    bucket: bucket.name,
    key,
    initiated: call.request.now.getTime(),
    initiatorArn: call.caller?.arn ?? 'anonymous',
    ownerAccountId: bucket.accountId,
    contentType: header(call, 'content-type') ?? 'binary/octet-stream',
    metadata: userMetadata(call),
    headers: storedHeaders(call),
    tags,
  })
  const algorithm = header(call, 'x-amz-checksum-algorithm')
  return {
    status: 200,
    ...(algorithm === undefined ? {} : { headers: { 'x-amz-checksum-algorithm': algorithm } }),
    xml: s3Xml('InitiateMultipartUploadResult', {
      Bucket: bucket.name,
      Key: key,
      UploadId: uploadId,
    }),
  }
}

async function uploadOf(call: S3Call, deps: S3Deps, uploadId: string) {
  const bucket = await bucketOf(call, deps)
  const upload = await deps.store.getUpload(bucket.name, uploadId)
  if (upload === undefined || upload.key !== call.key)
    throw s3Error('NoSuchUpload', { UploadId: uploadId })
  return { bucket, upload }
}

function partNumberOf(call: S3Call): number {
  const raw = call.query.get('partNumber') ?? ''
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(n >= 1 && n <= 10_000))
    throw s3Error(
      'InvalidArgument',
      { ArgumentName: 'partNumber', ArgumentValue: raw },
      'Part number must be an integer between 1 and 10000, inclusive',
    )
  return n
}

/** PUT /bucket/key?partNumber=N&uploadId=ID. */
export async function uploadPart(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const uploadId = call.query.get('uploadId')!
  const partNumber = partNumberOf(call)
  const { bucket } = await uploadOf(call, deps, uploadId)
  await authorize(call, deps, 's3:PutObject', bucket, call.key)
  const written = await deps.blobs.write(call.body())
  let checksums: Record<string, string>
  try {
    checksums = await call.checkBody(written)
  } catch (e) {
    await deps.blobs.remove([written.blobId])
    throw e
  }
  const part: PartRecord = {
    uploadId,
    partNumber,
    blobId: written.blobId,
    size: written.size,
    etag: `"${written.md5Hex}"`,
    lastModified: call.request.now.getTime(),
  }
  const released = await deps.store.putPart(part)
  if (released === undefined) {
    await deps.blobs.remove([written.blobId])
    throw s3Error('NoSuchUpload', { UploadId: uploadId })
  }
  await deps.blobs.remove(released)
  return { status: 200, headers: { etag: part.etag, ...checksums } }
}

/** All parts of an upload, in order. */
async function allParts(deps: S3Deps, uploadId: string): Promise<PartRecord[]> {
  const parts: PartRecord[] = []
  for (;;) {
    const page = await deps.store.listParts(uploadId, parts.at(-1)?.partNumber ?? 0, 1000)
    parts.push(...page)
    if (page.length < 1000) return parts
  }
}

/** POST /bucket/key?uploadId=ID. */
export async function completeMultipartUpload(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const uploadId = call.query.get('uploadId')!
  const { bucket, upload } = await uploadOf(call, deps, uploadId)
  await authorize(call, deps, 's3:PutObject', bucket, call.key)
  const doc = parseS3Xml((await call.smallBody()).toString('utf8'))
  const complete = doc?.CompleteMultipartUpload as Record<string, unknown> | undefined
  if (complete === undefined || typeof complete !== 'object') throw s3Error('MalformedXML')
  const requested = ((complete.Part as unknown[] | undefined) ?? []).map((raw) => {
    const p = raw as Record<string, unknown>
    const n = Number(p.PartNumber)
    if (!Number.isInteger(n) || typeof p.ETag !== 'string') throw s3Error('MalformedXML')
    return { partNumber: n, etag: p.ETag.startsWith('"') ? p.ETag : `"${p.ETag}"` }
  })
  if (requested.length === 0)
    throw s3Error(
      'MalformedXML',
      {},
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  const stored = new Map((await allParts(deps, uploadId)).map((p) => [p.partNumber, p]))
  const chosen: PartRecord[] = []
  for (const [i, r] of requested.entries()) {
    if (i > 0 && r.partNumber <= requested[i - 1]!.partNumber)
      throw s3Error('InvalidPartOrder', { UploadId: uploadId })
    const part = stored.get(r.partNumber)
    if (part === undefined || part.etag !== r.etag)
      throw s3Error('InvalidPart', {
        UploadId: uploadId,
        PartNumber: String(r.partNumber),
        ETag: r.etag,
      })
    chosen.push(part)
  }
  for (const [i, p] of chosen.entries()) {
    if (i < chosen.length - 1 && p.size < MIN_PART)
      throw s3Error('EntityTooSmall', {
        ProposedSize: String(p.size),
        MinSizeAllowed: String(MIN_PART),
        PartNumber: String(p.partNumber),
        ETag: p.etag,
      })
  }
  const md5s = Buffer.concat(chosen.map((p) => Buffer.from(p.etag.slice(1, -1), 'hex')))
  const etag = `"${createHash('md5').update(md5s).digest('hex')}-${chosen.length}"`
  const written = await deps.blobs.concat(chosen.map((p) => p.blobId))
  const object: ObjectRecord = {
    bucket: bucket.name,
    key: upload.key,
    blobId: written.blobId,
    size: written.size,
    etag,
    contentType: upload.contentType,
    lastModified: call.request.now.getTime(),
    metadata: upload.metadata,
    headers: upload.headers,
    tags: upload.tags,
    ownerAccountId: bucket.accountId,
    partsCount: chosen.length,
  }
  const released = await deps.store.completeUpload(uploadId, object, [])
  if (released === undefined) {
    await deps.blobs.remove([written.blobId])
    throw s3Error('NoSuchUpload', { UploadId: uploadId })
  }
  await deps.blobs.remove(released)
  const host = header(call, 'host') ?? 'localhost'
  return {
    status: 200,
    xml: s3Xml('CompleteMultipartUploadResult', {
      Location: `http://${host}/${bucket.name}/${encodeURIComponent(upload.key).replace(/%2F/g, '/')}`,
      Bucket: bucket.name,
      Key: upload.key,
      ETag: etag,
    }),
  }
}

/** DELETE /bucket/key?uploadId=ID. */
export async function abortMultipartUpload(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const uploadId = call.query.get('uploadId')!
  const { bucket } = await uploadOf(call, deps, uploadId)
  await authorize(call, deps, 's3:AbortMultipartUpload', bucket, call.key)
  const released = await deps.store.deleteUpload(uploadId)
  if (released === undefined) throw s3Error('NoSuchUpload', { UploadId: uploadId })
  await deps.blobs.remove(released)
  return { status: 204 }
}

/** GET /bucket/key?uploadId=ID. */
export async function listParts(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const uploadId = call.query.get('uploadId')!
  const { bucket, upload } = await uploadOf(call, deps, uploadId)
  await authorize(call, deps, 's3:ListMultipartUploadParts', bucket, call.key)
  const max = Math.min(1000, Number(call.query.get('max-parts') ?? '1000') || 1000)
  const marker = Number(call.query.get('part-number-marker') ?? '0') || 0
  const page = await deps.store.listParts(uploadId, marker, max + 1)
  const truncated = page.length > max
  const parts = page.slice(0, max)
  const owner = { ID: canonicalId(upload.ownerAccountId), DisplayName: upload.ownerAccountId }
  return {
    status: 200,
    xml: s3Xml('ListPartsResult', {
      Bucket: bucket.name,
      Key: upload.key,
      UploadId: uploadId,
      Initiator: { ID: upload.initiatorArn, DisplayName: upload.initiatorArn },
      Owner: owner,
      StorageClass: 'STANDARD',
      PartNumberMarker: marker,
      NextPartNumberMarker: parts.at(-1)?.partNumber ?? marker,
      MaxParts: max,
      IsTruncated: truncated,
      Part: parts.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: new Date(p.lastModified),
        ETag: p.etag,
        Size: p.size,
      })),
    }),
  }
}

/** GET /bucket?uploads. */
export async function listMultipartUploads(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:ListBucketMultipartUploads', bucket)
  const prefix = call.query.get('prefix') ?? ''
  const max = Math.min(1000, Number(call.query.get('max-uploads') ?? '1000') || 1000)
  const afterKey = call.query.get('key-marker') ?? ''
  const afterUploadId = call.query.get('upload-id-marker') ?? ''
  const page = await deps.store.listUploads(bucket.name, {
    prefix,
    afterKey,
    afterUploadId,
    limit: max + 1,
  })
  const truncated = page.length > max
  const uploads = page.slice(0, max)
  const last = uploads.at(-1)
  return {
    status: 200,
    xml: s3Xml('ListMultipartUploadsResult', {
      Bucket: bucket.name,
      KeyMarker: afterKey,
      UploadIdMarker: afterUploadId,
      NextKeyMarker: last?.key ?? '',
      NextUploadIdMarker: last?.uploadId ?? '',
      Prefix: prefix,
      MaxUploads: max,
      IsTruncated: truncated,
      Upload: uploads.map((u) => ({
        Key: u.key,
        UploadId: u.uploadId,
        Initiator: { ID: u.initiatorArn, DisplayName: u.initiatorArn },
        Owner: { ID: canonicalId(u.ownerAccountId), DisplayName: u.ownerAccountId },
        StorageClass: 'STANDARD',
        Initiated: new Date(u.initiated),
      })),
    }),
  }
}
