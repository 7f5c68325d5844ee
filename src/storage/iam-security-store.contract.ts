// The IAM security store contract: one suite every backend must pass, run by storage.test.ts on
// SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type {
  IamSecurityStore,
  MfaDeviceRecord,
  OidcProviderRecord,
} from '../domain/iam/security/index.ts'
import { SqlIamSecurityStore } from './iam-security/index.ts'
import { rejectsWithStoreError } from './rejects-with-store-error.fixture.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

/**
 * Registers the IAM security store contract for one backend.
 *
 * @example
 * iamSecurityStoreContract('sqlite', factory)
 */
export function iamSecurityStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`IamSecurityStore contract on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: IamSecurityStore
    let seq = 0
    const account = () => String(200_000_000_000 + ++seq * 7)

    before(() => {
      store = new SqlIamSecurityStore(suite.database.db)
    })

    const device = (accountId: string, name: string, over: Partial<MfaDeviceRecord> = {}) => ({
      accountId,
      serialNumber: `arn:aws:iam::${accountId}:mfa/${name}`,
      name,
      path: '/',
      sealedSeed: `sealed-${name}`,
      userId: null,
      enabledAt: null,
      lastStep: null,
      createdAt: 1_700_000_000_000,
      tags: [],
      ...over,
    })

    it('creates, reads and deletes an MFA device; names and serials are unique', async () => {
      const a = account()
      const d = device(a, 'one', { tags: [{ key: 'k', value: 'v' }] })
      await store.createMfaDevice(d)
      assert.deepEqual(await store.getMfaDevice(d.serialNumber), d)
      await rejectsWithStoreError(
        store.createMfaDevice({ ...d, name: 'other' }),
        'AlreadyExists',
        'mfaDevice.serialNumber',
      )
      await rejectsWithStoreError(
        store.createMfaDevice({ ...d, serialNumber: `arn:aws:iam::${a}:mfa/p/one`, path: '/p/' }),
        'AlreadyExists',
        'mfaDevice.name',
      )
      // The same name in another account is another device.
      await store.createMfaDevice(device(account(), 'one'))
      assert.equal(await store.deleteMfaDevice(d.serialNumber), true)
      assert.equal(await store.deleteMfaDevice(d.serialNumber), false)
      assert.equal(await store.getMfaDevice(d.serialNumber), undefined)
    })

    it('assigns once, unassigns, and lists by assignment status and user, paged', async () => {
      const a = account()
      for (const n of ['a', 'b', 'c', 'd']) await store.createMfaDevice(device(a, n))
      const serial = (n: string) => `arn:aws:iam::${a}:mfa/${n}`
      assert.equal(await store.assignMfaDevice(serial('b'), 'AIDAUSER1', 1000, 5), true)
      assert.equal(await store.assignMfaDevice(serial('b'), 'AIDAUSER2', 1000, 6), false)
      assert.equal(await store.assignMfaDevice(serial('zz'), 'AIDAUSER2', 1000, 6), false)
      assert.equal(await store.assignMfaDevice(serial('d'), 'AIDAUSER1', 2000, 7), true)
      const b = await store.getMfaDevice(serial('b'))
      assert.equal(b?.userId, 'AIDAUSER1')
      assert.equal(b?.enabledAt, 1000)
      assert.equal(b?.lastStep, 5)

      const names = (p: { items: MfaDeviceRecord[] }) => p.items.map((d) => d.name)
      assert.deepEqual(names(await store.listVirtualMfaDevices(a, 'Any')), ['a', 'b', 'c', 'd'])
      assert.deepEqual(names(await store.listVirtualMfaDevices(a, 'Assigned')), ['b', 'd'])
      assert.deepEqual(names(await store.listVirtualMfaDevices(a, 'Unassigned')), ['a', 'c'])
      assert.deepEqual(names(await store.listMfaDevicesForUser(a, 'AIDAUSER1')), ['b', 'd'])

      const first = await store.listVirtualMfaDevices(a, 'Any', { maxResults: 3 })
      assert.deepEqual(names(first), ['a', 'b', 'c'])
      assert.ok(first.nextToken)
      const second = await store.listVirtualMfaDevices(a, 'Any', {
        maxResults: 3,
        nextToken: first.nextToken,
      })
      assert.deepEqual(names(second), ['d'])
      assert.equal(second.nextToken, undefined)
      await rejectsWithStoreError(
        store.listVirtualMfaDevices(a, 'Any', { nextToken: 'garbage' }),
        'InvalidNextToken',
        'page.nextToken',
      )

      assert.equal(await store.unassignMfaDevice(serial('b')), true)
      assert.equal(await store.unassignMfaDevice(serial('b')), false)
      const after = await store.getMfaDevice(serial('b'))
      assert.equal(after?.userId, null)
      assert.equal(after?.enabledAt, null)
      assert.equal(after?.lastStep, 5, 'the last step survives deactivation')
    })

    it('uses each TOTP step once, only moving forward, atomically', async () => {
      const a = account()
      const d = device(a, 'steps')
      await store.createMfaDevice(d)
      assert.equal(await store.useMfaStep(d.serialNumber, 100), true)
      assert.equal(await store.useMfaStep(d.serialNumber, 100), false)
      assert.equal(await store.useMfaStep(d.serialNumber, 99), false)
      // Ten concurrent uses of the next step: exactly one wins.
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.useMfaStep(d.serialNumber, 101)),
      )
      assert.equal(results.filter(Boolean).length, 1)
      assert.equal(await store.useMfaStep(d.serialNumber, 102), true)
      assert.equal(await store.useMfaStep('arn:aws:iam::1:mfa/none', 1), false)
    })

    it('keeps login profiles per user', async () => {
      const a = account()
      const profile = {
        accountId: a,
        userId: 'AIDAPROFILE',
        passwordHash: '$argon2id$x',
        passwordResetRequired: false,
        createdAt: 1_700_000_000_123,
      }
      await store.createLoginProfile(profile)
      assert.deepEqual(await store.getLoginProfile(a, 'AIDAPROFILE'), profile)
      await rejectsWithStoreError(
        store.createLoginProfile(profile),
        'AlreadyExists',
        'loginProfile.userId',
      )
      const updated = await store.updateLoginProfile(a, 'AIDAPROFILE', {
        passwordResetRequired: true,
      })
      assert.deepEqual(updated, { ...profile, passwordResetRequired: true })
      const rehashed = await store.updateLoginProfile(a, 'AIDAPROFILE', { passwordHash: 'h2' })
      assert.equal(rehashed?.passwordHash, 'h2')
      assert.equal(await store.updateLoginProfile(a, 'AIDANONE', { passwordHash: 'h' }), undefined)
      assert.equal(await store.getLoginProfile(account(), 'AIDAPROFILE'), undefined)
      assert.equal(await store.deleteLoginProfile(a, 'AIDAPROFILE'), true)
      assert.equal(await store.deleteLoginProfile(a, 'AIDAPROFILE'), false)
    })

    it('stores OIDC providers with their lists and tags', async () => {
      const a = account()
      const provider: OidcProviderRecord = {
        accountId: a,
        arn: `arn:aws:iam::${a}:oidc-provider/token.example.com`,
        url: 'token.example.com',
        clientIds: ['sts.amazonaws.com', 'x'],
        thumbprints: ['a'.repeat(40)],
        tags: [{ key: 'team', value: 'core' }],
        createdAt: 1_700_000_000_000,
      }
      await store.createOidcProvider(provider)
      await store.createOidcProvider({
        ...provider,
        arn: `arn:aws:iam::${a}:oidc-provider/a.example.com`,
        url: 'a.example.com',
      })
      assert.deepEqual(await store.getOidcProvider(provider.arn), provider)
      await rejectsWithStoreError(
        store.createOidcProvider(provider),
        'AlreadyExists',
        'oidcProvider.arn',
      )
      assert.deepEqual(
        (await store.listOidcProviders(a)).map((p) => p.url),
        ['a.example.com', 'token.example.com'],
      )
      const updated = await store.updateOidcProvider(provider.arn, {
        clientIds: [],
        tags: [],
        thumbprints: ['b'.repeat(40), 'c'.repeat(40)],
      })
      assert.deepEqual(updated, {
        ...provider,
        clientIds: [],
        tags: [],
        thumbprints: ['b'.repeat(40), 'c'.repeat(40)],
      })
      assert.equal(await store.updateOidcProvider('arn:none', { clientIds: [] }), undefined)
      assert.equal(await store.deleteOidcProvider(provider.arn), true)
      assert.equal(await store.deleteOidcProvider(provider.arn), false)
      assert.deepEqual(await store.listOidcProviders(account()), [])
    })

    it('gives an account one alias, unique across accounts, replaced on a new one', async () => {
      const a = account()
      const b = account()
      await store.setAccountAlias(a, `alias-${a}`)
      assert.equal(await store.getAccountAlias(a), `alias-${a}`)
      assert.equal(await store.accountIdForAlias(`alias-${a}`), a)
      assert.equal(await store.accountIdForAlias(`nobody-${a}`), undefined)
      await rejectsWithStoreError(
        store.setAccountAlias(b, `alias-${a}`),
        'AlreadyExists',
        'accountAlias.alias',
      )
      await rejectsWithStoreError(
        store.setAccountAlias(a, `alias-${a}`),
        'AlreadyExists',
        'accountAlias.alias',
      )
      await store.setAccountAlias(a, `second-${a}`)
      assert.equal(await store.getAccountAlias(a), `second-${a}`)
      // The old alias is free again.
      assert.equal(await store.accountIdForAlias(`alias-${a}`), undefined)
      await store.setAccountAlias(b, `alias-${a}`)
      assert.equal(await store.accountIdForAlias(`alias-${a}`), b)
      assert.equal(await store.deleteAccountAlias(a, 'other'), false)
      assert.equal(await store.deleteAccountAlias(a, `second-${a}`), true)
      assert.equal(await store.getAccountAlias(a), undefined)
    })

    it('keeps one password policy per account', async () => {
      const a = account()
      assert.equal(await store.getPasswordPolicy(a), undefined)
      const policy = {
        MinimumPasswordLength: 10,
        RequireSymbols: true,
        RequireNumbers: false,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 60,
      }
      await store.putPasswordPolicy(a, policy)
      assert.deepEqual(await store.getPasswordPolicy(a), policy)
      await store.putPasswordPolicy(a, { ...policy, MinimumPasswordLength: 12 })
      assert.equal((await store.getPasswordPolicy(a))?.MinimumPasswordLength, 12)
      assert.equal(await store.deletePasswordPolicy(a), true)
      assert.equal(await store.deletePasswordPolicy(a), false)
    })

    it('rolls a transaction back when its function throws', async () => {
      const a = account()
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.createMfaDevice(device(a, 'rolled-back'))
          throw new Error('boom')
        }),
        /boom/,
      )
      assert.equal(await store.getMfaDevice(`arn:aws:iam::${a}:mfa/rolled-back`), undefined)
    })
  })
}
