// Public face of the IAM domain: its storage port and records, the AWS-managed policy catalog,
// the adapters other services and the server use, and (from ./operations) the core operations.
export type * from './iam-records.ts'
export { ACCESS_KEY_STATUSES, ENTITY_TYPES } from './iam-records.ts'
export type * from './iam-store.ts'
export type * from './instance-profile-store.ts'
export type { AwsManagedPolicy, AwsManagedPolicyVersion } from './aws-managed-policies.ts'
export {
  awsManagedPolicies,
  awsManagedPolicy,
  awsManagedPolicyByName,
  isAwsManagedArn,
} from './aws-managed-policies.ts'
export { iamArn, rootArn } from './iam-arns.ts'
export { IamIdentityPolicySource } from './iam-identity-policy-source.ts'
export { IamCredentialDirectory } from './iam-credential-directory.ts'
export { IamStsDirectory } from './iam-sts-directory.ts'
export { ADMINISTRATOR_ACCESS_ARN, IamAccountProvisioner } from './iam-account-provisioner.ts'
export { IamUserLookup } from './iam-user-lookup.ts'
export {
  createRootAccessKey,
  listRootAccessKeys,
  type NewAccessKeyPair,
} from './root-access-keys.ts'
export { managedPolicyDocument } from './iam-store-reads.ts'
export { iamCoreOperations, type IamCoreDeps } from './operations/index.ts'
export { IamRoleProvisioner, RESERVED_INLINE_POLICY_NAME } from './iam-role-provisioner.ts'
