import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The identity source of Identity Center (issue 14): one row per instance that set one (none
 * means the built-in store), an OpenID provider's client secret sealed with the master key or a
 * SAML identity provider's metadata; and the pending
 * sign-ins through an external provider (by the SHA-256 of their state, single use, short-lived).
 */
export const m0016IdentitySource: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('idc_identity_source')
      .addColumn('instance_arn', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text')
      .addColumn('client_id', 'text')
      .addColumn('sealed_client_secret', 'text')
      .addColumn('scopes', 'text')
      .addColumn('user_claim', 'text')
      .addColumn('groups_claim', 'text')
      .addColumn('provisioning', 'text')
      .addColumn('saml_metadata', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('idc_external_sign_in')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('binding_hash', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('idc_external_sign_in_created_idx')
      .on('idc_external_sign_in')
      .column('created_at')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('idc_external_sign_in').execute()
    await db.schema.dropTable('idc_identity_source').execute()
  },
}
