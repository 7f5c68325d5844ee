import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The audit trail: one row per CloudTrail record copy, in per-node hash chains, with the fields
 * LookupEvents filters on; resources indexed by type and name; the signed digests that seal the
 * chains. Times are epoch ms. Rows are only ever inserted.
 */
export const m0008Audit: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('audit_event')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('event_time', 'bigint', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_name', 'text', (c) => c.notNull())
      .addColumn('event_source', 'text', (c) => c.notNull())
      .addColumn('read_only', 'integer', (c) => c.notNull())
      .addColumn('username', 'text')
      .addColumn('access_key_id', 'text')
      .addColumn('principal_arn', 'text')
      .addColumn('error_code', 'text')
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_event_pkey', ['node_id', 'seq'])
      .execute()
    const index = (name: string, columns: string[]) =>
      db.schema.createIndex(name).on('audit_event').columns(columns).execute()
    await index('audit_event_account_time_idx', ['account_id', 'event_time', 'node_id', 'seq'])
    await index('audit_event_time_idx', ['event_time', 'node_id', 'seq'])
    await index('audit_event_account_name_idx', ['account_id', 'event_name', 'event_time'])
    await index('audit_event_account_source_idx', ['account_id', 'event_source', 'event_time'])
    await index('audit_event_account_user_idx', ['account_id', 'username', 'event_time'])
    await index('audit_event_account_key_idx', ['account_id', 'access_key_id', 'event_time'])
    await index('audit_event_event_id_idx', ['event_id'])

    await db.schema
      .createTable('audit_event_resource')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('event_time', 'bigint', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_event_resource_pkey', ['node_id', 'seq', 'ordinal'])
      .execute()
    await db.schema
      .createIndex('audit_event_resource_name_idx')
      .on('audit_event_resource')
      .columns(['account_id', 'resource_name', 'event_time'])
      .execute()
    await db.schema
      .createIndex('audit_event_resource_type_idx')
      .on('audit_event_resource')
      .columns(['account_id', 'resource_type', 'event_time'])
      .execute()

    await db.schema
      .createTable('audit_digest')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('digest_seq', 'bigint', (c) => c.notNull())
      .addColumn('first_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('previous_signature', 'text', (c) => c.notNull())
      .addColumn('public_key_fingerprint', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_digest_pkey', ['node_id', 'digest_seq'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_digest').execute()
    await db.schema.dropTable('audit_event_resource').execute()
    await db.schema.dropTable('audit_event').execute()
  },
}
