/**
 * The writer of the audit trail: appends each call's records to this node's hash chain, durably,
 * before the call's response leaves. Group commit: records that arrive while a commit is under
 * way wait for the next one, which writes them all in one transaction (one fsync), so durability
 * costs little under load. Under concurrency (the last group had company) the next group waits a
 * little for its siblings, as PostgreSQL's `commit_delay` does: event-loop turns, which serve the
 * requests whose records join it, until as many calls wait as were in flight last time or
 * `commitDelayMs` has passed; a lone call is never held. Every `digestEvery` events or
 * `digestIntervalMs`, and on close, a signed digest seals the events since the last one.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import type { UnitOfWork } from '../common/unit-of-work.ts'
import type { CloudTrailRecord } from './audit-record.ts'
import type { AuditStore } from './audit-store.ts'
import { chainHash, GENESIS_HASH, type AuditDigest, type DigestSigner } from './hash-chain.ts'
import { indexFieldsOf, type StoredEvent } from './stored-event.ts'

/** Options of {@link AuditTrail}. */
export interface AuditTrailOptions {
  readonly store: AuditStore
  readonly signer: DigestSigner
  /** This node's chain id; a fresh one per process by default. */
  readonly nodeId?: string
  readonly digestEvery?: number
  readonly digestIntervalMs?: number
  readonly now?: () => number
  /**
   * How long at most a group waits for its siblings when the last group had company (default
   * 0.25 ms; 0: never). A call with nothing else in flight never waits.
   */
  readonly commitDelayMs?: number
}

/** A group commit that ended longer ago than this had no siblings left: the next one does not wait. */
const SIBLINGS_STALE_MS = 10

interface Pending {
  readonly records: readonly CloudTrailRecord[]
  readonly eventTime: number
  readonly resolve: () => void
  readonly reject: (e: unknown) => void
}

/** A new chain id: `n-` and 16 hex digits. */
export const newNodeId = (): string => 'n-' + randomBytes(8).toString('hex')

/** Appends records to one node's chain with group commit; see the file comment. */
export class AuditTrail {
  readonly nodeId: string
  readonly #store: AuditStore
  readonly #signer: DigestSigner
  readonly #digestEvery: number
  readonly #digestIntervalMs: number
  readonly #now: () => number
  readonly #commitDelayMs: number
  /** Calls in flight at the end of the last group commit (its own and those waiting), and when. */
  #siblings = 0
  #siblingsAt = 0
  #closing = false
  #seq = 0
  #hash = GENESIS_HASH
  #digestSeq = 0
  #sealedSeq = 0
  #lastSignature = ''
  #lastDigestAt: number
  #pending: Pending[] = []
  #flushing: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #closed = false
  /** Resolves when whoever holds the chain lets it go. */
  #chain: Promise<void> = Promise.resolve()
  /** Runs a function in the context the trail was made in (outside any unit of work). */
  readonly #outside = AsyncLocalStorage.snapshot()

