import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { SealedBox } from '../../common/sealed-box.ts'
import type { PasswordHasher } from '../../iam/security/index.ts'
import { argon2idHasher, base32Decode, totp } from '../../iam/security/index.ts'
import { IdentityCenterCredentials, lockDurationMs } from './identity-center-credentials.ts'
import { IdentityStoreDirectory } from './identity-store-directory.ts'
import { newUser, openHarness, STORE_ID } from './identity-store-harness.test.ts'

/** argon2id that counts its verifications, to see that the decoy path does the same work. */
class CountingHasher implements PasswordHasher {
  verifies = 0
  hash(password: string) {
    return argon2idHasher.hash(password)
  }
  verify(encoded: string, password: string) {
    this.verifies++
    return argon2idHasher.verify(encoded, password)
  }
}

describe('IdentityCenterCredentials and IdentityStoreDirectory', () => {
  let h: Awaited<ReturnType<typeof openHarness>>
  let credentials: IdentityCenterCredentials
  let hasher: CountingHasher
  let box: SealedBox
  const T0 = new Date(1_750_000_000_000)
  const later = (s: number) => new Date(T0.getTime() + s * 1000)
  const create = async (name: string) =>
    (await h.invoke('CreateUser', newUser(name))).UserId as string

  before(async () => {
    h = await openHarness()
    hasher = new CountingHasher()
    box = new SealedBox(randomBytes(32))
    credentials = new IdentityCenterCredentials({ store: h.store, box, hasher })
  })
  after(() => h.close())

  it('directory: users by name and id, their groups, existence', async () => {
    const directory = new IdentityStoreDirectory(h.store)
    const userId = await create('dir-user')
    const { GroupId } = await h.invoke('CreateGroup', {
      IdentityStoreId: STORE_ID,
      DisplayName: 'dir-group',
    })
    await h.invoke('CreateGroupMembership', {
      IdentityStoreId: STORE_ID,
      GroupId,
      MemberId: { UserId: userId },
    })
    assert.deepEqual(await directory.findUserByName(STORE_ID, 'DIR-USER'), {
      identityStoreId: STORE_ID,
      userId,
      userName: 'dir-user',
      displayName: 'dir-user Example',
    })
    assert.equal((await directory.getUser(STORE_ID, userId))?.userName, 'dir-user')
    assert.equal(await directory.getUser('d-0000000000', userId), undefined)
    assert.deepEqual(await directory.groupIdsOf(STORE_ID, userId), [GroupId])
    assert.equal(await directory.userExists(STORE_ID, userId), true)
    assert.equal(await directory.groupExists(STORE_ID, GroupId as string), true)
    assert.equal(await directory.groupExists(STORE_ID, userId), false)
  })

  it('passwords: argon2id, right and wrong, unknown users against a decoy at the same cost', async () => {
    const userId = await create('pw-user')
    await credentials.setPassword(STORE_ID, userId, 'correct horse battery staple')
    const row = await h.store.getCredentials(STORE_ID, userId)
    assert.match(row?.passwordHash ?? '', /^\$argon2id\$/)
    assert.equal(
      await credentials.verifyPassword(STORE_ID, userId, 'correct horse battery staple'),
      true,
    )
    assert.equal(await credentials.verifyPassword(STORE_ID, userId, 'wrong'), false)

    // No password, or no such user: one argon2 verification each, answer false.
    const noPassword = await create('pw-none')
    for (const id of [noPassword, '9067a1b2c3-00000000-0000-4000-8000-00000000dead']) {
      const before = hasher.verifies
      assert.equal(await credentials.verifyPassword(STORE_ID, id, 'anything'), false)
      assert.equal(hasher.verifies - before, 1)
    }
    await assert.rejects(
      credentials.setPassword(STORE_ID, '9067a1b2c3-00000000-0000-4000-8000-00000000dead', 'x'),
      { code: 'ResourceNotFoundException' },
    )
  })

  it('MFA: registration pending until confirmed, sealed seed, each step once', async () => {
    const userId = await create('mfa-user')
    assert.equal(await credentials.hasMfa(STORE_ID, userId), false)
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, '123456', T0), 'not-registered')
    assert.equal(
      await credentials.confirmMfaRegistration(STORE_ID, userId, '123456', T0),
      'not-registered',
    )

    const { seed, uri } = await credentials.beginMfaRegistration(STORE_ID, userId)
    assert.match(seed, /^[A-Z2-7]{32}$/)
    assert.match(uri, /^otpauth:\/\/totp\/.*mfa-user.*\?secret=[A-Z2-7]{32}&issuer=/)
    const key = base32Decode(seed)!
    const stored = await h.store.getCredentials(STORE_ID, userId)
    assert.ok(stored?.pendingSeed && !stored.pendingSeed.includes(seed))
    assert.deepEqual(box.open('secret', stored.pendingSeed), key)
    // Pending is not active.
    assert.equal(await credentials.hasMfa(STORE_ID, userId), false)
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, totp(key, T0), T0), 'not-registered')

    assert.equal(
      await credentials.confirmMfaRegistration(STORE_ID, userId, '000000', T0),
      'invalid',
    )
    assert.equal(
      await credentials.confirmMfaRegistration(STORE_ID, userId, totp(key, T0), T0),
      'ok',
    )
    assert.equal(await credentials.hasMfa(STORE_ID, userId), true)
    await assert.rejects(credentials.beginMfaRegistration(STORE_ID, userId), /already/)

    // The confirming code's step is used: it cannot sign in again.
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, totp(key, T0), T0), 'replayed')
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, 'abcdef', later(30)), 'invalid')
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, '999999', later(300)), 'invalid')
    const next = totp(key, later(30))
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, next, later(30)), 'ok')
    assert.equal(await credentials.verifyMfa(STORE_ID, userId, next, later(30)), 'replayed')
    // An earlier step still inside the window is refused once a later one was used.
    assert.equal(
      await credentials.verifyMfa(STORE_ID, userId, totp(key, T0), later(30)),
      'replayed',
    )
    // Concurrent presentations of one code: exactly one is accepted.
    const code = totp(key, later(60))
    const results = await Promise.all(
      [1, 2, 3].map(() => credentials.verifyMfa(STORE_ID, userId, code, later(60))),
    )
    assert.deepEqual(results.sort(), ['ok', 'replayed', 'replayed'])
  })

  it('lockout: from the 5th failure, 1, 2, 4, 8 then 15 minutes; cleared on success', async () => {
    assert.deepEqual(
      [1, 4, 5, 6, 7, 8, 9, 10, 20].map((n) => lockDurationMs(n) / 60_000),
      [0, 0, 1, 2, 4, 8, 15, 15, 15],
    )
    const userId = await create('lock-user')
    for (let i = 1; i <= 4; i++) {
      assert.equal(await credentials.recordSignInFailure(STORE_ID, userId, T0), undefined)
    }
    assert.equal(await credentials.lockedUntil(STORE_ID, userId, T0), undefined)
    const until = await credentials.recordSignInFailure(STORE_ID, userId, T0)
    assert.deepEqual(until, later(60))
    assert.deepEqual(await credentials.lockedUntil(STORE_ID, userId, later(59)), later(60))
    assert.equal(await credentials.lockedUntil(STORE_ID, userId, later(60)), undefined)
    assert.deepEqual(
      await credentials.recordSignInFailure(STORE_ID, userId, later(61)),
      later(61 + 120),
    )
    await credentials.clearSignInFailures(STORE_ID, userId)
    assert.equal(await credentials.lockedUntil(STORE_ID, userId, later(62)), undefined)
    assert.equal(await credentials.recordSignInFailure(STORE_ID, userId, later(63)), undefined)
  })
})
