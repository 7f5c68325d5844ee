import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError } from '../../common/domain-error.ts'
import { buildPortal, GOOD_CODE, INSTANCE_ARN, NOW, REGISTRATION_CODE } from './portal.fixture.ts'

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

async function refused(p: Promise<unknown>, code: string, status: number) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e))
    assert.equal(e.code, code)
    assert.equal(e.httpStatus, status)
    return true
  })
}

describe('portal sign-in', () => {
  it('signs in with password and TOTP; the session id is stored only as its hash', async () => {
    const p = buildPortal()
    const r = await p.portalApi.signIn.signIn(
      { username: 'alice', password: 'alice-password-1', totp: GOOD_CODE },
      NOW,
    )
    assert.equal(r.kind, 'signed-in')
    if (r.kind !== 'signed-in') return
    assert.equal(r.user.userName, 'alice')
    assert.match(r.session.id, /^[A-Za-z0-9_-]{43}$/) // 256 bits
    assert.ok(!p.store.sessions.has(r.session.id))
    assert.ok(p.store.sessions.has(r.session.record.idHash))
    assert.ok(p.log.lines.some((l) => l.event === 'portal.signed-in'))
  })

  it('asks for the TOTP when the user has MFA and none was given', async () => {
    const p = buildPortal()
    const r = await p.portalApi.signIn.signIn(
      { username: 'alice', password: 'alice-password-1' },
      NOW,
    )
    assert.deepEqual(r, { kind: 'mfa-required' })
    assert.equal(p.store.sessions.size, 0)
  })

  it('refuses a wrong password, an unknown user, a wrong and a replayed TOTP, and logs why', async () => {
    const p = buildPortal()
    const signIn = (input: Record<string, unknown>) => p.portalApi.signIn.signIn(input, NOW)
    await refused(signIn({ username: 'alice', password: 'wrong' }), 'InvalidCredentials', 401)
    await refused(signIn({ username: 'nobody', password: 'x' }), 'InvalidCredentials', 401)
    await refused(
      signIn({ username: 'alice', password: 'alice-password-1', totp: '000000' }),
      'InvalidMfaCode',
      401,
    )
    await signIn({ username: 'alice', password: 'alice-password-1', totp: GOOD_CODE })
    await refused(
      signIn({ username: 'alice', password: 'alice-password-1', totp: GOOD_CODE }),
      'ReplayedMfaCode',
      401,
    )
    await refused(signIn({ username: 'alice' }), 'BadRequest', 400)
    assert.deepEqual(p.log.reasons(), [
      'wrong-password',
      'unknown-user',
      'wrong-totp',
      'replayed-totp',
    ])
    const text = JSON.stringify(p.log.lines)
    assert.ok(!text.includes('alice-password-1') && !text.includes(GOOD_CODE))
  })

  it('locks a user out with backoff after repeated failures, even with the right password', async () => {
    const p = buildPortal()
    const signIn = (password: string, now: Date) =>
      p.portalApi.signIn.signIn({ username: 'bob', password }, now)
    await p.store.setMfaRequired(INSTANCE_ARN, false)
    for (let i = 0; i < 5; i++) await refused(signIn('wrong', NOW), 'InvalidCredentials', 401)
    await refused(signIn('bob-password-1', at(1)), 'LockedOut', 429)
    await assert.rejects(signIn('bob-password-1', at(1)), /try again in 59 seconds/)
    assert.equal((await signIn('bob-password-1', at(61))).kind, 'signed-in')
    assert.equal(p.failures.counts.size, 0, 'success clears the failures')
    assert.ok(p.log.reasons().includes('locked-out'))
  })

  it('registers MFA at first sign-in when the instance requires it (the default)', async () => {
    const p = buildPortal()
    const r = await p.portalApi.signIn.signIn({ username: 'bob', password: 'bob-password-1' }, NOW)
    assert.equal(r.kind, 'mfa-registration')
    if (r.kind !== 'mfa-registration') return
    assert.match(r.uri, /^otpauth:\/\/totp\//)
    const cookie = { cookie: r.session.id, csrfHeader: r.session.record.csrfToken }
    // The registration session reaches nothing but the confirmation.
    await refused(
      p.portalApi.authenticate(cookie, { stateChanging: false }, NOW),
      'MfaRegistrationPending',
      403,
    )
    const caller = await p.portalApi.authenticate(
      cookie,
      { stateChanging: true, allowRegistration: true },
      NOW,
    )
    await refused(
      p.portalApi.signIn.confirmMfa(caller.session, { code: '000000' }, NOW),
      'InvalidMfaCode',
      401,
    )
    const done = await p.portalApi.signIn.confirmMfa(
      caller.session,
      { code: REGISTRATION_CODE },
      NOW,
    )
    assert.equal(done.kind, 'signed-in')
    assert.notEqual(done.session.id, r.session.id, 'a new session id after MFA')
    assert.ok(!p.store.sessions.has(r.session.record.idHash))
    assert.ok(await p.credentials.hasMfa('', 'u-bob'))
    await refused(
      p.portalApi.signIn.confirmMfa(done.session.record, { code: REGISTRATION_CODE }, NOW),
      'NoMfaRegistration',
      409,
    )
  })

  it('signs in without MFA when the instance setting is off and the user has none', async () => {
    const p = buildPortal()
    await p.store.setMfaRequired(INSTANCE_ARN, false)
    const r = await p.portalApi.signIn.signIn({ username: 'bob', password: 'bob-password-1' }, NOW)
    assert.equal(r.kind, 'signed-in')
  })
})
