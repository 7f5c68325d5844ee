import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import type { Kysely } from 'kysely'
import type { Migration, MigrationProvider, MigrationResultSet } from 'kysely/migration'
import { m0001Organizations } from './m0001-organizations.ts'
import { m0002Iam } from './m0002-iam.ts'
import { m0003IamSecurity } from './m0003-iam-security.ts'
import { m0004IdentityStore } from './m0004-identity-store.ts'
import { m0005SsoAdmin } from './m0005-sso-admin.ts'
import { m0006IdentityCenterSessions } from './m0006-identity-center-sessions.ts'
import { m0007ConsoleSessions } from './m0007-console-sessions.ts'
import { m0008Audit } from './m0008-audit.ts'
import { m0009Trails } from './m0009-trails.ts'
import { m0010IamInstanceProfiles } from './m0010-iam-instance-profiles.ts'
import { m0011AccessAnalyzer } from './m0011-access-analyzer.ts'
import { m0012S3 } from './m0012-s3.ts'
import { m0013IamSamlProviders } from './m0013-iam-saml-providers.ts'
import { m0014ScaleIndexes } from './m0014-scale-indexes.ts'
import { m0015Scim } from './m0015-scim.ts'
import { m0016IdentitySource } from './m0016-identity-source.ts'
import { m0017SingleUseIds } from './m0017-single-use-ids.ts'

/** Every migration, in order, provided as code (nothing is read from disk at run time). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-organizations': m0001Organizations,
  '0002-iam': m0002Iam,
  '0003-iam-security': m0003IamSecurity,
  '0004-identity-store': m0004IdentityStore,
  '0005-sso-admin': m0005SsoAdmin,
  '0006-identity-center-sessions': m0006IdentityCenterSessions,
  '0007-console-sessions': m0007ConsoleSessions,
  '0008-audit': m0008Audit,
  '0009-trails': m0009Trails,
  '0010-iam-instance-profiles': m0010IamInstanceProfiles,
  '0011-access-analyzer': m0011AccessAnalyzer,
  '0012-s3': m0012S3,
  '0013-iam-saml-providers': m0013IamSamlProviders,
  '0014-scale-indexes': m0014ScaleIndexes,
  '0015-scim': m0015Scim,
  '0016-identity-source': m0016IdentitySource,
  '0017-single-use-ids': m0017SingleUseIds,
}

/** Hands {@link MIGRATIONS} (or the given set) to Kysely's `Migrator`. */
export class CodeMigrationProvider implements MigrationProvider {
  readonly #migrations: Readonly<Record<string, Migration>>

  /** Serves the given migrations, by default all of xaccess's. */
  constructor(migrations: Readonly<Record<string, Migration>> = MIGRATIONS) {
    this.#migrations = migrations
  }

  /** The migrations, keyed by name; Kysely runs them in name order. */
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.#migrations }
  }
}

/**
 * Brings the database up to the latest migration; throws if one fails (that one is rolled back).
 * Safe when several processes start at once:
 * - PostgreSQL: Kysely's migrator takes `pg_advisory_lock` on one connection, then reads which
 *   migrations ran and applies the rest in one transaction, then unlocks; the others wait on the
 *   lock and find nothing left to do. Its bookkeeping tables go in the current schema
 *   (`current_schema()`), so two schemas of one database never see each other's history.
 * - SQLite: the same transaction begins with `begin immediate` (see `NodeSqliteAdapter`), so the
 *   file's write lock serialises processes the same way.
 *
 * @returns the names of the migrations this call applied.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  dialect: 'sqlite' | 'postgres',
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<string[]> {
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db))
          .rows[0]?.schema
      : undefined
  if (dialect === 'postgres' && !schema) throw new Error('no current schema: check search_path')
  const migrator = new Migrator({
    db,
    provider: new CodeMigrationProvider(migrations),
    // A number assigned earlier may land after a later one ran (0013 after 0014).
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`migration ${failed ?? '(setup)'} failed`, { cause: result.error })
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
