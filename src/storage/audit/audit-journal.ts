/**
 * The audit trail's journal: append-only segment files in a folder of the data dir, where a
 * group commit is durable after one `write` and one `fdatasync` (an SQL commit that inserts into
 * the event table and its indexes touches a dozen b-trees and costs several times that). Each
 * frame is `u32 length | u32 CRC-32 of the payload | payload`, little-endian; the first frame of a
 * segment is its header, naming the process that writes it. A frame cut short by a crash (or
 * any bytes after it) fails its length or checksum: the reader stops there. Only frames whose
 * `fdatasync` returned were acknowledged, so nothing acknowledged is behind a torn frame.
 */
import { closeSync, fdatasync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

/** A segment's first frame. */
export interface JournalHeader {
  readonly xaccessAuditJournal: 1
  /** The writing process, on `host`: a segment whose process is alive is not recovered. */
  readonly pid: number
  readonly host: string
}

/** The suffix of a segment file's name. */
export const JOURNAL_SUFFIX = '.journal'

const FRAME_HEAD = 8
/** No frame is larger: a length past it is a torn or foreign frame. */
const MAX_FRAME = 256 * 1024 * 1024

/** One frame's bytes around `payload`. */
export function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEAD + payload.length)
  out.writeUInt32LE(payload.length, 0)
  out.writeUInt32LE(crc32(payload), 4)
  payload.copy(out, FRAME_HEAD)
  return out
}

/** What a segment file holds: its header and the payloads of its whole frames, in order. */
export interface JournalSegmentContent {
  readonly header: JournalHeader | undefined
  readonly payloads: Buffer[]
  /** Bytes after the last whole frame (a torn frame; zero after a clean end). */
  readonly tornBytes: number
}

/** Reads a segment, stopping at the first frame whose length or checksum is wrong. */
export function readJournalSegment(file: string): JournalSegmentContent {
  const bytes = readFileSync(file)
  const payloads: Buffer[] = []
  let at = 0
  while (at + FRAME_HEAD <= bytes.length) {
    const length = bytes.readUInt32LE(at)
    const end = at + FRAME_HEAD + length
    if (length === 0 || length > MAX_FRAME || end > bytes.length) break
    const payload = bytes.subarray(at + FRAME_HEAD, end)
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break
    payloads.push(payload)
    at = end
  }
  const first = payloads.shift()
  let header: JournalHeader | undefined
  try {
    const parsed = first === undefined ? undefined : (JSON.parse(first.toString()) as unknown)
    if ((parsed as Partial<JournalHeader> | undefined)?.xaccessAuditJournal === 1)
      header = parsed as JournalHeader
  } catch {
    header = undefined
  }
  return header === undefined
    ? { header, payloads: [], tornBytes: bytes.length }
    : { header, payloads, tornBytes: bytes.length - at }
}

/**
 * One open segment file. Appends are not concurrent (INVARIANT: the caller awaits each
 * `append` before the next; the audit trail's chain lock does).
 */
export class JournalSegment {
  readonly file: string
  #fd: number | undefined
  #size: number

  private constructor(file: string, fd: number, size: number) {
    this.file = file
    this.#fd = fd
    this.#size = size
  }

  /** Creates `name` in `dir` with its header, durably (the file, then its folder entry). */
  static create(dir: string, name: string): JournalSegment {
    const file = join(dir, name)
    const fd = openSync(file, 'wx', 0o600)
    try {
      const header: JournalHeader = { xaccessAuditJournal: 1, pid: process.pid, host: hostname() }
      const bytes = frame(Buffer.from(JSON.stringify(header)))
      writeSync(fd, bytes)
      fsyncSync(fd)
      const folder = openSync(dir, 'r')
      try {
        fsyncSync(folder)
      } finally {
        closeSync(folder)
      }
      return new JournalSegment(file, fd, bytes.length)
    } catch (error) {
      closeSync(fd)
      throw error
    }
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#size
  }

  /**
   * Writes one frame and resolves once `fdatasync` has returned. The write goes to the page
   * cache at once; the flush waits on libuv's pool, so the event loop goes on serving requests
   * (whose records make the next group).
   */
  append(payload: Buffer): Promise<void> {
    const fd = this.#fd
    if (fd === undefined) return Promise.reject(new Error('the audit journal is closed'))
    const bytes = frame(payload)
    const at = this.#size
    let written = 0
    try {
      while (written < bytes.length)
        written += writeSync(fd, bytes, written, bytes.length - written, at + written)
    } catch (error) {
      // INVARIANT: the next frame starts where this one did, so a torn frame is never followed.
      return Promise.reject(error as Error)
    }
    return new Promise<void>((resolve, reject) =>
      fdatasync(fd, (error) => {
        if (error !== null) return reject(error)
        this.#size = at + bytes.length
        resolve()
      }),
    )
  }

  /** Closes the file (it stays on disk until its frames are indexed). */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}
