// Plain data records the Organizations store reads and writes. Timestamps are epoch milliseconds;
// absent optional values are `null`, as the database holds them.

/** Feature sets of an organization. */
export const FEATURE_SETS = ['ALL', 'CONSOLIDATED_BILLING'] as const
/** One of {@link FEATURE_SETS}. */
export type FeatureSet = (typeof FEATURE_SETS)[number]

/** Account statuses AWS reports. */
export const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] as const
/** One of {@link ACCOUNT_STATUSES}. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number]

/** How an account joined its organization. */
export const JOINED_METHODS = ['INVITED', 'CREATED'] as const
/** One of {@link JOINED_METHODS}. */
export type JoinedMethod = (typeof JOINED_METHODS)[number]

/** Organization policy types xaccess stores and enforces. */
export const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const
/** One of {@link POLICY_TYPES}. */
export type PolicyType = (typeof POLICY_TYPES)[number]

/** Status of a policy type on a root. */
export const POLICY_TYPE_STATUSES = ['ENABLED', 'PENDING_ENABLE', 'PENDING_DISABLE'] as const
/** One of {@link POLICY_TYPE_STATUSES}. */
export type PolicyTypeStatus = (typeof POLICY_TYPE_STATUSES)[number]

/** Kinds of node in the organization tree: what a policy attaches to, what a parent holds. */
export const TARGET_TYPES = ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'] as const
/** One of {@link TARGET_TYPES}. */
export type TargetType = (typeof TARGET_TYPES)[number]

/** Kinds of child a parent (root or OU) holds. */
export type ChildType = Exclude<TargetType, 'ROOT'>

/** States of a CreateAccount request. */
export const CREATE_ACCOUNT_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const
/** One of {@link CREATE_ACCOUNT_STATES}. */
export type CreateAccountState = (typeof CREATE_ACCOUNT_STATES)[number]

/** An organization, with its management account denormalised as AWS describes it. */
export interface OrganizationRecord {
  readonly id: string
  readonly arn: string
  readonly featureSet: FeatureSet
  readonly managementAccountId: string
  readonly managementAccountArn: string
  readonly managementAccountEmail: string
  readonly createdAt: number
}

/** The root of an organization's tree. */
export interface RootRecord {
  readonly id: string
  readonly organizationId: string
  readonly arn: string
  readonly name: string
}

/** An organizational unit; `parentId` is a root or another OU. */
export interface OrganizationalUnitRecord {
  readonly id: string
  readonly organizationId: string
  readonly parentId: string
  readonly arn: string
  readonly name: string
  readonly createdAt: number
}

/** A member (or management) account; `id` is 12 digits, `parentId` a root or an OU. */
export interface AccountRecord {
  readonly id: string
  readonly organizationId: string
  readonly parentId: string
  readonly arn: string
  readonly email: string
  readonly name: string
  readonly status: AccountStatus
  readonly joinedMethod: JoinedMethod
  readonly joinedAt: number
}

/** An organization policy; AWS-managed ones (FullAWSAccess…) have `organizationId` null. */
export interface PolicyRecord {
  readonly id: string
  readonly organizationId: string | null
  readonly arn: string
  readonly type: PolicyType
  readonly name: string
  readonly description: string
  readonly content: string
  readonly awsManaged: boolean
}

/** A policy without its document, as list operations return it. */
export type PolicySummary = Omit<PolicyRecord, 'content'>

/** A node a policy is attached to, resolved to its ARN and name. */
export interface PolicyTargetRecord {
  readonly targetId: string
  readonly type: TargetType
  readonly arn: string
  readonly name: string
}

/** A reference to a node of the tree. */
export interface NodeRef {
  readonly id: string
  readonly type: TargetType
}

/** A policy type's status on a root. */
export interface EnabledPolicyTypeRecord {
  readonly rootId: string
  readonly type: PolicyType
  readonly status: PolicyTypeStatus
}

/** One tag on a resource. */
export interface TagRecord {
  readonly key: string
  readonly value: string
}

/** The progress of one CreateAccount request (`car-…`). */
export interface CreateAccountStatusRecord {
  readonly id: string
  readonly organizationId: string
  readonly accountName: string
  readonly state: CreateAccountState
  readonly requestedAt: number
  readonly completedAt: number | null
  readonly accountId: string | null
  readonly failureReason: string | null
}
