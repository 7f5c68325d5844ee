// Public face of the identity store: the Identity Store service the server wires, the directory
// and credentials the portal and sso-admin use, the storage port with its records, and errors.
export type * from './identity-store-records.ts'
export type * from './identity-store-store.ts'
export type { IdentityStoreDeps } from './identity-store-deps.ts'
export { createIdentityStoreService } from './identity-store-service.ts'
export { IdentityStoreDirectory } from './identity-store-directory.ts'
export {
  IdentityCenterCredentials,
  LOCKOUT_THRESHOLD,
  MAX_LOCK_MINUTES,
  lockDurationMs,
} from './identity-center-credentials.ts'
export type { IdentityCenterCredentialsDeps } from './identity-center-credentials.ts'
export { identityStoreErrors, RESOURCE_TYPES } from './errors.ts'
export type { IdentityStoreErrorName, ResourceType } from './errors.ts'
export {
  groupArn,
  identityStoreArn,
  membershipArn,
  newResourceId,
  userArn,
} from './identity-store-ids.ts'
