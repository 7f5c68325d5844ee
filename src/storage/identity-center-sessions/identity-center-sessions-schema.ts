// Kysely's view of the access portal's and sso-oidc's tables, as migration 0006 creates them.
// Times are `bigint` epoch ms (INTEGER in SQLite); scope lists JSON text; flags 0/1.

/** Row of `oidc_client`. */
export interface OidcClientTable {
  client_id: string
  client_name: string
  client_type: string
  scopes: string
  sealed_secret: string
  issued_at: number
  secret_expires_at: number
}

/** Row of `oidc_device_authorization`. */
export interface OidcDeviceAuthorizationTable {
  device_code_hash: string
  user_code: string
  client_id: string
  start_url: string
  status: string
  identity_store_id: string | null
  user_id: string | null
  created_at: number
  expires_at: number
  last_poll_at: number | null
  fast_polls: number
}

/** Row of `oidc_token`. */
export interface OidcTokenTable {
  access_token_hash: string
  refresh_token_hash: string | null
  client_id: string
  identity_store_id: string
  user_id: string
  scopes: string
  access_expires_at: number
  refresh_expires_at: number | null
  auth_time: number
  created_at: number
}

/** Row of `portal_session`. */
export interface PortalSessionTable {
  id_hash: string
  identity_store_id: string
  user_id: string
  csrf_token: string
  state: string
  created_at: number
  last_seen_at: number
}

/** Row of `portal_setting`. */
export interface PortalSettingTable {
  instance_arn: string
  mfa_required: number
}

/** The tables, for `Kysely<IdentityCenterSessionsSchema>`. */
export interface IdentityCenterSessionsSchema {
  oidc_client: OidcClientTable
  oidc_device_authorization: OidcDeviceAuthorizationTable
  oidc_token: OidcTokenTable
  portal_session: PortalSessionTable
  portal_setting: PortalSettingTable
}
