/**
 * ListObjectsV2 and ListObjects (v1): keys in UTF-8 byte order under a prefix, rolled up into
 * common prefixes at the delimiter, at most max-keys entries a page (1000), `encoding-type=url`.
 */
import { s3Error, type ObjectRecord } from '../../domain/s3/index.ts'
import { s3Xml, type S3XmlValue } from '../../protocol/s3/s3-xml.ts'
import type { S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import { authorize, bucketOf, canonicalId } from './s3-helpers.ts'

/** Past every key that starts with a common prefix (the highest code point). */
const PAST = '\u{10FFFF}'

interface Page {
  readonly contents: ObjectRecord[]
  readonly prefixes: string[]
  readonly truncated: boolean
  /** The last key or common prefix returned. */
  readonly last: string | undefined
}

async function collect(
  deps: S3Deps,
  bucket: string,
  prefix: string,
  delimiter: string,
  after: string,
  maxKeys: number,
): Promise<Page> {
  const contents: ObjectRecord[] = []
  const prefixes: string[] = []
  let cursor = after
  let last: string | undefined
  if (maxKeys === 0) return { contents, prefixes, truncated: false, last }
  for (;;) {
    const limit = Math.min(1000, maxKeys - contents.length - prefixes.length + 1)
    const batch = await deps.store.listObjects(bucket, { prefix, after: cursor, limit })
    let jumped = false
    for (const o of batch) {
      if (contents.length + prefixes.length === maxKeys)
        return { contents, prefixes, truncated: true, last }
      const rest = o.key.slice(prefix.length)
      const at = delimiter === '' ? -1 : rest.indexOf(delimiter)
      if (at >= 0) {
        const common = prefix + rest.slice(0, at + delimiter.length)
        prefixes.push(common)
        last = common
        cursor = common + PAST
        jumped = true
        break
      }
      contents.push(o)
      last = o.key
      cursor = o.key
    }
    if (!jumped && batch.length < limit) return { contents, prefixes, truncated: false, last }
  }
}

function readMaxKeys(call: S3Call): number {
  const raw = call.query.get('max-keys')
  if (raw === null) return 1000
  if (!/^\d+$/.test(raw))
    throw s3Error(
      'InvalidArgument',
      { ArgumentName: 'max-keys', ArgumentValue: raw },
      'Provided max-keys not an integer or within integer range',
    )
  return Math.min(1000, Number(raw))
}

/** Encodes a name as `encoding-type=url` asks (every byte but unreserved ones and `/`). */
function urlEncodeName(name: string): string {
  return encodeURIComponent(name)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** GET /bucket (list-type=2 or v1). */
export async function listObjects(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const v2 = call.query.get('list-type') === '2'
  const bucket = await bucketOf(call, deps)
  const prefix = call.query.get('prefix') ?? ''
  const delimiter = call.query.get('delimiter') ?? ''
  const maxKeys = readMaxKeys(call)
  const encoding = call.query.get('encoding-type') ?? undefined
  if (encoding !== undefined && encoding !== 'url')
    throw s3Error(
      'InvalidArgument',
      { ArgumentName: 'encoding-type', ArgumentValue: encoding },
      'Invalid Encoding Method specified in Request',
    )
  const context: Record<string, string> = {}
  if (call.query.has('prefix')) context['s3:prefix'] = prefix
  if (call.query.has('delimiter')) context['s3:delimiter'] = delimiter
  if (call.query.has('max-keys')) context['s3:max-keys'] = String(maxKeys)
  await authorize(call, deps, 's3:ListBucket', bucket, undefined, context)

  const enc = (s: string) => (encoding === 'url' ? urlEncodeName(s) : s)
  const token = call.query.get('continuation-token') ?? undefined
  let after: string
  if (v2) {
    if (token !== undefined) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8')
      if (!decoded.startsWith('1\n'))
        throw s3Error(
          'InvalidArgument',
          { ArgumentName: 'continuation-token' },
          'The continuation token provided is incorrect',
        )
      after = decoded.slice(2)
    } else after = call.query.get('start-after') ?? ''
  } else {
    after = call.query.get('marker') ?? ''
    // A marker that is a common prefix (a NextMarker) skips every key under it.
    const rest = after.slice(prefix.length)
    if (
      delimiter !== '' &&
      after.startsWith(prefix) &&
      rest.indexOf(delimiter) === rest.length - delimiter.length &&
      rest.length >= delimiter.length
    )
      after += PAST
  }
  const page = await collect(deps, bucket.name, prefix, delimiter, after, maxKeys)
  const fetchOwner = !v2 || call.query.get('fetch-owner') === 'true'
  const contents = page.contents.map((o) => ({
    Key: enc(o.key),
    LastModified: new Date(o.lastModified),
    ETag: o.etag,
    Size: o.size,
    ...(fetchOwner
      ? { Owner: { ID: canonicalId(o.ownerAccountId), DisplayName: o.ownerAccountId } }
      : {}),
    StorageClass: 'STANDARD',
  }))
  const common = page.prefixes.map((p) => ({ Prefix: enc(p) }))
  const body: Record<string, S3XmlValue> = { Name: bucket.name, Prefix: enc(prefix) }
  if (v2) {
    if (token !== undefined) body.ContinuationToken = token
    if (call.query.has('start-after')) body.StartAfter = enc(call.query.get('start-after')!)
    body.KeyCount = contents.length + common.length
  } else {
    body.Marker = enc(call.query.get('marker') ?? '')
    if (page.truncated && delimiter !== '' && page.last !== undefined)
      body.NextMarker = enc(page.last)
  }
  body.MaxKeys = maxKeys
  if (delimiter !== '') body.Delimiter = enc(delimiter)
  if (encoding !== undefined) body.EncodingType = encoding
  body.IsTruncated = page.truncated
  if (v2 && page.truncated && page.last !== undefined) {
    const cursor = page.prefixes.includes(page.last) ? page.last + PAST : page.last
    body.NextContinuationToken = Buffer.from(`1\n${cursor}`, 'utf8').toString('base64url')
  }
  body.Contents = contents
  body.CommonPrefixes = common
  return { status: 200, xml: s3Xml('ListBucketResult', body) }
}
