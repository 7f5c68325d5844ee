import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * SCIM provisioning of the identity store (issue 14): a user may be deactivated (`active` 0,
 * SCIM's `active: false`, identitystore's `UserStatus: DISABLED`) and carries the identity
 * provider's `externalId`; SCIM bearer tokens are kept as SHA-256 hashes of their secret, with
 * their expiry (a year after creation, as AWS's).
 */
export const m0015Scim: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('ids_user')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute()
    await db.schema.alterTable('ids_user').addColumn('external_id', 'text').execute()
    await db.schema
      .createTable('ids_scim_token')
      .addColumn('token_id', 'text', (c) => c.primaryKey())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('ids_scim_token_store_idx')
      .on('ids_scim_token')
      .columns(['identity_store_id', 'created_at'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('ids_scim_token').execute()
    await db.schema.alterTable('ids_user').dropColumn('external_id').execute()
    await db.schema.alterTable('ids_user').dropColumn('active').execute()
  },
}
