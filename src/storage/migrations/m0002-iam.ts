import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

// INVARIANT: a migration is frozen once released. It names its own value lists instead of
// importing the domain's, so a later change there cannot rewrite history here.

/** `column in ('A', 'B')` for a check constraint. */
function oneOf(column: string, values: readonly (string | number)[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`
}

/**
 * The IAM tables: users, groups and memberships, roles, inline policies, customer managed
 * policies with their versions, attachments of managed policies (customer or AWS-managed, by
 * ARN), access keys (secrets sealed) and tags. Names are unique per account case-insensitively
 * through a `name_key` column holding the lower-cased name (also the paging key). Inline
 * policies, attachments and tags refer to their entity by unique id (`AIDA…`, `AGPA…`, `AROA…`,
 * `ANPA…`), which no single foreign key can express: the store deletes them with the entity.
 */
export const m0002Iam: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('iam_user')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('permissions_boundary_arn', 'text')
      .addPrimaryKeyConstraint('iam_user_pkey', ['id'])
      .addUniqueConstraint('iam_user_name_key', ['account_id', 'name_key'])
      .execute()

    await db.schema
      .createTable('iam_group')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_group_pkey', ['id'])
      .addUniqueConstraint('iam_group_name_key', ['account_id', 'name_key'])
      .execute()

    await db.schema
      .createTable('iam_group_member')
      .addColumn('group_id', 'text', (c) =>
        c.notNull().references('iam_group.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) =>
        c.notNull().references('iam_user.id').onDelete('cascade'),
      )
      .addPrimaryKeyConstraint('iam_group_member_pkey', ['group_id', 'user_id'])
      .execute()
    await db.schema
      .createIndex('iam_group_member_user_idx')
      .on('iam_group_member')
      .columns(['user_id', 'group_id'])
      .execute()

    await db.schema
      .createTable('iam_role')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('trust_policy', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('max_session_duration', 'integer', (c) =>
        c.notNull().check(sql`max_session_duration between 3600 and 43200`),
      )
      .addColumn('permissions_boundary_arn', 'text')
      .addColumn('last_used_at', 'bigint')
      .addColumn('last_used_region', 'text')
      .addPrimaryKeyConstraint('iam_role_pkey', ['id'])
      .addUniqueConstraint('iam_role_name_key', ['account_id', 'name_key'])
      .execute()

    await db.schema
      .createTable('iam_inline_policy')
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) =>
        c.notNull().check(oneOf('entity_type', ['user', 'group', 'role'])),
      )
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_inline_policy_pkey', ['entity_id', 'policy_name'])
      .execute()

    await db.schema
      .createTable('iam_managed_policy')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('default_version_id', 'text', (c) => c.notNull())
      .addColumn('last_version_number', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_managed_policy_pkey', ['id'])
      .addUniqueConstraint('iam_managed_policy_name_key', ['account_id', 'name_key'])
      .addUniqueConstraint('iam_managed_policy_arn_key', ['arn'])
      .execute()

    await db.schema
      .createTable('iam_policy_version')
      .addColumn('policy_id', 'text', (c) =>
        c.notNull().references('iam_managed_policy.id').onDelete('cascade'),
      )
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('version_number', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_policy_version_pkey', ['policy_id', 'version_id'])
      .execute()

    await db.schema
      .createTable('iam_policy_attachment')
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('policy_arn', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) =>
        c.notNull().check(oneOf('entity_type', ['user', 'group', 'role'])),
      )
      .addPrimaryKeyConstraint('iam_policy_attachment_pkey', ['entity_id', 'policy_arn'])
      .execute()
    await db.schema
      .createIndex('iam_policy_attachment_policy_idx')
      .on('iam_policy_attachment')
      .columns(['account_id', 'policy_arn'])
      .execute()

    await db.schema
      .createTable('iam_access_key')
      .addColumn('access_key_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('iam_user.id').onDelete('cascade'))
      .addColumn('sealed_secret', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['Active', 'Inactive'])),
      )
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('last_used_region', 'text')
      .addColumn('last_used_service', 'text')
      .addPrimaryKeyConstraint('iam_access_key_pkey', ['access_key_id'])
      .execute()
    await db.schema
      .createIndex('iam_access_key_owner_idx')
      .on('iam_access_key')
      .columns(['account_id', 'user_id', 'access_key_id'])
      .execute()

    await db.schema
      .createTable('iam_tag')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('key_lower', 'text', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_tag_pkey', ['resource_id', 'key_lower'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'iam_tag',
      'iam_access_key',
      'iam_policy_attachment',
      'iam_policy_version',
      'iam_managed_policy',
      'iam_inline_policy',
      'iam_role',
      'iam_group_member',
      'iam_group',
      'iam_user',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
