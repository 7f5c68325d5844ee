import { DatabaseSync } from 'node:sqlite'
import { Kysely, sql } from 'kysely'
import { NodeSqliteDatabase } from './node-sqlite-database.ts'
import { NodeSqliteDialect } from './node-sqlite-dialect.ts'

/** Options of {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** Total wait for another connection's write lock, in ms (default 10 s). */
  readonly lockWaitMs?: number
  /**
   * How often to refresh the query planner's statistics (`pragma optimize`), in ms (default
   * {@link OPTIMIZE_EVERY_MS}); 0 only at open.
   */
  readonly optimizeEveryMs?: number
}

/**
 * The planner's statistics are refreshed this often. Without them SQLite guesses, and at scale
 * guesses wrong: sso_assignment's lookups by (permission set, account) or by principal and account
 * took the expression index of migration 0014 on its first column only and read every assignment
 * of the instance (per call linear in the organization). `pragma optimize` analyses only tables
 * that were never analysed or changed size many times over, with `analysis_limit` bounding the
 * work, so a run costs next to nothing when nothing grew.
 */
export const OPTIMIZE_EVERY_MS = 5 * 60_000

/** Rows ANALYZE samples per index (SQLite's suggested bound for `pragma optimize`). */
const ANALYSIS_LIMIT = 1000

/**
 * The pragmas every connection runs, in order.
 * - `journal_mode = WAL`: readers never block the writer nor each other; commits append to the
 *   log. Persistent in the file; needs the lock once, hence the startup busy timeout before it.
 * - `synchronous = FULL`: the log is fsynced at every commit, so a transaction acknowledged to a
 *   client survives a power cut or kernel crash, not only a process crash. With NORMAL, WAL mode
 *   stays consistent but the last commits can vanish on power loss; an acknowledged CreateAccount
 *   or AttachPolicy that later disappears is the one failure an access-control plane must not
 *   have, and writes here are rare (control plane), so the fsync per commit is cheap. PostgreSQL's
 *   default (`synchronous_commit = on`) gives the same promise.
 * - `foreign_keys = ON`: enforce the schema's references (off by default in SQLite).
 * - `busy_timeout = 0` last: after opening, lock waits happen on the event loop (see
 *   `NodeSqliteDriver`), never inside SQLite's synchronous busy handler.
 */
export const SQLITE_PRAGMAS = [
  'busy_timeout = 10000',
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 0',
] as const

const FILES = new WeakMap<object, string>()

/**
 * The file a Kysely instance made by {@link openSqlite} works on; undefined for any other (a
 * PostgreSQL one, a transaction). Lets a store open a second connection to the same file.
 */
export const sqliteFileOf = (db: object): string | undefined => FILES.get(db)

/**
 * Opens (creating if needed) a SQLite file through `node:sqlite` and returns Kysely over it.
 * One connection per call: Kysely serialises this process's queries on it; other processes and
 * other calls on the same file coordinate through SQLite's locks.
 *
 * @example
 * const db = openSqlite<Schema>(join(dataDir, 'xaccess.db'))
 */
export function openSqlite<DB>(file: string, options: OpenSqliteOptions = {}): Kysely<DB> {
  const database = new DatabaseSync(file)
  try {
    for (const pragma of SQLITE_PRAGMAS) database.exec(`pragma ${pragma}`)
    // SQLite's advice for long-lived connections: check every table at open, then periodically.
    database.exec(`pragma analysis_limit = ${ANALYSIS_LIMIT}`)
    database.exec('pragma optimize = 0x10002')
  } catch (error) {
    database.close()
    throw error
  }
  const adapter = new NodeSqliteDatabase(database)
  const dialect = new NodeSqliteDialect({
    database: {
      prepare: (text) => adapter.prepare(text),
      close: () => {
        clearInterval(timer)
        adapter.close()
      },
    },
    ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
  })
  const db = new Kysely<DB>({ dialect })
  const every = options.optimizeEveryMs ?? OPTIMIZE_EVERY_MS
  // Through Kysely, so it waits for a transaction in progress rather than joining it.
  const timer =
    every > 0
      ? setInterval(() => void sql`pragma optimize`.execute(db).catch(() => {}), every).unref()
      : undefined
  if (file !== ':memory:' && file !== '') FILES.set(db, file)
  return db
}
