// Row <-> record mapping for the IAM tables.
// INVARIANT: the migration's check constraints keep `status` and `entity_type` within their
// domain unions, so the casts below only narrow what the database already guarantees.
import type { Selectable } from 'kysely'
import type {
  AccessKeyStatus,
  EntityType,
  GroupRecord,
  PolicyVersionRecord,
  RoleRecord,
  StoredAccessKey,
  UserRecord,
} from '../../domain/iam/iam-records.ts'
import type {
  IamAccessKeyTable,
  IamEntityTable,
  IamGroupTable,
  IamPolicyVersionTable,
  IamRoleTable,
  IamUserTable,
} from './iam-schema.ts'

/** The paging and uniqueness key of a name. */
export const nameKey = (name: string): string => name.toLowerCase()

/** The fields every user, group and role record has. */
type EntityFields = Pick<UserRecord, 'accountId' | 'id' | 'name' | 'path' | 'arn' | 'createdAt'>

/** The entity columns of a user, group or role row, to record fields. */
function toEntity(row: Selectable<IamEntityTable>): EntityFields {
  return {
    accountId: row.account_id,
    id: row.id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createdAt: Number(row.created_at),
  }
}

/** The fields of a user, group or role record, to entity columns. */
function fromEntity(e: EntityFields): IamEntityTable {
  return {
    id: e.id,
    account_id: e.accountId,
    name: e.name,
    name_key: nameKey(e.name),
    path: e.path,
    arn: e.arn,
    created_at: e.createdAt,
  }
}

/** User row to record. */
export function toUser(row: Selectable<IamUserTable>): UserRecord {
  return { ...toEntity(row), permissionsBoundaryArn: row.permissions_boundary_arn }
}

/** User record to row. */
export function fromUser(u: UserRecord): IamUserTable {
  return { ...fromEntity(u), permissions_boundary_arn: u.permissionsBoundaryArn }
}

/** Group row to record. */
export function toGroup(row: Selectable<IamGroupTable>): GroupRecord {
  return toEntity(row)
}

/** Group record to row. */
export function fromGroup(g: GroupRecord): IamGroupTable {
  return fromEntity(g)
}

/** Role row to record. */
export function toRole(row: Selectable<IamRoleTable>): RoleRecord {
  return {
    ...toEntity(row),
    trustPolicy: row.trust_policy,
    description: row.description,
    maxSessionDuration: Number(row.max_session_duration),
    permissionsBoundaryArn: row.permissions_boundary_arn,
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedRegion: row.last_used_region,
  }
}

/** Role record to row. */
export function fromRole(r: RoleRecord): IamRoleTable {
  return {
    ...fromEntity(r),
    trust_policy: r.trustPolicy,
    description: r.description,
    max_session_duration: r.maxSessionDuration,
    permissions_boundary_arn: r.permissionsBoundaryArn,
    last_used_at: r.lastUsedAt,
    last_used_region: r.lastUsedRegion,
  }
}

/** Policy version row to record. */
export function toPolicyVersion(
  row: Selectable<IamPolicyVersionTable>,
  defaultVersionId: string,
): PolicyVersionRecord {
  return {
    versionId: row.version_id,
    document: row.document,
    isDefault: row.version_id === defaultVersionId,
    createdAt: Number(row.created_at),
  }
}

/** Access key row (with the owner's name joined) to record. */
export function toAccessKey(
  row: Selectable<IamAccessKeyTable> & { user_name: string | null },
): StoredAccessKey {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    userId: row.user_id,
    userName: row.user_name,
    sealedSecret: row.sealed_secret,
    status: row.status as AccessKeyStatus,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedRegion: row.last_used_region,
    lastUsedService: row.last_used_service,
  }
}

/** Narrows a stored entity type. */
export const toEntityType = (value: string): EntityType => value as EntityType
