// Identity Center's identity source over SQL (migration 0016).
export { SqlIdentitySourceStore } from './sql-identity-source-store.ts'
export type * from './identity-source-schema.ts'
