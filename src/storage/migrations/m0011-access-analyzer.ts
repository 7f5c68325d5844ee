import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * IAM Access Analyzer: analyzers (name unique per account), their archive rules (the filter as
 * JSON), the findings they keep (status and times in columns, the type's fields as JSON) and the
 * resources they analyzed. Times are epoch ms; flags 0/1. An analyzer's rows go with it.
 */
export const m0011AccessAnalyzer: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('aa_analyzer')
      .addColumn('arn', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text')
      .addColumn('unused_access_age', 'integer')
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_resource_analyzed', 'text')
      .addColumn('last_resource_analyzed_at', 'bigint')
      .addUniqueConstraint('aa_analyzer_account_name_key', ['account_id', 'name'])
      .execute()

    const analyzerArn = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn('analyzer_arn', 'text', (c) =>
          c.notNull().references('aa_analyzer.arn').onDelete('cascade'),
        )

    await analyzerArn('aa_archive_rule')
      .addColumn('rule_name', 'text', (c) => c.notNull())
      .addColumn('filter', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('aa_archive_rule_pkey', ['analyzer_arn', 'rule_name'])
      .execute()

    await analyzerArn('aa_finding')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('finding_key', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_owner_account', 'text', (c) => c.notNull())
      .addColumn('finding_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('analyzed_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('aa_finding_pkey', ['analyzer_arn', 'id'])
      .execute()
    await db.schema
      .createIndex('aa_finding_key_idx')
      .on('aa_finding')
      .columns(['analyzer_arn', 'finding_key'])
      .execute()

    await analyzerArn('aa_analyzed_resource')
      .addColumn('resource_arn', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_owner_account', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('analyzed_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('is_public', 'integer', (c) => c.notNull())
      .addColumn('actions', 'text', (c) => c.notNull())
      .addColumn('shared_via', 'text', (c) => c.notNull())
      .addColumn('status', 'text')
      .addPrimaryKeyConstraint('aa_analyzed_resource_pkey', ['analyzer_arn', 'resource_arn'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['aa_analyzed_resource', 'aa_finding', 'aa_archive_rule', 'aa_analyzer'])
      await db.schema.dropTable(table).execute()
  },
}
