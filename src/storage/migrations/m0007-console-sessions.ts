import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The web console's state, shared by every node: console sessions (ids as SHA-256, session
 * tokens as the server sealed them, roles as JSON text) and failed IAM console sign-ins (keys
 * as SHA-256). Times are epoch ms.
 */
export const m0007ConsoleSessions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('console_session')
      .addColumn('id_hash', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('base_token', 'text', (c) => c.notNull())
      .addColumn('base_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('switched', 'text')
      .addColumn('recent_roles', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('console_session_pkey', ['id_hash'])
      .execute()
    await db.schema
      .createIndex('console_session_last_seen_idx')
      .on('console_session')
      .column('last_seen_at')
      .execute()
    await db.schema
      .createIndex('console_session_created_idx')
      .on('console_session')
      .column('created_at')
      .execute()

    await db.schema
      .createTable('console_sign_in_failure')
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('console_sign_in_failure_pkey', ['key_hash'])
      .execute()
    await db.schema
      .createIndex('console_sign_in_failure_last_failed_idx')
      .on('console_sign_in_failure')
      .column('last_failed_at')
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('console_sign_in_failure').execute()
    await db.schema.dropTable('console_session').execute()
  },
}
