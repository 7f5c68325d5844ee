import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The access portal's and sso-oidc's state: registered clients (sealed secrets), device
 * authorizations (device codes as SHA-256), tokens (access and refresh tokens as SHA-256),
 * portal sessions (ids as SHA-256) and per-instance portal settings. Users are referred to by
 * identity store and user id (the identity store's tables are another migration's: no foreign
 * key). Times are epoch ms; scope lists JSON text.
 */
export const m0006IdentityCenterSessions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('oidc_client')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_name', 'text', (c) => c.notNull())
      .addColumn('client_type', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('sealed_secret', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('secret_expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_client_pkey', ['client_id'])
      .execute()

    await db.schema
      .createTable('oidc_device_authorization')
      .addColumn('device_code_hash', 'text', (c) => c.notNull())
      .addColumn('user_code', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('start_url', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_poll_at', 'bigint')
      .addColumn('fast_polls', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_device_authorization_pkey', ['device_code_hash'])
      .addUniqueConstraint('oidc_device_authorization_user_code_key', ['user_code'])
      .execute()
    await db.schema
      .createIndex('oidc_device_authorization_expires_idx')
      .on('oidc_device_authorization')
      .column('expires_at')
      .execute()

    await db.schema
      .createTable('oidc_token')
      .addColumn('access_token_hash', 'text', (c) => c.notNull())
      .addColumn('refresh_token_hash', 'text')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('refresh_expires_at', 'bigint')
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_token_pkey', ['access_token_hash'])
      .addUniqueConstraint('oidc_token_refresh_key', ['refresh_token_hash'])
      .execute()
    await db.schema
      .createIndex('oidc_token_user_idx')
      .on('oidc_token')
      .columns(['identity_store_id', 'user_id'])
      .execute()

    await db.schema
      .createTable('portal_session')
      .addColumn('id_hash', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('portal_session_pkey', ['id_hash'])
      .execute()
    await db.schema
      .createIndex('portal_session_last_seen_idx')
      .on('portal_session')
      .column('last_seen_at')
      .execute()

    await db.schema
      .createTable('portal_setting')
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('mfa_required', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('portal_setting_pkey', ['instance_arn'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'portal_setting',
      'portal_session',
      'oidc_token',
      'oidc_device_authorization',
      'oidc_client',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
