/**
 * The audit store a server runs: group commits are durable in a journal of this process in the
 * data dir (one `O_DSYNC` write each, off the event loop; see `audit-journal.ts`), and an indexer
 * moves them into the SQL tables soon after, many group commits per transaction (on SQLite without
 * waiting for the disk: see `syncJournaled`). Everything that reads
 * the tables through this store first waits for what was acknowledged before it (read-your-writes:
 * LookupEvents sees a call's event once the call has answered), and the trail settles the journal
 * before a write call's unit of work, whose events commit in the call's own transaction as before.
 * A segment whose frames are all indexed is used again once the tables are synced (two are kept;
 * see `audit-journal.ts`): until then it is what holds those events durably. The next one is made
 * in the background before the current one is full. At start, `recover`
 * indexes what a killed process left in its segments: idempotent by chain position, a torn last
 * frame ignored; at close, the segments are deleted.
 *
 * One data dir per node: a segment whose writer process is alive on this host is left alone, so
 * two nodes on one PostgreSQL may share a folder on one host, but a folder shared between hosts
 * would let one node index another's live journal (give each node its own data dir).
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, unlinkSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type {
  AuditDigest,
  AuditStore,
  EventQuery,
  StoredEvent,
} from '../../domain/cloudtrail/index.ts'
import {
  JOURNAL_SUFFIX,
  JournalSegment,
  readJournalSegment,
  type JournalDurability,
} from './audit-journal.ts'
import { decodeJournalBatch, encodeJournalBatch } from './journal-payload.ts'
import type { SqlAuditStore } from './sql-audit-store.ts'

/** Options of {@link JournaledAuditStore}. */
export interface JournaledAuditStoreOptions {
  /** The journal's folder (created if missing), e.g. `<data-dir>/audit-journal`. */
  readonly dir: string
  /** Bytes of one segment, written as zeros when it is made (default 4 MiB). */
  readonly segmentBytes?: number
  /** The indexer waits this long for more group commits before a transaction (default 100 ms). */
  readonly indexDelayMs?: number
  /** Events at most per indexer transaction; this many waiting start one at once (default 2000). */
  readonly indexBatchEvents?: number
  /**
   * When an append resolves (default `disk`): its frame is on disk, or, with `process`, the
   * kernel holds it (see `audit-journal.ts`).
   */
  readonly durability?: JournalDurability
}

/** What one group commit appended. */
interface Batch {
  readonly events: readonly StoredEvent[]
  readonly digest?: AuditDigest | undefined
}

/** A group commit waiting for the indexer: what it appended, its frame's text, and its segment. */
interface Queued {
  readonly batch: Batch
  readonly payload: Buffer
  readonly segment: OwnSegment
}

/** A segment of this process and how many of its batches await the indexer. */
interface OwnSegment {
  readonly segment: JournalSegment
  unindexed: number
  closed: boolean
}

/** Indexed segments kept to be used again. */
const SPARES = 2

/** Segment files this process has open: never recovered, whoever asks. */
const OPEN_HERE = new Set<string>()

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * {@link SqlAuditStore} behind a journal; see the file comment.
 *
 * @example new AuditTrail({ store: new JournaledAuditStore(new SqlAuditStore(db), { dir }), signer })
 */
export class JournaledAuditStore implements AuditStore {
  readonly #tables: SqlAuditStore
  readonly #dir: string
  readonly #segmentBytes: number
  readonly #indexDelayMs: number
  readonly #batchEvents: number
  readonly #durability: JournalDurability
  /** Segment names: creation time, pid and a random part, then the segment's number. */
  readonly #prefix = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`
  #segments = 0
  #current: OwnSegment | undefined
  /** Segments whose frames are all indexed, to be used again. */
  #spares: JournalSegment[] = []
  /**
   * Segments whose frames are all indexed, by transactions that may not be on disk yet (the
   * indexer commits without waiting for the disk: its frames are durable in the journal); they
   * are used again or deleted once the tables are synced.
   */
  #indexedNotSynced: JournalSegment[] = []
  /** The sync under way that frees `#indexedNotSynced`. */
  #syncing: Promise<void> | undefined
  /** A segment being made in the background. */
  #making: Promise<void> | undefined
  #queue: Queued[] = []
  #queuedEvents = 0
  /** Batches journaled, and indexed, since the start: `settle` waits for the one to reach the other. */
  #journaled = 0
  #indexed = 0
  #indexing: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  /** After a failed transaction, the next ones skip what the tables already hold. */
  #retrying = false
  #recovered: Promise<void> | undefined

  constructor(tables: SqlAuditStore, options: JournaledAuditStoreOptions) {
    this.#tables = tables
    this.#dir = options.dir
    this.#segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024
    this.#indexDelayMs = options.indexDelayMs ?? 100
    this.#batchEvents = options.indexBatchEvents ?? 2000
    this.#durability = options.durability ?? 'disk'
  }

