/** How long sso-oidc's secrets live, in seconds. */
export interface OidcLifetimes {
  /** A registered client's secret (AWS: 90 days). */
  readonly clientSecret: number
  /** A device authorization, the `expiresIn` of StartDeviceAuthorization (AWS: 600). */
  readonly deviceCode: number
  /** The polling `interval` clients are told to keep. */
  readonly pollInterval: number
  /** An access token, the `expiresIn` of CreateToken. */
  readonly accessToken: number
  /** A refresh token, counted from the user's approval (rotation does not extend it). */
  readonly refreshToken: number
}

/** The lifetimes used unless a test gives others. */
export const DEFAULT_OIDC_LIFETIMES: OidcLifetimes = {
  clientSecret: 90 * 24 * 3600,
  deviceCode: 600,
  pollInterval: 1,
  accessToken: 8 * 3600,
  refreshToken: 7 * 24 * 3600,
}

/** The OAuth grant types CreateToken accepts. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
/** The refresh token grant type. */
export const REFRESH_TOKEN_GRANT = 'refresh_token'
