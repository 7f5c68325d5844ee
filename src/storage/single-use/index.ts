// Public face of the single-use ids' SQL store (spent sign-in tokens, used SAML assertions).
export { SqlSingleUseIds } from './sql-single-use-ids.ts'
export type { SingleUseSchema } from './single-use-schema.ts'
