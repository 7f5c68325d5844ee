/**
 * Group commits of the audit trail on SQLite, off the event loop. `node:sqlite` is synchronous,
 * so on the server's own connection each commit (its fsync) would stop every request in flight
 * for as long as the disk takes. Here a worker thread with a connection of its own to the same
 * file commits them, and the event loop serves requests meanwhile: rows durably (a response that
 * waits for them waits off the loop), or the audit journal's frames, which are durable already,
 * without waiting for the disk until a `sync`.
 */
import { Worker } from 'node:worker_threads'
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'
import { digestRow, eventRow, resourceRows } from './audit-rows.ts'

/** A column's value as the rows hold it. */
type SqlValue = string | number | null

/** Rows to insert into one table: its name, its columns and the rows' values in that order. */
type TableRows = readonly [table: string, columns: readonly string[], rows: SqlValue[][]]

/**
 * One request, as the worker receives it: rows by table to insert in a durable transaction; or
 * journal frames' texts (see `journal-payload.ts`) back to back in one buffer, handed over
 * without a copy, which the worker decodes and inserts itself, sparing the event loop the rows,
 * committed without waiting for the disk (the journal holds them durably meanwhile); or `sync`,
 * which puts every transaction committed so far on disk.
 */
export type AuditAppendMessage =
  | { readonly id: number; readonly tables: readonly TableRows[] }
  | { readonly id: number; readonly payloads: Uint8Array; readonly lengths: readonly number[] }
  | { readonly id: number; readonly sync: true }

/** The worker's answer, once the append committed or failed. */
export type AuditAppendReply =
  | { readonly id: number; readonly ok: true }
  | { readonly id: number; readonly ok: false; readonly error: string }

/** The worker's file: `.ts` beside the sources, `.js` in the built package. */
const WORKER = new URL(
  `./sqlite-audit-writer-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
)

/** One table's rows (all with the first row's columns, in that order). */
function tableRows<T extends object>(table: string, rows: readonly T[]): TableRows {
  const columns = Object.keys(rows[0]!)
  const values = rows.map((r) =>
    columns.map((c) => ((r as Record<string, SqlValue | undefined>)[c] ?? null) as SqlValue),
  )
  return [table, columns, values]
}

/**
 * Commits appends on a worker thread's connection to `file`, one transaction each, in the order
 * they are given. The worker starts with the first append and keeps the process alive only while
 * an append waits for its answer.
 *
 * @example await new SqliteAuditWriter('/data/xaccess.db').append(events, digest)
 */
export class SqliteAuditWriter {
  readonly #file: string
  #worker: Worker | undefined
  #nextId = 1
  readonly #waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>()

  constructor(file: string) {
    this.#file = file
  }

  /** Inserts the events, their resources and the digest(s) in one transaction. */
  append(
    events: readonly StoredEvent[],
    digest?: AuditDigest | readonly AuditDigest[],
  ): Promise<void> {
    const worker = this.#start()
    const tables: TableRows[] = []
    const resources = events.flatMap(resourceRows)
    const digests = digest === undefined ? [] : 'signature' in digest ? [digest] : digest
    if (events.length > 0) tables.push(tableRows('audit_event', events.map(eventRow)))
    if (resources.length > 0) tables.push(tableRows('audit_event_resource', resources))
    if (digests.length > 0) tables.push(tableRows('audit_digest', digests.map(digestRow)))
    return this.#send(worker, (id) => ({ id, tables }))
  }

  /**
   * Inserts what journal frames hold (their texts: see `journal-payload.ts`) in one transaction
   * that does not wait for the disk: on disk after the next {@link sync} (or any durable commit
   * to the same file), on disk or not, safe from the process being killed as soon as committed.
   */
  appendPayloads(payloads: readonly Uint8Array[]): Promise<void> {
    const lengths = payloads.map((p) => p.length)
    // One buffer of its own, moved to the worker rather than copied.
    const joined = new Uint8Array(lengths.reduce((a, b) => a + b, 0))
    let at = 0
    for (const p of payloads) {
      joined.set(p, at)
      at += p.length
    }
    return this.#send(this.#start(), (id) => ({ id, payloads: joined, lengths }), [joined.buffer])
  }

  /** Resolves once every transaction committed so far is on disk. */
  sync(): Promise<void> {
    return this.#send(this.#start(), (id) => ({ id, sync: true }))
  }

  #send(
    worker: Worker,
    message: (id: number) => AuditAppendMessage,
    transfer: ArrayBuffer[] = [],
  ): Promise<void> {
    const id = this.#nextId++
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject })
      if (this.#waiting.size === 1) worker.ref()
      worker.postMessage(message(id), transfer)
    })
  }

  /** Stops the worker and closes its connection. */
  async close(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    if (worker === undefined) return
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    worker.ref()
    worker.postMessage('close')
    await exited
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker
    const worker = new Worker(WORKER, { workerData: { file: this.#file } })
    worker.unref()
    worker.on('message', (reply: AuditAppendReply) => {
      const waiting = this.#waiting.get(reply.id)
      if (waiting === undefined) return
      this.#waiting.delete(reply.id)
      if (this.#waiting.size === 0) worker.unref()
      if (reply.ok) waiting.resolve()
      else waiting.reject(new Error(reply.error))
    })
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined
      for (const waiting of this.#waiting.values()) waiting.reject(error)
      this.#waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the audit writer thread exited (${code})`)))
    this.#worker = worker
    return worker
  }
}
