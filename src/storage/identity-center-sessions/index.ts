// Public face of the SQL store of sso-oidc and the access portal (sessions, settings).
export { SqlIdentityCenterSessionStore } from './sql-identity-center-session-store.ts'
export type { IdentityCenterSessionsSchema } from './identity-center-sessions-schema.ts'
