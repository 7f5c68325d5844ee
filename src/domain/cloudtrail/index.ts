// Public face of the CloudTrail domain: records, the audit trail writer, its store port, the
// verifier and the CloudTrail service.
export * from './audit-record.ts'
export * from './audit-event.ts'
export * from './identity-center-events.ts'
export * from './sign-in-events.ts'
export * from './audit-store.ts'
export { AuditTrail, newNodeId, type AuditTrailOptions } from './audit-trail.ts'
export { buildRecords, type AuditedCall } from './build-records.ts'
export { createCloudTrailService, type CloudTrailDeps } from './cloudtrail-service.ts'
export { cloudTrailErrors } from './errors.ts'
export { eventSourceOf, isReadOnly, recordedRegion } from './event-source.ts'
export {
  chainHash,
  digestSignatureValid,
  DigestSigner,
  GENESIS_HASH,
  publicKeyFingerprint,
  type AuditDigest,
} from './hash-chain.ts'
export { LOOKUP_WINDOW_MS, parseLookupEvents, toLookupEvent } from './lookup-events.ts'
export { HIDDEN, isSecretMember, recordDate, recordMembers } from './record-shapes.ts'
export { resourceTypeOf } from './resource-type.ts'
export { indexFieldsOf, type EventIndexFields, type StoredEvent } from './stored-event.ts'
export { awsAccountIdentityOf, lookupUserName, userIdentityOf } from './user-identity.ts'
export {
  formatVerification,
  verifyAuditTrail,
  type AuditVerification,
} from './verify-audit-trail.ts'
export { fileTime, logFiles, logFolder, type LogFile } from './log-files.ts'
