/**
 * S3's REST-XML endpoint on the shared port: addresses the request (path-style or
 * `<bucket>.localhost`), authenticates it (SigV4 header or presigned query, or anonymous), picks
 * the operation, runs it (each authorizes with the engine before touching anything), and writes
 * the answer: XML, JSON (a bucket policy), or object bytes streamed from disk.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { pipeline } from 'node:stream'
import {
  buildRecords,
  isReadOnly,
  recordOfEvent,
  resourceTypeOf,
  type AuditedCall,
  type CloudTrailRecord,
} from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import { isDomainError } from '../../domain/common/domain-error.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import { s3Error, isKeyTooLong, isPlausibleBucketName } from '../../domain/s3/index.ts'
import { awsError, pairRawHeaders, type AwsError } from '../../protocol/index.ts'
import { ChunkedBodyError } from '../../protocol/s3/aws-chunked.ts'
import { encodeS3Error } from '../../protocol/s3/s3-xml.ts'
import type { Authenticator } from '../authenticate.ts'
import type { ServerLog } from '../server-log.ts'
import { S3Body } from './s3-body.ts'
import { s3Arn, type S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import { s3Address } from './s3-route.ts'
import { pickOperation } from './s3-operations.ts'

/** What the S3 endpoint needs beyond the operations' dependencies. */
export interface S3HandlerDeps extends S3Deps {
  readonly authenticator: Authenticator
  readonly log: ServerLog
  /** Writes records to the audit trail; resolves once durable. */
  readonly record?: (records: CloudTrailRecord[], at: number) => Promise<void>
  readonly now?: () => Date
}

/** Bucket-level calls recorded as CloudTrail management events. */
const MANAGEMENT_EVENTS = new Set([
  'ListBuckets',
  'CreateBucket',
  'DeleteBucket',
  'GetBucketLocation',
  'GetBucketVersioning',
  'GetBucketPolicy',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketPublicAccessBlock',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'GetAccountPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'ListMultipartUploads',
])

/**
 * Object-level calls (and listing a bucket's objects) recorded as CloudTrail data events, signed
 * or anonymous: they reach a trail's files only when its selectors select them, never LookupEvents.
 */
const DATA_EVENTS = new Set([
  'HeadBucket',
  'ListObjects',
  'ListObjectsV2',
  'GetObject',
  'HeadObject',
  'PutObject',
  'CopyObject',
  'DeleteObject',
  'DeleteObjects',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
])

const INTERNAL: AwsError = awsError(
  'InternalError',
  'We encountered an internal error. Please try again.',
  500,
)

function sourceIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '127.0.0.1'
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

