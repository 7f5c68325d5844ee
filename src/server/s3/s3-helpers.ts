/** Small pieces the S3 operations share: bucket lookup and authorization, tags, dates. */
import { createHash } from 'node:crypto'
import type { ContextInput } from '../../policy/index.ts'
import { s3Error, type BucketRecord, type ObjectRecord } from '../../domain/s3/index.ts'
import { parseS3Xml } from '../../protocol/s3/s3-xml.ts'
import { s3Arn, type S3Call } from './s3-call.ts'
import type { S3Deps } from './s3-deps.ts'

/** The bucket addressed by the call; NoSuchBucket when there is none. */
export async function bucketOf(call: S3Call, deps: S3Deps): Promise<BucketRecord> {
  const name = call.bucket!
  const bucket = call.bucketRecord ?? (await deps.store.getBucket(name))
  if (bucket === undefined) throw s3Error('NoSuchBucket', { BucketName: name })
  call.bucketRecord = bucket
  return bucket
}

/** Authorizes `action` on the bucket (or an object of it); throws AccessDenied when denied. */
export async function authorize(
  call: S3Call,
  deps: S3Deps,
  action: string,
  bucket: BucketRecord | undefined,
  key?: string,
  context: ContextInput = {},
): Promise<void> {
  const resource = bucket === undefined ? '*' : s3Arn(bucket.name, key)
  call.resources.push(
    bucket === undefined ? { arn: resource } : { arn: resource, accountId: bucket.accountId },
  )
  await deps.access.authorize(call.caller, call.request, {
    action,
    resource,
    bucket,
    context: { ...call.authContext, ...context },
  })
}

/** `s3:ExistingObjectTag/…` of an object. */
export function existingTagContext(object: ObjectRecord | undefined): ContextInput {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(object?.tags ?? {})) out[`s3:ExistingObjectTag/${k}`] = v
  return out
}

/** The canonical user id S3 shows for an account. */
export const canonicalId = (accountId: string): string =>
  createHash('sha256').update(`xaccess-canonical-user:${accountId}`).digest('hex')

/** The tags of a `<Tagging><TagSet><Tag>…` body; MalformedXML / InvalidTag on bad input. */
export function parseTagging(body: Buffer, limit: number): Record<string, string> {
  const doc = parseS3Xml(body.toString('utf8'))
  const tagging = doc?.Tagging as Record<string, unknown> | undefined
  if (tagging === undefined) throw s3Error('MalformedXML')
  const set = tagging.TagSet as Record<string, unknown> | '' | undefined
  const list = set === '' || set === undefined ? [] : ((set.Tag as unknown[] | undefined) ?? [])
  const tags: Record<string, string> = {}
  for (const raw of list) {
    const t = raw as Record<string, unknown>
    const key = typeof t.Key === 'string' ? t.Key : undefined
    const value = typeof t.Value === 'string' ? t.Value : ''
    if (key === undefined || key === '') throw s3Error('MalformedXML')
    if (Object.hasOwn(tags, key))
      throw s3Error('InvalidTag', {}, 'Cannot provide multiple Tags with the same key')
    if ([...key].length > 128)
      throw s3Error('InvalidTag', {}, 'The TagKey you have provided is too long, max 128')
    if ([...value].length > 256)
      throw s3Error('InvalidTag', {}, 'The TagValue you have provided is too long, max 256')
    tags[key] = value
  }
  if (Object.keys(tags).length > limit)
    throw s3Error('InvalidTag', {}, `Object tags cannot be greater than ${limit}`)
  return tags
}

/** The `<Tagging>` answer. */
export function taggingXml(tags: Readonly<Record<string, string>>): {
  TagSet: { Tag: { Key: string; Value: string }[] }
} {
  return { TagSet: { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } }
}

/** Tags of an `x-amz-tagging` header (a URL query string). */
export function headerTags(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {}
  if (value === undefined || value === '') return tags
  for (const [k, v] of new URLSearchParams(value)) tags[k] = v
  if (Object.keys(tags).length > 10)
    throw s3Error('InvalidTag', {}, 'Object tags cannot be greater than 10')
  return tags
}

/** `s3:RequestObjectTag/…` and `s3:RequestObjectTagKeys` of tags in a request. */
export function requestTagContext(tags: Readonly<Record<string, string>>): ContextInput {
  const keys = Object.keys(tags)
  if (keys.length === 0) return {}
  const out: Record<string, string | string[]> = { 's3:RequestObjectTagKeys': keys }
  for (const [k, v] of Object.entries(tags)) out[`s3:RequestObjectTag/${k}`] = v
  return out
}

/** An HTTP date (`Last-Modified`). */
export const httpDate = (ms: number): string => new Date(ms).toUTCString()

/** A header value as a condition key value, when present. */
export function headerContext(call: S3Call, names: Readonly<Record<string, string>>): ContextInput {
  const out: Record<string, string> = {}
  for (const [headerName, key] of Object.entries(names)) {
    const v = call.headers[headerName]
    if (typeof v === 'string') out[key] = v
  }
  return out
}
