/**
 * `xaccess analyze` over Identity Center as a server stores it: a user reaches the
 * `AWSReservedSSO_*` role of a permission set through its group's account assignment, and
 * who-can follows that path.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
} from '@aws-sdk/client-identitystore'
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'
import { memberAccountSetup } from './identity-center-setup.ts'

let server: ServerProcess
let member: string
let userId: string

before(async () => {
  server = await startServerProcess()
  const setup = await memberAccountSetup(server)
  member = setup.member
  const { root } = setup
  const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
  const { InstanceArn: instanceArn, IdentityStoreId: storeId } = Instances![0]!
  userId = (
    await root.identitystore.send(
      new CreateUserCommand({
        IdentityStoreId: storeId,
        UserName: 'maria',
        DisplayName: 'Maria',
        Name: { GivenName: 'Maria', FamilyName: 'Example' },
      }),
    )
  ).UserId!
  const groupId = (
    await root.identitystore.send(
      new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Developers' }),
    )
  ).GroupId!
  await root.identitystore.send(
    new CreateGroupMembershipCommand({
      IdentityStoreId: storeId,
      GroupId: groupId,
      MemberId: { UserId: userId },
    }),
  )
  const set = await root.ssoAdmin.send(
    new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'ReadOnly' }),
  )
  const permissionSetArn = set.PermissionSet!.PermissionSetArn!
  await root.ssoAdmin.send(
    new AttachManagedPolicyToPermissionSetCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: permissionSetArn,
      ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  )
  const { AccountAssignmentCreationStatus: s } = await root.ssoAdmin.send(
    new CreateAccountAssignmentCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: permissionSetArn,
      TargetId: member,
      TargetType: 'AWS_ACCOUNT',
      PrincipalType: 'GROUP',
      PrincipalId: groupId,
    }),
  )
  for (let status = s?.Status; status === 'IN_PROGRESS';) {
    const done = await root.ssoAdmin.send(
      new DescribeAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        AccountAssignmentCreationRequestId: s!.RequestId!,
      }),
    )
    status = done.AccountAssignmentCreationStatus?.Status
    assert.notEqual(status, 'FAILED', done.AccountAssignmentCreationStatus?.FailureReason)
  }
})
after(() => server?.stop())

test('an Identity Center user reaches the permission set role through its group', async () => {
  const out = JSON.parse(
    (
      await xaccessOk([
        'analyze',
        'access',
        '--from',
        'arn:aws:identitystore:::user/maria',
        '--data-dir',
        server.dataDir,
        '--json',
      ])
    ).stdout,
  )
  assert.equal(out.paths.length, 1)
  const [hop] = out.paths[0].hops
  assert.equal(hop.from, `arn:aws:identitystore:::user/${userId}`)
  assert.match(
    hop.to,
    new RegExp(
      `^arn:aws:iam::${member}:role/aws-reserved/sso\\.amazonaws\\.com/AWSReservedSSO_ReadOnly_`,
    ),
  )
  assert.deepEqual(hop.conditions, {})
})

test('who-can follows the assignment; the people-readable answer names the group', async () => {
  const args = ['--action', 's3:GetObject', '--resource', 'arn:aws:s3:::data/x']
  const where = ['--resource-account', member, '--data-dir', server.dataDir]
  const out = JSON.parse(
    (await xaccessOk(['analyze', 'who-can', ...args, ...where, '--json'])).stdout,
  )
  const maria = out.principals.find(
    (p: { principal: string }) => p.principal === `arn:aws:identitystore:::user/${userId}`,
  )
  assert.ok(maria, JSON.stringify(out))
  assert.equal(maria.hops.length, 2)
  assert.equal(maria.hops[1].to, 'arn:aws:s3:::data/x')
  const people = await xaccessOk(['analyze', 'who-can', ...args, ...where])
  assert.match(people.stdout, /assignment of permission set ReadOnly .* through group Developers/)
})
