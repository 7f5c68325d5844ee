/**
 * ExternalSignIn over in-memory stores and a relying party that answers given claims: the pending
 * sign-in serves once, only with its browser's binding cookie, within ten minutes; the provider's
 * error is refused; JIT creates the user and keeps memberships in step with the groups claim
 * (groups that exist, by DisplayName; others left out, stale ones removed); SCIM-only refuses an
 * unknown user; a disabled user is refused; each outcome is reported as EXTERNAL_IDP events.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import { CollectedAuditEvents } from '../../cloudtrail/index.ts'
import { SealedBox } from '../../common/sealed-box.ts'
import { InMemorySingleUseIds } from '../../common/single-use-ids.ts'
import type { IdentityCenterInstance, InstanceDirectory } from '../identity-center-ports.ts'
import type {
  GroupRecord,
  IdentityStoreStore,
  MembershipRecord,
  UserRecord,
} from '../identity-store/index.ts'
import { silentSecurityLog } from '../oidc/security-log.ts'
import { MemoryPortalStore } from '../portal/portal.fixture.ts'
import { PortalSessions } from '../portal/portal-sessions.ts'
import type { UserAccess } from '../portal/user-access.ts'
import {
  ExternalSignIn,
  ExternalSignInRefused,
  PENDING_SIGN_IN_MS,
  type ExternalRefusalReason,
  type IdentitySource,
  type IdentitySourceStore,
  type PendingExternalSignIn,
  type RelyingParty,
} from './index.ts'

const S = 'd-1234567890'
const INSTANCE: IdentityCenterInstance = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1111222233334444',
  identityStoreId: S,
  managementAccountId: '111111111111',
  createdAt: 0,
}
const T0 = new Date('2026-03-01T12:00:00.000Z')
const REDIRECT = 'http://xaccess.test/portal/oidc/callback'

class MemorySources implements IdentitySourceStore {
  source: IdentitySource | undefined
  readonly pending = new Map<string, PendingExternalSignIn>()
  async getIdentitySource() {
    return this.source
  }
  async putIdentitySource(_arn: string, source: IdentitySource) {
    this.source = source
  }
  async createPendingSignIn(p: PendingExternalSignIn) {
    this.pending.set(p.stateHash, p)
  }
  async takePendingSignIn(stateHash: string) {
    const p = this.pending.get(stateHash)
    this.pending.delete(stateHash)
    return p
  }
  async purgePendingSignIns(before: number) {
    for (const [k, p] of this.pending) if (p.createdAt < before) this.pending.delete(k)
  }
}

/** The part of the identity store external sign-in uses. */
class MemoryIdentityStore {
  readonly users: UserRecord[] = []
  readonly groups: GroupRecord[] = []
  memberships: MembershipRecord[] = []
  async findUserByName(_s: string, name: string) {
    return this.users.find((u) => u.userName.toLowerCase() === name.toLowerCase())
  }
  async createUser(u: UserRecord) {
    this.users.push(u)
  }
  async findGroupByName(_s: string, name: string) {
    return this.groups.find((g) => g.displayName === name)
  }
  async groupIdsOfUser(_s: string, userId: string) {
    return this.memberships.filter((m) => m.userId === userId).map((m) => m.groupId)
  }
  async createMembership(m: MembershipRecord) {
    this.memberships.push(m)
  }
  async findMembership(_s: string, groupId: string, userId: string) {
    return this.memberships.find((m) => m.groupId === groupId && m.userId === userId)
  }
  async deleteMembership(_s: string, id: string) {
    const before = this.memberships.length
    this.memberships = this.memberships.filter((m) => m.membershipId !== id)
    return this.memberships.length < before
  }
}

const group = (groupId: string, displayName: string): GroupRecord => ({
  identityStoreId: S,
  groupId,
  displayName,
  description: undefined,
  createdAt: 0,
  updatedAt: 0,
  createdBy: 'x',
  updatedBy: 'x',
})

