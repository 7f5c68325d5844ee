// Public face of sso-admin: the service, its storage port and records, and the Identity Center
// ports it implements (instances and assignments).
export { createSsoAdminService, SSO_ADMIN_TARGET_PREFIX } from './sso-admin-service.ts'
export type { SsoAdminDeps } from './sso-admin-deps.ts'
export type * from './sso-admin-records.ts'
export { OPERATION_KINDS, PRINCIPAL_TYPES, STATUS_VALUES } from './sso-admin-records.ts'
export type * from './sso-admin-store.ts'
export { PROVISIONING_FILTERS } from './sso-admin-store.ts'
export { SsoAdminInstances } from './sso-admin-instances.ts'
export { SsoAssignments } from './sso-assignments.ts'
export { ssoErrors, SSO_ERROR_CODES, type SsoErrorCode } from './errors.ts'
export {
  RESERVED_ROLE_PATH,
  accountResourceArn,
  instanceIdOf,
  reservedRoleName,
} from './sso-arns.ts'
export { RESERVED_ROLE_TRUST_POLICY, reservedRoleSpec } from './permission-set-provisioning.ts'
export { durationSeconds, validSessionDuration } from './session-duration.ts'
