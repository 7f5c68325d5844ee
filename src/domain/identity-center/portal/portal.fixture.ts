/**
 * Test doubles for the access portal: an in-memory store for sso-oidc, sessions and settings,
 * and fakes of the Identity Center ports, IAM's role lookup and Organizations' account names.
 * TOTP: codes `1xxxxx` are valid (`freshCode()` gives a new one), each accepted once per user;
 * registration confirms with `654321`.
 */
import { randomBytes } from 'node:crypto'
import { SealedBox } from '../../common/sealed-box.ts'
import { StoreError } from '../../common/store-error.ts'
import { SessionTokenCodec } from '../../sts/session-token-codec.ts'
import type { AssumableRole } from '../../sts/sts-directory.ts'
import type {
  AccessGrant,
  DirectoryUser,
  IdentityCenterInstance,
  MfaCheck,
  UserCredentials,
} from '../identity-center-ports.ts'
import type {
  DeviceAuthorizationRecord,
  DeviceStatus,
  OidcClientRecord,
  OidcStore,
  OidcTokenRecord,
} from '../oidc/oidc-store.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import { createIdentityCenterPortal } from './create-identity-center-portal.ts'
import type {
  PortalSessionRecord,
  PortalSessionStore,
  PortalSettingsStore,
  SignInFailures,
} from './portal-ports.ts'

/** Lockout as the identity store does it: from the 5th failure, 1 minute doubling up to 15. */
const lockoutBackoff = (failures: number) =>
  failures < 5 ? 0 : Math.min(60_000 * 2 ** (failures - 5), 15 * 60_000)

/** The fixed clock of the domain tests. */
export const NOW = new Date('2026-03-01T12:00:00.000Z')
/** The identity store, instance, accounts and codes of the fake portal. */
export const STORE_ID = 'd-1234567890'
export const INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1111222233334444'
export const DEV = '111111111111'
export const PROD = '222222222222'
export const GOOD_CODE = '123456'
export const REGISTRATION_CODE = '654321'
let codes = 100_000
/** A valid TOTP code not used before. */
export const freshCode = (): string => String(++codes)

/** sso-oidc, sessions and settings in memory. */
export class MemoryPortalStore implements OidcStore, PortalSessionStore, PortalSettingsStore {
  readonly clients = new Map<string, OidcClientRecord>()
  readonly devices = new Map<string, DeviceAuthorizationRecord>()
  readonly tokens = new Map<string, OidcTokenRecord>()
  readonly sessions = new Map<string, PortalSessionRecord>()
  readonly mfa = new Map<string, boolean>()

  async createClient(c: OidcClientRecord) {
    this.clients.set(c.clientId, c)
  }
  async getClient(id: string) {
    return this.clients.get(id)
  }
  async createDeviceAuthorization(d: DeviceAuthorizationRecord) {
    if ([...this.devices.values()].some((x) => x.userCode === d.userCode)) {
      throw new StoreError('AlreadyExists', 'deviceAuthorization.userCode')
    }
    this.devices.set(d.deviceCodeHash, d)
  }
  async getDeviceAuthorization(hash: string) {
    return this.devices.get(hash)
  }
  async findDeviceAuthorizationByUserCode(code: string) {
    return [...this.devices.values()].find((d) => d.userCode === code)
  }
  async decideDeviceAuthorization(
    hash: string,
    status: Exclude<DeviceStatus, 'pending'>,
    identityStoreId: string,
    userId: string,
    now: number,
  ) {
    const d = this.devices.get(hash)
    if (d === undefined || d.status !== 'pending' || now >= d.expiresAt) return false
    this.devices.set(hash, { ...d, status, identityStoreId, userId })
    return true
  }
  async recordDevicePoll(hash: string, at: number, fastPolls: number) {
    const d = this.devices.get(hash)
    if (d) this.devices.set(hash, { ...d, lastPollAt: at, fastPolls })
  }
  async consumeDeviceAuthorization(hash: string) {
    return this.devices.get(hash)?.status === 'approved' && this.devices.delete(hash)
  }
  async createToken(t: OidcTokenRecord) {
    this.tokens.set(t.accessTokenHash, t)
  }
  async getTokenByAccessHash(hash: string) {
    return this.tokens.get(hash)
  }
  async getTokenByRefreshHash(hash: string) {
    return [...this.tokens.values()].find((t) => t.refreshTokenHash === hash)
  }
  async deleteToken(hash: string) {
    return this.tokens.delete(hash)
  }
  async purgeExpiredOidc() {}
  async createSession(s: PortalSessionRecord) {
    this.sessions.set(s.idHash, s)
  }
  async getSession(hash: string) {
    return this.sessions.get(hash)
  }
  async touchSession(hash: string, at: number) {
    const s = this.sessions.get(hash)
    if (s) this.sessions.set(hash, { ...s, lastSeenAt: at })
  }
  async deleteSession(hash: string) {
    return this.sessions.delete(hash)
  }
  async purgeExpiredSessions() {}
  async getMfaRequired(arn: string) {
    return this.mfa.get(arn)
  }
  async setMfaRequired(arn: string, required: boolean) {
    this.mfa.set(arn, required)
  }
}

