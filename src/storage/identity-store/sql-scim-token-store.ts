import type { Kysely } from 'kysely'
import type {
  ScimTokenRecord,
  ScimTokenStore,
} from '../../domain/identity-center/scim/scim-token-store.ts'
import type { Schema } from '../schema.ts'
import { ambient } from '../sql/index.ts'
import type { IdentityStoreSchema, IdsScimTokenTable } from './identity-store-schema.ts'

type Db = Kysely<IdentityStoreSchema>

// INVARIANT: PostgreSQL's pg returns `bigint` columns as strings; every read goes through Number().
const toToken = (r: IdsScimTokenTable): ScimTokenRecord => ({
  tokenId: r.token_id,
  identityStoreId: r.identity_store_id,
  secretHash: r.secret_hash,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  createdBy: r.created_by,
})

/**
 * SCIM bearer tokens over Kysely (table `ids_scim_token`, migration 0015), on SQLite and
 * PostgreSQL alike.
 * @example
 * const tokens = new ScimTokens(new SqlScimTokenStore(db))
 */
export class SqlScimTokenStore implements ScimTokenStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async createToken(t: ScimTokenRecord): Promise<void> {
    await this.#db
      .insertInto('ids_scim_token')
      .values({
        token_id: t.tokenId,
        identity_store_id: t.identityStoreId,
        secret_hash: t.secretHash,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        created_by: t.createdBy,
      })
      .execute()
  }

  async getToken(tokenId: string): Promise<ScimTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('ids_scim_token')
      .selectAll()
      .where('token_id', '=', tokenId)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async listTokens(identityStoreId: string): Promise<ScimTokenRecord[]> {
    const rows = await this.#db
      .selectFrom('ids_scim_token')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .orderBy('created_at')
      .orderBy('token_id')
      .execute()
    return rows.map(toToken)
  }

  async deleteToken(identityStoreId: string, tokenId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('ids_scim_token')
      .where('identity_store_id', '=', identityStoreId)
      .where('token_id', '=', tokenId)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
