/**
 * sso-oidc as `aws sso login` uses it: RegisterClient, StartDeviceAuthorization and CreateToken
 * (device code and refresh token grants), plus what the portal and the sso portal API need:
 * deciding a device authorization for a signed-in user, and resolving or revoking access tokens.
 */
import {
  noAuditEvents,
  ssoEvent,
  type AuditEvents,
  type CallOutcome,
} from '../../cloudtrail/index.ts'
import type { SealedBox } from '../../common/sealed-box.ts'
import { isDomainError } from '../../common/domain-error.ts'
import { StoreError } from '../../common/store-error.ts'
import { oidcErrors } from './oidc-errors.ts'
import { optionalStrings, requiredString } from './oidc-input.ts'
import {
  DEFAULT_OIDC_LIFETIMES,
  DEVICE_CODE_GRANT,
  REFRESH_TOKEN_GRANT,
  type OidcLifetimes,
} from './oidc-lifetimes.ts'
import { hashSecret, newUserCode, randomSecret, secretsEqual } from './oidc-secrets.ts'
import type { OidcClientRecord, OidcStore, OidcTokenRecord } from './oidc-store.ts'
import type { SecurityLog } from './security-log.ts'

/** The identity-store user a token or an approval belongs to. */
export interface TokenOwner {
  readonly identityStoreId: string
  readonly userId: string
}

/** What CreateToken returns (the JSON body). */
export interface CreateTokenOutput {
  readonly accessToken: string
  readonly tokenType: 'Bearer'
  readonly expiresIn: number
  readonly refreshToken?: string
}

/** What the sso-oidc service works with. */
export interface OidcServiceDeps {
  readonly store: OidcStore
  readonly box: SealedBox
  readonly log: SecurityLog
  readonly lifetimes?: Partial<OidcLifetimes>
}

const SCOPE = /^[\w:.*/-]{1,256}$/
const PURGE_EVERY_MS = 5 * 60 * 1000
/** Polls in a row sooner than the interval before SlowDown: the CLI polls twice back to back. */
const FAST_POLLS_ALLOWED = 1

/**
 * The sso-oidc service.
 * @example
 * const oidc = new OidcService({ store, box, log })
 * const client = await oidc.registerClient({ clientName: 'cli', clientType: 'public' }, now)
 */
export class OidcService {
  readonly #store: OidcStore
  readonly #box: SealedBox
  readonly #log: SecurityLog
  readonly #life: OidcLifetimes
  #lastPurge = 0

  constructor(deps: OidcServiceDeps) {
    this.#store = deps.store
    this.#box = deps.box
    this.#log = deps.log
    this.#life = { ...DEFAULT_OIDC_LIFETIMES, ...deps.lifetimes }
  }

  /** The lifetimes in force. */
  get lifetimes(): OidcLifetimes {
    return this.#life
  }

