/**
 * The organization snapshot of a server's store, for `xaccess analyze`: opened beside a running
 * server (SQLite's WAL lets it read while the server writes), never migrated or changed.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { OrganizationSnapshot } from '../analysis/index.ts'
import { loadStoreSnapshot } from '../domain/snapshots/index.ts'
import {
  openDatabase,
  SqlIamSecurityStore,
  SqlIamStore,
  SqlIdentityStoreStore,
  SqlOrganizationsStore,
  SqlSsoAdminStore,
  SQLITE_FILE_NAME,
} from '../storage/index.ts'
import { SqlInstanceProfileStore } from '../storage/iam/index.ts'

/**
 * Reads the snapshot of `--database URL`, else of the SQLite file in the data directory, which must
 * exist. Throws a message for people when there is no store to read.
 */
export async function readStoreSnapshot(
  dataDir: string,
  database?: string,
): Promise<OrganizationSnapshot> {
  if ((database === undefined || database === '') && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    throw new Error(
      `no xaccess store in ${dataDir} (no ${SQLITE_FILE_NAME}); give --data-dir or --database`,
    )
  }
  const opened = openDatabase(database, dataDir)
  try {
    const source =
      database === undefined || database === '' ? `store ${dataDir}` : 'store (--database)'
    // A store from before instance profiles (migration 0010) has no table for them.
    let profiles = true
    try {
      await sql`select 1 from iam_instance_profile where 1 = 0`.execute(opened.db)
    } catch {
      profiles = false
    }
    return await loadStoreSnapshot(
      {
        organizations: new SqlOrganizationsStore(opened.db),
        iam: new SqlIamStore(opened.db),
        security: new SqlIamSecurityStore(opened.db),
        ...(profiles ? { instanceProfiles: new SqlInstanceProfileStore(opened.db) } : {}),
        ssoAdmin: new SqlSsoAdminStore(opened.db),
        identityStore: new SqlIdentityStoreStore(opened.db),
      },
      source,
    )
  } finally {
    await opened.close()
  }
}
