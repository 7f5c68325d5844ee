/**
 * An S3 request's body as the operations read it: aws-chunked decoded (chunk signatures
 * verified), checksums computed on the way, and once written, checked against what the client
 * signed and declared (x-amz-content-sha256, Content-MD5, x-amz-checksum-* headers or trailers).
 */
import { createHash, type Hash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { pipeline, Transform, type Readable } from 'node:stream'
import { crc32 } from 'node:zlib'
import { s3Error } from '../../domain/s3/index.ts'
import type { ChunkSigning } from '../../protocol/index.ts'
import { AwsChunkedDecoder } from '../../protocol/s3/aws-chunked.ts'

/** Checksum algorithms S3 accepts, and whether this server can verify each. */
const ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const
type Algorithm = (typeof ALGORITHMS)[number]

/** The largest body read whole (request XML, policies). */
const SMALL_BODY_LIMIT = 2 * 1024 * 1024

class ChecksumTap extends Transform {
  crc = 0
  readonly sha1: Hash | undefined
  readonly algorithms: ReadonlySet<Algorithm>
  constructor(algorithms: ReadonlySet<Algorithm>) {
    super()
    this.algorithms = algorithms
    this.sha1 = algorithms.has('sha1') ? createHash('sha1') : undefined
  }
  override _transform(
    chunk: Buffer,
    _e: BufferEncoding,
    done: (e?: Error | null, d?: Buffer) => void,
  ) {
    if (this.algorithms.has('crc32')) this.crc = crc32(chunk, this.crc)
    this.sha1?.update(chunk)
    done(null, chunk)
  }
  value(a: Algorithm): string | undefined {
    if (a === 'crc32') {
      const b = Buffer.alloc(4)
      b.writeUInt32BE(this.crc >>> 0)
      return b.toString('base64')
    }
    if (a === 'sha1') return this.sha1?.digest('base64')
    return undefined
  }
}

/** The body of one request. */
export class S3Body {
  readonly #req: IncomingMessage
  readonly #payloadHash: string
  readonly #signing: ChunkSigning | undefined
  #decoder: AwsChunkedDecoder | undefined
  #tap: ChecksumTap | undefined

  constructor(req: IncomingMessage, payloadHash: string, signing: ChunkSigning | undefined) {
    this.#req = req
    this.#payloadHash = payloadHash
    this.#signing = signing
  }

  #header(name: string): string | undefined {
    const v = this.#req.headers[name]
    return Array.isArray(v) ? v.join(',') : v
  }

  /** The algorithms the client declared, by header or trailer. */
  #declared(): Set<Algorithm> {
    const out = new Set<Algorithm>()
    for (const a of ALGORITHMS) if (this.#header(`x-amz-checksum-${a}`) !== undefined) out.add(a)
    for (const t of (this.#header('x-amz-trailer') ?? '').split(',')) {
      const m = /^x-amz-checksum-(\w+)$/.exec(t.trim().toLowerCase())
      if (m !== null && (ALGORITHMS as readonly string[]).includes(m[1]!))
        out.add(m[1] as Algorithm)
    }
    return out
  }

  /** The decoded body stream. */
  stream(): Readable {
    const hash = this.#payloadHash
    const chunked = hash.startsWith('STREAMING-')
    if (!chunked && hash !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-fA-F]{64}$/.test(hash))
      throw s3Error(
        'InvalidArgument',
        { ArgumentName: 'x-amz-content-sha256', ArgumentValue: hash },
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
      )
    this.#tap = new ChecksumTap(this.#declared())
    const onError = () => {}
    if (!chunked) return pipeline(this.#req, this.#tap, onError)
    const signed = hash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD')
    if (signed && this.#signing === undefined) throw s3Error('AccessDenied')
    const decoded = this.#header('x-amz-decoded-content-length')
    this.#decoder = new AwsChunkedDecoder({
      ...(signed && this.#signing !== undefined ? { signing: this.#signing } : {}),
      signedTrailer: hash.endsWith('-TRAILER') && signed,
      ...(decoded !== undefined && /^\d+$/.test(decoded) ? { decodedLength: Number(decoded) } : {}),
    })
    return pipeline(this.#req, this.#decoder, this.#tap, onError)
  }

  /** Reads the whole body (at most 2 MiB) and checks it. */
  async whole(): Promise<Buffer> {
    const chunks: Buffer[] = []
    let size = 0
    const md5 = createHash('md5')
    const sha = createHash('sha256')
    for await (const chunk of this.stream()) {
      size += (chunk as Buffer).length
      if (size > SMALL_BODY_LIMIT) throw s3Error('MalformedXML')
      chunks.push(chunk as Buffer)
      md5.update(chunk as Buffer)
      sha.update(chunk as Buffer)
    }
    await this.check({ md5Hex: md5.digest('hex'), sha256Hex: sha.digest('hex') })
    return Buffer.concat(chunks)
  }

  /**
   * Checks the consumed body: the signed payload hash, Content-MD5, declared checksums. Returns
   * the checksum headers to store with the object.
   */
  async check(written: { md5Hex: string; sha256Hex: string }): Promise<Record<string, string>> {
    if (
      /^[0-9a-fA-F]{64}$/.test(this.#payloadHash) &&
      this.#payloadHash.toLowerCase() !== written.sha256Hex
    )
      throw s3Error('XAmzContentSHA256Mismatch', {
        ClientComputedContentSHA256: this.#payloadHash,
        S3ComputedContentSHA256: written.sha256Hex,
      })
    const md5 = this.#header('content-md5')
    if (md5 !== undefined) {
      const given = Buffer.from(md5, 'base64')
      if (given.length !== 16) throw s3Error('InvalidDigest', { 'Content-MD5': md5 })
      if (given.toString('hex') !== written.md5Hex)
        throw s3Error('BadDigest', { ExpectedDigest: md5 })
    }
    const stored: Record<string, string> = {}
    const tap = this.#tap
    for (const a of tap?.algorithms ?? []) {
      const name = `x-amz-checksum-${a}`
      const given = this.#header(name) ?? this.#decoder?.trailers[name]
      if (given === undefined) continue
      const computed =
        a === 'sha256' ? Buffer.from(written.sha256Hex, 'hex').toString('base64') : tap!.value(a)
      if (computed !== undefined && computed !== given)
        throw s3Error(
          'BadDigest',
          {},
          `The ${a.toUpperCase()} you specified did not match the calculated checksum.`,
        )
      stored[name] = given
    }
    return stored
  }
}
