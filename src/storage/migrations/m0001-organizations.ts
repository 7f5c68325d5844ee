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
 * The Organizations tables: organization, roots, nested OUs, accounts, SCPs and RCPs with their
 * attachments, policy types enabled per root, tags, CreateAccount requests. Portable types only
 * (`text`, `integer`, `bigint` epoch milliseconds), explicit constraint names: the store maps a
 * violated constraint to a domain error by name (PostgreSQL) or columns (SQLite).
 */
export const m0001Organizations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('org_organization')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('feature_set', 'text', (c) =>
        c.notNull().check(oneOf('feature_set', ['ALL', 'CONSOLIDATED_BILLING'])),
      )
      .addColumn('management_account_id', 'text', (c) => c.notNull())
      .addColumn('management_account_arn', 'text', (c) => c.notNull())
      .addColumn('management_account_email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_organization_pkey', ['id'])
      .execute()

    await db.schema
      .createTable('org_root')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('org_organization.id').onDelete('cascade'),
      )
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_root_pkey', ['id'])
      .execute()
    await db.schema
      .createIndex('org_root_org_idx')
      .on('org_root')
      .columns(['organization_id', 'id'])
      .execute()

    // parent_id is a root or an OU: no single foreign key can say so; the service checks it.
    await db.schema
      .createTable('org_organizational_unit')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('org_organization.id').onDelete('cascade'),
      )
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_organizational_unit_pkey', ['id'])
      .addUniqueConstraint('org_organizational_unit_name_key', ['parent_id', 'name'])
      .execute()

    await db.schema
      .createTable('org_account')
      .addColumn('id', 'text', (c) =>
        // 12 digits; `trim(text, characters)` is the same function in SQLite and PostgreSQL.
        c.notNull().check(sql`length(id) = 12 and trim(id, '0123456789') = ''`),
      )
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('org_organization.id').onDelete('cascade'),
      )
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'])),
      )
      .addColumn('joined_method', 'text', (c) =>
        c.notNull().check(oneOf('joined_method', ['INVITED', 'CREATED'])),
      )
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_account_pkey', ['id'])
      .execute()
    await db.schema
      .createIndex('org_account_email_key')
      .on('org_account')
      .unique()
      .expression(sql`lower(email)`)
      .execute()
    await db.schema
      .createIndex('org_account_parent_idx')
      .on('org_account')
      .columns(['parent_id', 'id'])
      .execute()
    await db.schema
      .createIndex('org_account_org_idx')
      .on('org_account')
      .columns(['organization_id', 'id'])
      .execute()

    await db.schema
      .createTable('org_policy')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) =>
        c.references('org_organization.id').onDelete('cascade'),
      )
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('policy_type', 'text', (c) =>
        c
          .notNull()
          .check(oneOf('policy_type', ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'])),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('aws_managed', 'integer', (c) => c.notNull().check(oneOf('aws_managed', [0, 1])))
      .addPrimaryKeyConstraint('org_policy_pkey', ['id'])
      .addUniqueConstraint('org_policy_name_key', ['organization_id', 'policy_type', 'name'])
      .execute()
    await db.schema
      .createIndex('org_policy_type_idx')
      .on('org_policy')
      .columns(['policy_type', 'id'])
      .execute()

    // target_id is a root, OU or account (no single foreign key); deleting one removes its rows.
    await db.schema
      .createTable('org_policy_attachment')
      .addColumn('policy_id', 'text', (c) => c.notNull().references('org_policy.id'))
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) =>
        c.notNull().check(oneOf('target_type', ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'])),
      )
      .addPrimaryKeyConstraint('org_policy_attachment_pkey', ['policy_id', 'target_id'])
      .execute()
    await db.schema
      .createIndex('org_policy_attachment_target_idx')
      .on('org_policy_attachment')
      .columns(['target_id', 'policy_id'])
      .execute()

    await db.schema
      .createTable('org_enabled_policy_type')
      .addColumn('root_id', 'text', (c) =>
        c.notNull().references('org_root.id').onDelete('cascade'),
      )
      .addColumn('policy_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['ENABLED', 'PENDING_ENABLE', 'PENDING_DISABLE'])),
      )
      .addPrimaryKeyConstraint('org_enabled_policy_type_pkey', ['root_id', 'policy_type'])
      .execute()

    await db.schema
      .createTable('org_tag')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_tag_pkey', ['resource_id', 'tag_key'])
      .execute()

    await db.schema
      .createTable('org_create_account_status')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('org_organization.id').onDelete('cascade'),
      )
      .addColumn('account_name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) =>
        c.notNull().check(oneOf('state', ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'])),
      )
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('completed_at', 'bigint')
      .addColumn('account_id', 'text')
      .addColumn('failure_reason', 'text')
      .addPrimaryKeyConstraint('org_create_account_status_pkey', ['id'])
      .execute()
    await db.schema
      .createIndex('org_create_account_status_org_idx')
      .on('org_create_account_status')
      .columns(['organization_id', 'id'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'org_create_account_status',
      'org_tag',
      'org_enabled_policy_type',
      'org_policy_attachment',
      'org_policy',
      'org_account',
      'org_organizational_unit',
      'org_root',
      'org_organization',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
