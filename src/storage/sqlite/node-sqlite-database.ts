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

/**
 * Presents a `node:sqlite` `DatabaseSync` as the database Kysely's `SqliteDialect` expects:
 * `reader` is whether the statement yields columns, and the parameter array is spread into the
 * call, as `node:sqlite` takes parameters one by one.
 *
 * @example
 * new SqliteDialect({ database: new NodeSqliteDatabase(new DatabaseSync(file)) })
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: SyncDatabase

  /** Wraps an open `node:sqlite` database; closing the adapter closes it. */
  constructor(db: SyncDatabase) {
    this.#db = db
  }

  /** Prepares one statement. */
  prepare(sql: string): SqliteStatement {
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
