import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newUser, openHarness, STORE_ID } from './identity-store-harness.test.ts'
import { passwordProblem } from './password-operations.ts'

describe('XaccessSetUserPassword', () => {
  it('sets a password the sign-in then accepts, authorized as identitystore:UpdateUser on the user', async () => {
    const h = await openHarness()
    try {
      const { UserId } = (await h.invoke('CreateUser', newUser('maria'))) as { UserId: string }
      h.authorized.length = 0
      await h.invoke('XaccessSetUserPassword', {
        IdentityStoreId: STORE_ID,
        UserId,
        Password: 'Correct-Horse-9',
      })
      assert.deepEqual(
        h.authorized.map((r) => r.action),
        ['identitystore:UpdateUser', 'identitystore:UpdateUser'],
      )
      assert.ok(h.authorized.some((r) => r.resource === `arn:aws:identitystore:::user/${UserId}`))
      assert.equal(await h.credentials.verifyPassword(STORE_ID, UserId, 'Correct-Horse-9'), true)
      assert.equal(await h.credentials.verifyPassword(STORE_ID, UserId, 'correct-horse-9'), false)
    } finally {
      await h.close()
    }
  })

  it('refuses a weak password and an unknown user', async () => {
    const h = await openHarness()
    try {
      const { UserId } = (await h.invoke('CreateUser', newUser('ana'))) as { UserId: string }
      await h.fails(
        'XaccessSetUserPassword',
        { IdentityStoreId: STORE_ID, UserId, Password: 'short' },
        'ValidationException',
      )
      const missing = UserId.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
      await h.fails(
        'XaccessSetUserPassword',
        { IdentityStoreId: STORE_ID, UserId: missing, Password: 'Correct-Horse-9' },
        'ResourceNotFoundException',
      )
    } finally {
      await h.close()
    }
  })

  it('applies Identity Center password rules', () => {
    assert.match(passwordProblem('Ab1!') ?? '', /8 to 64/)
    assert.match(passwordProblem('abcdefgh1!') ?? '', /uppercase/)
    assert.equal(passwordProblem('Abcdefg1!'), undefined)
  })
})
