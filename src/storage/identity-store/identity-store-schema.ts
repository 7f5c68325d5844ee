// Kysely's view of the identity store tables, as migration 0004 creates them. Timestamps and
// TOTP steps are `bigint` (INTEGER in SQLite); user profile members are JSON text.

/** Row of `ids_user`. */
export interface IdsUserTable {
  identity_store_id: string
  user_id: string
  user_name: string
  user_name_key: string
  display_name: string
  attributes: string
  created_at: number
  updated_at: number
  created_by: string
  updated_by: string
  /** 1, or 0 for a deactivated user (migration 0015). */
  active: number
  /** The identity provider's id of the user (SCIM `externalId`, migration 0015). */
  external_id: string | null
}

/** Row of `ids_group`. */
export interface IdsGroupTable {
  identity_store_id: string
  group_id: string
  display_name: string
  display_name_key: string
  description: string | null
  created_at: number
  updated_at: number
  created_by: string
  updated_by: string
}

/** Row of `ids_membership`. */
export interface IdsMembershipTable {
  identity_store_id: string
  membership_id: string
  group_id: string
  user_id: string
  created_at: number
  created_by: string
}

/** Row of `ids_user_credential`. */
export interface IdsUserCredentialTable {
  identity_store_id: string
  user_id: string
  password_hash: string | null
  sealed_seed: string | null
  pending_seed: string | null
  last_step: number | null
  failed_attempts: number
  locked_until: number | null
}

/** The identity store tables, for `Kysely<IdentityStoreSchema>`. */
export interface IdentityStoreSchema {
  ids_user: IdsUserTable
  ids_group: IdsGroupTable
  ids_membership: IdsMembershipTable
  ids_user_credential: IdsUserCredentialTable
  ids_scim_token: IdsScimTokenTable
}

/** Row of `ids_scim_token` (migration 0015): a SCIM bearer token, its secret only as a hash. */
export interface IdsScimTokenTable {
  token_id: string
  identity_store_id: string
  secret_hash: string
  created_at: number
  expires_at: number
  created_by: string
}
