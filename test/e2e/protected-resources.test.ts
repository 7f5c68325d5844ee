/**
 * What only AWS may change, through the real AWS CLI v2: `aws iam update-assume-role-policy` on an
 * Identity Center role (`AWSReservedSSO_*`, provisioned by an account assignment) fails with
 * UnmodifiableEntity, and `aws iam create-policy-version` on an AWS-managed policy with
 * AccessDenied, each with AWS's code, wording and the CLI's exit status 254 for an AWS error.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ListRolesCommand } from '@aws-sdk/client-iam'
import { CreateGroupCommand } from '@aws-sdk/client-identitystore'
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import { clientsFor } from '../integration/aws-clients.ts'
import { AwsCli, awsCliSkipReason } from '../support/aws-cli.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'sts:AssumeRole',
    },
  ],
})

describe('protected resources through the AWS CLI', { skip: awsCliSkipReason() ?? false }, () => {
  let server: ServerProcess
  let cli: AwsCli
  let ssoRole: string

  before(async () => {
    server = await startServerProcess()
    cli = new AwsCli(server.url)
    const root = clientsFor(server.url, server.bootstrap)
    const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
    const { InstanceArn, IdentityStoreId } = Instances![0]!
    const { PermissionSet } = await root.ssoAdmin.send(
      new CreatePermissionSetCommand({ InstanceArn, Name: 'ReadOnly' }),
    )
    const PermissionSetArn = PermissionSet!.PermissionSetArn!
    await root.ssoAdmin.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn,
        PermissionSetArn,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    )
    const { GroupId } = await root.identitystore.send(
      new CreateGroupCommand({ IdentityStoreId: IdentityStoreId!, DisplayName: 'Readers' }),
    )
    await root.ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        PermissionSetArn,
        TargetId: server.bootstrap.accountId,
        TargetType: 'AWS_ACCOUNT',
        PrincipalType: 'GROUP',
        PrincipalId: GroupId!,
      }),
    )
    const { Roles } = await root.iam.send(
      new ListRolesCommand({ PathPrefix: '/aws-reserved/sso.amazonaws.com/' }),
    )
    ssoRole = Roles!.find((r) => r.RoleName!.startsWith('AWSReservedSSO_ReadOnly_'))!.RoleName!
  })
  after(async () => {
    cli?.close()
    await server?.stop()
  })

  test('aws iam update-assume-role-policy on an AWSReservedSSO_ role: UnmodifiableEntity', async () => {
    const r = await cli.run(server.bootstrap, [
      'iam',
      'update-assume-role-policy',
      '--role-name',
      ssoRole,
      '--policy-document',
      TRUST,
    ])
    assert.equal(r.status, 254, r.stderr)
    assert.deepEqual(r.error, {
      code: 'UnmodifiableEntity',
      operation: 'UpdateAssumeRolePolicy',
      message: `Cannot perform the operation on the protected role '${ssoRole}' - this role is only modifiable by AWS`,
    })
    const still = await cli.ok(server.bootstrap, ['iam', 'get-role', '--role-name', ssoRole])
    assert.notDeepEqual(still.json.Role.AssumeRolePolicyDocument, JSON.parse(TRUST))
  })

  test('aws iam create-policy-version on an AWS-managed policy: AccessDenied', async () => {
    const r = await cli.run(server.bootstrap, [
      'iam',
      'create-policy-version',
      '--policy-arn',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      '--policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
      '--set-as-default',
    ])
    assert.equal(r.status, 254, r.stderr)
    assert.deepEqual(r.error, {
      code: 'AccessDenied',
      operation: 'CreatePolicyVersion',
      message: 'Cannot update policies outside your own account.',
    })
  })
})
