// Public face of src/storage: open a database, migrate it, and the SQL implementations of the
// domain's storage ports.
export type { Database, DialectName, OpenDatabaseOptions } from './create-database.ts'
export { DIALECTS, openDatabase, SQLITE_FILE_NAME } from './create-database.ts'
export { MIGRATIONS, migrateToLatest } from './migrations/index.ts'
export { SqlOrganizationsStore } from './organizations/index.ts'
export { SqlIamStore } from './iam/index.ts'
export type { Schema } from './schema.ts'
export {
  openPolicyChangeChannel,
  type PolicyChangeChannel,
} from './postgres/policy-change-channel.ts'
export { SqlIamSecurityStore } from './iam-security/index.ts'
export { SqlIdentityStoreStore } from './identity-store/index.ts'
export { SqlSsoAdminStore } from './sso-admin/index.ts'
export { SqlConsoleSessionStore, SqlConsoleSignInFailures } from './console-sessions/index.ts'
export { SqlSingleUseIds } from './single-use/index.ts'
export {
  JOURNAL_DURABILITIES,
  JournaledAuditStore,
  SqlAuditStore,
  type JournalDurability,
} from './audit/index.ts'
export { SqlUnitOfWork } from './sql/index.ts'
export { SqlAnalyzerStore } from './access-analyzer/index.ts'
