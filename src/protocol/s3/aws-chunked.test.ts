import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import { verifySigV4 } from '../sigv4/index.ts'
import { AwsChunkedDecoder, ChunkedBodyError } from './aws-chunked.ts'

// The Amazon S3 API Reference's example of a chunked upload ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): 66560 bytes of "a" in chunks
// of 65536 and 1024 bytes, with the seed and chunk signatures the documentation prints.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'
const CHUNK_1 = 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'
const CHUNK_2 = '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'
const FINAL = 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'

const body = (sig1 = CHUNK_1) =>
  Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sig1}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${CHUNK_2}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${FINAL}\r\n\r\n`),
  ])

const headers: [string, string][] = [
  ['Host', 's3.amazonaws.com'],
  ['x-amz-date', '20130524T000000Z'],
  ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
  [
    'Authorization',
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;' +
      `x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
  ],
  ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
  ['Content-Encoding', 'aws-chunked'],
  ['x-amz-decoded-content-length', '66560'],
  ['Content-Length', '66824'],
]

async function seed() {
  const r = await verifySigV4(
    { method: 'PUT', path: '/examplebucket/chunkObject.txt', headers },
    { lookupSecret: () => SECRET, now: new Date('2013-05-24T00:00:00Z'), dialect: 's3' },
  )
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error))
  return r
}

async function decode(input: Buffer, decoder: AwsChunkedDecoder, pieces = 7): Promise<Buffer> {
  const parts: Buffer[] = []
  const step = Math.ceil(input.length / pieces)
  for (let i = 0; i < input.length; i += step) parts.push(input.subarray(i, i + step))
  const out: Buffer[] = []
  for await (const chunk of Readable.from(parts).pipe(decoder)) out.push(chunk as Buffer)
  return Buffer.concat(out)
}

describe('aws-chunked bodies (S3 API Reference example)', () => {
  it('the request verifies with its seed signature, the body hash deferred', async () => {
    const r = await seed()
    assert.equal(r.payloadHash, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD')
    assert.equal(r.chunkSigning.seedSignature, SEED)
    assert.equal(body().length, 66824)
  })

  it("decodes the documentation's chunks, each signature checked, whatever the read sizes", async () => {
    const { chunkSigning } = await seed()
    for (const pieces of [1, 3, 1000]) {
      const data = await decode(
        body(),
        new AwsChunkedDecoder({ signing: chunkSigning, decodedLength: 66560 }),
        pieces,
      )
      assert.equal(data.length, 66560)
      assert.ok(data.every((b) => b === 0x61))
    }
  })

  it('refuses a chunk whose signature is not the chain’s', async () => {
    const { chunkSigning } = await seed()
    await assert.rejects(
      decode(body(CHUNK_2), new AwsChunkedDecoder({ signing: chunkSigning })),
      (e: unknown) => e instanceof ChunkedBodyError && e.awsError.code === 'SignatureDoesNotMatch',
    )
  })

  it('refuses a truncated body and a length other than announced: IncompleteBody', async () => {
    const { chunkSigning } = await seed()
    await assert.rejects(
      decode(body().subarray(0, 40_000), new AwsChunkedDecoder({ signing: chunkSigning })),
      (e: unknown) => e instanceof ChunkedBodyError && e.awsError.code === 'IncompleteBody',
    )
    await assert.rejects(
      decode(body(), new AwsChunkedDecoder({ signing: chunkSigning, decodedLength: 66561 })),
      (e: unknown) => e instanceof ChunkedBodyError && e.awsError.code === 'IncompleteBody',
    )
  })

  it('reads unsigned chunks and their trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', async () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: 11 })
    const data = await decode(
      Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n'),
      decoder,
      4,
    )
    assert.equal(data.toString(), 'hello world')
    assert.deepEqual(decoder.trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' })
  })

  it('refuses a malformed chunk size', async () => {
    await assert.rejects(
      decode(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), new AwsChunkedDecoder()),
      (e: unknown) => e instanceof ChunkedBodyError && e.awsError.code === 'InvalidRequest',
    )
  })
})