  constructor(options: AuditTrailOptions) {
    this.#store = options.store
    this.#signer = options.signer
    this.nodeId = options.nodeId ?? newNodeId()
    this.#digestEvery = options.digestEvery ?? 100
    this.#digestIntervalMs = options.digestIntervalMs ?? 10_000
    this.#now = options.now ?? Date.now
    this.#commitDelayMs = options.commitDelayMs ?? 0.25
    this.#lastDigestAt = this.#now()
    this.#timer = setInterval(
      () => {
        if (
          this.#seq > this.#sealedSeq &&
          this.#now() - this.#lastDigestAt >= this.#digestIntervalMs
        )
          void this.#flushSoon()
      },
      Math.max(250, Math.min(this.#digestIntervalMs, 5_000)),
    )
    this.#timer.unref()
  }

  /**
   * Appends the records of one call (all copies of it, in order); resolves once they are
   * committed. `eventTime` is the call's time in epoch ms; it is kept to the second, as the
   * record's `eventTime` is, so that time ranges select exactly what the records show.
   */
  record(records: readonly CloudTrailRecord[], eventTime: number): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the audit trail is closed'))
    if (records.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ records, eventTime: toSecond(eventTime), resolve, reject })
      void this.#flushSoon()
    })
  }

  /**
   * Seals the unsealed end of every other node's chain that has seen no event for `idleMs`: a
   * node that was killed (or lost its database) before its last digest leaves events that a
   * digest never covered, whose deletion or rewriting nothing would show. A live node seals its
   * own within `digestIntervalMs`, so an idle unsealed end is a dead node's. Two nodes sealing the
   * same end at once collide on the digest's key; the loser's append fails and is ignored.
   * @returns the nodes sealed.
   */
  async sealIdleChains(idleMs: number): Promise<string[]> {
    const sealed: string[] = []
    const now = this.#now()
    for (const node of await this.#store.nodes()) {
      if (node === this.nodeId) continue
      const end = await this.#store.chainEnd(node)
      if (end === undefined || now - end.eventTime < idleMs) continue
      const last = await this.#store.lastDigest(node)
      if (end.seq <= (last?.lastSeq ?? 0)) continue
      const digest = this.#signer.sign({
        nodeId: node,
        digestSeq: (last?.digestSeq ?? 0) + 1,
        firstSeq: (last?.lastSeq ?? 0) + 1,
        lastSeq: end.seq,
        lastHash: end.hash,
        createdAt: now,
        previousSignature: last?.signature ?? '',
      })
      try {
        await this.#outside(() => this.#store.append([], digest, { direct: true }))
        sealed.push(node)
      } catch {
        // Another node sealed it first.
      }
    }
    return sealed
  }

  /**
   * Brings into the store what an earlier process acknowledged but left in the store's journal,
   * if it keeps one (see `AuditStore.recover`); a server calls it before it answers requests.
   */
  async start(): Promise<void> {
    await this.#outside(() => this.#store.recover?.())
  }

  /** Commits what is pending, seals the rest with a digest, and stops. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#closing = true
    while (this.#flushing !== undefined) await this.#flushing
    this.#closed = true
    await this.#outside(() => this.#flush(true))
    await this.#store.close?.()
  }

  /** Starts a flush unless one is under way (which starts the next when it ends). */
  #flushSoon(seal = false): Promise<void> {
    if (this.#flushing !== undefined) return this.#flushing
    // A group commit never joins a write call's transaction: it runs outside any unit.
    this.#flushing = this.#gather()
      .then(() => this.#outside(() => this.#flush(seal)))
      .finally(() => {
        this.#flushing = undefined
        if (this.#pending.length > 0) void this.#flushSoon()
      })
    return this.#flushing
  }

  /**
   * Waits one event-loop turn; then, if the last group commit had company and ended just now,
   * more turns until as many calls wait as were in flight then, at most `commitDelayMs`.
   */
  async #gather(): Promise<void> {
    await turn()
    const want = performance.now() - this.#siblingsAt <= SIBLINGS_STALE_MS ? this.#siblings : 0
    if (want <= 1 || this.#commitDelayMs <= 0) return
    const until = performance.now() + this.#commitDelayMs
    while (this.#pending.length < want && !this.#closing && performance.now() < until) await turn()
  }

  /**
   * Runs a write call as one unit of work whose records commit in the same transaction as its
   * writes: `work` runs the call and returns its value and records (an empty list for nothing to
   * record). The chain is held from before the transaction begins until it has ended, so the
   * chain's order is the commit order; a unit that rolls back leaves the chain as it was.
   */
  async recordWithin<T>(
    unit: UnitOfWork,
    work: () => Promise<{ readonly value: T; readonly records: readonly CloudTrailRecord[] }>,
  ): Promise<T> {
    if (this.#closed) throw new Error('the audit trail is closed')
    const release = await this.#lock()
    try {
      // The chain's earlier events reach the tables before the unit's (outside the unit: on
      // SQLite another connection indexes them, which the unit's write lock would block).
      await this.#outside(() => this.#store.settle?.())
      let next: ChainState | undefined
      const value = await unit.run(async () => {
        const { value, records } = await work()
        if (records.length > 0) {
          const eventTime = Date.parse(records[0]!.eventTime)
          const prepared = this.#prepare([{ records, eventTime }], false)
          await this.#store.append(prepared.events, prepared.digest, { inUnit: true })
          next = prepared.next
        }
        return value
      })
      if (next !== undefined) this.#advance(next)
      return value
    } finally {
      release()
    }
  }

  /** Waits for the chain, then holds it until the returned function is called. */
  async #lock(): Promise<() => void> {
    const previous = this.#chain
    let release!: () => void
    this.#chain = new Promise<void>((resolve) => (release = resolve))
    await previous
    return release
  }

  /** The events of `batches` on top of the chain as it stands, a digest if one is due. */
  #prepare(
    batches: readonly {
      readonly records: readonly CloudTrailRecord[]
      readonly eventTime: number
    }[],
    seal: boolean,
  ): { events: StoredEvent[]; digest: AuditDigest | undefined; next: ChainState } {
    let seq = this.#seq
    let hash = this.#hash
    const events: StoredEvent[] = []
    for (const p of batches) {
      for (const record of p.records) {
        seq++
        const text = JSON.stringify(record)
        const prevHash = hash
        hash = chainHash(prevHash, this.nodeId, seq, text)
        events.push({
          ...indexFieldsOf(record),
          nodeId: this.nodeId,
          seq,
          eventTime: p.eventTime,
          record: text,
          hash,
          prevHash,
        })
      }
    }
    const now = this.#now()
    const due =
      seq > this.#sealedSeq &&
      (seal ||
        seq - this.#sealedSeq >= this.#digestEvery ||
        now - this.#lastDigestAt >= this.#digestIntervalMs)
    const digest: AuditDigest | undefined = due
      ? this.#signer.sign({
          nodeId: this.nodeId,
          digestSeq: this.#digestSeq + 1,
          firstSeq: this.#sealedSeq + 1,
          lastSeq: seq,
          lastHash: hash,
          createdAt: now,
          previousSignature: this.#lastSignature,
        })
      : undefined
    return { events, digest, next: { seq, hash, digest, at: now } }
  }

  /** Moves the chain on after a commit. */
  #advance(next: ChainState): void {
    this.#seq = next.seq
    this.#hash = next.hash
    if (next.digest !== undefined) {
      this.#digestSeq = next.digest.digestSeq
      this.#sealedSeq = next.digest.lastSeq
      this.#lastSignature = next.digest.signature
      this.#lastDigestAt = next.at
    }
  }

  async #flush(seal: boolean): Promise<void> {
    const release = await this.#lock()
    const batch = this.#pending
    this.#pending = []
    try {
      const { events, digest, next } = this.#prepare(batch, seal)
      if (events.length === 0 && digest === undefined) return
      try {
        await this.#store.append(events, digest)
      } catch (e) {
        for (const p of batch) p.reject(e)
        return
      }
      this.#advance(next)
      for (const p of batch) p.resolve()
    } finally {
      this.#siblings = batch.length + this.#pending.length
      this.#siblingsAt = performance.now()
      release()
    }
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** What the chain becomes once a prepared append commits. */
interface ChainState {
  readonly seq: number
  readonly hash: string
  readonly digest: AuditDigest | undefined
  readonly at: number
}

const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000
