import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The identity store of IAM Identity Center: users, groups, memberships, and users' sign-in
 * credentials (argon2id hash, sealed TOTP seeds, the last TOTP step used, failed attempts and
 * lock). Names are unique per store case-insensitively through `*_key` columns (lowercased by
 * the store). Memberships and credentials go with their user (and memberships with their
 * group) by `on delete cascade`. User profile members are one JSON text column: read whole.
 */
export const m0004IdentityStore: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('ids_user')
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('user_name_key', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('attributes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ids_user_pkey', ['identity_store_id', 'user_id'])
      .addUniqueConstraint('ids_user_name_key', ['identity_store_id', 'user_name_key'])
      .execute()

    await db.schema
      .createTable('ids_group')
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('display_name_key', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ids_group_pkey', ['identity_store_id', 'group_id'])
      .addUniqueConstraint('ids_group_name_key', ['identity_store_id', 'display_name_key'])
      .execute()

    await db.schema
      .createTable('ids_membership')
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('membership_id', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ids_membership_pkey', ['identity_store_id', 'membership_id'])
      .addUniqueConstraint('ids_membership_member_key', [
        'identity_store_id',
        'group_id',
        'user_id',
      ])
      .addForeignKeyConstraint(
        'ids_membership_group_fkey',
        ['identity_store_id', 'group_id'],
        'ids_group',
        ['identity_store_id', 'group_id'],
        (fk) => fk.onDelete('cascade'),
      )
      .addForeignKeyConstraint(
        'ids_membership_user_fkey',
        ['identity_store_id', 'user_id'],
        'ids_user',
        ['identity_store_id', 'user_id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute()
    await db.schema
      .createIndex('ids_membership_user_idx')
      .on('ids_membership')
      .columns(['identity_store_id', 'user_id', 'membership_id'])
      .execute()

    await db.schema
      .createTable('ids_user_credential')
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('sealed_seed', 'text')
      .addColumn('pending_seed', 'text')
      .addColumn('last_step', 'bigint')
      .addColumn('failed_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .addPrimaryKeyConstraint('ids_user_credential_pkey', ['identity_store_id', 'user_id'])
      .addForeignKeyConstraint(
        'ids_user_credential_user_fkey',
        ['identity_store_id', 'user_id'],
        'ids_user',
        ['identity_store_id', 'user_id'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['ids_user_credential', 'ids_membership', 'ids_group', 'ids_user']) {
      await db.schema.dropTable(table).execute()
    }
  },
}
