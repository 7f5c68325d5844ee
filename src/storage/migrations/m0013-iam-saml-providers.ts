import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * IAM SAML providers (OpenID Connect providers are in 0003): the metadata document as given,
 * keyed by ARN; tags use `iam_tag` by the ARN. Times are epoch ms.
 */
export const m0013IamSamlProviders: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('iam_saml_provider')
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('uuid', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_saml_provider_pkey', ['arn'])
      .execute()
    await db.schema
      .createIndex('iam_saml_provider_account_idx')
      .on('iam_saml_provider')
      .columns(['account_id', 'arn'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('iam_saml_provider').execute()
  },
}
