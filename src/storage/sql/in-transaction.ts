import type { Kysely } from 'kysely'
import { withinSavepoint } from './ambient-transaction.ts'

/**
 * Runs `fn` atomically: in `db` when it is already a transaction (behind a savepoint when that is
 * a unit of work's, so a failure undoes only `fn`'s part), else in a new transaction that commits
 * when `fn` resolves and rolls back when it rejects.
 *
 * @example
 * await inTransaction(db, async (trx) => { await deleteChildren(trx); await deleteParent(trx) })
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return withinSavepoint(db, () => fn(db))
  return db.transaction().execute(fn)
}
