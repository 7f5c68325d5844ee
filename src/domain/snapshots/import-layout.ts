/**
 * The layout of an AWS import directory: where each file `aws … --output json` prints goes, as
 * ARCHITECTURE.md fixes it. Every part is optional.
 * @example
 * join(dir, IMPORT_LAYOUT.authorizationDetails('111111111111'))
 * // DIR/accounts/111111111111/get-account-authorization-details.json
 */

/** The organization policy types an import lists. */
export const IMPORT_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const
export type ImportPolicyType = (typeof IMPORT_POLICY_TYPES)[number]

/** Relative paths (with `/`) of the files of an import directory. */
export const IMPORT_LAYOUT = {
  accountsDir: 'accounts',
  authorizationDetails: (accountId: string): string =>
    `accounts/${accountId}/get-account-authorization-details.json`,
  describeOrganization: 'organizations/describe-organization.json',
  listRoots: 'organizations/list-roots.json',
  ousForParentDir: 'organizations/list-organizational-units-for-parent',
  ousForParent: (parentId: string): string =>
    `organizations/list-organizational-units-for-parent/${parentId}.json`,
  accountsForParentDir: 'organizations/list-accounts-for-parent',
  accountsForParent: (parentId: string): string =>
    `organizations/list-accounts-for-parent/${parentId}.json`,
  listPolicies: (type: ImportPolicyType): string => `organizations/list-policies/${type}.json`,
  describePolicyDir: 'organizations/describe-policy',
  describePolicy: (policyId: string): string => `organizations/describe-policy/${policyId}.json`,
  targetsForPolicyDir: 'organizations/list-targets-for-policy',
  targetsForPolicy: (policyId: string): string =>
    `organizations/list-targets-for-policy/${policyId}.json`,
  // Identity Center, from the management account: `aws sso-admin …` and `aws identitystore …`.
  listInstances: 'sso-admin/list-instances.json',
  permissionSetsDir: 'sso-admin/list-permission-sets',
  permissionSets: (instanceId: string): string =>
    `sso-admin/list-permission-sets/${instanceId}.json`,
  describePermissionSetDir: 'sso-admin/describe-permission-set',
  describePermissionSet: (permissionSetId: string): string =>
    `sso-admin/describe-permission-set/${permissionSetId}.json`,
  managedPoliciesDir: 'sso-admin/list-managed-policies-in-permission-set',
  managedPolicies: (permissionSetId: string): string =>
    `sso-admin/list-managed-policies-in-permission-set/${permissionSetId}.json`,
  inlinePolicyDir: 'sso-admin/get-inline-policy-for-permission-set',
  inlinePolicy: (permissionSetId: string): string =>
    `sso-admin/get-inline-policy-for-permission-set/${permissionSetId}.json`,
  customerPoliciesDir: 'sso-admin/list-customer-managed-policy-references-in-permission-set',
  customerPolicies: (permissionSetId: string): string =>
    `sso-admin/list-customer-managed-policy-references-in-permission-set/${permissionSetId}.json`,
  /** Absent for a permission set without a boundary (the CLI fails with ResourceNotFoundException). */
  permissionsBoundaryDir: 'sso-admin/get-permissions-boundary-for-permission-set',
  permissionsBoundary: (permissionSetId: string): string =>
    `sso-admin/get-permissions-boundary-for-permission-set/${permissionSetId}.json`,
  accountAssignmentsDir: 'sso-admin/list-account-assignments',
  accountAssignments: (accountId: string, permissionSetId: string): string =>
    `sso-admin/list-account-assignments/${accountId}/${permissionSetId}.json`,
  usersDir: 'identitystore/list-users',
  users: (identityStoreId: string): string => `identitystore/list-users/${identityStoreId}.json`,
  groupsDir: 'identitystore/list-groups',
  groups: (identityStoreId: string): string => `identitystore/list-groups/${identityStoreId}.json`,
  groupMembershipsDir: 'identitystore/list-group-memberships',
  groupMemberships: (groupId: string): string =>
    `identitystore/list-group-memberships/${groupId}.json`,
} as const

/** The id in a permission set ARN's last segment: `ps-…`. */
export const permissionSetIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)
/** The id in an instance ARN: `ssoins-…`. */
export const instanceIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)

/** The Identity Center files of an import, each map keyed by the id(s) in the file names. */
export interface ImportIdentityCenterFiles {
  readonly listInstances?: unknown
  /** By instance id. */
  readonly permissionSets: ReadonlyMap<string, unknown>
  /** By permission set id, for the next five. */
  readonly describePermissionSet: ReadonlyMap<string, unknown>
  readonly managedPolicies: ReadonlyMap<string, unknown>
  readonly inlinePolicy: ReadonlyMap<string, unknown>
  readonly customerPolicies: ReadonlyMap<string, unknown>
  readonly permissionsBoundary: ReadonlyMap<string, unknown>
  /** By `ACCOUNT/PERMISSION-SET-ID`. */
  readonly accountAssignments: ReadonlyMap<string, unknown>
  /** By identity store id. */
  readonly users: ReadonlyMap<string, unknown>
  readonly groups: ReadonlyMap<string, unknown>
  /** By group id. */
  readonly groupMemberships: ReadonlyMap<string, unknown>
}

/**
 * The parsed files of an import directory (each as `aws … --output json` printed it), keyed by
 * the id in their file name. Absent files are absent here.
 */
export interface ImportFiles {
  /** Where they came from, for people (`import DIR`). */
  readonly source: string
  /**
   * get-account-authorization-details by account id. Only `get` and `keys` are used, one account
   * at a time, so a reader may parse each file when asked and keep none: each file repeats every
   * version of the AWS-managed policies its account attaches (ReadOnlyAccess alone is megabytes).
   */
  readonly authorizationDetails: Pick<ReadonlyMap<string, unknown>, 'get' | 'keys' | 'size'>
  readonly describeOrganization?: unknown
  readonly listRoots?: unknown
  /** list-organizational-units-for-parent by parent id. */
  readonly ousForParent: ReadonlyMap<string, unknown>
  /** list-accounts-for-parent by parent id. */
  readonly accountsForParent: ReadonlyMap<string, unknown>
  /** list-policies by policy type. */
  readonly listPolicies: ReadonlyMap<ImportPolicyType, unknown>
  /** describe-policy by policy id. */
  readonly describePolicy: ReadonlyMap<string, unknown>
  /** list-targets-for-policy by policy id. */
  readonly targetsForPolicy: ReadonlyMap<string, unknown>
  /** Identity Center's listings; absent when the import has none. */
  readonly identityCenter?: ImportIdentityCenterFiles
}
