import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * Single-use ids shared by every node (issue 14): spent console sign-in tokens and used SAML
 * assertion ids, each until it would have expired anyway. The primary key makes a second use an
 * insert that fails; expired rows are pruned.
 */
export const m0017SingleUseIds: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('single_use_id')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('single_use_id_pk', ['kind', 'id_hash'])
      .execute()
    await db.schema
      .createIndex('single_use_id_expires_idx')
      .on('single_use_id')
      .column('expires_at')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('single_use_id').execute()
  },
}
