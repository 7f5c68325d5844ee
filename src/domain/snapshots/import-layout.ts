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
} as const

/**
 * The parsed files of an import directory (each as `aws … --output json` printed it), keyed by
 * the id in their file name. Absent files are absent here.
 */
export interface ImportFiles {
  /** Where they came from, for people (`import DIR`). */
  readonly source: string
  /** get-account-authorization-details by account id. */
  readonly authorizationDetails: ReadonlyMap<string, unknown>
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
}
