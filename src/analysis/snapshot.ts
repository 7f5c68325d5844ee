/**
 * An organization as plain data: what the analysis reads. Three loaders fill it: a server's store,
 * an organization file, and an import of a real AWS organization (`get-account-authorization-details`
 * and the Organizations listings). Policy documents are JSON text, as IAM and Organizations keep
 * them. Nothing here is derived: every lookup the analysis needs is built from it by
 * `SnapshotIndex`.
 */

/** The organization itself; undefined for accounts outside any organization. */
export interface SnapshotOrganization {
  /** `o-…` */
  readonly id: string
  readonly managementAccountId: string
  /** `r-…` */
  readonly rootId: string
  /** Whether SCPs (and RCPs) are enabled on the root: when not, none applies. */
  readonly scpEnabled: boolean
  readonly rcpEnabled: boolean
}

/** An organizational unit; `parentId` is the root or another OU. */
export interface SnapshotOu {
  readonly id: string
  readonly name: string
  readonly parentId: string
}

/** A service or resource control policy and where it is attached (root, OU or account ids). */
export interface SnapshotOrgPolicy {
  readonly id: string
  readonly name: string
  readonly type: 'scp' | 'rcp'
  readonly document: string
  readonly targets: readonly string[]
}

/** An inline policy of a user, group or role. */
export interface SnapshotInlinePolicy {
  readonly name: string
  readonly document: string
}

/** One version of a managed policy. */
export interface SnapshotPolicyVersion {
  readonly versionId: string
  readonly document: string
}

/** A customer managed policy (`accountId` its account) or an AWS-managed one (`accountId` 'aws'). */
export interface SnapshotManagedPolicy {
  readonly arn: string
  readonly name: string
  readonly accountId: string
  readonly defaultVersionId: string
  /** Every version kept, the default among them. */
  readonly versions: readonly SnapshotPolicyVersion[]
}

/** What users, groups and roles share: their own policies. */
export interface SnapshotEntity {
  readonly name: string
  readonly arn: string
  /** The unique id (`AIDA…`, `AGPA…`, `AROA…`), for `aws:userid`; may be empty. */
  readonly id: string
  readonly path: string
  readonly inlinePolicies: readonly SnapshotInlinePolicy[]
  /** ARNs of attached managed policies (customer or AWS-managed). */
  readonly attachedPolicies: readonly string[]
}

/** An IAM user. */
export interface SnapshotUser extends SnapshotEntity {
  /** Names of the groups it belongs to (same account). */
  readonly groups: readonly string[]
  readonly permissionsBoundary: string | undefined
  readonly tags: Readonly<Record<string, string>>
  /** Whether it has a console password (a login profile); undefined when not known. */
  readonly consolePassword?: boolean | undefined
  /** How many MFA devices it has; undefined when not known. */
  readonly mfaDevices?: number | undefined
}

/** An IAM group. */
export type SnapshotGroup = SnapshotEntity

/** An IAM role. */
export interface SnapshotRole extends SnapshotEntity {
  readonly trustPolicy: string
  readonly permissionsBoundary: string | undefined
  readonly tags: Readonly<Record<string, string>>
  /** ARNs of the instance profiles holding the role; undefined when not known. */
  readonly instanceProfiles?: readonly string[] | undefined
}

/** What one account holds in IAM. */
export interface SnapshotIam {
  readonly users: readonly SnapshotUser[]
  readonly groups: readonly SnapshotGroup[]
  readonly roles: readonly SnapshotRole[]
}

/** An account with its place in the tree. */
export interface SnapshotAccount {
  readonly id: string
  readonly name: string
  /** The root or OU directly above; undefined outside an organization. */
  readonly parentId: string | undefined
  readonly iam: SnapshotIam
  /** The ids of the root user's access keys; undefined when not known. */
  readonly rootAccessKeys?: readonly string[] | undefined
}

/** An Identity Center user. */
export interface SnapshotSsoUser {
  readonly id: string
  readonly userName: string
}

/** An Identity Center group with its members (user ids). */
export interface SnapshotSsoGroup {
  readonly id: string
  readonly displayName: string
  readonly memberIds: readonly string[]
}

/** A permission set (its policies are on the roles it provisions). */
export interface SnapshotPermissionSet {
  readonly arn: string
  readonly name: string
}

/** An account assignment of a user or group. */
export interface SnapshotAssignment {
  readonly accountId: string
  readonly permissionSetArn: string
  readonly principalType: 'USER' | 'GROUP'
  readonly principalId: string
}

/** The `AWSReservedSSO_*` role a permission set provisioned in an account. */
export interface SnapshotProvisionedRole {
  readonly permissionSetArn: string
  readonly accountId: string
  readonly roleArn: string
}

/** The organization's Identity Center instance. */
export interface SnapshotIdentityCenter {
  readonly instanceArn: string
  readonly identityStoreId: string
  readonly users: readonly SnapshotSsoUser[]
  readonly groups: readonly SnapshotSsoGroup[]
  readonly permissionSets: readonly SnapshotPermissionSet[]
  readonly assignments: readonly SnapshotAssignment[]
  readonly provisionedRoles: readonly SnapshotProvisionedRole[]
}

/** A whole organization, as plain data. */
export interface OrganizationSnapshot {
  /** Where it came from, for people: `store …`, `file org.yaml`, `import DIR`. */
  readonly source: string
  readonly organization: SnapshotOrganization | undefined
  /** Parents before children. */
  readonly organizationalUnits: readonly SnapshotOu[]
  readonly accounts: readonly SnapshotAccount[]
  readonly organizationPolicies: readonly SnapshotOrgPolicy[]
  /** Every managed policy an entity refers to (attached or as a boundary). */
  readonly managedPolicies: readonly SnapshotManagedPolicy[]
  readonly identityCenter: SnapshotIdentityCenter | undefined
}

/** The ARN of an Identity Center user, as IAM names identity store users. */
export const ssoUserArn = (userId: string): string => `arn:aws:identitystore:::user/${userId}`
/** The ARN of an Identity Center group. */
export const ssoGroupArn = (groupId: string): string => `arn:aws:identitystore:::group/${groupId}`
