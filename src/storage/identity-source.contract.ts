// The identity source storage contract (migration 0016): an instance's source round-trips and
// is replaced; pending external sign-ins serve once and are purged by age. Run by
// storage.test.ts on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type {
  IdentitySource,
  PendingExternalSignIn,
} from '../domain/identity-center/identity-source/index.ts'
import { SqlIdentitySourceStore } from './identity-source/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

const I = 'arn:aws:sso:::instance/ssoins-1111111111111111'
const T = 1_772_366_400_000 // past 2^31 seconds: exercises bigint

const oidc: IdentitySource = {
  kind: 'oidc',
  issuer: 'https://idp.example.com/tenant',
  clientId: 'xaccess',
  sealedClientSecret: 'sealed-value',
  scopes: ['openid', 'profile', 'groups'],
  userClaim: 'preferred_username',
  groupsClaim: 'groups',
  provisioning: 'scim',
}

const pending = (state: string, createdAt: number): PendingExternalSignIn => ({
  stateHash: state,
  bindingHash: `b-${state}`,
  instanceArn: I,
  nonce: `n-${state}`,
  codeVerifier: `v-${state}`,
  redirectUri: 'https://xaccess.example.com/portal/oidc/callback',
  returnTo: '/portal/device?user_code=BCDF-GHJK',
  createdAt,
})

/**
 * Registers the contract for one backend.
 * @example identitySourceContract('sqlite', factory)
 */
export function identitySourceContract(name: string, factory: TestDatabaseFactory): void {
  describe(`identity source storage on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: SqlIdentitySourceStore
    before(() => {
      store = new SqlIdentitySourceStore(suite.database.db)
    })

    it('keeps one source per instance, replaced on put; none means never set', async () => {
      assert.equal(await store.getIdentitySource(I), undefined)
      await store.putIdentitySource(I, oidc, T, 'arn:aws:iam::111111111111:root')
      assert.deepEqual(await store.getIdentitySource(I), oidc)
      const jit = { ...oidc, provisioning: 'jit', scopes: ['openid'] } as const
      await store.putIdentitySource(I, jit, T + 1, 'arn:aws:iam::111111111111:root')
      assert.deepEqual(await store.getIdentitySource(I), jit)
      const saml = {
        kind: 'saml',
        entityId: 'https://idp.example.com/saml',
        metadata: '<md:EntityDescriptor entityID="https://idp.example.com/saml"/>',
        userAttribute: 'NameID',
        groupsAttribute: 'groups',
        provisioning: 'jit',
      } as const
      await store.putIdentitySource(I, saml, T + 2, 'root')
      assert.deepEqual(await store.getIdentitySource(I), saml)
      await store.putIdentitySource(I, { kind: 'builtin' }, T + 3, 'root')
      assert.deepEqual(await store.getIdentitySource(I), { kind: 'builtin' })
      assert.equal(await store.getIdentitySource(`${I}x`), undefined)
    })

    it('serves a pending sign-in once, and purges those older than a time', async () => {
      await store.createPendingSignIn(pending('s1', T))
      await store.createPendingSignIn(pending('s2', T + 60_000))
      assert.deepEqual(await store.takePendingSignIn('s1'), pending('s1', T))
      assert.equal(await store.takePendingSignIn('s1'), undefined)
      await store.createPendingSignIn(pending('s3', T - 1))
      await store.purgePendingSignIns(T)
      assert.equal(await store.takePendingSignIn('s3'), undefined)
      assert.deepEqual(await store.takePendingSignIn('s2'), pending('s2', T + 60_000))
    })

    it('refuses a second pending sign-in with the same state', async () => {
      await store.createPendingSignIn(pending('dup', T))
      await assert.rejects(store.createPendingSignIn(pending('dup', T)))
    })
  })
}
