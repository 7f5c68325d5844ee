/**
 * The audit trail's journal: segment files in a folder of the data dir, where a group commit is
 * durable after one write to a file opened with `O_DSYNC` (an SQL commit that inserts into the
 * event table and its indexes touches a dozen b-trees and costs several times that). The write
 * runs on libuv's pool, never on the event loop. A segment is written full of zeros when made, so
 * that a frame overwrites allocated blocks and the write flushes data only, no file size or
 * extents; once its frames are indexed it is used again.
 *
 * Each frame is `u32 length | u32 CRC-32 | payload`, little-endian. The first frame is the
 * segment's header (CRC-32 of the payload alone), naming the process that writes it and a random
 * salt; every later frame's CRC-32 starts from that salt, so the frames of the segment's earlier
 * use, still on disk after it, fail their check. A frame cut short by a crash fails its length or
 * checksum as well: the reader stops at the first frame that fails. Only frames whose synchronous
 * write returned were acknowledged, so nothing acknowledged lies behind one that fails.
 *
 * Durability `process` (`xaccess serve --audit-durability process`) opens the segment without
 * `O_DSYNC`: a frame counts once `write(2)` returned (on the event loop: a copy into the page
 * cache), so it is in the kernel's page cache and
 * survives the process being killed, not a power loss or a kernel crash; an `fdatasync` follows in
 * the background within {@link PROCESS_SYNC_MS}, and before the segment is used again. A failed
 * background sync fails every later append (the kernel may have dropped the pages it could not
 * write).
 */
import {
  closeSync,
  constants,
  fdatasync,
  openSync,
  readFileSync,
  write,
  writev,
  writevSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

/** A segment's first frame. */
export interface JournalHeader {
  readonly xaccessAuditJournal: 1
  /** The writing process, on `host`: a segment whose process is alive is not recovered. */
  readonly pid: number
  readonly host: string
  /** The CRC-32 of every later frame starts from it. */
  readonly salt: number
}

/** The suffix of a segment file's name. */
export const JOURNAL_SUFFIX = '.journal'

const FRAME_HEAD = 8
/**
 * When a call's events count as kept: `disk` once on disk (they survive a machine crash),
 * `process` once the kernel holds them (they survive the process being killed).
 */
export type JournalDurability = 'disk' | 'process'
export const JOURNAL_DURABILITIES: readonly JournalDurability[] = ['disk', 'process']
/** With durability `process`, a written frame is synced to disk within this many ms. */
export const PROCESS_SYNC_MS = 100
/**
 * Whether the platform opens files with `O_DSYNC` (Linux, macOS); elsewhere (Windows) each write
 * is followed by an `fdatasync`.
 */
const DSYNC = typeof constants.O_DSYNC === 'number'
/** No frame is larger: a length past it is a torn or stale frame. */
const MAX_FRAME = 256 * 1024 * 1024

/** One frame's bytes around `payload`, its CRC-32 started from `salt`. */
export function frame(payload: Buffer, salt = 0): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEAD + payload.length)
  out.writeUInt32LE(payload.length, 0)
  out.writeUInt32LE(crc32(payload, salt), 4)
  payload.copy(out, FRAME_HEAD)
  return out
}

/** The header frame of a new use of a segment by this process. */
function headerFrame(): { bytes: Buffer; salt: number } {
  const salt = randomBytes(4).readUInt32LE(0)
  const header: JournalHeader = {
    xaccessAuditJournal: 1,
    pid: process.pid,
    host: hostname(),
    salt,
  }
  return { bytes: frame(Buffer.from(JSON.stringify(header))), salt }
}

/** What a segment file holds: its header and the payloads of its frames, in order. */
export interface JournalSegmentContent {
  readonly header: JournalHeader | undefined
  readonly payloads: Buffer[]
  /** Where the last whole frame ends (0 without a header). */
  readonly end: number
}

