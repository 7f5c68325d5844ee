import { sql, type Kysely } from 'kysely'
import { MIGRATIONS } from './migrate.ts'

/**
 * The migrations this version knows that the database has not run (Kysely's `kysely_migration`
 * table, in the current schema); all of them when the table does not exist yet. Migrations the
 * database ran that this version does not know (a newer node migrated) are not counted.
 *
 * @example if ((await pendingMigrations(db)).length > 0) answer503()
 */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  let applied: Set<string>
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
    applied = new Set(rows.map((r) => r.name))
  } catch {
    applied = new Set()
  }
  return Object.keys(MIGRATIONS).filter((name) => !applied.has(name))
}
