// Public face of CloudTrail's trails: the operations, their storage port, event selectors, and
// the delivery of log and digest files.
export {
  DEFAULT_EVENT_SELECTORS,
  parseAdvancedEventSelectors,
  parseEventSelectors,
  selectorsMatch,
  type AdvancedEventSelector,
  type EventSelector,
  type FieldSelector,
  type ReadWriteType,
} from './event-selectors.ts'
export {
  buildDigestFile,
  DIGEST_SIGNATURE_ALGORITHM,
  digestSigningString,
  type DigestFile,
  type TextSigner,
} from './digest-files.ts'
export { NOT_MANAGEMENT_ACCOUNT, type TrailDeps } from './trail-access.ts'
export {
  TrailDelivery,
  trailCovers,
  type TrailDeliveryOptions,
  type TrailDestination,
} from './trail-delivery.ts'
export { parseTrailReference, trailArn, validateTrailName } from './trail-names.ts'
export { MAX_TRAILS_PER_REGION, trailOperations } from './trail-operations.ts'
export { trailSettingsOperations } from './trail-settings-operations.ts'
export type * from './trail-store.ts'
