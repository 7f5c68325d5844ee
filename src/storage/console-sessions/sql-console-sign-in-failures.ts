import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import {
  CONSOLE_FAILURES_FORGOTTEN_AFTER_MS,
  consoleLockMs,
  type ConsoleSignInFailures,
} from '../../domain/identity-center/console/index.ts'
import type { Schema } from '../schema.ts'
import type { ConsoleSessionsSchema } from './console-sessions-schema.ts'
import { ambient } from '../sql/index.ts'

type Db = Kysely<ConsoleSessionsSchema>

const PURGE_EVERY_MS = 5 * 60_000

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/**
 * Failed IAM console sign-ins counted in the database, so a lockout earned on one node holds on
 * every node. A failure is one atomic upsert (two nodes counting at once both count); the lock
 * it earns is then raised with a conditional UPDATE that never shortens a longer one. Keys are
 * kept only as SHA-256. Counts forgotten a day after the last failure are purged from time to
 * time.
 *
 * @example
 * createServerConsole({ ..., failures: new SqlConsoleSignInFailures(db) })
 */
export class SqlConsoleSignInFailures implements ConsoleSignInFailures {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }
  #lastPurge = 0

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async record(key: string, now: number): Promise<number | undefined> {
    await this.#purge(now)
    const keyHash = sha256(key)
    const forgetBefore = now - CONSOLE_FAILURES_FORGOTTEN_AFTER_MS
    const row = await this.#db
      .insertInto('console_sign_in_failure')
      .values({ key_hash: keyHash, failures: 1, locked_until: 0, last_failed_at: now })
      .onConflict((oc) =>
        oc.column('key_hash').doUpdateSet((eb) => ({
          failures: sql<number>`case when ${eb.ref('console_sign_in_failure.last_failed_at')} < ${forgetBefore} and ${eb.ref('console_sign_in_failure.locked_until')} <= ${now} then 1 else ${eb.ref('console_sign_in_failure.failures')} + 1 end`,
          last_failed_at: now,
        })),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow()
    const lock = consoleLockMs(Number(row.failures))
    const until = Math.max(Number(row.locked_until), lock === 0 ? 0 : now + lock)
    if (lock > 0) {
      await this.#db
        .updateTable('console_sign_in_failure')
        .set({ locked_until: now + lock })
        .where('key_hash', '=', keyHash)
        .where('locked_until', '<', now + lock)
        .execute()
    }
    return until > now ? until : undefined
  }

  async clear(key: string): Promise<void> {
    await this.#db
      .deleteFrom('console_sign_in_failure')
      .where('key_hash', '=', sha256(key))
      .execute()
  }

  async lockedUntil(key: string, now: number): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('console_sign_in_failure')
      .select('locked_until')
      .where('key_hash', '=', sha256(key))
      .executeTakeFirst()
    const until = row === undefined ? 0 : Number(row.locked_until)
    return until > now ? until : undefined
  }

  async #purge(now: number): Promise<void> {
    if (now - this.#lastPurge < PURGE_EVERY_MS) return
    this.#lastPurge = now
    await this.#db
      .deleteFrom('console_sign_in_failure')
      .where('last_failed_at', '<', now - CONSOLE_FAILURES_FORGOTTEN_AFTER_MS)
      .where('locked_until', '<=', now)
      .execute()
  }
}
