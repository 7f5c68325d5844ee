import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * CloudTrail trails: the trail, its event selectors (one JSON document, basic or advanced), tags
 * and logging status (with the delivery lease), and delivery's state: a cursor per audit chain,
 * the log files not yet listed by a digest, and the head of each digest chain (per account and
 * Region). Times are epoch ms; flags 0/1. A trail's rows go with it (on delete cascade).
 */
export const m0009Trails: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('trail')
      .addColumn('arn', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('home_region', 'text', (c) => c.notNull())
      .addColumn('s3_bucket_name', 'text', (c) => c.notNull())
      .addColumn('s3_key_prefix', 'text', (c) => c.notNull())
      .addColumn('include_global_service_events', 'integer', (c) => c.notNull())
      .addColumn('is_multi_region_trail', 'integer', (c) => c.notNull())
      .addColumn('organization_id', 'text')
      .addColumn('log_file_validation_enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('trail_account_name_key', ['account_id', 'name'])
      .execute()
    await db.schema
      .createIndex('trail_organization_idx')
      .on('trail')
      .column('organization_id')
      .execute()

    const trailArn = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn('trail_arn', 'text', (c) =>
          c.notNull().references('trail.arn').onDelete('cascade'),
        )

    await trailArn('trail_event_selectors')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_event_selectors_pkey', ['trail_arn'])
      .execute()

    await trailArn('trail_tag')
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_tag_pkey', ['trail_arn', 'tag_key'])
      .execute()

    await trailArn('trail_status')
      .addColumn('is_logging', 'integer', (c) => c.notNull())
      .addColumn('start_logging_time', 'bigint')
      .addColumn('stop_logging_time', 'bigint')
      .addColumn('latest_delivery_time', 'bigint')
      .addColumn('latest_digest_delivery_time', 'bigint')
      .addColumn('latest_delivery_attempt_time', 'bigint')
      .addColumn('latest_delivery_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_status_pkey', ['trail_arn'])
      .execute()

    await trailArn('trail_cursor')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_cursor_pkey', ['trail_arn', 'node_id'])
      .execute()

    await trailArn('trail_log_file')
      .addColumn('s3_object', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('s3_bucket', 'text', (c) => c.notNull())
      .addColumn('hash_value', 'text', (c) => c.notNull())
      .addColumn('oldest_event_time', 'bigint', (c) => c.notNull())
      .addColumn('newest_event_time', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_log_file_pkey', ['trail_arn', 's3_object'])
      .execute()

    await trailArn('trail_digest_head')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('end_time', 'bigint', (c) => c.notNull())
      .addColumn('s3_bucket', 'text', (c) => c.notNull())
      .addColumn('s3_object', 'text', (c) => c.notNull())
      .addColumn('hash_value', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trail_digest_head_pkey', ['trail_arn', 'account_id', 'region'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'trail_digest_head',
      'trail_log_file',
      'trail_cursor',
      'trail_status',
      'trail_tag',
      'trail_event_selectors',
      'trail',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
