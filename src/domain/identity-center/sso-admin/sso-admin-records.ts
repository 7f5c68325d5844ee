// Plain data records the sso-admin store reads and writes. Timestamps are epoch milliseconds;
// absent optional values are `null`, as the database holds them.

/** Who an assignment is for. */
export const PRINCIPAL_TYPES = ['USER', 'GROUP'] as const
/** One of {@link PRINCIPAL_TYPES}. */
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number]

/** The states of an asynchronous request, as AWS names them. */
export const STATUS_VALUES = ['IN_PROGRESS', 'FAILED', 'SUCCEEDED'] as const
/** One of {@link STATUS_VALUES}. */
export type StatusValue = (typeof STATUS_VALUES)[number]

/** The asynchronous requests whose status is kept. */
export const OPERATION_KINDS = [
  'assignment-creation',
  'assignment-deletion',
  'provisioning',
] as const
/** One of {@link OPERATION_KINDS}. */
export type OperationKind = (typeof OPERATION_KINDS)[number]

/** The Identity Center instance of an organization. */
export interface InstanceRecord {
  /** `arn:aws:sso:::instance/ssoins-<16 hex>` */
  readonly instanceArn: string
  /** `d-<10 alnum>` */
  readonly identityStoreId: string
  readonly managementAccountId: string
  readonly createdAt: number
}

/** A customer managed policy referenced by name and path (resolved in each target account). */
export interface CustomerPolicyRef {
  readonly name: string
  /** Begins and ends with `/`. */
  readonly path: string
}

/** A permission set's permissions boundary: an AWS managed policy or a customer managed one. */
export type BoundaryRef =
  | { readonly kind: 'managed'; readonly arn: string }
  | { readonly kind: 'customer'; readonly ref: CustomerPolicyRef }

/** A permission set with everything it grants. */
export interface PermissionSetRecord {
  /** `arn:aws:sso:::permissionSet/ssoins-…/ps-<16 hex>` */
  readonly arn: string
  readonly instanceArn: string
  /** Unique per instance, case-insensitively. */
  readonly name: string
  readonly description: string | null
  /** ISO 8601, e.g. `PT8H`. */
  readonly sessionDuration: string
  readonly relayState: string | null
  readonly createdAt: number
  /** AWS managed policy ARNs, in attachment order. */
  readonly managedPolicyArns: readonly string[]
  readonly customerManagedPolicies: readonly CustomerPolicyRef[]
  readonly inlinePolicy: string | null
  readonly permissionsBoundary: BoundaryRef | null
  /** Incremented by every change of what the permission set grants (provisioning compares it). */
  readonly version: number
}

/** The fields of a permission set that change after creation. */
export interface PermissionSetPatch {
  readonly description?: string | null
  readonly sessionDuration?: string
  readonly relayState?: string | null
  readonly managedPolicyArns?: readonly string[]
  readonly customerManagedPolicies?: readonly CustomerPolicyRef[]
  readonly inlinePolicy?: string | null
  readonly permissionsBoundary?: BoundaryRef | null
}

/** One account assignment: a principal may use a permission set in an account. */
export interface AssignmentRecord {
  readonly instanceArn: string
  readonly accountId: string
  readonly permissionSetArn: string
  readonly principalType: PrincipalType
  readonly principalId: string
  readonly createdAt: number
}

/** A permission set provisioned (its role created) in an account, at some version. */
export interface ProvisionedRecord {
  readonly instanceArn: string
  readonly permissionSetArn: string
  readonly accountId: string
  /** `AWSReservedSSO_<Name>_<16 hex>` */
  readonly roleName: string
  /** The permission set's version the role matches. */
  readonly version: number
  readonly provisionedAt: number
}

/** The outcome of one asynchronous request (kept after it ends). */
export interface OperationStatusRecord {
  readonly requestId: string
  readonly instanceArn: string
  readonly kind: OperationKind
  readonly status: StatusValue
  readonly failureReason: string | null
  readonly permissionSetArn: string
  /** The account (assignments, provisioning to one account), else null. */
  readonly accountId: string | null
  readonly principalType: PrincipalType | null
  readonly principalId: string | null
  readonly createdAt: number
}

/** One tag of an instance or permission set. */
export interface SsoTagRecord {
  readonly key: string
  readonly value: string
}
