import { PostgresAdapter, sql, type Kysely } from 'kysely'

/**
 * Holds the lock named `key` until the current transaction ends: on PostgreSQL a transaction-level
 * advisory lock (`pg_advisory_xact_lock` on a 64-bit hash of the key), so that writers on other
 * connections or nodes that take the same key wait for this transaction to commit or roll back
 * and then see what it wrote (READ COMMITTED reads the latest committed rows at each statement).
 * On SQLite it does nothing: one writer at a time holds the whole database.
 *
 * INVARIANT: call it inside the transaction that makes the change (a unit of work); outside
 * one, PostgreSQL releases the lock at once.
 *
 * @example await lockInTransaction(this.#db, `sso-provisioning:${psArn}:${accountId}`)
 */
export async function lockInTransaction<DB>(db: Kysely<DB>, key: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db)
}
