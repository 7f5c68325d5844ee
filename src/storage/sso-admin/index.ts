// Public face of the SQL implementation of the sso-admin port.
export { SqlSsoAdminStore } from './sql-sso-admin-store.ts'
export type { SsoAdminSchema } from './sso-admin-schema.ts'
