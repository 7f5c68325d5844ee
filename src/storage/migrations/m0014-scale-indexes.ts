import { sql, type Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * Indexes for listings that must cost the same per page at any size (issue 15):
 * ListAccountAssignmentsForPrincipal pages a principal's assignments by the text key
 * `account_id || '/' || permission_set_arn`; an index on exactly that expression, after the
 * principal's columns, serves both the bound and the order, so a page reads its rows and no more
 * (SQLite and PostgreSQL both index expressions; the query must spell it the same way).
 */
export const m0014ScaleIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create index sso_assignment_principal_key_idx on sso_assignment
      (instance_arn, principal_type, principal_id, (account_id || '/' || permission_set_arn))`.execute(
      db,
    )
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('sso_assignment_principal_key_idx').execute()
  },
}
