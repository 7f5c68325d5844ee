// The real AWS SDK v3 clients (sso-oidc, sso) against the portal routes: what `aws sso login`
// and the SDK's SSO credential provider do, with the device code approved through the portal API.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
  SSOServiceException,
  UnauthorizedException,
} from '@aws-sdk/client-sso'
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc'
import { DEV, PROD } from '../../domain/identity-center/portal/portal.fixture.ts'
import { PortalClient, startPortalServer } from './portal-test-server.fixture.ts'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

describe('AWS SDK sso-oidc and sso clients against the portal', () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>
  let clock = Date.now()
  let oidc: SSOOIDCClient
  let sso: SSOClient
  before(async () => {
    server = await startPortalServer(() => new Date(clock))
    const config = { region: 'eu-west-1', endpoint: server.url, maxAttempts: 1 }
    oidc = new SSOOIDCClient(config)
    sso = new SSOClient(config)
  })
  after(async () => {
    oidc.destroy()
    sso.destroy()
    await server.close()
  })

  async function startLogin(scopes?: string[]) {
    const reg = await oidc.send(
      new RegisterClientCommand({
        clientName: 'botocore-client-test',
        clientType: 'public',
        ...(scopes ? { scopes } : {}),
      }),
    )
    const auth = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: reg.clientId!,
        clientSecret: reg.clientSecret!,
        startUrl: `${server.url}/portal`,
      }),
    )
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: reg.clientId!,
          clientSecret: reg.clientSecret!,
          grantType: DEVICE_GRANT,
          deviceCode: auth.deviceCode!,
        }),
      )
    return { reg, auth, poll }
  }

  it('register → start → approve in the portal → token → accounts → roles → credentials → logout', async () => {
    const { reg, auth, poll } = await startLogin(['sso:account:access'])
    assert.ok(reg.clientSecretExpiresAt! > reg.clientIdIssuedAt!)
    assert.match(auth.userCode!, /^[A-Z]{4}-[A-Z]{4}$/)
    assert.equal(auth.verificationUri, `${server.url}/portal/device`)
    assert.equal(auth.expiresIn, 600)
    assert.equal(auth.interval, 1)

    const pending = await poll().catch((e: unknown) => e)
    assert.ok(pending instanceof AuthorizationPendingException, String(pending))
    assert.equal(pending.error, 'authorization_pending')
    assert.equal(pending.error_description, 'Authorization is still pending')
    await poll().catch(() => {}) // the CLI's back-to-back second poll
    const slow = await poll().catch((e: unknown) => e)
    assert.ok(slow instanceof SlowDownException, String(slow))

    const portal = new PortalClient(server.url)
    assert.equal((await portal.signInAlice()).status, 200)
    const approved = await portal.call('POST', 'device/approve', { userCode: auth.userCode })
    assert.equal(approved.status, 200)
    clock += 2000
    const token = await poll()
    assert.equal(token.tokenType, 'Bearer')
    assert.equal(token.expiresIn, 8 * 3600)
    assert.ok(token.refreshToken)
    const accessToken = token.accessToken!

    const accounts = await sso.send(new ListAccountsCommand({ accessToken }))
    assert.deepEqual(accounts.accountList, [
      { accountId: DEV, accountName: 'dev', emailAddress: 'dev@example.com' },
      { accountId: PROD, accountName: 'prod', emailAddress: 'prod@example.com' },
    ])
    const paged = await sso.send(new ListAccountsCommand({ accessToken, maxResults: 1 }))
    assert.equal(paged.accountList!.length, 1)
    const rest = await sso.send(
      new ListAccountsCommand({ accessToken, maxResults: 1, nextToken: paged.nextToken! }),
    )
    assert.equal(rest.accountList![0]!.accountId, PROD)
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken, accountId: DEV }))
    assert.deepEqual(roles.roleList, [{ roleName: 'AdministratorAccess', accountId: DEV }])
    const creds = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken,
        accountId: DEV,
        roleName: 'AdministratorAccess',
      }),
    )
    const rc = creds.roleCredentials!
    assert.match(rc.accessKeyId!, /^ASIA/)
    assert.equal(rc.expiration, clock + 7200 * 1000)
    const opened = server.portal.codec.open(rc.sessionToken!, new Date(clock))
    assert.ok(opened.ok && opened.envelope.claims.kind === 'role')
    if (opened.ok && opened.envelope.claims.kind === 'role') {
      assert.match(
        opened.envelope.claims.roleArn,
        /^arn:aws:iam::111111111111:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$/,
      )
      assert.equal(opened.envelope.claims.sessionName, 'alice')
    }

    const forbidden = await sso
      .send(
        new GetRoleCredentialsCommand({
          accessToken,
          accountId: PROD,
          roleName: 'AdministratorAccess',
        }),
      )
      .catch((e: unknown) => e)
    assert.ok(forbidden instanceof SSOServiceException, String(forbidden))
    assert.equal(forbidden.name, 'ForbiddenException')
    assert.equal(forbidden.message, 'No access')

    await sso.send(new LogoutCommand({ accessToken }))
    const gone = await sso.send(new ListAccountsCommand({ accessToken })).catch((e: unknown) => e)
    assert.ok(gone instanceof UnauthorizedException, String(gone))
    assert.equal(gone.message, 'Session token not found or invalid')
    assert.equal(gone.$metadata.httpStatusCode, 401)
  })

  it('refresh token grant through the SDK', async () => {
    const { reg, auth, poll } = await startLogin(['sso:account:access'])
    const portal = new PortalClient(server.url)
    await portal.signInAlice()
    await portal.call('POST', 'device/approve', { userCode: auth.userCode })
    const first = await poll()
    const second = await oidc.send(
      new CreateTokenCommand({
        clientId: reg.clientId!,
        clientSecret: reg.clientSecret!,
        grantType: 'refresh_token',
        refreshToken: first.refreshToken!,
      }),
    )
    assert.ok(second.accessToken && second.accessToken !== first.accessToken)
    await sso.send(new ListAccountsCommand({ accessToken: second.accessToken }))
  })

  it('denied, expired and bad-client errors as the SDK models them', async () => {
    const denied = await startLogin()
    const portal = new PortalClient(server.url)
    await portal.signInAlice()
    await portal.call('POST', 'device/deny', { userCode: denied.auth.userCode })
    const e1 = await denied.poll().catch((e: unknown) => e)
    assert.ok(e1 instanceof AccessDeniedException, String(e1))
    assert.equal(e1.error, 'access_denied')

    const expired = await startLogin()
    clock += 601_000
    const e2 = await expired.poll().catch((e: unknown) => e)
    assert.ok(e2 instanceof ExpiredTokenException, String(e2))
    const late = await portal.call('POST', 'device/approve', { userCode: expired.auth.userCode })
    assert.equal(late.status, 410)
    assert.equal(late.json.code, 'ExpiredUserCode')

    const e3 = await oidc
      .send(
        new StartDeviceAuthorizationCommand({
          clientId: denied.reg.clientId!,
          clientSecret: 'wrong',
          startUrl: 'x',
        }),
      )
      .catch((e: unknown) => e)
    assert.ok(e3 instanceof InvalidClientException, String(e3))
    assert.equal(e3.$metadata.httpStatusCode, 401)
  })
})