  /** RegisterClient: a public client with a fresh id and secret (recorded in `events`). */
  registerClient(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ) {
    return recorded(events, 'RegisterClient', input, () => this.#registerClient(input, now))
  }

  async #registerClient(input: Readonly<Record<string, unknown>>, now: Date) {
    const clientName = requiredString(input, 'clientName')
    const clientType = requiredString(input, 'clientType')
    if (clientType !== 'public') {
      this.#refuse('RegisterClient', 'client-type')
      throw oidcErrors.invalidMetadata(`Invalid client type: ${clientType}`)
    }
    const scopes = optionalStrings(input, 'scopes')
    const badScope = scopes.find((s) => !SCOPE.test(s))
    if (badScope !== undefined) throw oidcErrors.invalidScope(badScope)
    const clientId = randomSecret('', 16)
    const clientSecret = randomSecret('', 48)
    const issuedAt = Math.floor(now.getTime() / 1000)
    const secretExpiresAt = issuedAt + this.#life.clientSecret
    await this.#store.createClient({
      clientId,
      clientName: clientName.slice(0, 256),
      clientType,
      scopes,
      sealedSecret: this.#box.seal('secret', clientSecret),
      issuedAt: issuedAt * 1000,
      secretExpiresAt: secretExpiresAt * 1000,
    })
    return {
      clientId,
      clientSecret,
      clientIdIssuedAt: issuedAt,
      clientSecretExpiresAt: secretExpiresAt,
    }
  }

  /** StartDeviceAuthorization: a device code for the client, a user code for the person. */
  startDeviceAuthorization(
    input: Readonly<Record<string, unknown>>,
    portalUrl: string,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ) {
    return recorded(events, 'StartDeviceAuthorization', input, () =>
      this.#startDeviceAuthorization(input, portalUrl, now),
    )
  }

  async #startDeviceAuthorization(
    input: Readonly<Record<string, unknown>>,
    portalUrl: string,
    now: Date,
  ) {
    const client = await this.#client(input, 'StartDeviceAuthorization', now)
    const startUrl = requiredString(input, 'startUrl')
    await this.#purge(now)
    const deviceCode = randomSecret('', 32)
    const expiresAt = now.getTime() + this.#life.deviceCode * 1000
    for (let attempt = 0; ; attempt++) {
      const userCode = newUserCode()
      try {
        await this.#store.createDeviceAuthorization({
          deviceCodeHash: hashSecret(deviceCode),
          userCode,
          clientId: client.clientId,
          startUrl,
          status: 'pending',
          identityStoreId: null,
          userId: null,
          createdAt: now.getTime(),
          expiresAt,
          lastPollAt: null,
          fastPolls: 0,
        })
        const verificationUri = `${portalUrl.replace(/\/+$/, '')}/device`
        return {
          deviceCode,
          userCode,
          verificationUri,
          verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
          expiresIn: this.#life.deviceCode,
          interval: this.#life.pollInterval,
        }
      } catch (error) {
        const taken = error instanceof StoreError && error.kind === 'AlreadyExists'
        if (!taken || attempt >= 4) throw error
      }
    }
  }

  /**
   * CreateToken for the device code grant or the refresh token grant; the event names the user
   * the token was issued to.
   */
  createToken(
    input: Readonly<Record<string, unknown>>,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ): Promise<CreateTokenOutput> {
    return recorded(events, 'CreateToken', input, () => this.#createToken(input, now))
  }

  async #createToken(
    input: Readonly<Record<string, unknown>>,
    now: Date,
  ): Promise<CreateTokenOutput & { readonly owner: TokenOwner }> {
    const client = await this.#client(input, 'CreateToken', now)
    const grantType = requiredString(input, 'grantType')
    if (grantType === DEVICE_CODE_GRANT) return this.#deviceGrant(client, input, now)
    if (grantType === REFRESH_TOKEN_GRANT) return this.#refreshGrant(client, input, now)
    this.#refuse('CreateToken', 'unsupported-grant', { clientId: client.clientId })
    throw oidcErrors.unsupportedGrant(grantType)
  }

  async #deviceGrant(
    client: OidcClientRecord,
    input: Readonly<Record<string, unknown>>,
    now: Date,
  ): Promise<CreateTokenOutput & { readonly owner: TokenOwner }> {
    const hash = hashSecret(requiredString(input, 'deviceCode'))
    const device = await this.#store.getDeviceAuthorization(hash)
    const refuse = (reason: string) =>
      this.#refuse('CreateToken', reason, { clientId: client.clientId })
    if (device === undefined || device.clientId !== client.clientId) {
      refuse('unknown-device-code')
      throw oidcErrors.invalidGrant('device code')
    }
    const at = now.getTime()
    if (at >= device.expiresAt) {
      refuse('device-code-expired')
      throw oidcErrors.deviceExpired()
    }
    if (device.status === 'denied') {
      refuse('device-denied')
      throw oidcErrors.denied()
    }
    if (device.status === 'pending') {
      const fast =
        device.lastPollAt !== null && at - device.lastPollAt < this.#life.pollInterval * 1000
      const fastPolls = fast ? device.fastPolls + 1 : 0
      await this.#store.recordDevicePoll(hash, at, fastPolls)
      if (fastPolls > FAST_POLLS_ALLOWED) {
        refuse('slow-down')
        throw oidcErrors.slowDown()
      }
      throw oidcErrors.pending()
    }
    // Approved: exactly one poll exchanges it for a token.
    if (!(await this.#store.consumeDeviceAuthorization(hash))) {
      refuse('device-code-used')
      throw oidcErrors.invalidGrant('device code')
    }
    const owner = { identityStoreId: device.identityStoreId!, userId: device.userId! }
    return this.#issue(client, owner, at, at + this.#life.refreshToken * 1000, now)
  }

  async #refreshGrant(
    client: OidcClientRecord,
    input: Readonly<Record<string, unknown>>,
    now: Date,
  ): Promise<CreateTokenOutput & { readonly owner: TokenOwner }> {
    const refuse = (reason: string) =>
      this.#refuse('CreateToken', reason, { clientId: client.clientId })
    if (client.scopes.length === 0) {
      refuse('client-without-refresh')
      throw oidcErrors.unauthorizedClient()
    }
    const token = await this.#store.getTokenByRefreshHash(
      hashSecret(requiredString(input, 'refreshToken')),
    )
    if (token === undefined || token.clientId !== client.clientId) {
      refuse('unknown-refresh-token')
      throw oidcErrors.invalidGrant('refresh token')
    }
    if (token.refreshExpiresAt === null || now.getTime() >= token.refreshExpiresAt) {
      refuse('refresh-token-expired')
      throw oidcErrors.refreshExpired()
    }
    // Rotation: the old pair goes; a refresh token is good once.
    if (!(await this.#store.deleteToken(token.accessTokenHash))) {
      refuse('refresh-token-used')
      throw oidcErrors.invalidGrant('refresh token')
    }
    return this.#issue(client, token, token.authTime, token.refreshExpiresAt, now)
  }

  async #issue(
    client: OidcClientRecord,
    owner: TokenOwner,
    authTime: number,
    refreshExpiresAt: number,
    now: Date,
  ): Promise<CreateTokenOutput & { readonly owner: TokenOwner }> {
    const accessToken = randomSecret('xat-', 48)
    const refreshToken = client.scopes.length > 0 ? randomSecret('xrt-', 48) : undefined
    const at = now.getTime()
    const record: OidcTokenRecord = {
      accessTokenHash: hashSecret(accessToken),
      refreshTokenHash: refreshToken === undefined ? null : hashSecret(refreshToken),
      clientId: client.clientId,
      identityStoreId: owner.identityStoreId,
      userId: owner.userId,
      scopes: client.scopes,
      accessExpiresAt: at + this.#life.accessToken * 1000,
      refreshExpiresAt: refreshToken === undefined ? null : refreshExpiresAt,
      authTime,
      createdAt: at,
    }
    await this.#store.createToken(record)
    this.#log.info('sso-oidc.token-issued', { clientId: client.clientId, userId: owner.userId })
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.#life.accessToken,
      ...(refreshToken === undefined ? {} : { refreshToken }),
      owner: { identityStoreId: owner.identityStoreId, userId: owner.userId },
    }
  }

  /** The owner of a live access token, or why there is none. */
  async authenticate(
    accessToken: string | undefined,
    now: Date,
  ): Promise<(TokenOwner & { readonly ok: true }) | { readonly ok: false; reason: string }> {
    if (accessToken === undefined || accessToken === '' || accessToken.length > 1024) {
      return { ok: false, reason: 'missing-token' }
    }
    const token = await this.#store.getTokenByAccessHash(hashSecret(accessToken))
    if (token === undefined) return { ok: false, reason: 'unknown-token' }
    if (now.getTime() >= token.accessExpiresAt) return { ok: false, reason: 'token-expired' }
    return { ok: true, identityStoreId: token.identityStoreId, userId: token.userId }
  }

  /** Revokes an access token (and its refresh token); false if it was not live. */
  revoke(accessToken: string): Promise<boolean> {
    return this.#store.deleteToken(hashSecret(accessToken))
  }

  /** The client named by `clientId`, after checking `clientSecret` and its expiry. */
  async #client(
    input: Readonly<Record<string, unknown>>,
    operation: string,
    now: Date,
  ): Promise<OidcClientRecord> {
    const clientId = requiredString(input, 'clientId')
    const clientSecret = requiredString(input, 'clientSecret')
    const client = await this.#store.getClient(clientId)
    const stored = client && this.#box.open('secret', client.sealedSecret)?.toString('utf8')
    if (client === undefined || stored === undefined || !secretsEqual(stored, clientSecret)) {
      this.#refuse(operation, 'invalid-client')
      throw oidcErrors.invalidClient()
    }
    if (now.getTime() >= client.secretExpiresAt) {
      this.#refuse(operation, 'client-expired', { clientId })
      throw oidcErrors.clientExpired()
    }
    return client
  }

  async #purge(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPurge < PURGE_EVERY_MS) return
    this.#lastPurge = now.getTime()
    await this.#store.purgeExpiredOidc(now.getTime())
  }

  #refuse(operation: string, reason: string, fields: Record<string, unknown> = {}): void {
    this.#log.warn('sso-oidc.refused', { operation, reason, ...fields })
  }
}

