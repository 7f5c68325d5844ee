import { SqliteDialect } from 'kysely'
import type { DialectAdapter, Driver, SqliteDialectConfig } from 'kysely'
import { NodeSqliteAdapter } from './node-sqlite-adapter.ts'
import { DEFAULT_LOCK_WAIT_MS, NodeSqliteDriver } from './node-sqlite-driver.ts'

/** Kysely's `SqliteDialect` config plus how long to wait for another connection's write lock. */
export interface NodeSqliteDialectConfig extends SqliteDialectConfig {
  /** Total wait for the write lock before SQLITE_BUSY surfaces (default 10 s). */
  readonly lockWaitMs?: number
}

/**
 * Kysely's SQLite dialect for `node:sqlite`: its compiler and introspector, with
 * {@link NodeSqliteDriver} (immediate transactions, lock waits on the event loop) and
 * {@link NodeSqliteAdapter} (transactional migrations).
 *
 * @example
 * new Kysely<Schema>({ dialect: new NodeSqliteDialect({ database: new NodeSqliteDatabase(db) }) })
 */
export class NodeSqliteDialect extends SqliteDialect {
  readonly #config: NodeSqliteDialectConfig

  /** Takes the same `database` as `SqliteDialect`, usually a {@link NodeSqliteDatabase}. */
  constructor(config: NodeSqliteDialectConfig) {
    super(config)
    this.#config = config
  }

  override createDriver(): Driver {
    return new NodeSqliteDriver(this.#config, this.#config.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS)
  }

  override createAdapter(): DialectAdapter {
    return new NodeSqliteAdapter()
  }
}
