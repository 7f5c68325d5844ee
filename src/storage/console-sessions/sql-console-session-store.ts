import type { Kysely } from 'kysely'
import type {
  ConsoleSessionRecord,
  ConsoleSessionStore,
} from '../../domain/identity-center/console/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, withStoreErrors } from '../sql/index.ts'
import { fromConsoleSession, toConsoleSession } from './console-session-rows.ts'
import type { ConsoleSessionsSchema } from './console-sessions-schema.ts'

type Db = Kysely<ConsoleSessionsSchema>

/**
 * Console sessions over Kysely, in SQL that SQLite and PostgreSQL both run unchanged, so any
 * node serves any session. Rows hold exactly what the record holds: the id only as its SHA-256,
 * session tokens as the server sealed them. Nothing here logs a row.
 *
 * @example
 * createServerConsole({ ..., store: new SqlConsoleSessionStore(db) })
 */
export class SqlConsoleSessionStore implements ConsoleSessionStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async create(record: ConsoleSessionRecord): Promise<void> {
    // No constraint is named: a collision's subject is what the driver reports.
    await withStoreErrors([], () =>
      this.#db.insertInto('console_session').values(fromConsoleSession(record)).execute(),
    )
  }

  async get(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('console_session')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst()
    return row && toConsoleSession(row)
  }

  /** Replaces a session that still exists; a session ended meanwhile stays ended. */
  async put(record: ConsoleSessionRecord): Promise<void> {
    const { id_hash: idHash, ...row } = fromConsoleSession(record)
    await this.#db.updateTable('console_session').set(row).where('id_hash', '=', idHash).execute()
  }

  async delete(idHash: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('console_session')
      .where('id_hash', '=', idHash)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async purge(idleBefore: number, createdBefore: number): Promise<void> {
    await this.#db
      .deleteFrom('console_session')
      .where((eb) =>
        eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]),
      )
      .execute()
  }
}
