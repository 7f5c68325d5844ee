// The audit trail's SQL store and its tables.
export type { AuditSchema } from './audit-schema.ts'
export { SqlAuditStore } from './sql-audit-store.ts'
export { JournaledAuditStore, type JournaledAuditStoreOptions } from './journaled-audit-store.ts'
export { JOURNAL_DURABILITIES, type JournalDurability } from './audit-journal.ts'
