import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { SingleUseIds, SingleUseKind } from '../../domain/common/single-use-ids.ts'
import type { Schema } from '../schema.ts'
import { ambient } from '../sql/index.ts'
import type { SingleUseSchema } from './single-use-schema.ts'

type Db = Kysely<SingleUseSchema>

const PRUNE_EVERY_MS = 5 * 60_000

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/**
 * Single-use ids in the database, so that an id used on one node is refused on every node. A
 * use is one insert that does nothing on a conflict with the primary key: the one insert that
 * lands wins, however many nodes try at once. An expired row of the same id is deleted first (an
 * id may be used again once its first use has expired). Ids are kept as SHA-256 only. Expired
 * rows are pruned from time to time.
 *
 * @example
 * createServerConsole({ ..., singleUse: new SqlSingleUseIds(db) })
 */
export class SqlSingleUseIds implements SingleUseIds {
  readonly #root: Db
  #lastPrune = 0

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async use(kind: SingleUseKind, id: string, expiresAt: number, now: number): Promise<boolean> {
    await this.prune(now)
    const idHash = sha256(id)
    await this.#db
      .deleteFrom('single_use_id')
      .where('kind', '=', kind)
      .where('id_hash', '=', idHash)
      .where('expires_at', '<=', now)
      .execute()
    const inserted = await this.#db
      .insertInto('single_use_id')
      .values({ kind, id_hash: idHash, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['kind', 'id_hash']).doNothing())
      .returning('id_hash')
      .executeTakeFirst()
    return inserted !== undefined
  }

  /** Deletes the rows expired by `now` (at most once every five minutes unless `force`). */
  async prune(now: number, force = false): Promise<number> {
    if (!force && now - this.#lastPrune < PRUNE_EVERY_MS) return 0
    this.#lastPrune = now
    const result = await this.#db
      .deleteFrom('single_use_id')
      .where('expires_at', '<=', now)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}
