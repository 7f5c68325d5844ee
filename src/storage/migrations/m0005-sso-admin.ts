import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

// INVARIANT: a migration is frozen once released. It names its own value lists instead of
// importing the domain's, so a later change there cannot rewrite history here.

/** `column in ('A', 'B')` for a check constraint. */
function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`
}

/**
 * The sso-admin tables: Identity Center instances (one per management account), permission sets
 * (their policy lists and boundary as JSON text: small, read whole, changed under a version
 * check), account assignments, provisionings (which permission set version each account's role
 * matches), the outcomes of asynchronous requests, and tags. Names are unique per instance
 * case-insensitively through `name_key`, the lower-cased name.
 */
export const m0005SsoAdmin: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sso_instance')
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('management_account_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_instance_pkey', ['instance_arn'])
      .addUniqueConstraint('sso_instance_identity_store_key', ['identity_store_id'])
      .addUniqueConstraint('sso_instance_management_account_key', ['management_account_id'])
      .execute()

    await db.schema
      .createTable('sso_permission_set')
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) =>
        c.notNull().references('sso_instance.instance_arn').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('session_duration', 'text', (c) => c.notNull())
      .addColumn('relay_state', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('managed_policy_arns', 'text', (c) => c.notNull())
      .addColumn('customer_managed_policies', 'text', (c) => c.notNull())
      .addColumn('inline_policy', 'text')
      .addColumn('permissions_boundary', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_permission_set_pkey', ['arn'])
      .addUniqueConstraint('sso_permission_set_name_key', ['instance_arn', 'name_key'])
      .execute()

    await db.schema
      .createTable('sso_assignment')
      .addColumn('permission_set_arn', 'text', (c) =>
        c.notNull().references('sso_permission_set.arn'),
      )
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('principal_type', 'text', (c) =>
        c.notNull().check(oneOf('principal_type', ['USER', 'GROUP'])),
      )
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_assignment_pkey', [
        'permission_set_arn',
        'account_id',
        'principal_type',
        'principal_id',
      ])
      .execute()
    await db.schema
      .createIndex('sso_assignment_principal_idx')
      .on('sso_assignment')
      .columns(['instance_arn', 'principal_type', 'principal_id', 'account_id'])
      .execute()

    await db.schema
      .createTable('sso_provisioned')
      .addColumn('permission_set_arn', 'text', (c) =>
        c.notNull().references('sso_permission_set.arn'),
      )
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('provisioned_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_provisioned_pkey', ['permission_set_arn', 'account_id'])
      .execute()
    await db.schema
      .createIndex('sso_provisioned_account_idx')
      .on('sso_provisioned')
      .columns(['instance_arn', 'account_id', 'permission_set_arn'])
      .execute()

    // No foreign key to permission sets: a request's outcome outlives what it acted on.
    await db.schema
      .createTable('sso_operation_status')
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .check(oneOf('kind', ['assignment-creation', 'assignment-deletion', 'provisioning'])),
      )
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['IN_PROGRESS', 'FAILED', 'SUCCEEDED'])),
      )
      .addColumn('failure_reason', 'text')
      .addColumn('permission_set_arn', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('principal_type', 'text')
      .addColumn('principal_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('seq_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_operation_status_pkey', ['request_id'])
      .execute()
    await db.schema
      .createIndex('sso_operation_status_list_idx')
      .on('sso_operation_status')
      .columns(['instance_arn', 'kind', 'seq_key'])
      .execute()

    await db.schema
      .createTable('sso_tag')
      .addColumn('resource_arn', 'text', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_tag_pkey', ['resource_arn', 'tag_key'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'sso_tag',
      'sso_operation_status',
      'sso_provisioned',
      'sso_assignment',
      'sso_permission_set',
      'sso_instance',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
