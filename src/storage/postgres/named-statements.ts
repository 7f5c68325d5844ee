/**
 * Prepared statement reuse on PostgreSQL: every parameterized SQL text gets a statement name, so
 * each pooled connection parses and plans it once and then only binds and executes it (pg sends
 * Parse only the first time a connection sees a name). Kysely's PostgresDialect passes plain
 * `(sql, parameters)`; the pool's clients are wrapped once, when they connect.
 *
 * Bounded: at most {@link STATEMENT_NAME_LIMIT} texts are named (so at most that many statements
 * per connection); later texts, texts without parameters (`begin`, migrations' scripts) and
 * texts with many parameters (bulk inserts, long `in (…)` lists, whose text varies with the
 * count) run unnamed, as before.
 */
import type pg from 'pg'

/** Named SQL texts at most. */
export const STATEMENT_NAME_LIMIT = 1000

/** Parameters above which a text is not named. */
export const STATEMENT_PARAMETER_LIMIT = 64

/** PostgreSQL's feature_not_supported, raised when a prepared plan's columns changed. */
const CACHED_PLAN_CHANGED = '0A000'

/** The statement name of each SQL text, shared by every connection of one pool. */
export class StatementNames {
  readonly #names = new Map<string, string>()
  #next = 0

  /** The name of `text`, or undefined when it runs unnamed. */
  nameOf(text: string, parameters: number): string | undefined {
    if (parameters === 0 || parameters > STATEMENT_PARAMETER_LIMIT) return undefined
    const known = this.#names.get(text)
    if (known !== undefined) return known
    if (this.#names.size >= STATEMENT_NAME_LIMIT) return undefined
    const name = `xa_${(this.#next++).toString(36)}`
    this.#names.set(text, name)
    return name
  }

  /**
   * Stops naming `text` (its prepared plan no longer fits the schema); a later use gets a new
   * name, so no connection reuses the stale one.
   */
  forget(text: string): void {
    this.#names.delete(text)
  }

  /** How many texts are named. */
  get size(): number {
    return this.#names.size
  }
}

type QueryFn = (...args: unknown[]) => unknown

/**
 * Names the statements of every client `pool` connects from now on.
 * @example const pool = new pg.Pool({ connectionString }); nameStatements(pool)
 */
export function nameStatements(pool: pg.Pool, names = new StatementNames()): StatementNames {
  pool.on('connect', (client) => nameClientStatements(client, names))
  return names
}

/** Wraps `client.query` so that `(text, values)` calls run as named statements. */
export function nameClientStatements(client: pg.ClientBase, names: StatementNames): void {
  const query = client.query.bind(client) as QueryFn
  const named: QueryFn = (text, values, callback) => {
    if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined) {
      return query(...[text, values, callback].filter((a) => a !== undefined))
    }
    const name = names.nameOf(text, values.length)
    if (name === undefined) return query(text, values)
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error
      // The schema changed under the prepared plan (another node migrated): run it unnamed.
      names.forget(text)
      return query(text, values)
    })
  }
  client.query = named as typeof client.query
}
