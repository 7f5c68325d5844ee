import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DomainError } from '../../common/domain-error.ts'
import { DEVICE_CODE_GRANT } from '../oidc/oidc-lifetimes.ts'
import { buildPortal, DEV, grant, NOW, PROD, reservedRole, STORE_ID } from './portal.fixture.ts'

async function refused(p: Promise<unknown>, code: string, status: number, message?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e))
    assert.equal(e.code, code)
    assert.equal(e.httpStatus, status)
    if (message !== undefined) assert.equal(e.message, message)
    return true
  })
}

async function withToken(userId = 'u-alice') {
  const p = buildPortal()
  const client = await p.oidc.registerClient({ clientName: 'c', clientType: 'public' }, NOW)
  const auth = await p.oidc.startDeviceAuthorization(
    { ...client, startUrl: 'u' },
    'http://h/portal',
    NOW,
  )
  await p.approvals.decide(auth.userCode, 'approved', { identityStoreId: STORE_ID, userId }, NOW)
  const { accessToken } = await p.oidc.createToken(
    { ...client, grantType: DEVICE_CODE_GRANT, deviceCode: auth.deviceCode },
    NOW,
  )
  return { p, accessToken }
}

describe('sso portal API', () => {
  it('lists accounts and roles (permission set names), with paging', async () => {
    const { p, accessToken } = await withToken()
    assert.deepEqual(await p.ssoPortal.listAccounts(accessToken, {}, NOW), {
      accountList: [
        { accountId: DEV, accountName: 'dev', emailAddress: 'dev@example.com' },
        { accountId: PROD, accountName: 'prod', emailAddress: 'prod@example.com' },
      ],
    })
    const first = await p.ssoPortal.listAccounts(accessToken, { maxResults: '1' }, NOW)
    assert.equal(first.accountList.length, 1)
    assert.ok(first.nextToken)
    const second = await p.ssoPortal.listAccounts(
      accessToken,
      { maxResults: '1', nextToken: first.nextToken },
      NOW,
    )
    assert.deepEqual(
      second.accountList.map((a) => a.accountId),
      [PROD],
    )
    assert.equal(second.nextToken, undefined)
    assert.deepEqual(await p.ssoPortal.listAccountRoles(accessToken, DEV, {}, NOW), {
      roleList: [{ roleName: 'AdministratorAccess', accountId: DEV }],
    })
    await refused(
      p.ssoPortal.listAccounts(accessToken, { maxResults: '0' }, NOW),
      'InvalidRequestException',
      400,
    )
    await refused(
      p.ssoPortal.listAccounts(accessToken, { nextToken: '!!' }, NOW),
      'InvalidRequestException',
      400,
    )
  })

  it('gives role credentials only for real grants, while the role exists', async () => {
    const { p, accessToken } = await withToken('u-bob')
    const out = await p.ssoPortal.getRoleCredentials(accessToken, 'ReadOnlyAccess', DEV, NOW)
    assert.equal(out.roleCredentials.expiration, NOW.getTime() + 3600 * 1000)
    await refused(
      p.ssoPortal.getRoleCredentials(accessToken, 'AdministratorAccess', DEV, NOW),
      'ForbiddenException',
      403,
      'No access',
    )
    // Bob joins the admins group: the grant follows.
    p.groups.get('g-admins')!.push('u-bob')
    await p.ssoPortal.getRoleCredentials(accessToken, 'AdministratorAccess', DEV, NOW)
    // The assignment is removed and the role deprovisioned: no more credentials.
    p.grants.set('u-bob', [])
    await refused(
      p.ssoPortal.getRoleCredentials(accessToken, 'ReadOnlyAccess', DEV, NOW),
      'ForbiddenException',
      403,
    )
    const g = grant(PROD, 'Billing')
    p.grants.set('u-bob', [g])
    await refused(
      p.ssoPortal.getRoleCredentials(accessToken, 'Billing', PROD, NOW),
      'ResourceNotFoundException',
      404,
    )
    p.roles.set(`${PROD}/${g.roleName}`, reservedRole(g))
    await p.ssoPortal.getRoleCredentials(accessToken, 'Billing', PROD, NOW)
  })

  it('refuses missing, unknown and expired tokens with UnauthorizedException, and logs out', async () => {
    const { p, accessToken } = await withToken()
    const message = 'Session token not found or invalid'
    await refused(
      p.ssoPortal.listAccounts(undefined, {}, NOW),
      'UnauthorizedException',
      401,
      message,
    )
    await refused(
      p.ssoPortal.listAccounts('xat-forged', {}, NOW),
      'UnauthorizedException',
      401,
      message,
    )
    const later = new Date(NOW.getTime() + 9 * 3600 * 1000)
    await refused(p.ssoPortal.listAccounts(accessToken, {}, later), 'UnauthorizedException', 401)
    assert.deepEqual(await p.ssoPortal.logout(accessToken, NOW), {})
    await refused(p.ssoPortal.listAccounts(accessToken, {}, NOW), 'UnauthorizedException', 401)
    assert.deepEqual(p.log.reasons(), [
      'missing-token',
      'unknown-token',
      'token-expired',
      'unknown-token',
    ])
  })

  it('the token of a deleted user stops working', async () => {
    const { p, accessToken } = await withToken()
    p.users.delete('u-alice')
    await refused(p.ssoPortal.listAccounts(accessToken, {}, NOW), 'UnauthorizedException', 401)
  })

  it('answers TooManyRequestsException past the rate', async () => {
    const { p, accessToken } = await withToken()
    for (let i = 0; i < 40; i++) await p.ssoPortal.listAccountRoles(accessToken, DEV, {}, NOW)
    await refused(
      p.ssoPortal.listAccountRoles(accessToken, DEV, {}, NOW),
      'TooManyRequestsException',
      429,
    )
    await p.ssoPortal.listAccountRoles(accessToken, DEV, {}, new Date(NOW.getTime() + 1000))
  })
})
