// The sso-oidc and access portal store contract: one suite every backend must pass, run by
// storage.test.ts on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { StoreError } from '../../domain/common/store-error.ts'
import type {
  DeviceAuthorizationRecord,
  OidcTokenRecord,
} from '../../domain/identity-center/oidc/index.ts'
import type { PortalSessionRecord } from '../../domain/identity-center/portal/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from '../test-database.fixture.ts'
import { SqlIdentityCenterSessionStore } from './sql-identity-center-session-store.ts'

const T = 1_772_366_400_000 // 2026-03-01T12:00:00Z: past 2^31 seconds, exercises bigint

/**
 * Registers the contract for one backend.
 *
 * @example
 * identityCenterSessionsStoreContract('sqlite', factory)
 */
export function identityCenterSessionsStoreContract(
  name: string,
  factory: TestDatabaseFactory,
): void {
  describe(`IdentityCenterSessionStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: SqlIdentityCenterSessionStore
    let seq = 0
    const unique = (prefix: string) => `${prefix}-${++seq}`

    before(() => {
      store = new SqlIdentityCenterSessionStore(suite.database.db)
    })

    const device = (over: Partial<DeviceAuthorizationRecord> = {}): DeviceAuthorizationRecord => ({
      deviceCodeHash: unique('dch'),
      userCode: unique('UC'),
      clientId: 'client-1',
      startUrl: 'http://127.0.0.1:4599/portal',
      status: 'pending',
      identityStoreId: null,
      userId: null,
      createdAt: T,
      expiresAt: T + 600_000,
      lastPollAt: null,
      fastPolls: 0,
      ...over,
    })
    const token = (over: Partial<OidcTokenRecord> = {}): OidcTokenRecord => ({
      accessTokenHash: unique('ath'),
      refreshTokenHash: unique('rth'),
      clientId: 'client-1',
      identityStoreId: 'd-1234567890',
      userId: 'u-1',
      scopes: ['sso:account:access'],
      accessExpiresAt: T + 3_600_000,
      refreshExpiresAt: T + 7_200_000,
      authTime: T,
      createdAt: T,
      ...over,
    })
    const session = (over: Partial<PortalSessionRecord> = {}): PortalSessionRecord => ({
      idHash: unique('sid'),
      identityStoreId: 'd-1234567890',
      userId: 'u-1',
      csrfToken: 'csrf',
      state: 'active',
      createdAt: T,
      lastSeenAt: T,
      ...over,
    })

    it('stores clients with their scopes and sealed secret', async () => {
      const client = {
        clientId: unique('c'),
        clientName: 'botocore-client-x',
        clientType: 'public',
        scopes: ['sso:account:access'],
        sealedSecret: 'sealed',
        issuedAt: T,
        secretExpiresAt: T + 90 * 86_400_000,
      }
      await store.createClient(client)
      assert.deepEqual(await store.getClient(client.clientId), client)
      assert.equal(await store.getClient('nope'), undefined)
      await assert.rejects(store.createClient(client), (e: unknown) => {
        return e instanceof StoreError && e.subject === 'oidcClient.clientId'
      })
    })

    it('device authorizations: unique user codes, one decision, one exchange', async () => {
      const d = device()
      await store.createDeviceAuthorization(d)
      assert.deepEqual(await store.getDeviceAuthorization(d.deviceCodeHash), d)
      assert.deepEqual(await store.findDeviceAuthorizationByUserCode(d.userCode), d)
      await assert.rejects(
        store.createDeviceAuthorization(device({ userCode: d.userCode })),
        (e: unknown) =>
          e instanceof StoreError &&
          e.kind === 'AlreadyExists' &&
          e.subject === 'deviceAuthorization.userCode',
      )
      await store.recordDevicePoll(d.deviceCodeHash, T + 1000, 2)
      const polled = await store.getDeviceAuthorization(d.deviceCodeHash)
      assert.equal(polled?.lastPollAt, T + 1000)
      assert.equal(polled?.fastPolls, 2)
      assert.equal(await store.consumeDeviceAuthorization(d.deviceCodeHash), false, 'pending')
      // Not after expiry, then exactly once.
      assert.equal(
        await store.decideDeviceAuthorization(
          d.deviceCodeHash,
          'approved',
          'd-1',
          'u-1',
          d.expiresAt,
        ),
        false,
      )
      const decisions = await Promise.all([
        store.decideDeviceAuthorization(d.deviceCodeHash, 'approved', 'd-1', 'u-1', T),
        store.decideDeviceAuthorization(d.deviceCodeHash, 'denied', 'd-1', 'u-2', T),
      ])
      assert.deepEqual(decisions.sort(), [false, true])
      const decided = await store.getDeviceAuthorization(d.deviceCodeHash)
      assert.ok(
        decided?.status === 'approved' ? decided.userId === 'u-1' : decided?.userId === 'u-2',
      )
      if (decided?.status === 'approved') {
        const exchanges = await Promise.all([
          store.consumeDeviceAuthorization(d.deviceCodeHash),
          store.consumeDeviceAuthorization(d.deviceCodeHash),
        ])
        assert.deepEqual(exchanges.sort(), [false, true])
        assert.equal(await store.getDeviceAuthorization(d.deviceCodeHash), undefined)
      }
    })

    it('tokens by access or refresh hash; deleted once', async () => {
      const t = token()
      await store.createToken(t)
      assert.deepEqual(await store.getTokenByAccessHash(t.accessTokenHash), t)
      assert.deepEqual(await store.getTokenByRefreshHash(t.refreshTokenHash!), t)
      const plain = token({ refreshTokenHash: null, refreshExpiresAt: null, scopes: [] })
      await store.createToken(plain)
      assert.deepEqual(await store.getTokenByAccessHash(plain.accessTokenHash), plain)
      const deletes = await Promise.all([
        store.deleteToken(t.accessTokenHash),
        store.deleteToken(t.accessTokenHash),
      ])
      assert.deepEqual(deletes.sort(), [false, true])
      assert.equal(await store.getTokenByRefreshHash(t.refreshTokenHash!), undefined)
    })

    it('purges what expired', async () => {
      const old = device({ expiresAt: T - 1 })
      const live = device()
      await store.createDeviceAuthorization(old)
      await store.createDeviceAuthorization(live)
      const dead = token({ accessExpiresAt: T - 1, refreshExpiresAt: T - 1 })
      const refreshable = token({ accessExpiresAt: T - 1 })
      await store.createToken(dead)
      await store.createToken(refreshable)
      await store.purgeExpiredOidc(T)
      assert.equal(await store.getDeviceAuthorization(old.deviceCodeHash), undefined)
      assert.ok(await store.getDeviceAuthorization(live.deviceCodeHash))
      assert.equal(await store.getTokenByAccessHash(dead.accessTokenHash), undefined)
      assert.ok(await store.getTokenByAccessHash(refreshable.accessTokenHash))
    })

    it('portal sessions: create, touch forward only, delete, purge', async () => {
      const s = session({ state: 'mfa-registration' })
      await store.createSession(s)
      assert.deepEqual(await store.getSession(s.idHash), s)
      await store.touchSession(s.idHash, T + 5000)
      await store.touchSession(s.idHash, T + 1000)
      assert.equal((await store.getSession(s.idHash))?.lastSeenAt, T + 5000)
      assert.equal(await store.deleteSession(s.idHash), true)
      assert.equal(await store.deleteSession(s.idHash), false)
      const idle = session({ lastSeenAt: T - 3_600_001 })
      const old = session({ createdAt: T - 43_200_001 })
      const fresh = session()
      for (const x of [idle, old, fresh]) await store.createSession(x)
      await store.purgeExpiredSessions(T - 3_600_000, T - 43_200_000)
      assert.equal(await store.getSession(idle.idHash), undefined)
      assert.equal(await store.getSession(old.idHash), undefined)
      assert.ok(await store.getSession(fresh.idHash))
    })

    it('per-instance MFA setting: unset, then set and changed', async () => {
      const arn = `arn:aws:sso:::instance/ssoins-${unique('x')}`
      assert.equal(await store.getMfaRequired(arn), undefined)
      await store.setMfaRequired(arn, false)
      assert.equal(await store.getMfaRequired(arn), false)
      await store.setMfaRequired(arn, true)
      assert.equal(await store.getMfaRequired(arn), true)
    })
  })
}
