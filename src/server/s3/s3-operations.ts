/**
 * Which S3 operation a request is: by method, whether it names a bucket and a key, and its
 * sub-resource query parameters (`?policy`, `?uploads`, `?tagging`, …), as the S3 API Reference
 * lays out each operation's request syntax.
 */
import { s3Error } from '../../domain/s3/index.ts'
import type { S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import * as b from './s3-bucket-operations.ts'
import { listObjects } from './s3-list-objects.ts'
import * as m from './s3-multipart-operations.ts'
import * as o from './s3-object-operations.ts'

type Run = (call: S3Call, deps: S3Deps) => Promise<S3Answer>

/** A bucket sub-resource this endpoint does not serve (versioning, lifecycle, cors, …). */
function notImplemented(query: URLSearchParams): readonly [string, Run] {
  const name = [...query.keys()].find((k) => !k.startsWith('X-Amz-')) ?? ''
  return [
    `PutBucket${name.charAt(0).toUpperCase()}${name.slice(1)}`,
    () => Promise.reject(s3Error('NotImplemented')),
  ]
}

/** The operation's name and implementation; undefined when S3 has none for the request. */
export function pickOperation(call: S3Call, control: boolean): readonly [string, Run] | undefined {
  const { method, query } = call
  const has = (k: string) => query.has(k)
  if (control) {
    if (!call.req.url?.split('?', 1)[0]?.endsWith('/configuration/publicAccessBlock'))
      return undefined
    if (method === 'GET') return ['GetAccountPublicAccessBlock', b.accountPublicAccessBlock]
    if (method === 'PUT') return ['PutAccountPublicAccessBlock', b.accountPublicAccessBlock]
    if (method === 'DELETE') return ['DeleteAccountPublicAccessBlock', b.accountPublicAccessBlock]
    return undefined
  }
  if (call.bucket === undefined)
    return method === 'GET' ? ['ListBuckets', b.listBuckets] : undefined
  if (call.key === undefined) {
    switch (method) {
      case 'GET':
        if (has('location')) return ['GetBucketLocation', b.getBucketLocation]
        if (has('policyStatus')) return ['GetBucketPolicyStatus', b.getBucketPolicyStatus]
        if (has('policy')) return ['GetBucketPolicy', b.getBucketPolicy]
        if (has('publicAccessBlock')) return ['GetBucketPublicAccessBlock', b.getPublicAccessBlock]
        if (has('tagging')) return ['GetBucketTagging', b.getBucketTagging]
        if (has('versioning')) return ['GetBucketVersioning', b.getBucketVersioning]
        if (has('uploads')) return ['ListMultipartUploads', m.listMultipartUploads]
        return [query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', listObjects]
      case 'HEAD':
        return ['HeadBucket', b.headBucket]
      case 'PUT':
        if (has('policy')) return ['PutBucketPolicy', b.putBucketPolicy]
        if (has('publicAccessBlock')) return ['PutBucketPublicAccessBlock', b.putPublicAccessBlock]
        if (has('tagging')) return ['PutBucketTagging', b.putBucketTagging]
        if ([...query.keys()].some((k) => !k.startsWith('X-Amz-'))) return notImplemented(query)
        return ['CreateBucket', b.createBucket]
      case 'DELETE':
        if (has('policy')) return ['DeleteBucketPolicy', b.deleteBucketPolicy]
        if (has('publicAccessBlock'))
          return ['DeleteBucketPublicAccessBlock', b.deletePublicAccessBlock]
        if (has('tagging')) return ['DeleteBucketTagging', b.deleteBucketTagging]
        return ['DeleteBucket', b.deleteBucket]
      case 'POST':
        if (has('delete')) return ['DeleteObjects', o.deleteObjects]
        return undefined
      default:
        return undefined
    }
  }
  switch (method) {
    case 'GET':
      if (has('tagging')) return ['GetObjectTagging', o.getObjectTagging]
      if (has('uploadId')) return ['ListParts', m.listParts]
      return ['GetObject', o.getObject]
    case 'HEAD':
      return ['HeadObject', o.getObject]
    case 'PUT':
      if (has('tagging')) return ['PutObjectTagging', o.putObjectTagging]
      if (has('uploadId') && has('partNumber')) return ['UploadPart', m.uploadPart]
      if (call.headers['x-amz-copy-source'] !== undefined) return ['CopyObject', o.copyObject]
      return ['PutObject', o.putObject]
    case 'DELETE':
      if (has('tagging')) return ['DeleteObjectTagging', o.putObjectTagging]
      if (has('uploadId')) return ['AbortMultipartUpload', m.abortMultipartUpload]
      return ['DeleteObject', o.deleteObject]
    case 'POST':
      if (has('uploads')) return ['CreateMultipartUpload', m.createMultipartUpload]
      if (has('uploadId')) return ['CompleteMultipartUpload', m.completeMultipartUpload]
      return undefined
    default:
      return undefined
  }
}
