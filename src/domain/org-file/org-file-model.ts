/**
 * The organization file once parsed and checked: plain data, every cross-reference known to
 * resolve. Accounts are named, never numbered: ids are looked up (or created) when the file is
 * applied, and `{{account:NAME}}` / `{{organizationId}}` placeholders in policy documents and ARNs
 * are filled in then.
 */

/** A policy document as JSON data, possibly holding `{{…}}` placeholders in its strings. */
export type PolicyDocument = Readonly<Record<string, unknown>>

/** The two kinds of organization policy a file can declare. */
export const ORG_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const
export type OrgPolicyType = (typeof ORG_POLICY_TYPES)[number]

/** An IAM tag. */
export interface Tag {
  readonly Key: string
  readonly Value: string
}

/** An organizational unit, flattened: `path` is `Workloads/Prod`, parents come before children. */
export interface OuSpec {
  readonly path: string
  readonly name: string
  /** The parent OU's path, or undefined for an OU directly under the root. */
  readonly parentPath: string | undefined
}

/** Where an SCP or RCP is attached. */
export interface PolicyTargets {
  readonly root: boolean
  /** OU paths. */
  readonly ous: readonly string[]
  /** Account names. */
  readonly accounts: readonly string[]
}

/** A service or resource control policy. */
export interface OrgPolicySpec {
  readonly name: string
  readonly description: string
  readonly type: OrgPolicyType
  /** The document as the file gave it: data, or JSON text kept verbatim (whitespace counts). */
  readonly content: PolicyDocument | string
  readonly targets: PolicyTargets
}

/**
 * A managed policy reference: an ARN as written, a customer managed policy of the same account
 * (by name), or an AWS managed policy (by name, with its ARN).
 */
export type PolicyRef =
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'customer'; readonly name: string }
  | { readonly kind: 'aws'; readonly name: string; readonly arn: string }

/** An inline policy of a user, group or role. */
export interface InlinePolicySpec {
  readonly name: string
  readonly document: PolicyDocument
}

/** A customer managed policy. */
export interface ManagedPolicySpec {
  readonly name: string
  readonly path: string
  readonly description: string | undefined
  readonly document: PolicyDocument
}

/** An IAM group. */
export interface GroupSpec {
  readonly name: string
  readonly path: string
  readonly inlinePolicies: readonly InlinePolicySpec[]
  readonly managedPolicies: readonly PolicyRef[]
}

/** An IAM user (never with credentials: those are not kept in files). */
export interface UserSpec {
  readonly name: string
  readonly path: string
  readonly groups: readonly string[]
  readonly inlinePolicies: readonly InlinePolicySpec[]
  readonly managedPolicies: readonly PolicyRef[]
  readonly permissionsBoundary: PolicyRef | undefined
  readonly tags: readonly Tag[]
}

/** An IAM role; the trust policy is always a full document (shorthand is expanded). */
export interface RoleSpec {
  readonly name: string
  readonly path: string
  readonly description: string | undefined
  readonly trustPolicy: PolicyDocument
  readonly maxSessionDuration: number | undefined
  readonly inlinePolicies: readonly InlinePolicySpec[]
  readonly managedPolicies: readonly PolicyRef[]
  readonly permissionsBoundary: PolicyRef | undefined
  readonly tags: readonly Tag[]
}

/** What one account holds in IAM. */
export interface IamSpec {
  readonly users: readonly UserSpec[]
  readonly groups: readonly GroupSpec[]
  readonly roles: readonly RoleSpec[]
  readonly policies: readonly ManagedPolicySpec[]
}

/** An account: the management account (`ou` undefined) or a member account. */
export interface AccountSpec extends IamSpec {
  readonly name: string
  readonly email: string
  /** The OU path the account sits in; undefined for the root. */
  readonly ou: string | undefined
}

/** A whole organization file. */
export interface OrganizationFile {
  readonly fileName: string
  readonly management: AccountSpec
  /** Parents before children. */
  readonly organizationalUnits: readonly OuSpec[]
  readonly accounts: readonly AccountSpec[]
  readonly policies: readonly OrgPolicySpec[]
}
