import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** The part of a `node:sqlite` prepared statement (`StatementSync`) the adapter uses. */
export interface SyncStatement {
  columns(): readonly unknown[]
  all(...parameters: never[]): unknown[]
  run(...parameters: never[]): { changes: number | bigint; lastInsertRowid: number | bigint }
  iterate(...parameters: never[]): Iterator<unknown>
}

/** The part of a `node:sqlite` database (`DatabaseSync`) the adapter uses. */
export interface SyncDatabase {
  prepare(sql: string): SyncStatement
  close(): void
}

/** Prepared statements kept per connection (the SQL texts of a server are a bounded set). */
export const STATEMENT_CACHE_LIMIT = 1000

/**
 * Presents a `node:sqlite` `DatabaseSync` as the database Kysely's `SqliteDialect` expects:
 * `reader` is whether the statement yields columns, and the parameter array is spread into the
 * call, as `node:sqlite` takes parameters one by one. Statements are prepared once per SQL text
 * and reused (least recently used dropped past {@link STATEMENT_CACHE_LIMIT}): Kysely compiles
 * the same text for every call of a query, and preparing it again cost a sixth of the CPU of
 * read-heavy work. SQLite re-prepares a cached statement itself after a schema change.
 *
 * @example
 * new SqliteDialect({ database: new NodeSqliteDatabase(new DatabaseSync(file)) })
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: SyncDatabase
  readonly #statements = new Map<string, SqliteStatement>()

  /** Wraps an open `node:sqlite` database; closing the adapter closes it. */
  constructor(db: SyncDatabase) {
    this.#db = db
  }

  /** The prepared statement of `sql`, prepared on first use. */
  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql)
    if (cached !== undefined) {
      // Most recently used last: the first entry is the one dropped when full.
      this.#statements.delete(sql)
      this.#statements.set(sql, cached)
      return cached
    }
    const prepared = this.#prepare(sql)
    if (this.#statements.size >= STATEMENT_CACHE_LIMIT) {
      this.#statements.delete(this.#statements.keys().next().value!)
    }
    this.#statements.set(sql, prepared)
    return prepared
  }

  /** How many statements are kept prepared. */
  get cachedStatements(): number {
    return this.#statements.size
  }

  #prepare(sql: string): SqliteStatement {
    const statement = this.#db.prepare(sql)
    const spread = (parameters: ReadonlyArray<unknown>) => parameters as never[]
    return {
      reader: statement.columns().length > 0,
      all: (parameters) => statement.all(...spread(parameters)),
      run: (parameters) => {
        const { changes, lastInsertRowid } = statement.run(...spread(parameters))
        return { changes, lastInsertRowid }
      },
      iterate: (parameters) => toIterableIterator(statement.iterate(...spread(parameters))),
    }
  }

  /** Closes the database. */
  close(): void {
    this.#statements.clear()
    this.#db.close()
  }
}

function toIterableIterator<T>(iterator: Iterator<T>): IterableIterator<T> {
  return {
    next: () => iterator.next(),
    [Symbol.iterator]() {
      return this
    },
  }
}
