/**
 * Objects stream through the server: a 768 MiB PUT (one request, UNSIGNED-PAYLOAD) and its GET
 * leave the server's peak resident memory far below the object's size, and the bytes come back
 * intact (ETag = MD5). SQLite; the store path is the same on PostgreSQL.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { Sha256 } from '@aws-crypto/sha256-js'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { sendS3 } from './s3-support.ts'

const SIZE = 768 * 1024 * 1024
const CHUNK = Buffer.alloc(1024 * 1024)
for (let i = 0; i < CHUNK.length; i++) CHUNK[i] = (i * 31) & 0xff

/** Peak resident memory of a process (VmHWM), in MiB. */
const peakMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

describe('S3 streams objects in and out', { timeout: 600_000 }, () => {
  let server: ServerProcess
  before(async () => {
    server = await startServerProcess({ timeoutMs: 120_000 })
  })
  after(async () => server?.stop())

  it(`a ${SIZE / 1024 / 1024} MiB object goes in and out without sitting in memory`, async (t) => {
    const credentials = {
      accessKeyId: server.bootstrap.accessKeyId,
      secretAccessKey: server.bootstrap.secretAccessKey,
    }
    const made = await sendS3(server.url, { method: 'PUT', path: '/stream-bucket', credentials })
    assert.equal(made.status, 200, made.text)
    const before = peakMiB(server.pid)
    const url = new URL(server.url)
    const signer = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      sha256: Sha256,
      credentials,
      uriEscapePath: false,
    })
    const signed = await signer.sign(
      new HttpRequest({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/stream-bucket/big.bin',
        headers: {
          host: url.host,
          'content-length': String(SIZE),
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
      }),
    )
    const md5 = createHash('md5')
    const body = Readable.from(
      (function* () {
        for (let sent = 0; sent < SIZE; sent += CHUNK.length) {
          md5.update(CHUNK)
          yield CHUNK
        }
      })(),
    )
    const put = await new Promise<{ status: number; etag: string | undefined }>(
      (resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'PUT',
            path: '/stream-bucket/big.bin',
            headers: signed.headers,
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }))
          },
        )
        req.on('error', reject)
        body.pipe(req)
      },
    )
    assert.equal(put.status, 200)
    const digest = md5.digest('hex')
    assert.equal(put.etag, `"${digest}"`)

    const getSigned = await signer.sign(
      new HttpRequest({
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/stream-bucket/big.bin',
        headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
    )
    const back = createHash('md5')
    let size = 0
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'GET',
          path: '/stream-bucket/big.bin',
          headers: getSigned.headers,
        },
        (res) => {
          assert.equal(res.statusCode, 200)
          res.on('data', (d: Buffer) => {
            size += d.length
            back.update(d)
          })
          res.on('end', () => resolve())
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end()
    })
    assert.equal(size, SIZE)
    assert.equal(back.digest('hex'), digest)
    const grew = peakMiB(server.pid) - before
    t.diagnostic(`server peak RSS ${before.toFixed(0)} MiB before, grew by ${grew.toFixed(0)} MiB`)
    assert.ok(grew < 200, `the server's peak memory grew by ${grew.toFixed(0)} MiB`)
  })
})