describe('ExternalSignIn', () => {
  const box = new SealedBox(randomBytes(32))
  let sources: MemorySources
  let ids: MemoryIdentityStore
  let claims: Record<string, unknown>
  let external: ExternalSignIn
  let authorizations: URL[]

  const instances: InstanceDirectory = {
    ensureInstance: async () => INSTANCE,
    instanceForIdentityStore: async () => INSTANCE,
    listInstances: async () => [INSTANCE],
  }
  const relyingParty: RelyingParty = {
    async authorizationUrl(_source, p) {
      const url = new URL('https://idp.example/auth')
      url.searchParams.set('state', p.state)
      url.searchParams.set('nonce', p.nonce)
      url.searchParams.set('code_challenge', p.codeChallenge)
      authorizations.push(url)
      return url.toString()
    },
    async redeem(_source, secret, r) {
      assert.equal(secret, 'client-secret')
      assert.equal(r.redirectUri, REDIRECT)
      return { nonce: r.nonce, ...claims }
    },
  }

  const setSource = (provisioning: 'jit' | 'scim') => {
    sources.source = {
      kind: 'oidc',
      issuer: 'https://idp.example',
      clientId: 'xaccess',
      sealedClientSecret: box.seal('secret', 'client-secret'),
      scopes: ['openid'],
      userClaim: 'preferred_username',
      groupsClaim: 'groups',
      provisioning,
    }
  }

  beforeEach(() => {
    sources = new MemorySources()
    ids = new MemoryIdentityStore()
    ids.groups.push(group('g-analysts', 'Analysts'), group('g-devs', 'Developers'))
    claims = {
      sub: 'idp-1',
      preferred_username: 'erin',
      name: 'Erin External',
      groups: ['Analysts'],
    }
    authorizations = []
    const access = {
      user: async (who: { identityStoreId: string; userId: string }) => {
        const u = ids.users.find((x) => x.userId === who.userId)
        return u && { ...who, userName: u.userName, displayName: u.displayName }
      },
    } as unknown as UserAccess
    external = new ExternalSignIn({
      instances,
      sources,
      store: ids as unknown as IdentityStoreStore,
      sessions: new PortalSessions(new MemoryPortalStore()),
      access,
      box,
      relyingParty,
      singleUse: new InMemorySingleUseIds(),
      log: silentSecurityLog,
    })
    setSource('jit')
  })

  const begin = async (at = T0) => {
    const { binding } = await external.begin('/portal/', REDIRECT, at)
    const url = authorizations.at(-1)!
    return { binding, state: url.searchParams.get('state')! }
  }
  const complete = (
    state: string | undefined,
    binding: string | undefined,
    at = T0,
    events = new CollectedAuditEvents(),
    extra: { error?: string } = {},
  ) =>
    external.complete(
      { state, code: 'the-code', ...extra },
      binding,
      at,
      events,
      'http://x/portal/',
    )
  const refusedWith = async (reason: ExternalRefusalReason, run: Promise<unknown>) =>
    assert.rejects(run, (e: unknown) => e instanceof ExternalSignInRefused && e.reason === reason)

  it('refuses to begin while the source is the built-in store', async () => {
    sources.source = { kind: 'builtin' }
    await refusedWith('not-configured', external.begin('/portal/', REDIRECT, T0))
  })

  it('sends a S256 challenge of a verifier it keeps, and fresh state and nonce each time', async () => {
    const a = await begin()
    const b = await begin()
    assert.notEqual(a.state, b.state)
    assert.notEqual(a.binding, b.binding)
    const [x, y] = authorizations
    assert.match(x!.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/)
    assert.notEqual(x!.searchParams.get('nonce'), y!.searchParams.get('nonce'))
  })

  it('JIT: creates the user at first sign-in and opens an active session; the callback serves once', async () => {
    const { state, binding } = await begin()
    const events = new CollectedAuditEvents()
    const done = await complete(state, binding, T0, events)
    assert.equal(done.user.userName, 'erin')
    assert.equal(done.session.record.state, 'active')
    assert.equal(done.returnTo, '/portal/')
    assert.equal(ids.users.length, 1)
    assert.equal(ids.users[0]!.displayName, 'Erin External')
    assert.equal(ids.users[0]!.externalId, 'idp-1')
    assert.deepEqual(await ids.groupIdsOfUser(S, ids.users[0]!.userId), ['g-analysts'])
    const names = events
      .records(
        {
          requestId: 'r',
          sourceIp: '127.0.0.1',
          secureTransport: false,
          region: 'us-east-1',
          userAgent: '',
          now: T0,
        },
        INSTANCE.managementAccountId,
      )
      .map((r) => [r.eventName, r.additionalEventData?.CredentialType])
    assert.deepEqual(names, [
      ['CredentialVerification', 'EXTERNAL_IDP'],
      ['UserAuthentication', 'EXTERNAL_IDP'],
    ])
    await refusedWith('no-pending-sign-in', complete(state, binding))
  })

  it('JIT: memberships follow the groups claim (existing groups only; stale ones removed)', async () => {
    let s = await begin()
    await complete(s.state, s.binding)
    const userId = ids.users[0]!.userId
    claims = { ...claims, groups: ['Developers', 'NoSuchGroup'] }
    s = await begin()
    await complete(s.state, s.binding)
    assert.deepEqual(await ids.groupIdsOfUser(S, userId), ['g-devs'])
    assert.equal(ids.users.length, 1)
  })

  it('falls back to the email claim for the user name, and refuses a token naming no one', async () => {
    claims = { sub: 'x', email: 'eve@example.com' }
    let s = await begin()
    assert.equal((await complete(s.state, s.binding)).user.userName, 'eve@example.com')
    claims = { sub: 'y' }
    s = await begin()
    await refusedWith('no-user-claim', complete(s.state, s.binding))
  })

  it('SCIM-only: an unknown user is refused, a provisioned one signs in, groups untouched', async () => {
    setSource('scim')
    let s = await begin()
    await refusedWith('unknown-user', complete(s.state, s.binding))
    assert.equal(ids.users.length, 0)
    ids.users.push({
      identityStoreId: S,
      userId: 'u-erin',
      userName: 'Erin',
      displayName: 'Erin S.',
      attributes: {},
      createdAt: 0,
      updatedAt: 0,
      createdBy: 'scim',
      updatedBy: 'scim',
    })
    s = await begin()
    assert.equal((await complete(s.state, s.binding)).user.userId, 'u-erin')
    assert.deepEqual(ids.memberships, [])
  })

  it('refuses a disabled user', async () => {
    ids.users.push({
      identityStoreId: S,
      userId: 'u-erin',
      userName: 'erin',
      displayName: 'Erin',
      attributes: {},
      createdAt: 0,
      updatedAt: 0,
      createdBy: 'scim',
      updatedBy: 'scim',
      active: false,
    })
    const s = await begin()
    await refusedWith('user-disabled', complete(s.state, s.binding))
  })

  it('refuses an unknown state, a missing or foreign binding cookie, and an expired sign-in', async () => {
    await refusedWith('no-pending-sign-in', complete(undefined, 'x'))
    await refusedWith('no-pending-sign-in', complete('unknown-state', 'x'))
    let s = await begin()
    await refusedWith('binding-mismatch', complete(s.state, undefined))
    s = await begin()
    await refusedWith('binding-mismatch', complete(s.state, (await begin()).binding))
    s = await begin(T0)
    const late = new Date(T0.getTime() + PENDING_SIGN_IN_MS + 1)
    await refusedWith('expired', complete(s.state, s.binding, late))
  })

  it("refuses the provider's error answer, and reports the refusal", async () => {
    const s = await begin()
    const events = new CollectedAuditEvents()
    await refusedWith(
      'provider-error',
      complete(s.state, s.binding, T0, events, { error: 'access_denied' }),
    )
    assert.equal(events.size, 1)
  })
})
