// Public face of the Organizations domain: its storage port, records and errors.
export type * from './organizations-records.ts'
export {
  ACCOUNT_STATUSES,
  CREATE_ACCOUNT_STATES,
  FEATURE_SETS,
  JOINED_METHODS,
  POLICY_TYPES,
  POLICY_TYPE_STATUSES,
  TARGET_TYPES,
} from './organizations-records.ts'
export type * from './organizations-store.ts'
export type { Page, PageRequest } from '../common/page.ts'
export { DEFAULT_MAX_RESULTS } from '../common/page.ts'
export type { StoreErrorKind } from '../common/store-error.ts'
export { STORE_ERROR_KINDS, StoreError } from '../common/store-error.ts'
