import type { Kysely } from 'kysely'

/**
 * Runs `fn` atomically: in `db` when it is already a transaction, else in a new transaction
 * that commits when `fn` resolves and rolls back when it rejects.
 *
 * @example
 * await inTransaction(db, async (trx) => { await deleteChildren(trx); await deleteParent(trx) })
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db)
  return db.transaction().execute(fn)
}
