import { CompiledQuery, SqliteDriver } from 'kysely'
import type { DatabaseConnection, QueryResult, SqliteDialectConfig } from 'kysely'
import { sharedSlice } from './event-loop-slice.ts'

/** How long a statement waits for another connection's write lock, in all. */
export const DEFAULT_LOCK_WAIT_MS = 10_000

/**
 * Kysely's SQLite driver with three changes: long synchronous work yields to the event loop
 * every few milliseconds ({@link sharedSlice}), and two for several connections on one file:
 * - transactions begin with `begin immediate`, taking the write lock up front, so a transaction
 *   never fails half-way on a lock it could not upgrade (a deferred one can, and SQLite then
 *   refuses to wait: SQLITE_BUSY_SNAPSHOT);
 * - waiting for the lock happens on the event loop. `node:sqlite` is synchronous, so its own busy
 *   handler would freeze the process while it waits, and wait in vain when the holder is another
 *   connection of the same process. The connection runs with `busy_timeout = 0`; a statement
 *   outside a transaction (including `begin immediate`) that meets SQLITE_BUSY is retried with
 *   backoff for up to `lockWaitMs`. Retrying is safe: a statement refused the lock did nothing.
 */
export class NodeSqliteDriver extends SqliteDriver {
  readonly #lockWaitMs: number
  #connection: BusyRetryConnection | undefined

  /** Same configuration as Kysely's `SqliteDriver`, plus the total lock wait. */
  constructor(config: SqliteDialectConfig, lockWaitMs = DEFAULT_LOCK_WAIT_MS) {
    super(config)
    this.#lockWaitMs = lockWaitMs
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    this.#connection ??= new BusyRetryConnection(await super.acquireConnection(), this.#lockWaitMs)
    return this.#connection
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
    if (connection instanceof BusyRetryConnection) connection.inTransaction = true
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('commit'))
    } finally {
      if (connection instanceof BusyRetryConnection) connection.inTransaction = false
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'))
    } finally {
      if (connection instanceof BusyRetryConnection) connection.inTransaction = false
    }
  }
}

class BusyRetryConnection implements DatabaseConnection {
  readonly #inner: DatabaseConnection
  readonly #lockWaitMs: number
  inTransaction = false

  constructor(inner: DatabaseConnection, lockWaitMs: number) {
    this.#inner = inner
    this.#lockWaitMs = lockWaitMs
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Long synchronous work runs in bounded slices: let other requests in between statements.
    const turn = sharedSlice.due()
    if (turn !== undefined) await turn
    // INVARIANT: inside `begin immediate` this connection holds the write lock, and WAL readers
    // never wait, so only statements outside a transaction can meet SQLITE_BUSY.
    if (this.inTransaction) return this.#inner.executeQuery<R>(query)
    const deadline = Date.now() + this.#lockWaitMs
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#inner.executeQuery<R>(query)
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error
        await sleep(Math.min(2 ** attempt, 50) * (0.5 + Math.random()))
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.#inner.streamQuery<R>(query, chunkSize)
  }
}

/** SQLITE_BUSY, in any of its extended forms. */
function isBusy(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | null)?.errcode
  return typeof errcode === 'number' && (errcode & 0xff) === 5
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