/**
 * Runs one sso-oidc operation and reports its event, success or failure (sso.amazonaws.com; the
 * client secret, device code and tokens shown only as hidden). CreateToken's event names the user
 * the token went to, as `Unknown` with their id, and the identity store as its resource.
 */
async function recorded<T extends object>(
  events: AuditEvents,
  eventName: string,
  input: Readonly<Record<string, unknown>>,
  run: () => Promise<T>,
): Promise<Omit<T, 'owner'>> {
  let outcome: CallOutcome
  let owner: TokenOwner | undefined
  let output: Omit<T, 'owner'> | undefined
  try {
    const result = await run()
    const { owner: who, ...rest } = result as T & { owner?: TokenOwner }
    owner = who
    output = rest
    outcome = { ok: true, output: rest }
  } catch (error) {
    outcome = isDomainError(error)
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: 'InternalServerException', message: 'An internal error occurred' }
    events.emit(ssoEvent({ eventName, input, outcome, readOnly: false, recordResponse: true }))
    throw error
  }
  events.emit(
    ssoEvent({
      eventName,
      ...(owner === undefined ? {} : { identity: { type: 'Unknown', principalId: owner.userId } }),
      input,
      outcome,
      readOnly: false,
      recordResponse: true,
      ...(owner === undefined
        ? {}
        : { resources: [{ ARN: owner.identityStoreId, type: 'IdentityStoreId' }] }),
    }),
  )
  return output
}
