// Plain data records the IAM store reads and writes. Timestamps are epoch milliseconds; absent
// optional values are `null`, as the database holds them. Entities are identified by their unique
// id (`AIDA…`, `AGPA…`, `AROA…`, `ANPA…`) so that renames keep their policies, groups and tags.

/** The kinds of IAM principal or group that hold inline and attached policies. */
export const ENTITY_TYPES = ['user', 'group', 'role'] as const
/** One of {@link ENTITY_TYPES}. */
export type EntityType = (typeof ENTITY_TYPES)[number]

/** A user, group or role, by its unique id. */
export interface EntityRef {
  readonly type: EntityType
  readonly id: string
}

/** Access key statuses. */
export const ACCESS_KEY_STATUSES = ['Active', 'Inactive'] as const
/** One of {@link ACCESS_KEY_STATUSES}. */
export type AccessKeyStatus = (typeof ACCESS_KEY_STATUSES)[number]

/** An IAM user. */
export interface UserRecord {
  readonly accountId: string
  /** `AIDA…` */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly createdAt: number
  readonly permissionsBoundaryArn: string | null
}

/** An IAM group. */
export interface GroupRecord {
  readonly accountId: string
  /** `AGPA…` */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly createdAt: number
}

/** An IAM role. */
export interface RoleRecord {
  readonly accountId: string
  /** `AROA…` */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly createdAt: number
  /** The trust policy document, as written (JSON text). */
  readonly trustPolicy: string
  readonly description: string | null
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number
  readonly permissionsBoundaryArn: string | null
  readonly lastUsedAt: number | null
  readonly lastUsedRegion: string | null
}

/** An inline policy of a user, group or role. */
export interface InlinePolicyRecord {
  readonly name: string
  readonly document: string
}

/** A customer managed policy (AWS-managed ones live in code, see the catalog). */
export interface ManagedPolicyRecord {
  readonly accountId: string
  /** `ANPA…` */
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description: string | null
  readonly defaultVersionId: string
  readonly createdAt: number
  readonly updatedAt: number
  /** Users, groups and roles it is attached to (computed). */
  readonly attachmentCount: number
  /** Users and roles it bounds (computed). */
  readonly permissionsBoundaryUsageCount: number
}

/** One version (`v1`, `v2`…) of a customer managed policy. */
export interface PolicyVersionRecord {
  readonly versionId: string
  readonly document: string
  readonly isDefault: boolean
  readonly createdAt: number
}

/** An access key as stored: the secret sealed, never in clear. */
export interface StoredAccessKey {
  /** `AKIA…` */
  readonly accessKeyId: string
  readonly accountId: string
  /** The owning user's id, or null for the account root user. */
  readonly userId: string | null
  /** The owning user's current name (joined), or null for root. */
  readonly userName: string | null
  /** The secret sealed with the SealedBox purpose `secret`. */
  readonly sealedSecret: string
  readonly status: AccessKeyStatus
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly lastUsedRegion: string | null
  readonly lastUsedService: string | null
}

/** One tag; keys are unique per resource case-insensitively, as IAM has them. */
export interface TagRecord {
  readonly key: string
  readonly value: string
}

/** An entity a managed policy is attached to, resolved to its name. */
export interface PolicyEntityRecord {
  readonly type: EntityType
  readonly id: string
  readonly name: string
  readonly path: string
}
