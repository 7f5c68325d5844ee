/**
 * Which requests are S3's, and what they address. S3 shares the port with every other service:
 * a request is S3's when its signature is scoped to `s3`, when its host names a bucket
 * (`<bucket>.localhost`, virtual-hosted style), or (unsigned) when no other route takes it.
 */
import type { IncomingMessage } from 'node:http'

/** True when the request is signed for S3 or addressed to a bucket's host name. */
export function isS3Request(req: IncomingMessage): boolean {
  const auth = req.headers.authorization
  if (typeof auth === 'string' && /Credential=[^,\s]*\/s3\/aws4_request/.test(auth)) return true
  const url = req.url ?? '/'
  if (/[?&]X-Amz-Credential=[^&]*(%2F|\/)s3(%2F|\/)aws4_request/i.test(url)) return true
  return virtualHostBucket(req.headers.host) !== undefined
}

/** The bucket named by a `<bucket>.localhost[:port]` host, if it is one. */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (host === undefined) return undefined
  const name = host.replace(/:\d+$/, '').toLowerCase()
  const m = /^(.+)\.localhost$/.exec(name)
  if (m === null) return undefined
  const bucket = m[1]!.replace(/\.s3$/, '')
  return bucket === 's3' || bucket === '' ? undefined : bucket
}

/** What a request addresses. */
export type S3Address =
  | { readonly kind: 'service' }
  | { readonly kind: 'bucket'; readonly bucket: string; readonly key: string | undefined }
  | { readonly kind: 'control'; readonly path: string }
  /** A `..` segment: S3 answers 400 with no body. */
  | { readonly kind: 'dot-segment' }
  | { readonly kind: 'bad-encoding' }

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** Reads the bucket and key of a request from its host and raw path. */
export function s3Address(host: string | undefined, rawUrl: string): S3Address {
  const rawPath = rawUrl.split('?', 1)[0] ?? '/'
  if (rawPath.startsWith('/v20180820/')) return { kind: 'control', path: rawPath }
  const segments = rawPath.split('/').slice(1)
  const decoded = segments.map(decode)
  if (decoded.some((s) => s === undefined)) return { kind: 'bad-encoding' }
  if (decoded.some((s) => s === '..')) return { kind: 'dot-segment' }
  const virtual = virtualHostBucket(host)
  if (virtual !== undefined) {
    const key = (decoded as string[]).join('/')
    return { kind: 'bucket', bucket: virtual, key: key === '' ? undefined : key }
  }
  const [bucket, ...rest] = decoded as string[]
  if (bucket === undefined || bucket === '') return { kind: 'service' }
  const key = rest.join('/')
  return { kind: 'bucket', bucket, key: rest.length === 0 || key === '' ? undefined : key }
}
