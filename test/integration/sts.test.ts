// STS through the real AWS SDK v3 client against a real server, on SQLite and PostgreSQL:
// AssumeRole into a member account's OrganizationAccountAccessRole, the temporary credentials in
// a second client, role chaining limits, GetSessionToken, DecodeAuthorizationMessage of a real
// denial, GetAccessKeyInfo, MFA devices accepted only from the user they are assigned to.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  ListRolesCommand,
  AttachRolePolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts'
import { clientsFor, createMemberAccount, expectAwsError, type Clients } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'
import { decodeBase32, totpAt, totpStep } from '../support/totp.ts'

const ENCODED = /Encoded authorization failure message: (\S+)$/

const credentialsOf = (c: StsCredentials | undefined) => {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'no credentials')
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  }
}

serverSuite('STS through the SDK', (ctx) => {
  let root: Clients
  let management: string
  let member: string
  let endpoint: string
  before(async () => {
    const server = ctx.server()
    endpoint = server.url
    root = clientsFor(endpoint, server.bootstrap)
    management = server.bootstrap.accountId
    member = await createMemberAccount(root.org, 'Member', 'member@example.com')
  })

  const memberRole = (name: string) => `arn:aws:iam::${member}:role/${name}`
  /** An administrator of the management account (AWS lets no root user assume roles). */
  let admin: Clients
  before(async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'org-admin' }))
    await root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'org-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'org-admin' }))
    admin = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
  })

  it('GetCallerIdentity as the management root', async () => {
    const id = await root.sts.send(new GetCallerIdentityCommand({}))
    assert.deepEqual(
      [id.Account, id.Arn, id.UserId],
      [management, `arn:aws:iam::${management}:root`, management],
    )
  })

  it('refuses AssumeRole to the root user, as AWS does', async () => {
    await expectAwsError(
      root.sts.send(
        new AssumeRoleCommand({
          RoleArn: memberRole('OrganizationAccountAccessRole'),
          RoleSessionName: 'root',
        }),
      ),
      { name: 'AccessDenied', status: 403, message: 'Roles may not be assumed by root accounts.' },
    )
  })

  it('assumes OrganizationAccountAccessRole in the member account and acts there', async () => {
    const assumed = await admin.sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRole('OrganizationAccountAccessRole'),
        RoleSessionName: 'admin',
        DurationSeconds: 900,
      }),
    )
    assert.equal(assumed.$metadata.httpStatusCode, 200)
    assert.match(assumed.Credentials!.AccessKeyId!, /^ASIA/)
    const lifetime = assumed.Credentials!.Expiration!.getTime() - Date.now()
    assert.ok(lifetime > 850_000 && lifetime <= 901_000, `lifetime ${lifetime}`)
    assert.equal(
      assumed.AssumedRoleUser!.Arn,
      `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin`,
    )
    assert.match(assumed.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z0-9]+:admin$/)

    const session = clientsFor(endpoint, credentialsOf(assumed.Credentials))
    const id = await session.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Account, member)
    assert.equal(id.Arn, assumed.AssumedRoleUser!.Arn)
    assert.equal(id.UserId, assumed.AssumedRoleUser!.AssumedRoleId)

    // The session administers the member account's IAM, not the management account's.
    const roles = await session.iam.send(new ListRolesCommand({}))
    assert.ok(roles.Roles!.some((r) => r.Arn === memberRole('OrganizationAccountAccessRole')))
    await session.iam.send(
      new CreateRoleCommand({
        RoleName: 'Chained',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${member}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    )
    await expectAwsError(root.iam.send(new GetRoleCommand({ RoleName: 'Chained' })), {
      name: 'NoSuchEntityException',
      status: 404,
    })
    const info = await session.sts.send(
      new GetAccessKeyInfoCommand({ AccessKeyId: assumed.Credentials!.AccessKeyId! }),
    )
    assert.equal(info.Account, member)
  })

  it('limits role chaining to one hour', async () => {
    const first = await admin.sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRole('OrganizationAccountAccessRole'),
        RoleSessionName: 'hop1',
      }),
    )
    const session = clientsFor(endpoint, credentialsOf(first.Credentials))
    await expectAwsError(
      session.sts.send(
        new AssumeRoleCommand({
          RoleArn: memberRole('Chained'),
          RoleSessionName: 'hop2',
          DurationSeconds: 7200,
        }),
      ),
      {
        name: 'ValidationError',
        status: 400,
        message:
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      },
    )
    const second = await session.sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRole('Chained'),
        RoleSessionName: 'hop2',
        DurationSeconds: 3600,
      }),
    )
    const chained = clientsFor(endpoint, credentialsOf(second.Credentials))
    const id = await chained.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Arn, `arn:aws:sts::${member}:assumed-role/Chained/hop2`)
    // The role Chained has no permissions of its own.
    await expectAwsError(chained.iam.send(new ListRolesCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: ENCODED,
    })
  })

  it('refuses AssumeRole when the trust policy does not trust the caller', async () => {
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'OnlyEc2',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ec2.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    )
    const arn = `arn:aws:iam::${management}:role/OnlyEc2`
    await expectAwsError(
      admin.sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'sess' })),
      {
        name: 'AccessDenied',
        status: 403,
        message: new RegExp(
          `^User: arn:aws:iam::${management}:user/org-admin is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
        ),
      },
    )
    await expectAwsError(
      admin.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${management}:role/Missing`,
          RoleSessionName: 'sess',
        }),
      ),
      { name: 'AccessDenied', status: 403 },
    )
  })

  it('GetSessionToken for a user; never with session credentials', async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'sts-user' }))
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'sts-user' }))
    const user = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
    const token = await user.sts.send(new GetSessionTokenCommand({ DurationSeconds: 1800 }))
    assert.match(token.Credentials!.AccessKeyId!, /^ASIA/)
    const lifetime = token.Credentials!.Expiration!.getTime() - Date.now()
    assert.ok(lifetime > 1_750_000 && lifetime <= 1_801_000, `lifetime ${lifetime}`)
    const session = clientsFor(endpoint, credentialsOf(token.Credentials))
    const id = await session.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Arn, `arn:aws:iam::${management}:user/sts-user`)
    await expectAwsError(session.sts.send(new GetSessionTokenCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    })
    const info = await root.sts.send(
      new GetAccessKeyInfoCommand({ AccessKeyId: AccessKey!.AccessKeyId! }),
    )
    assert.equal(info.Account, management)
  })

  it("accepts only the caller's own MFA device: bob cannot use alice's device and code", async () => {
    const keysOf = async (userName: string) => {
      await root.iam.send(new CreateUserCommand({ UserName: userName }))
      const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: userName }))
      return clientsFor(endpoint, {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      })
    }
    const alice = await keysOf('mfa-alice')
    const bob = await keysOf('mfa-bob')
    const { VirtualMFADevice: device } = await root.iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-alice' }),
    )
    const serial = device!.SerialNumber!
    const seed = decodeBase32(Buffer.from(device!.Base32StringSeed!).toString())
    // Enabling spends two consecutive codes, the later one the current step's.
    const step = totpStep()
    await root.iam.send(
      new EnableMFADeviceCommand({
        UserName: 'mfa-alice',
        SerialNumber: serial,
        AuthenticationCode1: totpAt(seed, step - 1),
        AuthenticationCode2: totpAt(seed, step),
      }),
    )
    // A spare virtual device, assigned to no one.
    const { VirtualMFADevice: spare } = await root.iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-spare' }),
    )
    const spareSeed = decodeBase32(Buffer.from(spare!.Base32StringSeed!).toString())
    const userArn = (name: string) => `arn:aws:iam::${management}:user/${name}`
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'NeedsMfa',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [userArn('mfa-alice'), userArn('mfa-bob')] },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        }),
      }),
    )
    const roleArn = `arn:aws:iam::${management}:role/NeedsMfa`
    // The current step's code, or the next one's when the current step is spent already.
    const code = totpAt(seed, Math.max(totpStep(), step + 1))
    const notAssociated = {
      name: 'AccessDenied',
      status: 403,
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    }
    const assume = (who: Clients, mfa: { SerialNumber: string; TokenCode: string }) =>
      who.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mfa', ...mfa }))
    await expectAwsError(assume(bob, { SerialNumber: serial, TokenCode: code }), notAssociated)
    await expectAwsError(
      bob.sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code })),
      notAssociated,
    )
    await expectAwsError(
      assume(bob, {
        SerialNumber: spare!.SerialNumber!,
        TokenCode: totpAt(spareSeed, totpStep()),
      }),
      notAssociated,
    )
    // Bob's attempts spent nothing: the same code works for alice, once.
    const assumed = await assume(alice, { SerialNumber: serial, TokenCode: code })
    assert.equal(
      assumed.AssumedRoleUser!.Arn,
      `arn:aws:sts::${management}:assumed-role/NeedsMfa/mfa`,
    )
    await expectAwsError(assume(alice, { SerialNumber: serial, TokenCode: code }), {
      name: 'AccessDenied',
      status: 403,
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    })
  })

  it('DecodeAuthorizationMessage explains a denial; garbage is refused', async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'decoder' }))
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'decoder',
        PolicyName: 'decode',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }],
        }),
      }),
    )
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'decoder' }))
    const user = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
    const denied = await expectAwsError(user.iam.send(new ListRolesCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: ENCODED,
    })
    const encoded = ENCODED.exec(denied.message)![1]!
    const { DecodedMessage } = await user.sts.send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }),
    )
    const decoded = JSON.parse(DecodedMessage!) as {
      allowed: boolean
      explicitDeny: boolean
      context: { principal: { arn: string }; action: string; resource: string }
    }
    assert.equal(decoded.allowed, false)
    assert.equal(decoded.explicitDeny, false)
    assert.equal(decoded.context.action, 'iam:ListRoles')
    assert.equal(decoded.context.principal.arn, `arn:aws:iam::${management}:user/decoder`)
    // The root may decode it too.
    await root.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))
    await expectAwsError(
      user.sts.send(
        new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-sealed-message' }),
      ),
      { name: 'InvalidAuthorizationMessageException', status: 400 },
    )
  })

  it("revokes a role's older sessions through aws:TokenIssueTime (AWSRevokeOlderSessions)", async () => {
    const adminSession = async (roleName: string) =>
      clientsFor(
        endpoint,
        credentialsOf(
          (
            await admin.sts.send(
              new AssumeRoleCommand({
                RoleArn: memberRole(roleName),
                RoleSessionName: 'revoke-test',
              }),
            )
          ).Credentials,
        ),
      )
    const owner = await adminSession('OrganizationAccountAccessRole')
    await owner.iam.send(
      new CreateRoleCommand({
        RoleName: 'Revocable',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: management }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    )
    await owner.iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'Revocable',
        PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
      }),
    )
    const old = await adminSession('Revocable')
    await old.iam.send(new GetRoleCommand({ RoleName: 'Revocable' }))
    // As the console's "Revoke active sessions" does: deny sessions issued before now.
    await new Promise((r) => setTimeout(r, 1100))
    const cutoff = new Date(Math.floor(Date.now() / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z')
    await owner.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Revocable',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: ['*'],
              Resource: ['*'],
              Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
            },
          ],
        }),
      }),
    )
    await expectAwsError(old.iam.send(new GetRoleCommand({ RoleName: 'Revocable' })), {
      name: 'AccessDenied',
      status: 403,
      message: /with an explicit deny in an identity-based policy/,
    })
    // A session issued after the cutoff works.
    await new Promise((r) => setTimeout(r, 1100))
    const fresh = await adminSession('Revocable')
    await fresh.iam.send(new GetRoleCommand({ RoleName: 'Revocable' }))
  })

  it('GetAccessKeyInfo of an unknown key', async () => {
    await expectAwsError(
      root.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAZZZZZZZZZZZZZZZZ' })),
      {
        name: 'ValidationError',
        status: 400,
      },
    )
  })
})