  async append(
    events: readonly StoredEvent[],
    digest?: AuditDigest,
    options: { readonly inUnit?: boolean; readonly direct?: boolean } = {},
  ): Promise<void> {
    // INVARIANT: the trail settled the journal before a unit began, so this unit's events follow
    // their chain's in the tables.
    if (options.inUnit === true || options.direct === true)
      return this.#tables.append(events, digest, options)
    await this.recover()
    if (events.length === 0 && digest === undefined) return
    const batch: Batch = { events, digest }
    const payload = Buffer.from(encodeJournalBatch(events, digest))
    const segment = await this.#segment(payload.length)
    // Off the event loop (libuv's pool), which serves the next calls meanwhile.
    await segment.segment.append(payload)
    segment.unindexed++
    this.#journaled++
    this.#queue.push({ batch, payload, segment })
    this.#queuedEvents += events.length
    this.#schedule()
  }

  async settle(): Promise<void> {
    await this.recover()
    const target = this.#journaled
    while (this.#indexed < target) await this.#indexNow()
  }

  recover(): Promise<void> {
    this.#recovered ??= this.#recover().catch((e: unknown) => {
      this.#recovered = undefined
      throw e
    })
    return this.#recovered
  }

  async query(q: EventQuery): Promise<StoredEvent[]> {
    await this.settle()
    return this.#tables.query(q)
  }

  async nodes(): Promise<string[]> {
    await this.settle()
    return this.#tables.nodes()
  }

  async chain(nodeId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    await this.settle()
    return this.#tables.chain(nodeId, afterSeq, limit)
  }

  async digests(nodeId: string): Promise<AuditDigest[]> {
    await this.settle()
    return this.#tables.digests(nodeId)
  }

  async chainEnd(
    nodeId: string,
  ): Promise<{ seq: number; hash: string; eventTime: number } | undefined> {
    await this.settle()
    return this.#tables.chainEnd(nodeId)
  }

  async lastDigest(nodeId: string): Promise<AuditDigest | undefined> {
    await this.settle()
    return this.#tables.lastDigest(nodeId)
  }

  /** Indexes the whole journal, deletes its segments and stops the tables' writer thread. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    try {
      await this.settle()
      // What the indexer committed is on disk before the journal goes.
      await this.#syncing
      await this.#tables.syncJournaled()
      const current = this.#current
      this.#current = undefined
      if (current !== undefined) remove(current.segment)
      for (const segment of this.#indexedNotSynced.splice(0)) remove(segment)
    } finally {
      await this.#making?.catch(() => {})
      for (const spare of this.#spares.splice(0)) remove(spare)
      await this.#tables.close()
    }
  }

  /**
   * The segment to append `bytes` to: the current one while it has room, else a spare, else a new
   * one (made in the background once the current one is half full, so rarely waited for).
   */
  async #segment(bytes: number): Promise<OwnSegment> {
    const current = this.#current
    if (current !== undefined && current.segment.fits(bytes)) {
      if (current.segment.size * 2 > current.segment.capacity) void this.#makeSpare()
      return current
    }
    if (current !== undefined) this.#retire(current)
    this.#current = undefined
    // An indexed segment waiting for its sync is used again rather than a new one made.
    while (this.#spares.length === 0) await (this.#syncing ?? this.#makeSpare())
    const segment = this.#spares.shift()!
    // Durability `process`: what it held is on disk before it is written over.
    await segment.sync()
    segment.reuse()
    return (this.#current = { segment, unindexed: 0, closed: false })
  }

  /**
   * Makes a segment in the background unless one is spare or being made; a failure rejects only
   * for an append that waits for it.
   */
  #makeSpare(): Promise<void> {
    if (this.#making !== undefined) return this.#making
    if (this.#spares.length > 0) return Promise.resolve()
    const name = `${this.#prefix}-${String(++this.#segments).padStart(6, '0')}${JOURNAL_SUFFIX}`
    const making = (this.#making = mkdir(this.#dir, { recursive: true, mode: 0o700 })
      .then(() => JournalSegment.create(this.#dir, name, this.#segmentBytes, this.#durability))
      .then((segment) => {
        OPEN_HERE.add(segment.file)
        this.#spares.push(segment)
      })
      .finally(() => (this.#making = undefined)))
    making.catch(() => {})
    return making
  }

  /**
   * A segment that takes no more frames: once all of them are indexed and the tables synced, a
   * spare (or deleted).
   */
  #retire(own: OwnSegment): void {
    own.closed = true
    if (own.unindexed > 0) return
    this.#indexedNotSynced.push(own.segment)
    this.#syncing ??= this.#syncTables()
  }

  /** Syncs the tables, then frees the segments indexed before; again while more wait. */
  async #syncTables(): Promise<void> {
    try {
      while (this.#indexedNotSynced.length > 0) {
        const synced = this.#indexedNotSynced.length
        await this.#tables.syncJournaled()
        for (const segment of this.#indexedNotSynced.splice(0, synced)) {
          if (this.#spares.length < SPARES) this.#spares.push(segment)
          else remove(segment)
        }
      }
    } catch {
      // Kept until a later sync succeeds (the next retired segment tries again).
    } finally {
      this.#syncing = undefined
    }
  }

  /** Starts the indexer at once for a full batch, else after the delay. */
  #schedule(delayMs = this.#indexDelayMs): void {
    if (this.#indexing !== undefined || this.#timer !== undefined || this.#queue.length === 0)
      return
    if (this.#queuedEvents >= this.#batchEvents) {
      void this.#indexNow().catch(() => {})
      return
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#indexNow().catch(() => {})
    }, delayMs)
    this.#timer.unref()
  }

  /** One indexer transaction, or the one under way. */
  #indexNow(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#indexing !== undefined) return this.#indexing
    if (this.#queue.length === 0) return Promise.resolve()
    let failed = false
    this.#indexing = this.#indexOnce()
      .catch((e: unknown) => {
        failed = true
        throw e
      })
      .finally(() => {
        this.#indexing = undefined
        this.#schedule(failed ? 1000 : this.#indexDelayMs)
      })
    return this.#indexing
  }

  async #indexOnce(): Promise<void> {
    let take = 0
    let events = 0
    while (take < this.#queue.length && (take === 0 || events < this.#batchEvents)) {
      events += this.#queue[take]!.batch.events.length
      take++
    }
    const taken = this.#queue.slice(0, take)
    const batches = taken.map((t) => t.batch)
    let done = false
    if (!this.#retrying) {
      try {
        await this.#tables.appendJournaled(
          taken.map(({ batch, payload }) => ({ ...batch, payload })),
        )
        done = true
      } catch {
        this.#retrying = true
      }
    }
    if (!done) {
      // Without what the tables hold: a failed transaction may yet have committed (its answer
      // lost), or another store recovered these frames. Failing again, it is tried again later.
      const rows = await this.#missing(batches)
      await this.#tables.appendAll(rows.events, rows.digests)
      this.#retrying = false
    }
    this.#queue.splice(0, take)
    this.#queuedEvents -= events
    this.#indexed += take
    for (const { segment } of taken) {
      segment.unindexed--
      if (segment.closed && segment.unindexed === 0) this.#retire(segment)
    }
  }

  /**
   * What of `batches` the tables lack, in order: for each node, the events past its chain's end
   * and the digests that extend its digests' chain (a digest another node sealed the same end
   * with first makes this node's later digests unfit; its events are still indexed, to be sealed
   * as an idle chain).
   */
  async #missing(
    batches: readonly Batch[],
  ): Promise<{ events: StoredEvent[]; digests: AuditDigest[] }> {
    const state = new Map<string, { end: number; last: AuditDigest | undefined }>()
    const of = async (nodeId: string) => {
      let s = state.get(nodeId)
      if (s === undefined) {
        const [end, last] = await Promise.all([
          this.#tables.chainEnd(nodeId),
          this.#tables.lastDigest(nodeId),
        ])
        state.set(nodeId, (s = { end: end?.seq ?? 0, last }))
      }
      return s
    }
    const events: StoredEvent[] = []
    const digests: AuditDigest[] = []
    for (const batch of batches) {
      for (const e of batch.events) {
        const s = await of(e.nodeId)
        if (e.seq <= s.end) continue
        events.push(e)
        s.end = e.seq
      }
      const d = batch.digest
      if (d === undefined) continue
      const s = await of(d.nodeId)
      const last = s.last
      if (
        d.digestSeq === (last?.digestSeq ?? 0) + 1 &&
        d.firstSeq === (last?.lastSeq ?? 0) + 1 &&
        d.previousSignature === (last?.signature ?? '') &&
        d.lastSeq <= s.end
      ) {
        digests.push(d)
        s.last = d
      }
    }
    return { events, digests }
  }

  /** Indexes the segments of processes no longer alive, then deletes them. */
  async #recover(): Promise<void> {
    let names: string[]
    try {
      names = readdirSync(this.#dir).filter((n) => n.endsWith(JOURNAL_SUFFIX))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    const host = hostname()
    const files: string[] = []
    const batches: Batch[] = []
    // Names start with the segment's creation time, then its process and number: in order.
    for (const name of names.sort()) {
      const file = join(this.#dir, name)
      if (OPEN_HERE.has(file)) continue
      const { header, payloads } = readJournalSegment(file)
      if (
        header !== undefined &&
        header.host === host &&
        header.pid !== process.pid &&
        alive(header.pid)
      )
        continue
      for (const payload of payloads) batches.push(decodeJournalBatch(payload.toString()))
      files.push(file)
    }
    for (let i = 0; i < batches.length;) {
      let events = 0
      const part: Batch[] = []
      while (i < batches.length && (part.length === 0 || events < this.#batchEvents)) {
        events += batches[i]!.events.length
        part.push(batches[i++]!)
      }
      const rows = await this.#missing(part)
      if (rows.events.length > 0 || rows.digests.length > 0)
        await this.#tables.appendAll(rows.events, rows.digests)
    }
    for (const file of files) unlinkSync(file)
  }
}

/** Closes and deletes a segment of this process. */
function remove(segment: JournalSegment): void {
  segment.close()
  OPEN_HERE.delete(segment.file)
  unlinkSync(segment.file)
}
