// Public face of the migrations: the runner and the migrations it applies.
export { CodeMigrationProvider, MIGRATIONS, migrateToLatest } from './migrate.ts'
export { pendingMigrations } from './pending-migrations.ts'
