/**
 * What the dispatcher does not see is recorded too (issue 8): against a real `xaccess serve`,
 * the real SDK's sso-oidc and sso clients run the `aws sso login` flow (register, device
 * authorization approved in the access portal, token, accounts, roles, GetRoleCredentials,
 * logout), the access portal is signed in to (MFA registration at first) and refused a wrong
 * password, and an IAM user signs in to the console (refused, unknown, then right) and switches
 * role. LookupEvents finds each event as AWS records it, the calls of the GetRoleCredentials
 * session in the member account point back to its event, and no secret (password, TOTP code,
 * device code, client secret, access and refresh token, secret access key, session token)
 * appears anywhere in the stored events.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { before, it } from 'node:test'
import {
  CloudTrailClient,
  paginateLookupEvents,
  type LookupAttribute,
} from '@aws-sdk/client-cloudtrail'
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand as CreateIamUserCommand,
} from '@aws-sdk/client-iam'
import { CreateUserCommand } from '@aws-sdk/client-identitystore'
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso'
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { signInToPortal } from '../support/portal-session.ts'
import { decodeBase32, totpAt, totpStep } from '../support/totp.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'
import type { Credentials } from './aws-clients.ts'
import { memberAccountSetup, type MemberAccountSetup } from './identity-center-setup.ts'
import { serverSuite } from './server-suite.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- records are parsed JSON
type Json = any

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'
const PORTAL_PASSWORD = 'Portal-audit password 9!'
const CONSOLE_PASSWORD = 'Console-audit password 8!'

serverSuite('Events of the unsigned routes, through the SDK', (ctx) => {
  let endpoint: string
  let setup: MemberAccountSetup
  let userId: string
  let management: string
  let member: string
  /** Every secret the flows below handle; none may be stored in an event. */
  const secrets: string[] = [PORTAL_PASSWORD, CONSOLE_PASSWORD, 'not-the-password-1']
  /** TOTP codes: six digits, searched as whole tokens. */
  const codes: string[] = []
  let roleCredentials: Credentials
  let sessionCallRequestId: string
  /** Credentials the access portal's page fetched, then entered the console with. */
  let portalCredentials: Credentials

  const trail = (credentials: Credentials) =>
    new CloudTrailClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 })
  const lookup = async (credentials: Credentials, attribute: LookupAttribute) => {
    const out: Json[] = []
    const pages = paginateLookupEvents(
      { client: trail(credentials), pageSize: 50 },
      { LookupAttributes: [attribute] },
    )
    for await (const page of pages) {
      for (const e of page.Events ?? []) out.push(JSON.parse(e.CloudTrailEvent!))
    }
    return out
  }
  const rootCredentials = () => ctx.server().bootstrap
  const consolePost = async (path: string, body: object, headers: Record<string, string>) => {
    const r = await fetch(`${endpoint}/console/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xaccess-csrf': '1', ...headers },
      body: JSON.stringify(body),
    })
    return { status: r.status, body: (await r.json()) as Json, cookie: r.headers.get('set-cookie') }
  }

  before(async () => {
    const server = ctx.server()
    endpoint = server.url
    setup = await memberAccountSetup(server)
    management = setup.management
    member = setup.member
    const { root } = setup
    const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
    const instanceArn = Instances![0]!.InstanceArn!
    const storeId = Instances![0]!.IdentityStoreId!
    userId = (
      await root.identitystore.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: 'dana',
          DisplayName: 'Dana Audit',
          Name: { GivenName: 'Dana', FamilyName: 'Audit' },
        }),
      )
    ).UserId!
    const { PermissionSet } = await root.ssoAdmin.send(
      new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'AuditAdmin' }),
    )
    await root.ssoAdmin.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: PermissionSet!.PermissionSetArn!,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    const started = await root.ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: instanceArn,
        TargetId: member,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: PermissionSet!.PermissionSetArn!,
        PrincipalType: 'USER',
        PrincipalId: userId,
      }),
    )
    for (;;) {
      const { AccountAssignmentCreationStatus: s } = await root.ssoAdmin.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentCreationRequestId: started.AccountAssignmentCreationStatus!.RequestId!,
        }),
      )
      assert.notEqual(s!.Status, 'FAILED', s!.FailureReason)
      if (s!.Status === 'SUCCEEDED') break
      await new Promise((r) => setTimeout(r, 100))
    }
    await xaccessOk(['sso', 'set-password', '--user-name', 'dana', '--endpoint-url', endpoint], {
      env: {
        AWS_ACCESS_KEY_ID: rootCredentials().accessKeyId,
        AWS_SECRET_ACCESS_KEY: rootCredentials().secretAccessKey,
      },
      input: `${PORTAL_PASSWORD}\n`,
    })
    await root.iam.send(new CreateIamUserCommand({ UserName: 'console-auditee' }))
    await root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'console-auditee',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await root.iam.send(
      new CreateLoginProfileCommand({ UserName: 'console-auditee', Password: CONSOLE_PASSWORD }),
    )

    // The access portal: a refused password, then the first sign-in (MFA registration).
    const refused = await fetch(`${endpoint}/portal/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dana', password: 'not-the-password-1' }),
    })
    assert.equal(refused.status, 401)
    const portal = await signInToPortal(endpoint, 'dana', PORTAL_PASSWORD)
    const seed = decodeBase32(portal.mfaSeed!)
    secrets.push(portal.mfaSeed!)
    const step = totpStep()
    for (let s = step - 2; s <= step + 1; s++) codes.push(totpAt(seed, s))
    // The portal page's credentials (GetRoleCredentials too), then "Management console".
    const fromPortal = (await portal.post('credentials', {
      accountId: member,
      roleName: 'AuditAdmin',
    })) as { roleCredentials: Record<string, string> }
    portalCredentials = {
      accessKeyId: fromPortal.roleCredentials.accessKeyId!,
      secretAccessKey: fromPortal.roleCredentials.secretAccessKey!,
      sessionToken: fromPortal.roleCredentials.sessionToken!,
    }
    secrets.push(portalCredentials.secretAccessKey, portalCredentials.sessionToken!)
    const federated = await consolePost('federate', portalCredentials, {})
    assert.equal(federated.status, 200, JSON.stringify(federated.body))

    // `aws sso login` and the SDK's SSO credential provider.
    const config = { endpoint, region: 'us-east-1', maxAttempts: 1 }
    const oidc = new SSOOIDCClient(config)
    const sso = new SSOClient(config)
    const client = await oidc.send(
      new RegisterClientCommand({ clientName: 'audit-test', clientType: 'public' }),
    )
    const auth = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        startUrl: `${endpoint}/portal`,
      }),
    )
    await portal.approveDevice(auth.userCode!)
    // A code that was never issued: refused, and recorded as refused.
    await assert.rejects(portal.approveDevice('ZZZZ-ZZZZ'))
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: DEVICE_GRANT,
        deviceCode: auth.deviceCode!,
      }),
    )
    const accessToken = token.accessToken!
    secrets.push(client.clientSecret!, auth.deviceCode!, auth.userCode!, accessToken)
    if (token.refreshToken !== undefined) secrets.push(token.refreshToken)
    await sso.send(new ListAccountsCommand({ accessToken }))
    const { roleList } = await sso.send(
      new ListAccountRolesCommand({ accessToken, accountId: member }),
    )
    const got = await sso.send(
      new GetRoleCredentialsCommand({
        accessToken,
        accountId: member,
        roleName: roleList![0]!.roleName!,
      }),
    )
    const c = got.roleCredentials!
    roleCredentials = {
      accessKeyId: c.accessKeyId!,
      secretAccessKey: c.secretAccessKey!,
      sessionToken: c.sessionToken!,
    }
    secrets.push(c.secretAccessKey!, c.sessionToken!)
    const sts = new STSClient({ ...config, credentials: roleCredentials })
    const who = await sts.send(new GetCallerIdentityCommand({}))
    sessionCallRequestId = who.$metadata.requestId!
    await sso.send(new LogoutCommand({ accessToken }))

    // The console: a wrong password, an unknown user, then a sign-in and a Switch Role.
    const form = { account: management, userName: 'console-auditee' }
    const wrong = await consolePost('sign-in', { ...form, password: 'not-the-password-1' }, {})
    assert.equal(wrong.status, 401)
    const nobody = await consolePost(
      'sign-in',
      { ...form, userName: 'typed-my-password-here', password: CONSOLE_PASSWORD },
      {},
    )
    assert.equal(nobody.status, 401)
    const signedIn = await consolePost('sign-in', { ...form, password: CONSOLE_PASSWORD }, {})
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body))
    const cookie = signedIn.cookie!.split(';', 1)[0]!
    const switched = await consolePost(
      'switch-role',
      { account: member, roleName: 'OrganizationAccountAccessRole', displayName: 'Member' },
      { cookie, 'x-xaccess-csrf': signedIn.body.csrfToken },
    )
    assert.equal(switched.status, 200, JSON.stringify(switched.body))
  })

  it('records sso-oidc and the sso portal API in the management account', async () => {
    const events = await lookup(rootCredentials(), {
      AttributeKey: 'EventSource',
      AttributeValue: 'sso.amazonaws.com',
    })
    const names = new Set(events.map((e) => e.eventName))
    for (const name of [
      'RegisterClient',
      'StartDeviceAuthorization',
      'CreateToken',
      'ListAccounts',
      'ListAccountRoles',
      'GetRoleCredentials',
      'Logout',
      'ApproveDeviceAuthorization',
    ]) {
      assert.ok(names.has(name), `${name} was not recorded`)
    }
    // The portal's approval of the `aws sso login` code: the signed-in user's, the code hidden.
    const approvals = events.filter((e) => e.eventName === 'ApproveDeviceAuthorization')
    const approved = approvals.find((e) => e.errorCode === undefined)
    assert.equal(approved.userIdentity.type, 'IdentityCenterUser')
    assert.equal(approved.userIdentity.onBehalfOf.userId, userId)
    assert.equal(approved.readOnly, false)
    assert.equal(approved.requestParameters.userCode, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    assert.equal(approved.responseElements.userCode, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    assert.equal(approved.responseElements.status, 'approved')
    const refused = approvals.find((e) => e.errorCode !== undefined)
    assert.ok(refused, 'the refused approval was not recorded')
    assert.equal(refused.responseElements, null)
    assert.equal(refused.requestParameters.userCode, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    for (const e of events) assert.equal(e.recipientAccountId, management)
    const token = events.find((e) => e.eventName === 'CreateToken' && e.errorCode === undefined)
    assert.equal(token.requestParameters.clientSecret, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    assert.equal(token.requestParameters.deviceCode, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    assert.equal(token.responseElements.accessToken, 'HIDDEN_DUE_TO_SECURITY_REASONS')
    assert.equal(token.userIdentity.principalId, userId)
    const get = events.find((e) => e.eventName === 'GetRoleCredentials')
    assert.equal(get.userIdentity.type, 'IdentityCenterUser')
    assert.equal(get.userIdentity.accountId, management)
    assert.equal(get.userIdentity.onBehalfOf.userId, userId)
    assert.match(
      get.userIdentity.onBehalfOf.identityStoreArn,
      new RegExp(`^arn:aws:identitystore::${management}:identitystore/d-[0-9a-z]{10}$`),
    )
    assert.ok(get.userIdentity.credentialId)
    assert.equal(get.requestParameters.accountId, member)
    const role = get.resources.find((r: Json) => r.type === 'AWS::IAM::Role')
    assert.equal(role.accountId, member)
    assert.match(role.ARN, new RegExp(`^arn:aws:iam::${member}:role/.*AWSReservedSSO_AuditAdmin_`))
    assert.equal(get.responseElements.roleCredentials.accessKeyId, roleCredentials.accessKeyId)
  })

  it("points the session's calls in the member account back to GetRoleCredentials", async () => {
    const [get] = await lookup(rootCredentials(), {
      AttributeKey: 'EventName',
      AttributeValue: 'GetRoleCredentials',
    })
    const mine = await lookup(roleCredentials, {
      AttributeKey: 'AccessKeyId',
      AttributeValue: roleCredentials.accessKeyId,
    })
    const call = mine.find((e) => e.requestID === sessionCallRequestId)
    assert.ok(call, 'the GetCallerIdentity of the session was not recorded')
    assert.equal(call.recipientAccountId, member)
    assert.equal(call.userIdentity.type, 'AssumedRole')
    assert.equal(call.xaccessSourceEventID, get.eventID)
    // Every event of the session carries the link (the LookupEvents above included).
    assert.ok(mine.every((e) => e.xaccessSourceEventID === get.eventID))
  })

  it("records the portal page's credentials and the console they opened, linked", async () => {
    const gets = await lookup(rootCredentials(), {
      AttributeKey: 'EventName',
      AttributeValue: 'GetRoleCredentials',
    })
    const page = gets.find(
      (e) => e.responseElements?.roleCredentials?.accessKeyId === portalCredentials.accessKeyId,
    )
    assert.ok(page, "the portal page's GetRoleCredentials was not recorded")
    assert.equal(page.userIdentity.type, 'IdentityCenterUser')
    assert.equal(page.userIdentity.onBehalfOf.userId, userId)
    // LookupEvents' Username of an Identity Center user's call is their identity-store id.
    const byUser = await lookup(rootCredentials(), {
      AttributeKey: 'Username',
      AttributeValue: userId,
    })
    assert.ok(byUser.some((e) => e.eventID === page.eventID))
    const logins = await lookup(portalCredentials, {
      AttributeKey: 'EventName',
      AttributeValue: 'ConsoleLogin',
    })
    assert.equal(logins.length, 1)
    const [login] = logins
    assert.equal(login.recipientAccountId, member)
    assert.equal(login.userIdentity.type, 'AssumedRole')
    assert.equal(login.userIdentity.accessKeyId, portalCredentials.accessKeyId)
    assert.deepEqual(login.responseElements, { ConsoleLogin: 'Success' })
    assert.equal(login.xaccessSourceEventID, page.eventID)
  })

  it('records portal sign-ins as Identity Center does, and the MFA registration', async () => {
    const signIns = await lookup(rootCredentials(), {
      AttributeKey: 'EventSource',
      AttributeValue: 'signin.amazonaws.com',
    })
    const portal = signIns
      .filter((e) => e.eventType === 'AwsServiceEvent')
      .map((e) => `${e.eventName} ${Object.values(e.serviceEventDetails)[0]}`)
    assert.ok(portal.includes('CredentialVerification Failure'))
    assert.ok(portal.includes('CredentialVerification Success'))
    assert.ok(portal.includes('UserAuthentication Success'))
    const done = signIns.find((e) => e.eventName === 'UserAuthentication')
    assert.equal(done.userIdentity.userName, 'dana')
    assert.equal(done.additionalEventData.DeviceEnrollmentRequired, 'true')
    assert.equal(done.recipientAccountId, management)
    const registration = await lookup(rootCredentials(), {
      AttributeKey: 'EventSource',
      AttributeValue: 'sso-directory.amazonaws.com',
    })
    assert.deepEqual(registration.map((e) => e.eventName).sort(), [
      'CompleteVirtualMfaDeviceRegistration',
      'StartVirtualMfaDeviceRegistration',
    ])
  })

  it('records console sign-ins (refused, unknown user hidden, success) and Switch Role', async () => {
    const logins = await lookup(rootCredentials(), {
      AttributeKey: 'EventName',
      AttributeValue: 'ConsoleLogin',
    })
    const byOutcome = (o: string) => logins.filter((e) => e.responseElements.ConsoleLogin === o)
    const [ok] = byOutcome('Success')
    assert.equal(ok.eventSource, 'signin.amazonaws.com')
    assert.equal(ok.eventType, 'AwsConsoleSignIn')
    assert.equal(ok.userIdentity.type, 'IAMUser')
    assert.equal(ok.userIdentity.userName, 'console-auditee')
    assert.equal(ok.additionalEventData.MFAUsed, 'No')
    assert.equal(ok.additionalEventData.MobileVersion, 'No')
    assert.match(ok.additionalEventData.LoginTo, /\/console\/$/)
    const failures = byOutcome('Failure')
    assert.equal(failures.length, 2)
    const wrong = failures.find((e) => e.userIdentity.userName === 'console-auditee')
    assert.equal(wrong.errorMessage, 'Failed authentication')
    const unknown = failures.find(
      (e) => e.userIdentity.userName === 'HIDDEN_DUE_TO_SECURITY_REASONS',
    )
    assert.ok(unknown, 'the unknown user name was not hidden')
    const switched = await lookup(roleCredentials, {
      AttributeKey: 'EventName',
      AttributeValue: 'SwitchRole',
    })
    assert.equal(switched.length, 1)
    assert.equal(switched[0].recipientAccountId, member)
    assert.equal(switched[0].userIdentity.type, 'AssumedRole')
    assert.deepEqual(switched[0].responseElements, { SwitchRole: 'Success' })
    assert.match(switched[0].additionalEventData.SwitchFrom, /:user\/console-auditee$/)
    // The AssumeRole behind it, recorded by the dispatcher as any call.
    const assumed = await lookup(rootCredentials(), {
      AttributeKey: 'EventName',
      AttributeValue: 'AssumeRole',
    })
    assert.ok(assumed.some((e) => e.userIdentity.userName === 'console-auditee'))
  })

  it('stores no secret in any event', async () => {
    const dump: string[] = []
    for (const credentials of [rootCredentials(), roleCredentials]) {
      for (const source of ['sso.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com']) {
        const events = await lookup(credentials, {
          AttributeKey: 'EventSource',
          AttributeValue: source,
        })
        dump.push(...events.map((e) => JSON.stringify(e)))
      }
    }
    if (ctx.database === 'sqlite') {
      // The whole audit_event table, every column, read beside the running server.
      const db = new DatabaseSync(join(ctx.server().dataDir, 'xaccess.db'), { readOnly: true })
      try {
        for (const table of ['audit_event', 'audit_event_resource']) {
          for (const row of db.prepare(`SELECT * FROM ${table}`).all()) {
            dump.push(JSON.stringify(row))
          }
        }
      } finally {
        db.close()
      }
    }
    const text = dump.join('\n')
    assert.ok(text.includes('GetRoleCredentials'), 'the events were not read')
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `a secret is stored: ${secret.slice(0, 6)}…`)
    }
    for (const code of codes) {
      assert.ok(
        !new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`).test(text),
        `a TOTP code is stored: ${code}`,
      )
    }
  })
})
