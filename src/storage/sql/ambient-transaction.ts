import { AsyncLocalStorage } from 'node:async_hooks'
import { sql, type Kysely } from 'kysely'
import { withUnitEndEffects, type UnitOfWork } from '../../domain/common/unit-of-work.ts'

interface Ambient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one transaction, any schema view
  readonly root: Kysely<any>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly trx: Kysely<any>
  savepoints: number
}

const current = new AsyncLocalStorage<Ambient>()

/**
 * The connection a store must use: inside a unit of work on the same database, its transaction;
 * otherwise `root` itself. Stores read their connection through this on every statement.
 *
 * @example get #db() { return ambient(this.#root) }
 */
export function ambient<DB>(root: Kysely<DB>): Kysely<DB> {
  if (root.isTransaction) return root
  const a = current.getStore()
  return a !== undefined && a.root === root ? (a.trx as Kysely<DB>) : root
}

/**
 * Runs `fn` so that a failure inside it undoes only its own statements, when `db` is a unit of
 * work's transaction: a savepoint around it (PostgreSQL aborts a whole transaction on one failed
 * statement; a caller that catches the failure and goes on needs the rest intact). Elsewhere it
 * just runs `fn`.
 */
export async function withinSavepoint<DB, T>(db: Kysely<DB>, fn: () => Promise<T>): Promise<T> {
  const a = current.getStore()
  if (a === undefined || a.trx !== (db as unknown)) return fn()
  const name = sql.raw(`xaccess_sp_${++a.savepoints}`)
  await sql`savepoint ${name}`.execute(db)
  try {
    const value = await fn()
    await sql`release savepoint ${name}`.execute(db)
    return value
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(db)
    await sql`release savepoint ${name}`.execute(db)
    throw error
  }
}

/**
 * The {@link UnitOfWork} of one database: a transaction every store over `root` joins while the
 * unit runs (through {@link ambient}).
 *
 * @example new SqlUnitOfWork(db).run(() => op.run(input, call))
 */
export class SqlUnitOfWork implements UnitOfWork {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly #root: Kysely<any>

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(root: Kysely<any>) {
    this.#root = root
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    const root = this.#root
    if (current.getStore()?.root === root) return fn()
    return withUnitEndEffects(() =>
      root.transaction().execute((trx) => current.run({ root, trx, savepoints: 0 }, fn)),
    )
  }
}

/** Runs `fn` behind a savepoint when a unit of work is under way (see {@link withinSavepoint}). */
export function ambientSavepoint<T>(fn: () => Promise<T>): Promise<T> {
  const a = current.getStore()
  return a === undefined ? fn() : withinSavepoint(a.trx, fn)
}