/** Users' passwords and MFA, as the identity store would keep them. */
export class FakeCredentials implements UserCredentials {
  readonly passwords = new Map<string, string>()
  readonly mfaUsers = new Set<string>()
  readonly registering = new Set<string>()
  readonly usedSteps = new Set<string>()
  async setPassword(_s: string, userId: string, password: string) {
    this.passwords.set(userId, password)
  }
  async verifyPassword(_s: string, userId: string, password: string) {
    return this.passwords.get(userId) === password
  }
  async hasMfa(_s: string, userId: string) {
    return this.mfaUsers.has(userId)
  }
  async beginMfaRegistration(_s: string, userId: string) {
    this.registering.add(userId)
    return {
      seed: 'JBSWY3DPEHPK3PXP',
      uri: `otpauth://totp/xaccess:${userId}?secret=JBSWY3DPEHPK3PXP`,
    }
  }
  async confirmMfaRegistration(_s: string, userId: string, code: string): Promise<MfaCheck> {
    if (!this.registering.has(userId)) return 'not-registered'
    if (code !== REGISTRATION_CODE) return 'invalid'
    this.registering.delete(userId)
    this.mfaUsers.add(userId)
    return 'ok'
  }
  async verifyMfa(_s: string, userId: string, code: string): Promise<MfaCheck> {
    if (!this.mfaUsers.has(userId)) return 'not-registered'
    if (!/^1\d{5}$/.test(code)) return 'invalid'
    if (this.usedSteps.has(`${userId}:${code}`)) return 'replayed'
    this.usedSteps.add(`${userId}:${code}`)
    return 'ok'
  }
}

/** A failure counter with {@link lockoutBackoff}. */
export class FakeFailures implements SignInFailures {
  readonly counts = new Map<string, { n: number; until: number }>()
  async recordSignInFailure(_s: string, userId: string, now: Date): Promise<Date | undefined> {
    const n = (this.counts.get(userId)?.n ?? 0) + 1
    const until = now.getTime() + lockoutBackoff(n)
    this.counts.set(userId, { n, until })
    return until > now.getTime() ? new Date(until) : undefined
  }
  async clearSignInFailures(_s: string, userId: string) {
    this.counts.delete(userId)
  }
  async lockedUntil(_s: string, userId: string, now: Date) {
    const c = this.counts.get(userId)
    return c && c.until > now.getTime() ? new Date(c.until) : undefined
  }
}

/** Records every log line. */
export class RecordingLog implements SecurityLog {
  readonly lines: { level: string; event: string; fields: Record<string, unknown> }[] = []
  info(event: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'info', event, fields })
  }
  warn(event: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'warn', event, fields })
  }
  /** Reasons of the warnings logged so far. */
  reasons(): unknown[] {
    return this.lines.filter((l) => l.level === 'warn').map((l) => l.fields.reason)
  }
}

