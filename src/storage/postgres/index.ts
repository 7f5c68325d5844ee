// Public face of the PostgreSQL backend: Kysely's PostgresDialect over a pg Pool.
export type { OpenPostgresOptions } from './open-postgres.ts'
export { openPostgres, postgresPoolUse } from './open-postgres.ts'
