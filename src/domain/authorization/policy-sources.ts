/**
 * The ports the authorizer reads policies through. IAM implements `IdentityPolicySource`,
 * Organizations implements `OrganizationPolicySource`; storage sits behind both.
 */
import type { PolicyInput } from '../../policy/index.ts'

/** A principal's own policies: inline and attached (with its groups', for a user). */
export interface PrincipalPolicies {
  /** Each as `{name, document}` so explanations can name them. */
  readonly identity: readonly PolicyInput[]
  readonly boundary: PolicyInput | undefined
  /** The principal's tags, for `aws:PrincipalTag/…`. */
  readonly tags: Readonly<Record<string, string>>
  /** The unique id (`AIDA…`, `AROA…`) for `aws:userid`. */
  readonly uniqueId: string
}

export interface IdentityPolicySource {
  /** Undefined when the user no longer exists. */
  userPolicies(accountId: string, userName: string): Promise<PrincipalPolicies | undefined>
  /** Undefined when the role no longer exists. */
  rolePolicies(accountId: string, roleName: string): Promise<PrincipalPolicies | undefined>
}

/** Where an account stands in its organization, and the organization policies on its path. */
export interface AccountOrganization {
  readonly organizationId: string
  readonly managementAccountId: string
  /** `o-…/r-…/ou-…/…/` as in `aws:PrincipalOrgPaths` (the path of the account's parent). */
  readonly orgPath: string
  /** SCP documents per level, root first; undefined when SCPs are not enabled. */
  readonly scp: readonly (readonly PolicyInput[])[] | undefined
  /** RCP documents per level, root first; undefined when RCPs are not enabled. */
  readonly rcp: readonly (readonly PolicyInput[])[] | undefined
}

export interface OrganizationPolicySource {
  /** Undefined for an account outside every organization. */
  accountOrganization(accountId: string): Promise<AccountOrganization | undefined>
}
