// Public face of sso-oidc: the service, device approvals, the store port, errors and secrets.
export {
  OidcService,
  type CreateTokenOutput,
  type OidcServiceDeps,
  type TokenOwner,
} from './oidc-service.ts'
export {
  DeviceApprovals,
  DEVICE_REFUSALS,
  type DeviceDecision,
  type DeviceDecisionResult,
  type DeviceRefusal,
} from './device-approvals.ts'
export {
  DEVICE_STATUSES,
  type DeviceAuthorizationRecord,
  type DeviceStatus,
  type OidcClientRecord,
  type OidcStore,
  type OidcTokenRecord,
} from './oidc-store.ts'
export { OIDC_ERRORS, oidcError, oidcErrors, type OidcErrorCode } from './oidc-errors.ts'
export {
  DEFAULT_OIDC_LIFETIMES,
  DEVICE_CODE_GRANT,
  REFRESH_TOKEN_GRANT,
  type OidcLifetimes,
} from './oidc-lifetimes.ts'
export {
  hashSecret,
  newUserCode,
  normalizeUserCode,
  randomSecret,
  secretsEqual,
} from './oidc-secrets.ts'
export { silentSecurityLog, type SecurityLog } from './security-log.ts'
