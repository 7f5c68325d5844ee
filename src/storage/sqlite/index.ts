// Public face of the SQLite backend: Kysely over node:sqlite.
export { NodeSqliteAdapter } from './node-sqlite-adapter.ts'
export type { SyncDatabase, SyncStatement } from './node-sqlite-database.ts'
export { NodeSqliteDatabase } from './node-sqlite-database.ts'
export type { NodeSqliteDialectConfig } from './node-sqlite-dialect.ts'
export { NodeSqliteDialect } from './node-sqlite-dialect.ts'
export { DEFAULT_LOCK_WAIT_MS, NodeSqliteDriver } from './node-sqlite-driver.ts'
export type { OpenSqliteOptions } from './open-sqlite.ts'
export { openSqlite, sqliteFileOf, SQLITE_PRAGMAS } from './open-sqlite.ts'
