import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError } from '../../common/domain-error.ts'
import { buildPortal, DEV, GOOD_CODE, NOW, PROD } from './portal.fixture.ts'

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)

async function refused(p: Promise<unknown>, code: string, status: number) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e))
    assert.equal(e.code, code)
    assert.equal(e.httpStatus, status)
    return true
  })
}

async function signedIn() {
  const p = buildPortal()
  const r = await p.portalApi.signIn.signIn(
    { username: 'alice', password: 'alice-password-1', totp: GOOD_CODE },
    NOW,
  )
  if (r.kind !== 'signed-in') throw new Error('not signed in')
  const creds = { cookie: r.session.id, csrfHeader: r.session.record.csrfToken }
  const caller = (stateChanging = false, now = NOW) =>
    p.portalApi.authenticate(creds, { stateChanging }, now)
  return { p, r, creds, caller }
}

describe('portal API', () => {
  it('pages and searches the accounts: maxResults, nextToken, search by id, name or email', async () => {
    const { p, caller } = await signedIn()
    const ids = (out: { accounts: readonly { accountId: string }[] }) =>
      out.accounts.map((a) => a.accountId)
    const first = await p.portalApi.accounts(await caller(), undefined, { maxResults: '1' })
    assert.deepEqual(ids(first), [DEV])
    assert.ok(first.nextToken)
    const second = await p.portalApi.accounts(await caller(), undefined, {
      maxResults: '1',
      nextToken: first.nextToken,
    })
    assert.deepEqual(ids(second), [PROD])
    assert.equal(second.nextToken, undefined)
    const byName = await p.portalApi.accounts(await caller(), undefined, { search: 'PRO' })
    assert.deepEqual(ids(byName), [PROD])
    assert.equal(byName.nextToken, undefined)
    const byId = await p.portalApi.accounts(await caller(), undefined, { search: DEV.slice(0, 4) })
    assert.deepEqual(ids(byId), [DEV])
    const none = await p.portalApi.accounts(await caller(), undefined, { search: 'nothing' })
    assert.deepEqual(none, { accounts: [] })
    await assert.rejects(
      p.portalApi.accounts(await caller(), undefined, { maxResults: '0' }),
      /maxResults/,
    )
    await assert.rejects(
      p.portalApi.accounts(await caller(), undefined, { nextToken: 'bm9wZQ' }),
      /invalid nextToken/,
    )
  })

  it('lists the accounts with roles, direct and through groups', async () => {
    const { p, caller } = await signedIn()
    const out = await p.portalApi.accounts(await caller())
    assert.deepEqual(
      out.accounts.map((a) => [a.accountId, a.accountName, a.roles.map((r) => r.roleName)]),
      [
        [DEV, 'dev', ['AdministratorAccess']],
        [PROD, 'prod', ['ReadOnlyAccess']],
      ],
    )
    const me = p.portalApi.me(await caller())
    assert.equal(me.userName, 'alice')
    assert.equal(me.sessionExpiresAt, NOW.getTime() + 3600 * 1000)
  })

  it('issues role credentials for the provisioned role, for the permission set duration', async () => {
    const { p, caller } = await signedIn()
    const out = await p.portalApi.credentials(
      await caller(true),
      { accountId: DEV, roleName: 'AdministratorAccess' },
      NOW,
    )
    const opened = p.codec.open(out.roleCredentials.sessionToken, NOW)
    assert.ok(opened.ok)
    const claims = opened.envelope.claims
    assert.equal(claims.kind, 'role')
    if (claims.kind !== 'role') return
    assert.equal(
      claims.roleArn,
      `arn:aws:iam::${DEV}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef`,
    )
    assert.equal(claims.sessionName, 'alice')
    assert.equal(out.roleCredentials.expiration, NOW.getTime() + 7200 * 1000)
    assert.match(out.roleCredentials.accessKeyId, /^ASIA/)
  })

  it('refuses credentials without a grant, or once the role is gone', async () => {
    const { p, caller } = await signedIn()
    await refused(
      p.portalApi.credentials(
        await caller(true),
        { accountId: PROD, roleName: 'AdministratorAccess' },
        NOW,
      ),
      'NoAccess',
      403,
    )
    p.roles.clear()
    await refused(
      p.portalApi.credentials(
        await caller(true),
        { accountId: DEV, roleName: 'AdministratorAccess' },
        NOW,
      ),
      'NoAccess',
      403,
    )
    assert.deepEqual(p.log.reasons(), ['no-access', 'role-missing'])
  })

  it('refuses a forged cookie, a missing or wrong CSRF token, and expired sessions', async () => {
    const { p, creds, caller } = await signedIn()
    const auth = (c: { cookie?: string; csrfHeader?: string }, stateChanging = true, now = NOW) =>
      p.portalApi.authenticate(
        { cookie: c.cookie, csrfHeader: c.csrfHeader },
        { stateChanging },
        now,
      )
    await refused(
      auth({ cookie: 'A'.repeat(43), csrfHeader: creds.csrfHeader }),
      'NotSignedIn',
      401,
    )
    await refused(auth({ cookie: 'forged' }), 'NotSignedIn', 401)
    await refused(auth({}), 'NotSignedIn', 401)
    await refused(auth({ cookie: creds.cookie }), 'CsrfTokenMismatch', 403)
    await refused(
      auth({ cookie: creds.cookie, csrfHeader: 'x'.repeat(43) }),
      'CsrfTokenMismatch',
      403,
    )
    await auth({ cookie: creds.cookie }, false) // reads need no CSRF token
    // Idle timeout: an hour without use.
    await caller(false, at(3000))
    await caller(false, at(6500))
    await refused(caller(false, at(6500 + 3601)), 'NotSignedIn', 401)
    assert.deepEqual(p.log.reasons(), [
      'unknown-session',
      'unknown-session',
      'no-cookie',
      'csrf-missing',
      'csrf-mismatch',
      'session-expired',
    ])
  })

  it('ends sessions at the absolute timeout, however active', async () => {
    const { caller, p } = await signedIn()
    for (let s = 3000; s < 12 * 3600; s += 3000) await caller(false, at(s))
    await refused(caller(false, at(12 * 3600)), 'NotSignedIn', 401)
    assert.equal(p.store.sessions.size, 0)
  })

  it('signs out', async () => {
    const { p, caller } = await signedIn()
    await p.portalApi.signOut(await caller(true))
    await refused(caller(), 'NotSignedIn', 401)
  })

  it('approves and denies device codes with clear refusals', async () => {
    const { p, caller } = await signedIn()
    const client = await p.oidc.registerClient({ clientName: 'c', clientType: 'public' }, NOW)
    const start = () =>
      p.oidc.startDeviceAuthorization({ ...client, startUrl: 'u' }, 'http://h/portal', NOW)
    const a = await start()
    const c = await caller(true)
    assert.deepEqual(await p.portalApi.decideDevice(c, 'approved', { userCode: a.userCode }, NOW), {
      userCode: a.userCode,
      status: 'approved',
    })
    await refused(
      p.portalApi.decideDevice(c, 'denied', { userCode: a.userCode }, NOW),
      'UserCodeAlreadyUsed',
      409,
    )
    await refused(
      p.portalApi.decideDevice(c, 'approved', { userCode: 'x' }, NOW),
      'InvalidUserCode',
      400,
    )
    await refused(
      p.portalApi.decideDevice(c, 'approved', { userCode: 'BCDF-GHJK' }, NOW),
      'UnknownUserCode',
      404,
    )
    const b = await start()
    await refused(
      p.portalApi.decideDevice(c, 'approved', { userCode: b.userCode }, at(600)),
      'ExpiredUserCode',
      410,
    )
  })

  it('the user deleted: the session ends', async () => {
    const { p, caller } = await signedIn()
    p.users.delete('u-alice')
    await refused(caller(), 'NotSignedIn', 401)
    assert.equal(p.store.sessions.size, 0)
  })
})
