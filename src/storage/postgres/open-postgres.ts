import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import { nameStatements } from './named-statements.ts'

/** Options of {@link openPostgres}. */
export interface OpenPostgresOptions {
  /**
   * Schema to work in, set as every connection's `search_path` (default: the server's); a plain
   * lowercase identifier. It must exist before the first query.
   */
  readonly schema?: string
  /** Pool size (default 10). */
  readonly maxConnections?: number
  /** Prepare each parameterized statement once per connection (default true). */
  readonly namedStatements?: boolean
}

const INT8_OID = 20

/**
 * Opens a `pg` pool on a `postgres://` URL and returns Kysely over it. `bigint` columns (epoch
 * milliseconds, counts) come back as numbers, not strings; the parser is set on this pool only.
 * Parameterized statements are prepared once per connection and reused (named statements).
 *
 * @example
 * const db = openPostgres<Schema>('postgres://xaccess:xaccess@127.0.0.1:5432/xaccess')
 */
export function openPostgres<DB>(url: string, options: OpenPostgresOptions = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(options.schema === undefined
      ? {}
      : { options: `-c search_path=${checkSchemaName(options.schema)}` }),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // An idle connection the server ends (a restart, pg_terminate_backend, a failover) is an 'error'
  // event on the pool; unheard, it would end the process. pg drops that connection and opens a new
  // one for the next query, so saying so once is all there is to do.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, 'XaccessPostgres')
  })
  if (options.namedStatements !== false) nameStatements(pool)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

const pools = new WeakMap<object, pg.Pool>()

/**
 * How busy the pool of a database {@link openPostgres} opened is (for metrics): connections open,
 * idle, and callers waiting for one; undefined for any other database.
 */
export function postgresPoolUse(
  db: object,
): { readonly total: number; readonly idle: number; readonly waiting: number } | undefined {
  const pool = pools.get(db)
  if (pool === undefined) return undefined
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
}

/** Accepts only plain lowercase identifiers, which need no quoting in `search_path`. */
function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name '${name}'`)
  return name
}
