/**
 * One S3 request as the operations see it: where it is addressed, who signed it (or nobody),
 * its query and headers, the body (decoded and checked as it streams), and how to answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { Caller, RequestInfo } from '../../domain/common/caller.ts'
import type { BucketRecord } from '../../domain/s3/index.ts'
import type { ContextInput } from '../../policy/index.ts'

/** An S3 request, addressed and authenticated. */
export interface S3Call {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly method: string
  /** Undefined for the service (ListBuckets) and s3control. */
  readonly bucket: string | undefined
  /** Undefined for bucket-level requests. */
  readonly key: string | undefined
  readonly query: URLSearchParams
  /** Lower-case names; repeated headers joined by Node. */
  readonly headers: IncomingMessage['headers']
  /** Undefined for an anonymous (unsigned) request. */
  readonly caller: Caller | undefined
  readonly request: RequestInfo
  /** The signed payload hash (`UNSIGNED-PAYLOAD` for anonymous requests). */
  readonly payloadHash: string
  /** The signature context's S3 keys: `s3:authType`, `s3:signatureversion`, … */
  readonly authContext: ContextInput
  /** The decoded body, checked against the signature and checksums as it is read. */
  body(): Readable
  /** The whole (small) body, checked: request XML and policies. */
  smallBody(): Promise<Buffer>
  /** Checks the body just consumed by `body()` once its blob is written (hash, checksums). */
  checkBody(written: { sha256Hex: string; md5Hex: string }): Promise<Record<string, string>>
  /** Resources authorized, for the audit trail. */
  readonly resources: { arn: string; accountId?: string }[]
  /** The bucket looked up by the call, when it needed one. */
  bucketRecord?: BucketRecord
}

/** A header's single value. */
export function header(call: S3Call, name: string): string | undefined {
  const v = call.headers[name]
  return Array.isArray(v) ? v.join(',') : v
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
export const s3Arn = (bucket: string, key?: string): string =>
  key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`
