/**
 * S3's object operations: Put/Get/Head/Delete Object (ranges, metadata, conditional reads),
 * DeleteObjects, CopyObject, object tagging. Bytes stream to and from the blob store; metadata
 * is stored only once the blob is durable and the body checked.
 */
import { s3Error, type ObjectRecord } from '../../domain/s3/index.ts'
import type { ContextInput } from '../../policy/index.ts'
import { parseS3Xml, s3Xml } from '../../protocol/s3/s3-xml.ts'
import { header, type S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import {
  authorize,
  bucketOf,
  existingTagContext,
  headerContext,
  headerTags,
  httpDate,
  parseTagging,
  requestTagContext,
  taggingXml,
} from './s3-helpers.ts'

/** Representation headers stored with an object and returned on reads. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
]

/** Request headers that become `s3:` condition keys of a write. */
const WRITE_KEYS: Readonly<Record<string, string>> = {
  'x-amz-acl': 's3:x-amz-acl',
  'x-amz-server-side-encryption': 's3:x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id': 's3:x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-storage-class': 's3:x-amz-storage-class',
  'x-amz-copy-source': 's3:x-amz-copy-source',
  'x-amz-metadata-directive': 's3:x-amz-metadata-directive',
  'x-amz-grant-read': 's3:x-amz-grant-read',
  'x-amz-grant-full-control': 's3:x-amz-grant-full-control',
  'x-amz-object-lock-mode': 's3:object-lock-mode',
}

/** The `x-amz-meta-*` of a request (names lower case, prefix removed). */
export function userMetadata(call: S3Call): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(call.headers)) {
    if (k.startsWith('x-amz-meta-') && v !== undefined)
      out[k.slice(11)] = Array.isArray(v) ? v.join(',') : v
  }
  return out
}

/** Stored representation headers of a request. */
export function storedHeaders(call: S3Call): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of STORED_HEADERS) {
    const v = header(call, name)
    if (v !== undefined && !(name === 'content-encoding' && v === 'aws-chunked'))
      out[name] = v.replace(/(^|,)\s*aws-chunked\s*(,|$)/, '$1').replace(/^,|,$/g, '')
  }
  if (out['content-encoding'] === '') delete out['content-encoding']
  return out
}

/** Checks an object write's condition-key headers; a public ACL is refused (BucketOwnerEnforced). */
export function writeContext(call: S3Call, tags: Readonly<Record<string, string>>): ContextInput {
  const acl = header(call, 'x-amz-acl')
  if (acl !== undefined && acl !== 'private' && acl !== 'bucket-owner-full-control') {
    throw s3Error('AccessControlListNotSupported')
  }
  return { ...headerContext(call, WRITE_KEYS), ...requestTagContext(tags) }
}

function objectHeaders(o: ObjectRecord, withChecksums: boolean): Record<string, string> {
  const h: Record<string, string> = {
    etag: o.etag,
    'last-modified': httpDate(o.lastModified),
    'content-type': o.contentType,
    'accept-ranges': 'bytes',
  }
  for (const [k, v] of Object.entries(o.headers)) {
    if (k.startsWith('x-amz-checksum-')) {
      if (withChecksums) h[k] = v
    } else h[k] = v
  }
  for (const [k, v] of Object.entries(o.metadata)) h[`x-amz-meta-${k}`] = v
  const tagCount = Object.keys(o.tags).length
  if (tagCount > 0) h['x-amz-tagging-count'] = String(tagCount)
  if (o.partsCount > 0) h['x-amz-mp-parts-count'] = String(o.partsCount)
  return h
}

/** Parses `Range: bytes=…` against `size`: the inclusive span, or undefined for the whole. */
function parseRange(value: string | undefined, size: number): [number, number] | undefined {
  if (value === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim())
  if (m === null || (m[1] === '' && m[2] === '')) return undefined
  let start: number
  let end: number
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0)
      throw s3Error('InvalidRange', { RangeRequested: value, ActualObjectSize: String(size) })
    start = Math.max(0, size - n)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
    if (m[2] !== '' && Number(m[2]) < start) return undefined
  }
  if (start >= size)
    throw s3Error('InvalidRange', { RangeRequested: value, ActualObjectSize: String(size) })
  return [start, end]
}

