/**
 * SCIM bearer tokens as IAM Identity Center issues them for automatic provisioning: created by an
 * administrator, shown once, valid for one year, at most two per identity store at a time (so
 * one can be rotated in while the other still works). A token reads `xscim.<id>.<secret>`; only
 * the SHA-256 of the 32 random bytes of the secret is kept, and a presented token is compared
 * with it in constant time.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { ScimTokenRecord, ScimTokenStore } from './scim-token-store.ts'

/** How long a token is valid: one year, as AWS's. */
export const SCIM_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000
/** How many tokens an identity store may have at once, as AWS allows. */
export const MAX_SCIM_TOKENS = 2

const PREFIX = 'xscim'

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url')

/** A token as just created: the only time its secret is seen. */
export interface CreatedScimToken {
  readonly record: ScimTokenRecord
  readonly token: string
}

/**
 * Creates, lists, deletes and checks SCIM bearer tokens.
 * @example
 * const { token } = await tokens.create('d-1234567890', callerArn, Date.now())
 * await tokens.authenticate(`Bearer ${token}`, Date.now()) // 'd-1234567890'
 */
export class ScimTokens {
  readonly #store: ScimTokenStore

  constructor(store: ScimTokenStore) {
    this.#store = store
  }

  /** A new token, or undefined when the identity store has {@link MAX_SCIM_TOKENS} already. */
  async create(
    identityStoreId: string,
    createdBy: string,
    now: number,
  ): Promise<CreatedScimToken | undefined> {
    const existing = await this.#store.listTokens(identityStoreId)
    if (existing.length >= MAX_SCIM_TOKENS) return undefined
    const tokenId = randomUUID()
    const secret = randomBytes(32).toString('base64url')
    const record: ScimTokenRecord = {
      tokenId,
      identityStoreId,
      secretHash: hashOf(secret),
      createdAt: now,
      expiresAt: now + SCIM_TOKEN_LIFETIME_MS,
      createdBy,
    }
    await this.#store.createToken(record)
    return { record, token: `${PREFIX}.${tokenId}.${secret}` }
  }

  list(identityStoreId: string): Promise<ScimTokenRecord[]> {
    return this.#store.listTokens(identityStoreId)
  }

  delete(identityStoreId: string, tokenId: string): Promise<boolean> {
    return this.#store.deleteToken(identityStoreId, tokenId)
  }

  /**
   * The identity store an `Authorization` header's bearer token is for, or undefined when the
   * header is missing, malformed, names no token, carries the wrong secret, or has expired.
   */
  async authenticate(authorization: string | undefined, now: number): Promise<string | undefined> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
    const parts = match?.[1]?.split('.') ?? []
    if (parts.length !== 3 || parts[0] !== PREFIX) return undefined
    const record = await this.#store.getToken(parts[1]!)
    // Hash anyway, so an unknown id costs what a wrong secret costs.
    const presented = Buffer.from(hashOf(parts[2]!))
    const expected = Buffer.from(record?.secretHash ?? hashOf('unknown token'))
    const same = presented.length === expected.length && timingSafeEqual(presented, expected)
    if (record === undefined || !same || record.expiresAt <= now) return undefined
    return record.identityStoreId
  }
}
