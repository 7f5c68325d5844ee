/**
 * The running IAM Identity Center as plain data, with the ids a plan needs to change or delete
 * it: users, groups with their memberships, permission sets with their policies, and the account
 * assignments.
 */
import type { CustomerPolicyReference, PermissionSetBoundary, Tag } from '../org-file/index.ts'

/** An identity store user (never a password). */
export interface RunningSsoUser {
  readonly id: string
  readonly userName: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly emails: readonly { value: string; type: string | undefined; primary: boolean }[]
}

/** A group with its members by user name. */
export interface RunningSsoGroup {
  readonly id: string
  readonly displayName: string
  readonly description: string | undefined
  readonly members: readonly { readonly userName: string; readonly membershipId: string }[]
}

/** A permission set and what it holds. */
export interface RunningPermissionSet {
  readonly arn: string
  readonly name: string
  readonly description: string | undefined
  readonly sessionDuration: string
  readonly relayState: string | undefined
  readonly managedPolicies: readonly string[]
  readonly customerManagedPolicies: readonly CustomerPolicyReference[]
  /** The inline policy's text. */
  readonly inlinePolicy: string | undefined
  readonly permissionsBoundary: PermissionSetBoundary | undefined
  readonly tags: readonly Tag[]
  /** Accounts it is provisioned to. */
  readonly provisionedTo: readonly string[]
}

/** One account assignment. */
export interface RunningAssignment {
  readonly accountId: string
  readonly permissionSetArn: string
  readonly principalType: 'USER' | 'GROUP'
  readonly principalId: string
}

/** The instance and what it holds. */
export interface RunningIdentityCenter {
  readonly instanceArn: string
  readonly identityStoreId: string
  readonly users: readonly RunningSsoUser[]
  readonly groups: readonly RunningSsoGroup[]
  readonly permissionSets: readonly RunningPermissionSet[]
  readonly assignments: readonly RunningAssignment[]
}
