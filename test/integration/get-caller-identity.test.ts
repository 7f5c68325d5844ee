// sts:GetCallerIdentity needs no permission and nothing denies it (AWS STS API Reference,
// GetCallerIdentity), through the real SDK on SQLite and PostgreSQL: a user whose policies deny
// everything, under a permissions boundary; a role session whose session policy denies
// everything; a member account under an SCP that denies everything. The server agrees with the
// engine: SimulatePrincipalPolicy answers `allowed` for the action where other actions are denied.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam'
import { AttachPolicyCommand, CreatePolicyCommand } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { clientsFor, expectAwsError, type Clients } from './aws-clients.ts'
import { memberAccountSetup } from './identity-center-setup.ts'
import { serverSuite } from './server-suite.ts'

const DENY_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
})

serverSuite('GetCallerIdentity needs no permission', (ctx) => {
  let root: Clients
  let account: string
  let member: string
  let memberAdmin: Clients
  const keysOf = async (userName: string) => {
    const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: userName }))
    return clientsFor(ctx.server().url, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    })
  }
  before(async () => {
    ;({ root, member, memberAdmin } = await memberAccountSetup(ctx.server()))
    account = ctx.server().bootstrap.accountId
  })

  it('a user whose identity policy denies everything, under a boundary', async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'denied' }))
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'denied',
        PolicyName: 'deny',
        PolicyDocument: DENY_ALL,
      }),
    )
    await root.iam.send(
      new PutUserPermissionsBoundaryCommand({
        UserName: 'denied',
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    )
    const denied = await keysOf('denied')
    const id = await denied.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Arn, `arn:aws:iam::${account}:user/denied`)
    await expectAwsError(denied.iam.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
    })
    const { EvaluationResults } = await root.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${account}:user/denied`,
        ActionNames: ['sts:GetCallerIdentity', 'sts:DecodeAuthorizationMessage'],
      }),
    )
    assert.deepEqual(
      EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]),
      [
        ['sts:GetCallerIdentity', 'allowed'],
        ['sts:DecodeAuthorizationMessage', 'explicitDeny'],
      ],
    )
  })

  it('a role session whose session policy denies everything', async () => {
    await root.iam.send(new CreateUserCommand({ UserName: 'assumer' }))
    await root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'assumer',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'gci-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    )
    const assumer = await keysOf('assumer')
    const { Credentials: c } = await assumer.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/gci-role`,
        RoleSessionName: 'nothing-allowed',
        Policy: DENY_ALL,
      }),
    )
    const session = clientsFor(ctx.server().url, {
      accessKeyId: c!.AccessKeyId!,
      secretAccessKey: c!.SecretAccessKey!,
      sessionToken: c!.SessionToken!,
    })
    const id = await session.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Arn, `arn:aws:sts::${account}:assumed-role/gci-role/nothing-allowed`)
  })

  it('a member account under an SCP that denies everything', async () => {
    const { Policy } = await root.org.send(
      new CreatePolicyCommand({
        Name: 'DenyEverything',
        Description: 'nothing at all',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: DENY_ALL,
      }),
    )
    await root.org.send(
      new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: member }),
    )
    await expectAwsError(memberAdmin.iam.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
    })
    const id = await memberAdmin.sts.send(new GetCallerIdentityCommand({}))
    assert.equal(id.Account, member)
  })
})
