/** The storage port of SCIM bearer tokens. The secret itself is never stored, only its hash. */

/** One SCIM bearer token of an identity store. */
export interface ScimTokenRecord {
  readonly tokenId: string
  readonly identityStoreId: string
  /** SHA-256 of the token's secret, base64url. */
  readonly secretHash: string
  readonly createdAt: number
  readonly expiresAt: number
  /** The ARN of the principal that created it. */
  readonly createdBy: string
}

/** SCIM bearer tokens, by id and by identity store. */
export interface ScimTokenStore {
  createToken(token: ScimTokenRecord): Promise<void>
  getToken(tokenId: string): Promise<ScimTokenRecord | undefined>
  /** The identity store's tokens, oldest first. */
  listTokens(identityStoreId: string): Promise<ScimTokenRecord[]>
  /** False when the identity store had no such token. */
  deleteToken(identityStoreId: string, tokenId: string): Promise<boolean>
}