function checkConditions(call: S3Call, o: ObjectRecord): S3Answer | undefined {
  const ifMatch = header(call, 'if-match')
  const ifNone = header(call, 'if-none-match')
  const since = header(call, 'if-modified-since')
  const unmodified = header(call, 'if-unmodified-since')
  const matches = (list: string) =>
    list
      .split(',')
      .some((t) => t.trim() === '*' || t.trim() === o.etag || `"${t.trim()}"` === o.etag)
  if (ifMatch !== undefined && !matches(ifMatch))
    throw s3Error('PreconditionFailed', { Condition: 'If-Match' })
  const second = Math.floor(o.lastModified / 1000) * 1000
  if (ifMatch === undefined && unmodified !== undefined && second > Date.parse(unmodified))
    throw s3Error('PreconditionFailed', { Condition: 'If-Unmodified-Since' })
  if (ifNone !== undefined && matches(ifNone))
    return { status: 304, headers: { etag: o.etag, 'last-modified': httpDate(o.lastModified) } }
  if (ifNone === undefined && since !== undefined && second <= Date.parse(since))
    return { status: 304, headers: { etag: o.etag, 'last-modified': httpDate(o.lastModified) } }
  return undefined
}

/** GET or HEAD /bucket/key. */
export async function getObject(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const key = call.key!
  const object = await deps.store.getObject(bucket.name, key)
  await authorize(call, deps, 's3:GetObject', bucket, key, existingTagContext(object))
  if (object === undefined) {
    // Without s3:ListBucket, S3 answers AccessDenied instead of revealing that the key is absent.
    try {
      await authorize(call, deps, 's3:ListBucket', bucket)
    } catch {
      throw s3Error('AccessDenied')
    }
    throw s3Error('NoSuchKey', { Key: key })
  }
  const conditional = checkConditions(call, object)
  if (conditional !== undefined) return conditional
  const head = call.method === 'HEAD'
  const partNumber = call.query.get('partNumber')
  const range = parseRange(header(call, 'range'), object.size)
  const checksums = header(call, 'x-amz-checksum-mode') === 'ENABLED' && range === undefined
  const headers = objectHeaders(object, checksums)
  for (const [param, name] of [
    ['response-content-type', 'content-type'],
    ['response-content-disposition', 'content-disposition'],
    ['response-content-encoding', 'content-encoding'],
    ['response-content-language', 'content-language'],
    ['response-cache-control', 'cache-control'],
    ['response-expires', 'expires'],
  ] as const) {
    const v = call.query.get(param)
    if (v !== null) headers[name] = v
  }
  if (partNumber !== null && partNumber !== '1') throw s3Error('InvalidPartNumber')
  if (range !== undefined) {
    const [start, end] = range
    headers['content-range'] = `bytes ${start}-${end}/${object.size}`
    headers['content-length'] = String(end - start + 1)
    if (head) return { status: 206, headers }
    return { status: 206, headers, stream: deps.blobs.read(object.blobId, start, end) }
  }
  headers['content-length'] = String(object.size)
  if (head || object.size === 0) return { status: 200, headers }
  return { status: 200, headers, stream: deps.blobs.read(object.blobId) }
}

/** PUT /bucket/key (without x-amz-copy-source). */
export async function putObject(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const key = call.key!
  const tags = headerTags(header(call, 'x-amz-tagging'))
  await authorize(call, deps, 's3:PutObject', bucket, key, writeContext(call, tags))
  if (
    header(call, 'content-length') === undefined &&
    header(call, 'transfer-encoding') === undefined
  )
    throw s3Error('MissingContentLength')
  const written = await deps.blobs.write(call.body())
  let checksums: Record<string, string>
  try {
    checksums = await call.checkBody(written)
  } catch (e) {
    await deps.blobs.remove([written.blobId])
    throw e
  }
  const object: ObjectRecord = {
    bucket: bucket.name,
    key,
    blobId: written.blobId,
    size: written.size,
    etag: `"${written.md5Hex}"`,
    contentType: header(call, 'content-type') ?? 'binary/octet-stream',
    lastModified: call.request.now.getTime(),
    metadata: userMetadata(call),
    headers: { ...storedHeaders(call), ...checksums },
    tags,
    ownerAccountId: bucket.accountId,
    partsCount: 0,
  }
  let released: readonly string[]
  try {
    released = await deps.store.putObject(object)
  } catch (e) {
    await deps.blobs.remove([written.blobId])
    throw e
  }
  await deps.blobs.remove(released)
  return { status: 200, headers: { etag: object.etag, ...checksums } }
}

/** DELETE /bucket/key: 204 whether or not the key existed. */
export async function deleteObject(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const key = call.key!
  const object = await deps.store.getObject(bucket.name, key)
  await authorize(call, deps, 's3:DeleteObject', bucket, key, existingTagContext(object))
  await deps.blobs.remove(await deps.store.deleteObject(bucket.name, key))
  return { status: 204 }
}

