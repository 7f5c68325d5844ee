// Public face of the SQL implementation of the identity store port.
export { SqlIdentityStoreStore } from './sql-identity-store-store.ts'
export { SqlScimTokenStore } from './sql-scim-token-store.ts'
export type { IdentityStoreSchema } from './identity-store-schema.ts'
