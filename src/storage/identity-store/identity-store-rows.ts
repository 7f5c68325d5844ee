// Conversions between the identity store tables' rows and the domain's records.
import type {
  GroupRecord,
  MembershipRecord,
  UserAttributes,
  UserCredentialRecord,
  UserRecord,
} from '../../domain/identity-center/identity-store/index.ts'
import type {
  IdsGroupTable,
  IdsMembershipTable,
  IdsUserCredentialTable,
  IdsUserTable,
} from './identity-store-schema.ts'

// INVARIANT: PostgreSQL's pg returns `bigint` columns as strings; every read goes through Number().
const num = (v: number | string) => Number(v)
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v))

/** The case-insensitive key of a user name or group display name. */
export const nameKey = (name: string) => name.toLowerCase()

/** A user row. */
export const fromUser = (u: UserRecord): IdsUserTable => ({
  identity_store_id: u.identityStoreId,
  user_id: u.userId,
  user_name: u.userName,
  user_name_key: nameKey(u.userName),
  display_name: u.displayName,
  attributes: JSON.stringify(u.attributes),
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  created_by: u.createdBy,
  updated_by: u.updatedBy,
  active: u.active === false ? 0 : 1,
  external_id: u.externalId ?? null,
})

/** A user record. */
export const toUser = (r: IdsUserTable): UserRecord => ({
  identityStoreId: r.identity_store_id,
  userId: r.user_id,
  userName: r.user_name,
  displayName: r.display_name,
  attributes: JSON.parse(r.attributes) as UserAttributes,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  ...(Number(r.active) === 0 ? { active: false } : {}),
  ...(r.external_id === null ? {} : { externalId: r.external_id }),
})

/** A group row. */
export const fromGroup = (g: GroupRecord): IdsGroupTable => ({
  identity_store_id: g.identityStoreId,
  group_id: g.groupId,
  display_name: g.displayName,
  display_name_key: nameKey(g.displayName),
  description: g.description ?? null,
  created_at: g.createdAt,
  updated_at: g.updatedAt,
  created_by: g.createdBy,
  updated_by: g.updatedBy,
})

/** A group record. */
export const toGroup = (r: IdsGroupTable): GroupRecord => ({
  identityStoreId: r.identity_store_id,
  groupId: r.group_id,
  displayName: r.display_name,
  description: r.description ?? undefined,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
  createdBy: r.created_by,
  updatedBy: r.updated_by,
})

/** A membership row. */
export const fromMembership = (m: MembershipRecord): IdsMembershipTable => ({
  identity_store_id: m.identityStoreId,
  membership_id: m.membershipId,
  group_id: m.groupId,
  user_id: m.userId,
  created_at: m.createdAt,
  created_by: m.createdBy,
})

/** A membership record. */
export const toMembership = (r: IdsMembershipTable): MembershipRecord => ({
  identityStoreId: r.identity_store_id,
  membershipId: r.membership_id,
  groupId: r.group_id,
  userId: r.user_id,
  createdAt: num(r.created_at),
  createdBy: r.created_by,
})

/** A credential record. */
export const toCredential = (r: IdsUserCredentialTable): UserCredentialRecord => ({
  identityStoreId: r.identity_store_id,
  userId: r.user_id,
  passwordHash: r.password_hash,
  sealedSeed: r.sealed_seed,
  pendingSeed: r.pending_seed,
  lastStep: numOrNull(r.last_step),
  failedAttempts: num(r.failed_attempts),
  lockedUntil: numOrNull(r.locked_until),
})
