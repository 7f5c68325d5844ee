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

/**
 * An IAM OpenID Connect provider (a CI/CD pipeline's token issuer, such as GitHub Actions'
 * `https://token.actions.githubusercontent.com`): roles trust it as
 * `arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH`.
 */
export interface OidcProviderSpec {
  /** `https://…` (or `http://` on a loopback host, for a local issuer). */
  readonly url: string
  /** The audiences (`aud`) the provider's tokens may carry, such as `sts.amazonaws.com`. */
  readonly clientIds: readonly string[]
  /** SHA-1 fingerprints (40 hex digits) of the issuer's certificate. */
  readonly thumbprints: readonly string[]
  readonly tags: readonly Tag[]
}

/** The provider's ARN suffix and identity: the URL without its scheme or a trailing `/`. */
export const oidcProviderIdentity = (url: string): string =>
  url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')

/** An EC2 instance profile: the container that passes one role to an instance. */
export interface InstanceProfileSpec {
  readonly name: string
  readonly path: string
  /** The role it holds (a role of the same account's file); none when undefined. */
  readonly role: string | undefined
  readonly tags: readonly Tag[]
}

/** What one account holds in IAM. */
export interface IamSpec {
  readonly users: readonly UserSpec[]
  readonly groups: readonly GroupSpec[]
  readonly roles: readonly RoleSpec[]
  readonly policies: readonly ManagedPolicySpec[]
  /** Absent when the account declares none. */
  readonly oidcProviders?: readonly OidcProviderSpec[]
  /** Absent when the account declares none. */
  readonly instanceProfiles?: readonly InstanceProfileSpec[]
}

/** An account: the management account (`ou` undefined) or a member account. */
export interface AccountSpec extends IamSpec {
  readonly name: string
  readonly email: string
  /** The OU path the account sits in; undefined for the root. */
  readonly ou: string | undefined
}

/**
 * Where an Identity Center user's first password comes from; a file never holds a password.
 * `generate`: a random password meeting Identity Center's rules is made when the user is created
 * and handed to whoever applies the file (the server writes it to a 0600 file in its data dir).
 * `env`: read from an environment variable when the user is created.
 */
export type InitialPasswordSource =
  { readonly kind: 'generate' } | { readonly kind: 'env'; readonly variable: string }

/** An email address of an Identity Center user. */
export interface SsoEmailSpec {
  readonly value: string
  /** `work`, `home`…; undefined when not given. */
  readonly type: string | undefined
  readonly primary: boolean
}

/** An Identity Center (identity store) user. */
export interface SsoUserSpec {
  readonly userName: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly emails: readonly SsoEmailSpec[]
  /** Set once, when the user is created; undefined: the user gets no password from the file. */
  readonly initialPassword: InitialPasswordSource | undefined
}

/** An Identity Center group (its display name is its name in the file). */
export interface SsoGroupSpec {
  readonly displayName: string
  readonly description: string | undefined
}

/** A user's membership of a group, by user name and group display name. */
export interface SsoMembershipSpec {
  readonly group: string
  readonly userName: string
}

/** A customer managed policy a permission set names: it must exist in each assigned account. */
export interface CustomerPolicyReference {
  readonly name: string
  /** `/` unless given. */
  readonly path: string
}

/** A permission set's permissions boundary: an AWS managed policy, or a customer managed one. */
export type PermissionSetBoundary =
  | { readonly kind: 'managed'; readonly arn: string }
  | { readonly kind: 'customer'; readonly reference: CustomerPolicyReference }

/** An Identity Center permission set. */
export interface PermissionSetSpec {
  readonly name: string
  readonly description: string | undefined
  /** ISO 8601, `PT1H` to `PT12H`; undefined leaves Identity Center's default (`PT1H`). */
  readonly sessionDuration: string | undefined
  readonly relayState: string | undefined
  /** ARNs of AWS managed policies (names in the file are resolved to ARNs). */
  readonly managedPolicies: readonly string[]
  readonly customerManagedPolicies: readonly CustomerPolicyReference[]
  /** May hold `{{account:NAME}}` placeholders. */
  readonly inlinePolicy: PolicyDocument | undefined
  readonly permissionsBoundary: PermissionSetBoundary | undefined
  readonly tags: readonly Tag[]
}

/** The two kinds of principal an account assignment gives access to. */
export const SSO_PRINCIPAL_TYPES = ['USER', 'GROUP'] as const
export type SsoPrincipalType = (typeof SSO_PRINCIPAL_TYPES)[number]

/**
 * One account assignment: a user or group gets a permission set in one account. Assignments that
 * the file gives to OUs are expanded to every account in the OU and the OUs below it; the list
 * holds each (principal, permission set, account) once.
 */
export interface AccountAssignmentSpec {
  readonly principalType: SsoPrincipalType
  /** A user name (USER) or a group display name (GROUP). */
  readonly principalName: string
  readonly permissionSet: string
  /** An account name of the file. */
  readonly account: string
}

/** The organization's IAM Identity Center, as the file declares it. */
export interface IdentityCenterSpec {
  readonly users: readonly SsoUserSpec[]
  readonly groups: readonly SsoGroupSpec[]
  readonly memberships: readonly SsoMembershipSpec[]
  readonly permissionSets: readonly PermissionSetSpec[]
  readonly assignments: readonly AccountAssignmentSpec[]
}

/** A whole organization file. */
export interface OrganizationFile {
  readonly fileName: string
  /** Every file read, the main one first and then each included file, as named for people. */
  readonly files: readonly string[]
  readonly management: AccountSpec
  /** Parents before children. */
  readonly organizationalUnits: readonly OuSpec[]
  readonly accounts: readonly AccountSpec[]
  readonly policies: readonly OrgPolicySpec[]
  /** Empty lists when the file declares no Identity Center. */
  readonly identityCenter: IdentityCenterSpec
}
