// Rows to records and back. Integers may come back from PostgreSQL's `bigint` as strings.
import type {
  DeviceAuthorizationRecord,
  DeviceStatus,
  OidcClientRecord,
  OidcTokenRecord,
} from '../../domain/identity-center/oidc/index.ts'
import type {
  PortalSessionRecord,
  PortalSessionState,
} from '../../domain/identity-center/portal/index.ts'
import type {
  OidcClientTable,
  OidcDeviceAuthorizationTable,
  OidcTokenTable,
  PortalSessionTable,
} from './identity-center-sessions-schema.ts'

const num = (v: number | string): number => Number(v)
const numOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v))

/** `oidc_client` row to record. */
export const toClient = (r: OidcClientTable): OidcClientRecord => ({
  clientId: r.client_id,
  clientName: r.client_name,
  clientType: r.client_type,
  scopes: JSON.parse(r.scopes) as string[],
  sealedSecret: r.sealed_secret,
  issuedAt: num(r.issued_at),
  secretExpiresAt: num(r.secret_expires_at),
})

/** Record to `oidc_client` row. */
export const fromClient = (c: OidcClientRecord): OidcClientTable => ({
  client_id: c.clientId,
  client_name: c.clientName,
  client_type: c.clientType,
  scopes: JSON.stringify(c.scopes),
  sealed_secret: c.sealedSecret,
  issued_at: c.issuedAt,
  secret_expires_at: c.secretExpiresAt,
})

/** `oidc_device_authorization` row to record. */
export const toDevice = (r: OidcDeviceAuthorizationTable): DeviceAuthorizationRecord => ({
  deviceCodeHash: r.device_code_hash,
  userCode: r.user_code,
  clientId: r.client_id,
  startUrl: r.start_url,
  status: r.status as DeviceStatus,
  identityStoreId: r.identity_store_id,
  userId: r.user_id,
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  lastPollAt: numOrNull(r.last_poll_at),
  fastPolls: num(r.fast_polls),
})

/** Record to `oidc_device_authorization` row. */
export const fromDevice = (d: DeviceAuthorizationRecord): OidcDeviceAuthorizationTable => ({
  device_code_hash: d.deviceCodeHash,
  user_code: d.userCode,
  client_id: d.clientId,
  start_url: d.startUrl,
  status: d.status,
  identity_store_id: d.identityStoreId,
  user_id: d.userId,
  created_at: d.createdAt,
  expires_at: d.expiresAt,
  last_poll_at: d.lastPollAt,
  fast_polls: d.fastPolls,
})

/** `oidc_token` row to record. */
export const toToken = (r: OidcTokenTable): OidcTokenRecord => ({
  accessTokenHash: r.access_token_hash,
  refreshTokenHash: r.refresh_token_hash,
  clientId: r.client_id,
  identityStoreId: r.identity_store_id,
  userId: r.user_id,
  scopes: JSON.parse(r.scopes) as string[],
  accessExpiresAt: num(r.access_expires_at),
  refreshExpiresAt: numOrNull(r.refresh_expires_at),
  authTime: num(r.auth_time),
  createdAt: num(r.created_at),
})

/** Record to `oidc_token` row. */
export const fromToken = (t: OidcTokenRecord): OidcTokenTable => ({
  access_token_hash: t.accessTokenHash,
  refresh_token_hash: t.refreshTokenHash,
  client_id: t.clientId,
  identity_store_id: t.identityStoreId,
  user_id: t.userId,
  scopes: JSON.stringify(t.scopes),
  access_expires_at: t.accessExpiresAt,
  refresh_expires_at: t.refreshExpiresAt,
  auth_time: t.authTime,
  created_at: t.createdAt,
})

/** `portal_session` row to record. */
export const toSession = (r: PortalSessionTable): PortalSessionRecord => ({
  idHash: r.id_hash,
  identityStoreId: r.identity_store_id,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  state: r.state as PortalSessionState,
  createdAt: num(r.created_at),
  lastSeenAt: num(r.last_seen_at),
})

/** Record to `portal_session` row. */
export const fromSession = (s: PortalSessionRecord): PortalSessionTable => ({
  id_hash: s.idHash,
  identity_store_id: s.identityStoreId,
  user_id: s.userId,
  csrf_token: s.csrfToken,
  state: s.state,
  created_at: s.createdAt,
  last_seen_at: s.lastSeenAt,
})
