import { SqliteAdapter } from 'kysely'

/**
 * Kysely's SQLite adapter, telling the migrator that SQLite runs DDL inside transactions (it
 * does). The migrator then applies pending migrations in one transaction, which our driver opens
 * with `begin immediate`: the write lock is taken before the migrator reads which migrations ran,
 * so processes starting at once on the same file migrate one after the other.
 */
export class NodeSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}
