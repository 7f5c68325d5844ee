import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { openPostgres } from './postgres/index.ts'
import type { Schema } from './schema.ts'
import { openSqlite } from './sqlite/index.ts'

/** The SQL backends xaccess runs on. */
export const DIALECTS = ['sqlite', 'postgres'] as const
/** One of {@link DIALECTS}. */
export type DialectName = (typeof DIALECTS)[number]

/** An open database: Kysely over it, which backend it is, and how to close it. */
export interface Database {
  readonly db: Kysely<Schema>
  readonly dialect: DialectName
  /** Closes every connection; the handle is unusable afterwards. */
  close(): Promise<void>
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema to work in (`search_path`); it must exist. */
  readonly schema?: string
  /** SQLite only: total wait for another connection's write lock, in ms. */
  readonly lockWaitMs?: number
}

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE_NAME = 'xaccess.db'

/**
 * Opens the database `--database` names: nothing or `sqlite:` means the SQLite file
 * `<dataDir>/xaccess.db` (the directory is created if needed); `sqlite:PATH` a given file;
 * `postgres://…` or `postgresql://…` PostgreSQL. Does not migrate: see `migrateToLatest`.
 *
 * @example
 * const { db, dialect, close } = openDatabase(undefined, '.xaccess')
 */
export function openDatabase(
  url: string | undefined,
  dataDir: string,
  options: OpenDatabaseOptions = {},
): Database {
  if (url === undefined || url === '' || url.startsWith('sqlite:')) {
    const path = url?.slice('sqlite:'.length) ?? ''
    let file = path.replace(/^\/\//, '')
    if (file === '') {
      mkdirSync(dataDir, { recursive: true })
      file = join(dataDir, SQLITE_FILE_NAME)
    }
    const lockWait = options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }
    const db = openSqlite<Schema>(file, lockWait)
    return { db, dialect: 'sqlite', close: () => db.destroy() }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const db = openPostgres<Schema>(
      url,
      options.schema === undefined ? {} : { schema: options.schema },
    )
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  throw new Error(`unsupported database url '${redact(url)}': use sqlite: or postgres://`)
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
}
