import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The tables of IAM's security features: virtual MFA devices (sealed TOTP seeds, the last time
 * step used), login profiles (argon2id hashes), OpenID Connect providers, account aliases and
 * account password policies. Users are referred to by unique id (IAM core's tables may live in
 * another migration, so no foreign key). Lists and tags are JSON text: small, read whole.
 */
export const m0003IamSecurity: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('iam_mfa_device')
      .addColumn('serial_number', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('sealed_seed', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('enabled_at', 'bigint')
      .addColumn('last_step', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_mfa_device_pkey', ['serial_number'])
      .addUniqueConstraint('iam_mfa_device_name_key', ['account_id', 'name'])
      .addCheckConstraint(
        'iam_mfa_device_assigned_check',
        sql`(user_id is null) = (enabled_at is null)`,
      )
      .execute()
    await db.schema
      .createIndex('iam_mfa_device_user_idx')
      .on('iam_mfa_device')
      .columns(['account_id', 'user_id', 'serial_number'])
      .execute()

    await db.schema
      .createTable('iam_login_profile')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('password_reset_required', 'integer', (c) =>
        c.notNull().check(sql`password_reset_required in (0, 1)`),
      )
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_login_profile_pkey', ['account_id', 'user_id'])
      .execute()

    await db.schema
      .createTable('iam_oidc_provider')
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('client_ids', 'text', (c) => c.notNull())
      .addColumn('thumbprints', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_oidc_provider_pkey', ['arn'])
      .execute()
    await db.schema
      .createIndex('iam_oidc_provider_account_idx')
      .on('iam_oidc_provider')
      .columns(['account_id', 'arn'])
      .execute()

    await db.schema
      .createTable('iam_account_alias')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_account_alias_pkey', ['account_id'])
      .addUniqueConstraint('iam_account_alias_alias_key', ['alias'])
      .execute()

    await db.schema
      .createTable('iam_password_policy')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_password_policy_pkey', ['account_id'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'iam_password_policy',
      'iam_account_alias',
      'iam_oidc_provider',
      'iam_login_profile',
      'iam_mfa_device',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
