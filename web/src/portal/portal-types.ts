/** The shapes of the portal JSON API's answers (ARCHITECTURE.md, `/portal/api/...`). */

/** `GET /portal/api/me` and a completed sign-in. */
export interface Me {
  readonly userName: string
  readonly displayName: string
  readonly userId: string
  readonly identityStoreId: string
  readonly csrfToken: string
  readonly sessionExpiresAt: number
}

/** A sign-in that needs the user to register an MFA device first. */
export interface MfaRegistration {
  readonly mfaRegistration: { readonly seed: string; readonly uri: string }
  readonly csrfToken: string
}

/** One role (permission set) of an account. */
export interface PortalRole {
  readonly roleName: string
  readonly permissionSetArn: string
  readonly sessionDurationSeconds: number
  readonly relayState?: string
}

/** One account tile. */
export interface PortalAccount {
  readonly accountId: string
  readonly accountName: string
  readonly emailAddress: string
  readonly roles: readonly PortalRole[]
}

/** `POST /portal/api/credentials`. */
export interface RoleCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  /** Epoch ms. */
  readonly expiration: number
}
