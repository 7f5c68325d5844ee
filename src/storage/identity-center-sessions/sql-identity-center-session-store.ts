import type { Kysely } from 'kysely'
import type {
  DeviceAuthorizationRecord,
  DeviceStatus,
  OidcClientRecord,
  OidcStore,
  OidcTokenRecord,
} from '../../domain/identity-center/oidc/index.ts'
import type {
  PortalSessionRecord,
  PortalSessionStore,
  PortalSettingsStore,
} from '../../domain/identity-center/portal/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, withStoreErrors } from '../sql/index.ts'
import {
  fromClient,
  fromDevice,
  fromSession,
  fromToken,
  toClient,
  toDevice,
  toSession,
  toToken,
} from './identity-center-sessions-rows.ts'
import type { IdentityCenterSessionsSchema } from './identity-center-sessions-schema.ts'
import { IDENTITY_CENTER_SESSIONS_UNIQUE_CONSTRAINTS } from './identity-center-sessions-unique-constraints.ts'

type Db = Kysely<IdentityCenterSessionsSchema>

/**
 * sso-oidc's and the access portal's store over Kysely, in SQL that SQLite and PostgreSQL both
 * run unchanged. Races (two polls exchanging one device code, two refreshes of one token) are
 * settled by conditional UPDATE/DELETE: the row count says who won.
 *
 * @example
 * const store = new SqlIdentityCenterSessionStore(db)
 * createIdentityCenterPortal({ oidcStore: store, sessionStore: store, settings: store, … })
 */
export class SqlIdentityCenterSessionStore
  implements OidcStore, PortalSessionStore, PortalSettingsStore
{
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  /** Runs a write, turning unique violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreErrors(IDENTITY_CENTER_SESSIONS_UNIQUE_CONSTRAINTS, fn)
  }

  // Clients

  async createClient(client: OidcClientRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('oidc_client').values(fromClient(client)).execute())
  }

  async getClient(clientId: string): Promise<OidcClientRecord | undefined> {
    const row = await this.#db
      .selectFrom('oidc_client')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirst()
    return row && toClient(row)
  }

  // Device authorizations

  async createDeviceAuthorization(device: DeviceAuthorizationRecord): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto('oidc_device_authorization').values(fromDevice(device)).execute(),
    )
  }

  async getDeviceAuthorization(hash: string): Promise<DeviceAuthorizationRecord | undefined> {
    const row = await this.#db
      .selectFrom('oidc_device_authorization')
      .selectAll()
      .where('device_code_hash', '=', hash)
      .executeTakeFirst()
    return row && toDevice(row)
  }

  async findDeviceAuthorizationByUserCode(
    userCode: string,
  ): Promise<DeviceAuthorizationRecord | undefined> {
    const row = await this.#db
      .selectFrom('oidc_device_authorization')
      .selectAll()
      .where('user_code', '=', userCode)
      .executeTakeFirst()
    return row && toDevice(row)
  }

  async decideDeviceAuthorization(
    hash: string,
    decision: Exclude<DeviceStatus, 'pending'>,
    identityStoreId: string,
    userId: string,
    now: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('oidc_device_authorization')
      .set({ status: decision, identity_store_id: identityStoreId, user_id: userId })
      .where('device_code_hash', '=', hash)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async recordDevicePoll(hash: string, at: number, fastPolls: number): Promise<void> {
    await this.#db
      .updateTable('oidc_device_authorization')
      .set({ last_poll_at: at, fast_polls: fastPolls })
      .where('device_code_hash', '=', hash)
      .execute()
  }

  async consumeDeviceAuthorization(hash: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('oidc_device_authorization')
      .where('device_code_hash', '=', hash)
      .where('status', '=', 'approved')
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // Tokens

  async createToken(token: OidcTokenRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('oidc_token').values(fromToken(token)).execute())
  }

  async getTokenByAccessHash(hash: string): Promise<OidcTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('oidc_token')
      .selectAll()
      .where('access_token_hash', '=', hash)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async getTokenByRefreshHash(hash: string): Promise<OidcTokenRecord | undefined> {
    const row = await this.#db
      .selectFrom('oidc_token')
      .selectAll()
      .where('refresh_token_hash', '=', hash)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async deleteToken(hash: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('oidc_token')
      .where('access_token_hash', '=', hash)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async purgeExpiredOidc(now: number): Promise<void> {
    await this.#db.deleteFrom('oidc_device_authorization').where('expires_at', '<=', now).execute()
    await this.#db
      .deleteFrom('oidc_token')
      .where('access_expires_at', '<=', now)
      .where((eb) =>
        eb.or([eb('refresh_expires_at', 'is', null), eb('refresh_expires_at', '<=', now)]),
      )
      .execute()
    await this.#db.deleteFrom('oidc_client').where('secret_expires_at', '<=', now).execute()
  }

  // Portal sessions

  async createSession(session: PortalSessionRecord): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto('portal_session').values(fromSession(session)).execute(),
    )
  }

  async getSession(idHash: string): Promise<PortalSessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('portal_session')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst()
    return row && toSession(row)
  }

  async touchSession(idHash: string, lastSeenAt: number): Promise<void> {
    await this.#db
      .updateTable('portal_session')
      .set({ last_seen_at: lastSeenAt })
      .where('id_hash', '=', idHash)
      .where('last_seen_at', '<', lastSeenAt)
      .execute()
  }

  async deleteSession(idHash: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('portal_session')
      .where('id_hash', '=', idHash)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async purgeExpiredSessions(idleBefore: number, createdBefore: number): Promise<void> {
    await this.#db
      .deleteFrom('portal_session')
      .where((eb) =>
        eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]),
      )
      .execute()
  }

  // Settings

  async getMfaRequired(instanceArn: string): Promise<boolean | undefined> {
    const row = await this.#db
      .selectFrom('portal_setting')
      .select('mfa_required')
      .where('instance_arn', '=', instanceArn)
      .executeTakeFirst()
    return row && Number(row.mfa_required) === 1
  }

  async setMfaRequired(instanceArn: string, required: boolean): Promise<void> {
    const value = required ? 1 : 0
    await this.#db
      .insertInto('portal_setting')
      .values({ instance_arn: instanceArn, mfa_required: value })
      .onConflict((oc) => oc.column('instance_arn').doUpdateSet({ mfa_required: value }))
      .execute()
  }
}