/** POST /bucket?delete. */
export async function deleteObjects(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const doc = parseS3Xml((await call.smallBody()).toString('utf8'))
  const del = doc?.Delete as Record<string, unknown> | undefined
  if (del === undefined || typeof del !== 'object') throw s3Error('MalformedXML')
  const objects = (del.Object as unknown[] | undefined) ?? []
  if (objects.length === 0 || objects.length > 1000) throw s3Error('MalformedXML')
  const quiet = del.Quiet === 'true'
  const deleted: { Key: string }[] = []
  const errors: { Key: string; Code: string; Message: string }[] = []
  for (const raw of objects) {
    const key = (raw as Record<string, unknown>).Key
    if (typeof key !== 'string' || key === '') throw s3Error('MalformedXML')
    try {
      const object = await deps.store.getObject(bucket.name, key)
      await authorize(call, deps, 's3:DeleteObject', bucket, key, existingTagContext(object))
      await deps.blobs.remove(await deps.store.deleteObject(bucket.name, key))
      if (!quiet) deleted.push({ Key: key })
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'InternalError'
      errors.push({ Key: key, Code: code, Message: (e as Error).message })
    }
  }
  return { status: 200, xml: s3Xml('DeleteResult', { Deleted: deleted, Error: errors }) }
}

/** Reads `x-amz-copy-source` (`/bucket/key` or `bucket/key`, URL-encoded). */
function copySource(call: S3Call): { bucket: string; key: string } {
  const raw = header(call, 'x-amz-copy-source') ?? ''
  const path = raw.split('?', 1)[0]!.replace(/^\//, '')
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    throw s3Error('InvalidArgument', {}, 'Invalid copy source encoding')
  }
  const slash = decoded.indexOf('/')
  if (slash <= 0 || slash === decoded.length - 1)
    throw s3Error(
      'InvalidArgument',
      {},
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    )
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) }
}

/** PUT /bucket/key with x-amz-copy-source. */
export async function copyObject(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const key = call.key!
  const source = copySource(call)
  const sourceBucket = await deps.store.getBucket(source.bucket)
  if (sourceBucket === undefined) throw s3Error('NoSuchBucket', { BucketName: source.bucket })
  const object = await deps.store.getObject(source.bucket, source.key)
  await authorize(call, deps, 's3:GetObject', sourceBucket, source.key, existingTagContext(object))
  const replace = header(call, 'x-amz-metadata-directive') === 'REPLACE'
  const tagsReplaced = header(call, 'x-amz-tagging-directive') === 'REPLACE'
  const tags = tagsReplaced ? headerTags(header(call, 'x-amz-tagging')) : (object?.tags ?? {})
  await authorize(
    call,
    deps,
    's3:PutObject',
    bucket,
    key,
    writeContext(call, tagsReplaced ? tags : {}),
  )
  if (object === undefined) throw s3Error('NoSuchKey', { Key: source.key })
  if (source.bucket === bucket.name && source.key === key && !replace && !tagsReplaced)
    throw s3Error(
      'InvalidRequest',
      {},
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    )
  const written = await deps.blobs.write(deps.blobs.read(object.blobId))
  const copy: ObjectRecord = {
    ...object,
    bucket: bucket.name,
    key,
    blobId: written.blobId,
    etag: object.partsCount > 0 ? `"${written.md5Hex}"` : object.etag,
    lastModified: call.request.now.getTime(),
    ownerAccountId: bucket.accountId,
    partsCount: 0,
    tags,
    ...(replace
      ? {
          contentType: header(call, 'content-type') ?? 'binary/octet-stream',
          metadata: userMetadata(call),
          headers: storedHeaders(call),
        }
      : {}),
  }
  await deps.blobs.remove(await deps.store.putObject(copy))
  return {
    status: 200,
    xml: s3Xml('CopyObjectResult', { LastModified: new Date(copy.lastModified), ETag: copy.etag }),
  }
}

/** GET /bucket/key?tagging. */
export async function getObjectTagging(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const object = await deps.store.getObject(bucket.name, call.key!)
  await authorize(call, deps, 's3:GetObjectTagging', bucket, call.key, existingTagContext(object))
  if (object === undefined) throw s3Error('NoSuchKey', { Key: call.key! })
  return { status: 200, xml: s3Xml('Tagging', taggingXml(object.tags)) }
}

/** PUT or DELETE /bucket/key?tagging. */
export async function putObjectTagging(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  const object = await deps.store.getObject(bucket.name, call.key!)
  const remove = call.method === 'DELETE'
  const tags = remove ? {} : parseTagging(await call.smallBody(), 10)
  await authorize(
    call,
    deps,
    remove ? 's3:DeleteObjectTagging' : 's3:PutObjectTagging',
    bucket,
    call.key,
    { ...existingTagContext(object), ...requestTagContext(tags) },
  )
  if (!(await deps.store.setObjectTags(bucket.name, call.key!, tags)))
    throw s3Error('NoSuchKey', { Key: call.key! })
  return { status: remove ? 204 : 200 }
}