/** The S3 endpoint's request handler. */
export function createS3Handler(
  deps: S3HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = deps.now ?? (() => new Date())

  return async (req, res) => {
    const requestId = newRequestId().replace(/-/g, '').slice(0, 16).toUpperCase()
    const hostId = Buffer.from(requestId).toString('base64')
    const method = req.method ?? 'GET'
    const head = method === 'HEAD'
    const send = (answer: S3Answer) => respond(res, answer, requestId, hostId, req)
    const fail = (error: AwsError) => {
      drain(req)
      send(encoded(error, requestId, hostId, head))
    }

    const address = s3Address(req.headers.host, req.url ?? '/')
    if (address.kind === 'dot-segment') {
      drain(req)
      return send({ status: 400 })
    }
    if (address.kind === 'bad-encoding')
      return fail(toAwsError(s3Error('InvalidURI'), deps.log, requestId))
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))

    // Who signed it (or nobody).
    const at = now()
    const signed = req.headers.authorization !== undefined || query.has('X-Amz-Algorithm')
    let caller: S3Call['caller']
    let region = 'us-east-1'
    let payloadHash = 'UNSIGNED-PAYLOAD'
    let signing
    if (signed) {
      const auth = await deps.authenticator.authenticate(
        { method, path: url, headers: pairRawHeaders(req.rawHeaders) },
        's3',
        at,
      )
      if (!auth.ok) return fail(auth.error)
      if (auth.service !== 's3')
        return fail(
          toAwsError(
            s3Error(
              'AuthorizationHeaderMalformed',
              {},
              `The authorization header is malformed; incorrect service "${auth.service}". This endpoint belongs to "s3".`,
            ),
            deps.log,
            requestId,
          ),
        )
      caller = auth.caller
      region = auth.region
      payloadHash = auth.payloadHash
      signing = auth.chunkSigning
    } else {
      const claimed = req.headers['x-amz-content-sha256']
      if (typeof claimed === 'string') payloadHash = claimed
    }
    const request: RequestInfo = {
      requestId,
      sourceIp: sourceIp(req),
      secureTransport: (req.socket as TLSSocket).encrypted === true,
      region,
      userAgent: req.headers['user-agent'] ?? '',
      now: at,
    }
    const body = new S3Body(req, payloadHash, signing)
    const call: S3Call = {
      req,
      res,
      method,
      bucket: address.kind === 'bucket' ? address.bucket : undefined,
      key: address.kind === 'bucket' ? address.key : undefined,
      query,
      headers: req.headers,
      caller,
      request,
      payloadHash,
      authContext: {
        's3:authType': query.has('X-Amz-Algorithm') ? 'REST-QUERY-STRING' : 'REST-HEADER',
        ...(signed ? { 's3:signatureversion': 'AWS4-HMAC-SHA256' } : {}),
        's3:x-amz-content-sha256': payloadHash,
      },
      body: () => body.stream(),
      smallBody: () => body.whole(),
      checkBody: (written) => body.check(written),
      resources: [],
    }
    const picked = pickOperation(call, address.kind === 'control')
    let answer: S3Answer
    let outcome: AuditedCall['outcome']
    try {
      if (picked === undefined)
        throw s3Error('MethodNotAllowed', {
          Method: method,
          ResourceType: call.key === undefined ? 'BUCKET' : 'OBJECT',
        })
      if (
        call.bucket !== undefined &&
        !isPlausibleBucketName(call.bucket) &&
        picked[0] !== 'CreateBucket'
      )
        throw s3Error('InvalidBucketName', { BucketName: call.bucket })
      if (call.key !== undefined && isKeyTooLong(call.key))
        throw s3Error('KeyTooLongError', {
          Size: String(Buffer.byteLength(call.key)),
          MaxSizeAllowed: '1024',
        })
      answer = await picked[1](call, deps)
      outcome = { ok: true, output: undefined }
    } catch (e) {
      const error = toAwsError(e, deps.log, requestId)
      outcome = { ok: false, code: error.code, message: error.message }
      answer = encoded(error, requestId, hostId, head)
      drain(req)
    }
    const records =
      picked === undefined || deps.record === undefined
        ? []
        : auditRecords(picked[0], call, outcome, answer, hostId)
    if (records.length > 0) {
      try {
        await deps.record!(records, at.getTime())
      } catch (e) {
        deps.log.error('audit-write-failed', {
          requestId,
          error: e instanceof Error ? e.message : String(e),
        })
        answer = encoded(INTERNAL, requestId, hostId, head)
      }
    }
    send(answer)
  }
}

/**
 * The records of an S3 call: a management event for bucket-level calls by a signed caller, a data
 * event for object-level ones (an anonymous caller's in the bucket owner's account, as
 * `AWSAccount` `anonymous`); the request's parameters as S3's records show them (bucketName, key,
 * Host and the query's members) and S3's additionalEventData.
 */
