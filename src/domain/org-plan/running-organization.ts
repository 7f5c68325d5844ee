/**
 * An organization as it runs on a server, read through the API: the structure, the SCPs and RCPs
 * with their targets, and per account the IAM users, groups, roles and customer managed policies
 * with everything an organization file can say about them. Plain data; documents decoded.
 */
import type { OrgPolicyType, Tag } from '../org-file/index.ts'
import type { RunningIdentityCenter } from './running-identity-center.ts'

/** An OU with its path from the root (`Workloads/Prod`). */
export interface RunningOu {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly parentId: string
}

/** An account and the OU or root it sits in. */
export interface RunningAccount {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly status: string
  readonly parentId: string
}

/** A service or resource control policy. */
export interface RunningOrgPolicy {
  readonly id: string
  readonly name: string
  readonly type: OrgPolicyType
  readonly description: string
  /** The content as returned (JSON text). */
  readonly content: string
  readonly awsManaged: boolean
  /** Root, OU and account ids it is attached to. */
  readonly targetIds: readonly string[]
}

/** Inline policies by name, documents as data. */
export type InlinePolicies = ReadonlyMap<string, unknown>

/** An IAM group. */
export interface RunningGroup {
  readonly name: string
  readonly path: string
  readonly inline: InlinePolicies
  readonly attached: readonly string[]
}

/** An IAM user. */
export interface RunningUser {
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly groups: readonly string[]
  readonly inline: InlinePolicies
  readonly attached: readonly string[]
  readonly boundary: string | undefined
  readonly tags: readonly Tag[]
}

/** An IAM role. */
export interface RunningRole {
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description: string
  readonly maxSessionDuration: number
  readonly trust: unknown
  readonly inline: InlinePolicies
  readonly attached: readonly string[]
  readonly boundary: string | undefined
  readonly tags: readonly Tag[]
}

/** A customer managed policy with its default version's document. */
export interface RunningPolicy {
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description: string
  readonly document: unknown
  readonly defaultVersionId: string
  /** Every version id, oldest first. */
  readonly versionIds: readonly string[]
}

/** An IAM OpenID Connect provider. */
export interface RunningOidcProvider {
  readonly arn: string
  /** As IAM returns it. */
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
  readonly tags: readonly Tag[]
}

/** One account's IAM, keyed by lower-cased name (IAM names are unique regardless of case). */
/** An instance profile and the role it holds (IAM allows one). */
export interface RunningInstanceProfile {
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly roles: readonly string[]
  readonly tags: readonly Tag[]
}

export interface RunningIam {
  readonly users: ReadonlyMap<string, RunningUser>
  readonly groups: ReadonlyMap<string, RunningGroup>
  readonly roles: ReadonlyMap<string, RunningRole>
  readonly policies: ReadonlyMap<string, RunningPolicy>
  /** Keyed by the provider's identity (URL without scheme); absent when not read. */
  readonly oidcProviders?: ReadonlyMap<string, RunningOidcProvider>
  /** By lower-case name; absent when not read. */
  readonly instanceProfiles?: ReadonlyMap<string, RunningInstanceProfile>
}

/** The whole organization; `exists` false before CreateOrganization. */
export interface RunningOrganization {
  readonly exists: boolean
  readonly organizationId: string
  readonly managementAccountId: string
  readonly rootId: string
  readonly enabledPolicyTypes: ReadonlySet<string>
  /** Parents before children. */
  readonly ous: readonly RunningOu[]
  readonly accounts: readonly RunningAccount[]
  readonly policies: readonly RunningOrgPolicy[]
  /** Account id → IAM, for the accounts that were read. */
  readonly iam: ReadonlyMap<string, RunningIam>
  /** The ARN of the principal that read it (never pruned). */
  readonly callerArn: string | undefined
  /**
   * Identity Center, read only when the file has an identityCenter section (undefined: not read
   * and not planned; null: the organization has no instance).
   */
  readonly identityCenter?: RunningIdentityCenter | null
}

/** An empty account IAM. */
export const NO_IAM: RunningIam = {
  users: new Map(),
  groups: new Map(),
  roles: new Map(),
  policies: new Map(),
}

/** Roles AWS services and Identity Center own: never planned, exported or pruned. */
export function isReservedRolePath(path: string): boolean {
  return path.startsWith('/aws-service-role/') || path.startsWith('/aws-reserved/')
}

/** The role every member account is created with. */
export const ACCOUNT_ACCESS_ROLE = 'OrganizationAccountAccessRole'
