import type { Kysely } from 'kysely'
import type { SamlProviderRecord, SamlProviderStore } from '../../domain/iam/saml-provider-store.ts'
import { ambient, withStoreErrors } from '../sql/index.ts'
import type { UniqueConstraint } from '../sql/index.ts'
import type { Schema } from '../schema.ts'

/** Row of `iam_saml_provider` (migration 0013). */
export interface IamSamlProviderTable {
  arn: string
  account_id: string
  name: string
  uuid: string
  metadata: string
  valid_until: number
  created_at: number
}

/** Kysely's view of the SAML provider table. */
export interface SamlProviderSchema {
  iam_saml_provider: IamSamlProviderTable
}

type Db = Kysely<SamlProviderSchema>

const CONSTRAINTS: readonly UniqueConstraint[] = [
  ['iam_saml_provider_pkey', 'iam_saml_provider.arn', 'samlProvider.arn'],
]

const toSaml = (row: IamSamlProviderTable): SamlProviderRecord => ({
  accountId: row.account_id,
  arn: row.arn,
  name: row.name,
  uuid: row.uuid,
  metadata: row.metadata,
  validUntil: Number(row.valid_until),
  createdAt: Number(row.created_at),
})

/**
 * IAM SAML providers over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const providers = new SqlSamlProviderStore(openDatabase(url, dataDir).db)
 */
export class SqlSamlProviderStore implements SamlProviderStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction. */
  constructor(db: Kysely<Schema> | Kysely<SamlProviderSchema>) {
    this.#root = db as unknown as Db
  }

  async createSamlProvider(p: SamlProviderRecord): Promise<void> {
    await withStoreErrors(CONSTRAINTS, () =>
      this.#db
        .insertInto('iam_saml_provider')
        .values({
          arn: p.arn,
          account_id: p.accountId,
          name: p.name,
          uuid: p.uuid,
          metadata: p.metadata,
          valid_until: p.validUntil,
          created_at: p.createdAt,
        })
        .execute(),
    )
  }

  async getSamlProvider(arn: string): Promise<SamlProviderRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_saml_provider')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst()
    return row === undefined ? undefined : toSaml(row)
  }

  async listSamlProviders(accountId: string): Promise<SamlProviderRecord[]> {
    const rows = await this.#db
      .selectFrom('iam_saml_provider')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('arn')
      .execute()
    return rows.map(toSaml)
  }

  async updateSamlProvider(p: SamlProviderRecord): Promise<void> {
    await this.#db
      .updateTable('iam_saml_provider')
      .set({ metadata: p.metadata, valid_until: p.validUntil })
      .where('arn', '=', p.arn)
      .execute()
  }

  async deleteSamlProvider(arn: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_saml_provider')
      .where('arn', '=', arn)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
