// Public face of the Organizations domain: the service the server wires, the bootstrap, the
// policy source the authorizer reads, the storage port with its records, and the errors.
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
export type { AccountProvisioner } from './account-provisioner.ts'
export type { Page, PageRequest } from '../common/page.ts'
export { DEFAULT_MAX_RESULTS } from '../common/page.ts'
export type { StoreErrorKind } from '../common/store-error.ts'
export { STORE_ERROR_KINDS, StoreError } from '../common/store-error.ts'
export type { OrganizationsDeps } from './organizations-deps.ts'
export { createOrganizationsService } from './organizations-service.ts'
export {
  bootstrapOrganization,
  type BootstrapInput,
  type BootstrapResult,
} from './bootstrap-organization.ts'
export { OrgPolicySource } from './org-policy-source.ts'
export {
  AWS_MANAGED_POLICIES,
  AWS_POLICY_TYPES,
  FULL_ACCESS_POLICY_ID,
  type AwsPolicyType,
} from './aws-managed-policies.ts'
export {
  CONSTRAINT_VIOLATION_REASONS,
  INVALID_INPUT_REASONS,
  orgErrors,
  type ConstraintViolationReason,
  type InvalidInputReason,
  type OrganizationsErrorCode,
} from './errors.ts'
export { orgArns } from './org-arns.ts'
