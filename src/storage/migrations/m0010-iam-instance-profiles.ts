import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * IAM instance profiles: the profile (unique per account by lower-cased name) and the role it
 * holds, kept by role id with the role's name. Tags use `iam_tag` by the profile's id. Times are
 * epoch ms.
 */
export const m0010IamInstanceProfiles: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('iam_instance_profile')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_instance_profile_pkey', ['id'])
      .addUniqueConstraint('iam_instance_profile_name_key', ['account_id', 'name_key'])
      .execute()
    await db.schema
      .createTable('iam_instance_profile_role')
      .addColumn('profile_id', 'text', (c) =>
        c.notNull().references('iam_instance_profile.id').onDelete('cascade'),
      )
      .addColumn('role_id', 'text', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_instance_profile_role_pkey', ['profile_id', 'role_id'])
      .execute()
    await db.schema
      .createIndex('iam_instance_profile_role_role_idx')
      .on('iam_instance_profile_role')
      .column('role_id')
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('iam_instance_profile_role').execute()
    await db.schema.dropTable('iam_instance_profile').execute()
  },
}