function auditRecords(
  operation: string,
  call: S3Call,
  outcome: AuditedCall['outcome'],
  answer: S3Answer,
  hostId: string,
): CloudTrailRecord[] {
  const data = DATA_EVENTS.has(operation)
  if (!data && !MANAGEMENT_EVENTS.has(operation)) return []
  const input = {
    ...(call.bucket === undefined ? {} : { bucketName: call.bucket }),
    ...(call.key === undefined ? {} : { key: call.key }),
    Host: call.req.headers.host ?? '',
    ...Object.fromEntries([...call.query].filter(([k]) => !k.startsWith('X-Amz-'))),
  }
  const denied = !outcome.ok && outcome.code === 'AccessDenied'
  if (!data) {
    if (call.caller === undefined) return []
    return buildRecords({
      service: 's3',
      operation,
      caller: call.caller,
      request: call.request,
      input,
      outcome,
      resources: call.resources,
      denied,
    })
  }
  // The socket may be gone by now (a refused body closes the connection): read what is left of it.
  const tls = call.req.socket as TLSSocket | null
  const cipher = call.request.secureTransport ? tls?.getCipher?.()?.standardName : undefined
  const bytesOut = 'stream' in answer ? Number(answer.headers?.['content-length'] ?? 0) : 0
  const additionalEventData = {
    ...(call.caller === undefined ? {} : { SignatureVersion: 'SigV4' }),
    ...(cipher === undefined ? {} : { CipherSuite: cipher }),
    bytesTransferredIn:
      Number(
        call.req.headers['x-amz-decoded-content-length'] ?? call.req.headers['content-length'] ?? 0,
      ) || 0,
    ...(call.caller === undefined
      ? {}
      : { AuthenticationMethod: call.query.has('X-Amz-Algorithm') ? 'QueryString' : 'AuthHeader' }),
    'x-amz-id-2': hostId,
    bytesTransferredOut: Number.isFinite(bytesOut) ? bytesOut : 0,
  }
  // The bucket and the object, in the order of S3's records (the bucket's account named).
  const owner = call.bucketRecord?.accountId
  const resources =
    call.bucket === undefined
      ? []
      : [
          ...(call.key === undefined
            ? []
            : [{ arn: s3Arn(call.bucket, call.key), accountId: owner }]),
          { arn: s3Arn(call.bucket), accountId: owner },
        ].map((r) =>
          r.accountId === undefined ? { arn: r.arn } : { arn: r.arn, accountId: r.accountId },
        )
  if (call.caller !== undefined)
    return buildRecords({
      service: 's3',
      operation,
      caller: call.caller,
      request: call.request,
      input,
      outcome,
      resources,
      denied,
      dataEvent: true,
      additionalEventData,
    })
  // Anonymous: recorded in the bucket owner's account only (no bucket, no owner, no record).
  if (owner === undefined) return []
  return [
    recordOfEvent(
      {
        eventSource: 's3.amazonaws.com',
        eventName: operation,
        userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'anonymous' },
        recipientAccountId: owner,
        awsRegion: call.request.region,
        requestParameters: input,
        responseElements: null,
        ...(outcome.ok ? {} : { errorCode: outcome.code, errorMessage: outcome.message }),
        additionalEventData,
        readOnly: isReadOnly('s3', operation),
        resources: resources.map((r) => ({
          ARN: r.arn,
          type: resourceTypeOf(r.arn),
          ...(r.accountId === undefined ? {} : { accountId: r.accountId }),
        })),
        eventType: 'AwsApiCall',
        eventCategory: 'Data',
      },
      call.request,
      owner,
    ),
  ]
}

function encoded(error: AwsError, requestId: string, hostId: string, head: boolean): S3Answer {
  const e = encodeS3Error(error, requestId, hostId, head)
  return head
    ? { status: e.status, headers: e.headers }
    : { status: e.status, headers: e.headers, xml: e.body }
}

function toAwsError(e: unknown, log: ServerLog, requestId: string): AwsError {
  if (isDomainError(e)) {
    const fields: Record<string, string> = {}
    for (const [k, v] of Object.entries(e.fields ?? {})) if (typeof v === 'string') fields[k] = v
    return awsError(e.code, e.message, e.httpStatus, fields)
  }
  if (e instanceof ChunkedBodyError) return e.awsError
  const code = (e as { code?: string }).code
  if (
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_DESTROYED'
  )
    return awsError(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
      400,
    )
  log.error('internal-error', {
    requestId,
    service: 's3',
    error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    stack: e instanceof Error ? e.stack : undefined,
  })
  return INTERNAL
}

/** Lets the rest of an unread body go (the answer does not depend on it). */
function drain(req: IncomingMessage): void {
  if (!req.readableEnded && !req.destroyed) req.resume()
}

function respond(
  res: ServerResponse,
  answer: S3Answer,
  requestId: string,
  hostId: string,
  req: IncomingMessage,
): void {
  if (res.headersSent || res.destroyed) return
  const headers: Record<string, string> = {
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
    ...(answer.headers ?? {}),
  }
  if ('stream' in answer) {
    res.writeHead(answer.status, headers)
    pipeline(answer.stream, res, () => {})
    return
  }
  const text = answer.xml ?? answer.json
  const body = text === undefined ? Buffer.alloc(0) : Buffer.from(text)
  if (text !== undefined)
    headers['content-type'] ??= answer.xml !== undefined ? 'application/xml' : 'application/json'
  if (!(req.method === 'HEAD' && headers['content-length'] !== undefined))
    headers['content-length'] = String(body.length)
  res.writeHead(answer.status, headers)
  res.end(req.method === 'HEAD' ? undefined : body)
}
