// Public face of what the SQL stores share: keyset paging, transactions, constraint violations
// as StoreErrors.
export { inTransaction } from './in-transaction.ts'
export { readKeysetPage } from './read-keyset-page.ts'
export type { KeyColumn, PageKey } from './read-keyset-page.ts'
export { readPage } from './read-page.ts'
export type { UniqueConstraint } from './to-store-error.ts'
export { lockInTransaction } from './transaction-lock.ts'
export { withStoreErrors } from './with-store-errors.ts'
export { ambient, ambientSavepoint, SqlUnitOfWork, withinSavepoint } from './ambient-transaction.ts'