/** A grant of permission set `name` in `accountId`. */
export const grant = (accountId: string, name: string, over: Partial<AccessGrant> = {}) =>
  ({
    accountId,
    permissionSetArn: `arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-${name.toLowerCase()}`,
    permissionSetName: name,
    roleName: `AWSReservedSSO_${name}_0123456789abcdef`,
    sessionDurationSeconds: 3600,
    relayState: undefined,
    ...over,
  }) satisfies AccessGrant

/** The role IAM would have provisioned for a grant. */
export const reservedRole = (g: AccessGrant): AssumableRole => ({
  accountId: g.accountId,
  roleName: g.roleName,
  roleArn: `arn:aws:iam::${g.accountId}:role/aws-reserved/sso.amazonaws.com/${g.roleName}`,
  roleId: 'AROAEXAMPLEEXAMPLE01',
  path: '/aws-reserved/sso.amazonaws.com/',
  trustPolicy: '{}',
  maxSessionDurationSeconds: 43200,
  tags: {},
})

/** The whole portal over fakes: users alice (MFA) and bob (no MFA), group `admins` = alice. */
export function buildPortal() {
  const store = new MemoryPortalStore()
  const credentials = new FakeCredentials()
  const failures = new FakeFailures()
  const log = new RecordingLog()
  const box = new SealedBox(randomBytes(32))
  const codec = new SessionTokenCodec(box)
  const instance: IdentityCenterInstance = {
    instanceArn: INSTANCE_ARN,
    identityStoreId: STORE_ID,
    managementAccountId: '999999999999',
    createdAt: 0,
  }
  const users = new Map<string, DirectoryUser>()
  const groups = new Map<string, string[]>([['g-admins', ['u-alice']]])
  const addUser = (userId: string, userName: string, password: string) => {
    users.set(userId, { identityStoreId: STORE_ID, userId, userName, displayName: userName })
    credentials.passwords.set(userId, password)
  }
  addUser('u-alice', 'alice', 'alice-password-1')
  addUser('u-bob', 'bob', 'bob-password-1')
  credentials.mfaUsers.add('u-alice')
  // Grants by principal: a user id or a group id.
  const grants = new Map<string, AccessGrant[]>([
    ['g-admins', [grant(DEV, 'AdministratorAccess', { sessionDurationSeconds: 7200 })]],
    ['u-alice', [grant(PROD, 'ReadOnlyAccess')]],
    ['u-bob', [grant(DEV, 'ReadOnlyAccess')]],
  ])
  const roles = new Map<string, AssumableRole>()
  for (const g of [...grants.values()].flat())
    roles.set(`${g.accountId}/${g.roleName}`, reservedRole(g))
  const names = new Map([
    [DEV, { name: 'dev', email: 'dev@example.com' }],
    [PROD, { name: 'prod', email: 'prod@example.com' }],
  ])
  const portal = createIdentityCenterPortal({
    oidcStore: store,
    sessionStore: store,
    settings: store,
    box,
    codec,
    instances: {
      ensureInstance: async () => instance,
      instanceForIdentityStore: async (id) => (id === STORE_ID ? instance : undefined),
      listInstances: async () => [instance],
    },
    users: {
      findUserByName: async (_s, name) => [...users.values()].find((u) => u.userName === name),
      getUser: async (_s, id) => users.get(id),
      groupIdsOf: async (_s, id) =>
        [...groups].filter(([, members]) => members.includes(id)).map(([g]) => g),
      userExists: async (_s, id) => users.has(id),
      groupExists: async (_s, id) => groups.has(id),
    },
    credentials,
    failures,
    assignments: {
      grantsFor: async (_i, userId, groupIds) =>
        [userId, ...groupIds].flatMap((p) => grants.get(p) ?? []),
    },
    roles: { findRole: async (a, r) => roles.get(`${a}/${r}`) },
    names: { nameOf: async (a) => names.get(a) },
    log,
  })
  return {
    ...portal,
    store,
    credentials,
    failures,
    log,
    codec,
    users,
    groups,
    grants,
    roles,
    names,
    addUser,
  }
}