/** Reads a segment, stopping at the first frame whose length or checksum fails. */
export function readJournalSegment(file: string): JournalSegmentContent {
  const bytes = readFileSync(file)
  const next = (at: number, salt: number): Buffer | undefined => {
    if (at + FRAME_HEAD > bytes.length) return undefined
    const length = bytes.readUInt32LE(at)
    const end = at + FRAME_HEAD + length
    if (length === 0 || length > MAX_FRAME || end > bytes.length) return undefined
    const payload = bytes.subarray(at + FRAME_HEAD, end)
    return crc32(payload, salt) === bytes.readUInt32LE(at + 4) ? payload : undefined
  }
  const first = next(0, 0)
  let header: JournalHeader | undefined
  try {
    const parsed = first === undefined ? undefined : (JSON.parse(first.toString()) as unknown)
    const h = parsed as Partial<JournalHeader> | undefined
    if (h?.xaccessAuditJournal === 1 && typeof h.salt === 'number') header = h as JournalHeader
  } catch {
    header = undefined
  }
  if (header === undefined) return { header, payloads: [], end: 0 }
  const payloads: Buffer[] = []
  let at = FRAME_HEAD + first!.length
  for (
    let payload = next(at, header.salt);
    payload !== undefined;
    payload = next(at, header.salt)
  ) {
    payloads.push(payload)
    at += FRAME_HEAD + payload.length
  }
  return { header, payloads, end: at }
}

/**
 * One segment file of this process. Appends are not concurrent (INVARIANT: the caller awaits each
 * `append` before the next; the audit trail's chain lock sees to it).
 */
export class JournalSegment {
  readonly file: string
  /** Bytes made for frames (the file's size when made). */
  readonly capacity: number
  readonly durability: JournalDurability
  #fd: number | undefined
  #size = 0
  /** Durability `process`: written, not yet synced; the background sync under way or due. */
  #dirty = false
  #syncing: Promise<void> | undefined
  #syncTimer: NodeJS.Timeout | undefined
  #syncFailed: Error | undefined
  #salt = 0
  /** The header of a new use, written with the use's first frame. */
  #header: Buffer | undefined

  private constructor(file: string, fd: number, capacity: number, durability: JournalDurability) {
    this.file = file
    this.#fd = fd
    this.capacity = capacity
    this.durability = durability
    this.#renew()
  }

  /**
   * Makes `name` in `dir`: `capacity` bytes of zeros, durably (the file, then its folder entry),
   * written without blocking the event loop.
   */
  static async create(
    dir: string,
    name: string,
    capacity: number,
    durability: JournalDurability = 'disk',
  ): Promise<JournalSegment> {
    const file = join(dir, name)
    const handle = await open(file, 'wx', 0o600)
    try {
      const zeros = Buffer.alloc(Math.min(capacity, 1024 * 1024))
      for (let at = 0; at < capacity; at += zeros.length)
        await handle.write(zeros, 0, Math.min(zeros.length, capacity - at), at)
      await handle.sync()
      const folder = await open(dir, 'r')
      try {
        await folder.sync()
      } finally {
        await folder.close()
      }
    } catch (error) {
      await handle.close()
      throw error
    }
    // The descriptor outlives the handle object: closed by `close`, synchronously. Every write
    // to it returns once its data is on disk (`O_DSYNC`: no separate `fdatasync`, where the
    // platform has it), or, with durability `process`, once the kernel holds it.
    const dsync = DSYNC && durability === 'disk'
    const fd = openSync(file, dsync ? constants.O_RDWR | constants.O_DSYNC : 'r+')
    await handle.close()
    return new JournalSegment(file, fd, capacity, durability)
  }

  /** Bytes of this use so far (its header included once the first frame is written). */
  get size(): number {
    return this.#size
  }

  /** Whether a payload of `bytes` still fits in the zeros (a first frame always does). */
  fits(bytes: number): boolean {
    return this.#size === 0 || this.#size + FRAME_HEAD + bytes <= this.capacity
  }

