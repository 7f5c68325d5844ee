// Access Analyzer's SQL store and its tables.
export type { AccessAnalyzerSchema } from './access-analyzer-schema.ts'
export { SqlAnalyzerStore } from './sql-analyzer-store.ts'
