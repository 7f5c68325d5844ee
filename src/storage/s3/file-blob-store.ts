import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough, type Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { BlobStore, WrittenBlob } from '../../domain/s3/index.ts'

/** Where blobs live under the data dir. */
export const BLOBS_FOLDER = 's3'

/**
 * Object bytes as files: `<root>/blobs/<2 hex>/<uuid>`, written under `<root>/tmp/` and fsync'd,
 * then renamed into place and the folder fsync'd, before `write` resolves; so an acknowledged
 * object survives a crash. Blob ids are random: keys never reach the file system. With several
 * nodes on PostgreSQL, `root` is a directory they share.
 */
export class FileBlobStore implements BlobStore {
  readonly #root: string
  #ready: Promise<void> | undefined

  constructor(root: string) {
    this.#root = root
  }

  #prepare(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(join(this.#root, 'tmp'), { recursive: true })
      await mkdir(join(this.#root, 'blobs'), { recursive: true })
    })()
    return this.#ready
  }

  #path(blobId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(blobId)) throw new Error(`bad blob id ${blobId}`)
    return join(this.#root, 'blobs', blobId.slice(0, 2), blobId)
  }

  async write(body: Readable): Promise<WrittenBlob> {
    await this.#prepare()
    const blobId = randomUUID()
    const tmp = join(this.#root, 'tmp', blobId)
    const md5 = createHash('md5')
    const sha = createHash('sha256')
    let size = 0
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        md5.update(chunk)
        sha.update(chunk)
        size += chunk.length
        done(null, chunk)
      },
    })
    try {
      await pipeline(body, tap, createWriteStream(tmp, { flags: 'wx' }))
      await this.#commit(tmp, blobId)
    } catch (e) {
      await rm(tmp, { force: true })
      throw e
    }
    return { blobId, size, md5Hex: md5.digest('hex'), sha256Hex: sha.digest('hex') }
  }

  async concat(blobIds: readonly string[]): Promise<WrittenBlob> {
    const ids = [...blobIds]
    const out = new PassThrough()
    const feed = async () => {
      for (const id of ids) {
        await pipeline(createReadStream(this.#path(id)), out, { end: false })
      }
      out.end()
    }
    const written = this.write(out)
    feed().catch((e: unknown) => out.destroy(e as Error))
    return written
  }

  read(blobId: string, start?: number, end?: number): Readable {
    return createReadStream(this.#path(blobId), {
      highWaterMark: 1024 * 1024,
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
    })
  }

  async remove(blobIds: readonly string[]): Promise<void> {
    for (const id of blobIds) await rm(this.#path(id), { force: true })
  }

  async #commit(tmp: string, blobId: string): Promise<void> {
    const file = await open(tmp, 'r')
    try {
      await file.sync()
    } finally {
      await file.close()
    }
    const dir = join(this.#root, 'blobs', blobId.slice(0, 2))
    await mkdir(dir, { recursive: true })
    await rename(tmp, join(dir, blobId))
    const folder = await open(dir, 'r')
    try {
      await folder.sync()
    } finally {
      await folder.close()
    }
  }
}