  /** Starts a new use: a new salt, from the start (the frames of the last use must be indexed). */
  reuse(): void {
    this.#renew()
  }

  /**
   * Writes one frame and resolves once it is on disk: one `pwritev` of the frame's head and
   * payload (and the use's header before its first frame) to the `O_DSYNC` file, on libuv's pool,
   * so the event loop goes on serving requests (whose records make the next group) meanwhile.
   * With durability `process`, once the kernel holds it: the same `pwritev`, on the event loop.
   */
  append(payload: Buffer): Promise<void> {
    const fd = this.#fd
    if (fd === undefined) return Promise.reject(new Error('the audit journal is closed'))
    if (this.#syncFailed !== undefined) return Promise.reject(this.#syncFailed)
    const head = Buffer.allocUnsafe(FRAME_HEAD)
    head.writeUInt32LE(payload.length, 0)
    head.writeUInt32LE(crc32(payload, this.#salt), 4)
    const parts = this.#header === undefined ? [head, payload] : [this.#header, head, payload]
    const bytes = parts.reduce((n, p) => n + p.length, 0)
    const at = this.#size
    // INVARIANT: appends are not concurrent (see the class comment) and a failed one leaves
    // `#size` where it was, so the next frame starts where this one did: a torn frame is never
    // followed by a whole one.
    return new Promise<void>((resolve, reject) => {
      const done = (error: Error | null, written: number) => {
        if (error !== null) return reject(error)
        if (written < bytes) {
          // A short write (a full disk): the rest, or the error that explains it.
          const rest = Buffer.concat(parts).subarray(written)
          return write(fd, rest, 0, rest.length, at + written, (e, n) => done(e, written + n))
        }
        const durable = (e: Error | null) => {
          if (e !== null) return reject(e)
          this.#header = undefined
          this.#size = at + bytes
          resolve()
        }
        if (this.durability === 'process') {
          durable(null)
          this.#syncSoon()
        } else if (DSYNC) durable(null)
        else fdatasync(fd, durable)
      }
      if (this.durability === 'disk') return writev(fd, parts, at, done)
      // Durability `process`: a copy into the page cache, a few µs, cheaper on the event loop
      // than a round trip through libuv's pool.
      let written: number
      try {
        written = writevSync(fd, parts, at)
      } catch (e) {
        return reject(e as Error)
      }
      done(null, written)
    })
  }

  /**
   * Resolves once every frame written so far is on disk (with durability `disk`, at once): before
   * the segment is used again.
   */
  async sync(): Promise<void> {
    while (this.#syncing !== undefined) await this.#syncing
    if (!this.#dirty) return
    if (this.#syncTimer !== undefined) clearTimeout(this.#syncTimer)
    this.#syncTimer = undefined
    const fd = this.#fd
    if (fd === undefined) return
    this.#dirty = false
    this.#syncing = new Promise<void>((resolve, reject) =>
      fdatasync(fd, (e) => {
        this.#syncing = undefined
        if (e === null) return resolve()
        this.#syncFailed = e
        reject(e)
      }),
    )
    await this.#syncing
  }

  /** Closes the file (it stays on disk until its frames are indexed). */
  close(): void {
    if (this.#syncTimer !== undefined) clearTimeout(this.#syncTimer)
    this.#syncTimer = undefined
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }

  /** Durability `process`: an `fdatasync` within {@link PROCESS_SYNC_MS} of this write. */
  #syncSoon(): void {
    this.#dirty = true
    if (this.#syncTimer !== undefined) return
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined
      this.sync().catch(() => {})
    }, PROCESS_SYNC_MS)
    this.#syncTimer.unref()
  }

  #renew(): void {
    const { bytes, salt } = headerFrame()
    this.#header = bytes
    this.#salt = salt
    this.#size = 0
  }
}
