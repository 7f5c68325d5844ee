// The trails' SQL store and its tables.
export type { TrailsSchema } from './trails-schema.ts'
export { SqlTrailStore } from './sql-trail-store.ts'
