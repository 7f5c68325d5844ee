import type { UniqueConstraint } from '../sql/index.ts'

/** The sso-oidc and portal tables' unique constraints: PostgreSQL's name, SQLite's columns, subject. */
export const IDENTITY_CENTER_SESSIONS_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
  ['oidc_client_pkey', 'oidc_client.client_id', 'oidcClient.clientId'],
  [
    'oidc_device_authorization_pkey',
    'oidc_device_authorization.device_code_hash',
    'deviceAuthorization.deviceCode',
  ],
  [
    'oidc_device_authorization_user_code_key',
    'oidc_device_authorization.user_code',
    'deviceAuthorization.userCode',
  ],
  ['oidc_token_pkey', 'oidc_token.access_token_hash', 'token.accessToken'],
  ['oidc_token_refresh_key', 'oidc_token.refresh_token_hash', 'token.refreshToken'],
  ['portal_session_pkey', 'portal_session.id_hash', 'portalSession.id'],
]
