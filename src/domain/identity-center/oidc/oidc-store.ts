/**
 * What sso-oidc keeps (storage implements it): registered clients (secret sealed), device
 * authorizations (device code hashed), and issued tokens (access and refresh tokens hashed).
 * Times are epoch milliseconds. Hashes are SHA-256 hex of the secret value; a secret itself is
 * never stored in the clear.
 */

/** A registered public client (`aws sso login` registers one per session name). */
export interface OidcClientRecord {
  readonly clientId: string
  readonly clientName: string
  readonly clientType: string
  readonly scopes: readonly string[]
  /** The client secret, sealed with SealedBox ('secret'). */
  readonly sealedSecret: string
  readonly issuedAt: number
  readonly secretExpiresAt: number
}

/** Where a device authorization stands. */
export const DEVICE_STATUSES = ['pending', 'approved', 'denied'] as const
/** One of {@link DEVICE_STATUSES}. */
export type DeviceStatus = (typeof DEVICE_STATUSES)[number]

/** A device authorization: started by a client, approved or denied by a user in the portal. */
export interface DeviceAuthorizationRecord {
  readonly deviceCodeHash: string
  /** `ABCD-EFGH`, unique among stored authorizations. */
  readonly userCode: string
  readonly clientId: string
  readonly startUrl: string
  readonly status: DeviceStatus
  /** The approving (or denying) user, once decided. */
  readonly identityStoreId: string | null
  readonly userId: string | null
  readonly createdAt: number
  readonly expiresAt: number
  readonly lastPollAt: number | null
  /** Polls in a row that came sooner than the interval. */
  readonly fastPolls: number
}

/** Tokens issued to a client for a user. */
export interface OidcTokenRecord {
  readonly accessTokenHash: string
  readonly refreshTokenHash: string | null
  readonly clientId: string
  readonly identityStoreId: string
  readonly userId: string
  readonly scopes: readonly string[]
  readonly accessExpiresAt: number
  readonly refreshExpiresAt: number | null
  /** When the user approved the device (kept across refreshes). */
  readonly authTime: number
  readonly createdAt: number
}

/** The port. Writes that can race are conditional and say whether they won. */
export interface OidcStore {
  createClient(client: OidcClientRecord): Promise<void>
  getClient(clientId: string): Promise<OidcClientRecord | undefined>

  /** Throws StoreError('AlreadyExists', 'deviceAuthorization.userCode') on a user code taken. */
  createDeviceAuthorization(device: DeviceAuthorizationRecord): Promise<void>
  getDeviceAuthorization(deviceCodeHash: string): Promise<DeviceAuthorizationRecord | undefined>
  findDeviceAuthorizationByUserCode(
    userCode: string,
  ): Promise<DeviceAuthorizationRecord | undefined>
  /** Approves or denies for a user, only while pending and unexpired at `now`; true if it did. */
  decideDeviceAuthorization(
    deviceCodeHash: string,
    decision: Exclude<DeviceStatus, 'pending'>,
    identityStoreId: string,
    userId: string,
    now: number,
  ): Promise<boolean>
  recordDevicePoll(deviceCodeHash: string, at: number, fastPolls: number): Promise<void>
  /** Deletes an approved authorization; true for the one caller that deleted it. */
  consumeDeviceAuthorization(deviceCodeHash: string): Promise<boolean>

  createToken(token: OidcTokenRecord): Promise<void>
  getTokenByAccessHash(accessTokenHash: string): Promise<OidcTokenRecord | undefined>
  getTokenByRefreshHash(refreshTokenHash: string): Promise<OidcTokenRecord | undefined>
  /** Deletes a token (access and refresh together); true for the one caller that deleted it. */
  deleteToken(accessTokenHash: string): Promise<boolean>

  /** Drops device authorizations and tokens that expired before `now`, and expired clients. */
  purgeExpiredOidc(now: number): Promise<void>
}
