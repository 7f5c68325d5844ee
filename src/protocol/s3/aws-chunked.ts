/**
 * The `aws-chunked` body encoding of S3 uploads, decoded as it streams: each chunk is
 * `hex-size[;chunk-signature=SIG]\r\n<bytes>\r\n`, a zero-size chunk ends the data, then optional
 * trailer lines (`x-amz-checksum-crc32:…`, and `x-amz-trailer-signature:…` when signed) and a
 * blank line. Chunk signatures chain from the request's signature (Amazon S3 API Reference,
 * "Signature calculations for the Authorization header: Transferring payload in multiple chunks").
 */
import { createHash, createHmac } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { senderError, type AwsError } from '../aws-error.ts'
import type { ChunkSigning } from '../sigv4/index.ts'

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
/** The longest chunk header or trailer line accepted. */
const MAX_LINE = 4096

/** An error of the decoded body, with the AWS error to answer. */
export class ChunkedBodyError extends Error {
  readonly awsError: AwsError
  constructor(error: AwsError) {
    super(error.message)
    this.awsError = error
  }
}

/** What {@link AwsChunkedDecoder} checks. */
export interface AwsChunkedOptions {
  /** Verify each chunk's signature (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]). */
  readonly signing?: ChunkSigning
  /** A signed trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) must carry its signature. */
  readonly signedTrailer?: boolean
  /** `x-amz-decoded-content-length`, when sent: the data must be exactly this long. */
  readonly decodedLength?: number
}

const incomplete = () =>
  new ChunkedBodyError(
    senderError('IncompleteBody', 'The request body terminated unexpectedly', 400),
  )
const mismatch = () =>
  new ChunkedBodyError(
    senderError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    ),
  )
const malformed = (what: string) =>
  new ChunkedBodyError(senderError('InvalidRequest', `Malformed aws-chunked body: ${what}.`, 400))

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done'

/**
 * Decodes an aws-chunked body into its data; the trailer's headers are in {@link trailers} once
 * the stream has ended. Fails with a {@link ChunkedBodyError} on a bad signature, a malformed or
 * truncated body, or a decoded length other than announced.
 *
 * @example pipeline(req, new AwsChunkedDecoder({ signing }), file)
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {}
  #state: State = 'header'
  #pending: Buffer = Buffer.alloc(0)
  #remaining = 0
  #chunkSignature = ''
  #hash = createHash('sha256')
  #previous: string
  #decoded = 0
  readonly #options: AwsChunkedOptions

  constructor(options: AwsChunkedOptions = {}) {
    super()
    this.#options = options
    this.#previous = options.signing?.seedSignature ?? ''
  }

  /** Data bytes decoded so far. */
  get decodedLength(): number {
    return this.#decoded
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.#consume(chunk)
      done()
    } catch (e) {
      done(e as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.#state !== 'done') return done(incomplete())
    const expected = this.#options.decodedLength
    if (expected !== undefined && expected !== this.#decoded) return done(incomplete())
    done()
  }

  #consume(input: Buffer): void {
    let buf = this.#pending.length === 0 ? input : Buffer.concat([this.#pending, input])
    this.#pending = Buffer.alloc(0)
    while (buf.length > 0) {
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, buf.length)
        const part = buf.subarray(0, take)
        if (this.#options.signing !== undefined) this.#hash.update(part)
        this.#decoded += take
        this.push(part)
        this.#remaining -= take
        buf = buf.subarray(take)
        if (this.#remaining === 0) this.#state = 'data-crlf'
        continue
      }
      if (this.#state === 'data-crlf') {
        if (buf.length < 2) break
        if (buf[0] !== 13 || buf[1] !== 10) throw malformed('chunk data not followed by CRLF')
        buf = buf.subarray(2)
        this.#endChunk()
        this.#state = 'header'
        continue
      }
      if (this.#state === 'done') {
        throw malformed('data after the final chunk')
      }
      const eol = buf.indexOf('\r\n')
      if (eol < 0) {
        if (buf.length > MAX_LINE) throw malformed('line too long')
        break
      }
      const line = buf.subarray(0, eol).toString('latin1')
      buf = buf.subarray(eol + 2)
      if (this.#state === 'header') this.#header(line)
      else this.#trailer(line)
    }
    this.#pending = Buffer.from(buf)
  }

  #header(line: string): void {
    const semi = line.indexOf(';')
    const sizeText = (semi < 0 ? line : line.slice(0, semi)).trim()
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw malformed('bad chunk size')
    const size = parseInt(sizeText, 16)
    this.#chunkSignature = ''
    if (semi >= 0) {
      const ext = line.slice(semi + 1).trim()
      if (ext.startsWith('chunk-signature=')) this.#chunkSignature = ext.slice(16)
    }
    if (this.#options.signing !== undefined && this.#chunkSignature === '') throw mismatch()
    if (size === 0) {
      this.#endChunk()
      this.#state = 'trailer'
      return
    }
    this.#remaining = size
    this.#state = 'data'
  }

  /** Checks the signature of the chunk just read and moves the chain on. */
  #endChunk(): void {
    const signing = this.#options.signing
    if (signing === undefined) return
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      signing.amzDate,
      signing.credentialScope,
      this.#previous,
      EMPTY_SHA256,
      this.#hash.digest('hex'),
    ].join('\n')
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign).digest('hex')
    if (!sameHex(expected, this.#chunkSignature)) throw mismatch()
    this.#previous = expected
    this.#hash = createHash('sha256')
  }

  #trailer(line: string): void {
    if (line === '') {
      this.#checkTrailerSignature()
      this.#state = 'done'
      return
    }
    const colon = line.indexOf(':')
    if (colon <= 0) throw malformed('bad trailer')
    this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }

  #checkTrailerSignature(): void {
    const signing = this.#options.signing
    if (signing === undefined || this.#options.signedTrailer !== true) return
    const signature = this.trailers['x-amz-trailer-signature']
    if (signature === undefined) throw mismatch()
    const canonical = Object.entries(this.trailers)
      .filter(([k]) => k !== 'x-amz-trailer-signature')
      .map(([k, v]) => `${k}:${v}\n`)
      .join('')
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      signing.amzDate,
      signing.credentialScope,
      this.#previous,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n')
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign).digest('hex')
    if (!sameHex(expected, signature)) throw mismatch()
    delete this.trailers['x-amz-trailer-signature']
  }
}

function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
