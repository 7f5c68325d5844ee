// IAM Identity Center through the real AWS SDK v3 clients (identitystore, sso-admin) against a
// real server, on SQLite and PostgreSQL: every operation once on the happy path with its response
// shape, pagination, the provisioned `AWSReservedSSO_…` role seen through IAM in the member
// account, and the error paths (unknown user, duplicate group, account outside the organization,
// malformed inline policy, unknown permission set, a member account calling).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-identitystore'
import {
  CreatePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam'
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ListTagsForResourceCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePermissionSetCommand,
} from '@aws-sdk/client-sso-admin'
import { expectAwsError, type Clients } from './aws-clients.ts'
import { memberAccountSetup, pages } from './identity-center-setup.ts'
import { serverSuite } from './server-suite.ts'

const INSTANCE_ARN = /^arn:aws:sso:::instance\/(ssoins-[0-9a-f]{16})$/
const PERMISSION_SET_ARN = /^arn:aws:sso:::permissionSet\/(ssoins-[0-9a-f]{16})\/ps-[0-9a-f]{16}$/
const RESOURCE_ID = /^[0-9a-f]{10}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const REQUEST_ID = /^[0-9a-f-]{36}$/
const RESERVED_PATH = '/aws-reserved/sso.amazonaws.com/'

const policy = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
  })

serverSuite('IAM Identity Center through the SDK', (ctx) => {
  let root: Clients
  let management: string
  /** A member account, and an administrator session in it (OrganizationAccountAccessRole). */
  let member: string
  let memberAdmin: Clients
  before(async () => {
    const setup = await memberAccountSetup(ctx.server())
    ;({ root, management, member, memberAdmin } = setup)
  })

  let instanceArn: string
  let instanceId: string
  let storeId: string
  const ids: Record<string, string> = {}
  const sets: Record<string, string> = {}

  it('ListInstances and DescribeInstance: the organization instance of the management account', async () => {
    const list = await root.ssoAdmin.send(new ListInstancesCommand({ MaxResults: 10 }))
    assert.equal(list.Instances?.length, 1)
    const instance = list.Instances[0]!
    assert.match(instance.InstanceArn!, INSTANCE_ARN)
    assert.match(instance.IdentityStoreId!, /^d-[0-9a-f]{10}$/)
    assert.equal(instance.OwnerAccountId, management)
    assert.equal(instance.Status, 'ACTIVE')
    assert.ok(instance.CreatedDate instanceof Date)
    assert.equal(list.NextToken, undefined)
    instanceArn = instance.InstanceArn!
    instanceId = INSTANCE_ARN.exec(instanceArn)![1]!
    storeId = instance.IdentityStoreId!
    const described = await root.ssoAdmin.send(
      new DescribeInstanceCommand({ InstanceArn: instanceArn }),
    )
    assert.equal(described.InstanceArn, instanceArn)
    assert.equal(described.IdentityStoreId, storeId)
    assert.equal(described.OwnerAccountId, management)
    assert.equal(described.Status, 'ACTIVE')
  })

  // ---- identitystore ------------------------------------------------------------------------

  it('users: CreateUser, DescribeUser, UpdateUser, ListUsers, GetUserId, DeleteUser', async () => {
    const is = root.identitystore
    for (const name of ['alice', 'bob', 'carol']) {
      const created = await is.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: name,
          DisplayName: `${name[0]!.toUpperCase()}${name.slice(1)} Example`,
          Name: { GivenName: name, FamilyName: 'Example' },
          Emails: [{ Value: `${name}@example.com`, Type: 'work', Primary: true }],
        }),
      )
      assert.equal(created.IdentityStoreId, storeId)
      assert.match(created.UserId!, RESOURCE_ID)
      assert.ok(created.UserId!.startsWith(storeId.slice(2)), created.UserId)
      ids[name] = created.UserId!
    }

    const alice = await is.send(
      new DescribeUserCommand({ IdentityStoreId: storeId, UserId: ids.alice }),
    )
    assert.equal(alice.UserId, ids.alice)
    assert.equal(alice.IdentityStoreId, storeId)
    assert.equal(alice.UserName, 'alice')
    assert.equal(alice.DisplayName, 'Alice Example')
    assert.deepEqual(alice.Name, { GivenName: 'alice', FamilyName: 'Example' })
    assert.deepEqual(alice.Emails, [{ Value: 'alice@example.com', Type: 'work', Primary: true }])

    await is.send(
      new UpdateUserCommand({
        IdentityStoreId: storeId,
        UserId: ids.alice,
        Operations: [
          { AttributePath: 'displayName', AttributeValue: 'Alice Liddell' },
          { AttributePath: 'name.familyName', AttributeValue: 'Liddell' },
        ],
      }),
    )
    const updated = await is.send(
      new DescribeUserCommand({ IdentityStoreId: storeId, UserId: ids.alice }),
    )
    assert.equal(updated.DisplayName, 'Alice Liddell')
    assert.equal(updated.Name?.FamilyName, 'Liddell')

    const filtered = await is.send(
      new ListUsersCommand({
        IdentityStoreId: storeId,
        Filters: [{ AttributePath: 'UserName', AttributeValue: 'bob' }],
      }),
    )
    assert.deepEqual(
      filtered.Users?.map((u) => [u.UserId, u.UserName]),
      [[ids.bob, 'bob']],
    )
    const all = await pages(async (NextToken) => {
      const page = await is.send(
        new ListUsersCommand({ IdentityStoreId: storeId, MaxResults: 1, NextToken }),
      )
      assert.ok(page.Users!.length <= 1)
      return { items: page.Users!, next: page.NextToken }
    })
    assert.deepEqual(all.items.map((u) => u.UserName).sort(), ['alice', 'bob', 'carol'])
    assert.ok(all.pages >= 3, `${all.pages} pages`)

    const found = await is.send(
      new GetUserIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice' },
        },
      }),
    )
    assert.equal(found.UserId, ids.alice)
    assert.equal(found.IdentityStoreId, storeId)

    await is.send(new DeleteUserCommand({ IdentityStoreId: storeId, UserId: ids.carol }))
    await expectAwsError(
      is.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: ids.carol })),
      { name: 'ResourceNotFoundException', status: 404 },
    )
  })

  it('an unknown user: ResourceNotFoundException naming the USER', async () => {
    const unknown = `${storeId.slice(2)}-00000000-0000-4000-8000-000000000000`
    const error = (await expectAwsError(
      root.identitystore.send(
        new DescribeUserCommand({ IdentityStoreId: storeId, UserId: unknown }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )) as unknown as { ResourceType?: string; ResourceId?: string }
    assert.equal(error.ResourceType, 'USER')
    assert.equal(error.ResourceId, unknown)
    await expectAwsError(
      root.identitystore.send(
        new GetUserIdCommand({
          IdentityStoreId: storeId,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'nobody' },
          },
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
  })

  it('groups: CreateGroup, DescribeGroup, UpdateGroup, ListGroups, GetGroupId, DeleteGroup', async () => {
    const is = root.identitystore
    for (const name of ['Admins', 'Readers', 'Temp']) {
      const created = await is.send(
        new CreateGroupCommand({
          IdentityStoreId: storeId,
          DisplayName: name,
          Description: `${name} group`,
        }),
      )
      assert.equal(created.IdentityStoreId, storeId)
      assert.match(created.GroupId!, RESOURCE_ID)
      ids[name] = created.GroupId!
    }
    const admins = await is.send(
      new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: ids.Admins }),
    )
    assert.equal(admins.GroupId, ids.Admins)
    assert.equal(admins.DisplayName, 'Admins')
    assert.equal(admins.Description, 'Admins group')
    assert.equal(admins.IdentityStoreId, storeId)

    await is.send(
      new UpdateGroupCommand({
        IdentityStoreId: storeId,
        GroupId: ids.Admins,
        Operations: [{ AttributePath: 'description', AttributeValue: 'Administrators' }],
      }),
    )
    const updated = await is.send(
      new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: ids.Admins }),
    )
    assert.equal(updated.Description, 'Administrators')

    const filtered = await is.send(
      new ListGroupsCommand({
        IdentityStoreId: storeId,
        Filters: [{ AttributePath: 'DisplayName', AttributeValue: 'Readers' }],
      }),
    )
    assert.deepEqual(
      filtered.Groups?.map((g) => g.GroupId),
      [ids.Readers],
    )
    const all = await pages(async (NextToken) => {
      const page = await is.send(
        new ListGroupsCommand({ IdentityStoreId: storeId, MaxResults: 2, NextToken }),
      )
      assert.ok(page.Groups!.length <= 2)
      return { items: page.Groups!, next: page.NextToken }
    })
    assert.deepEqual(all.items.map((g) => g.DisplayName).sort(), ['Admins', 'Readers', 'Temp'])
    assert.ok(all.pages >= 2)

    const found = await is.send(
      new GetGroupIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: {
          UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'Readers' },
        },
      }),
    )
    assert.equal(found.GroupId, ids.Readers)
    assert.equal(found.IdentityStoreId, storeId)

    await is.send(new DeleteGroupCommand({ IdentityStoreId: storeId, GroupId: ids.Temp }))
    const error = (await expectAwsError(
      is.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: ids.Temp })),
      { name: 'ResourceNotFoundException', status: 404 },
    )) as unknown as { ResourceType?: string }
    assert.equal(error.ResourceType, 'GROUP')
  })

  it('a duplicate group: ConflictException', async () => {
    const error = (await expectAwsError(
      root.identitystore.send(
        new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Admins' }),
      ),
      { name: 'ConflictException', status: 409, message: 'Duplicate GroupDisplayName' },
    )) as unknown as { Reason?: string }
    assert.equal(error.Reason, 'UNIQUENESS_CONSTRAINT_VIOLATION')
  })

  it('memberships: Create, Describe, GetGroupMembershipId, List, ListForMember, IsMemberInGroups, Delete', async () => {
    const is = root.identitystore
    const add = async (group: string, user: string) => {
      const created = await is.send(
        new CreateGroupMembershipCommand({
          IdentityStoreId: storeId,
          GroupId: ids[group],
          MemberId: { UserId: ids[user] },
        }),
      )
      assert.equal(created.IdentityStoreId, storeId)
      assert.match(created.MembershipId!, RESOURCE_ID)
      return created.MembershipId!
    }
    const aliceAdmins = await add('Admins', 'alice')
    await add('Readers', 'alice')
    const bobAdmins = await add('Admins', 'bob')

    const described = await is.send(
      new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: aliceAdmins }),
    )
    assert.equal(described.MembershipId, aliceAdmins)
    assert.equal(described.GroupId, ids.Admins)
    assert.deepEqual(described.MemberId, { UserId: ids.alice })
    assert.equal(described.IdentityStoreId, storeId)

    const found = await is.send(
      new GetGroupMembershipIdCommand({
        IdentityStoreId: storeId,
        GroupId: ids.Admins,
        MemberId: { UserId: ids.bob },
      }),
    )
    assert.equal(found.MembershipId, bobAdmins)

    const members = await pages(async (NextToken) => {
      const page = await is.send(
        new ListGroupMembershipsCommand({
          IdentityStoreId: storeId,
          GroupId: ids.Admins,
          MaxResults: 1,
          NextToken,
        }),
      )
      return { items: page.GroupMemberships!, next: page.NextToken }
    })
    assert.deepEqual(
      members.items.map((m) => m.MemberId?.UserId).sort(),
      [ids.alice, ids.bob].sort(),
    )
    assert.ok(members.pages >= 2)

    const ofAlice = await is.send(
      new ListGroupMembershipsForMemberCommand({
        IdentityStoreId: storeId,
        MemberId: { UserId: ids.alice },
      }),
    )
    assert.deepEqual(
      ofAlice.GroupMemberships?.map((m) => m.GroupId).sort(),
      [ids.Admins, ids.Readers].sort(),
    )

    await is.send(
      new DeleteGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId: bobAdmins }),
    )
    const check = await is.send(
      new IsMemberInGroupsCommand({
        IdentityStoreId: storeId,
        MemberId: { UserId: ids.bob },
        GroupIds: [ids.Admins!, ids.Readers!],
      }),
    )
    assert.deepEqual(
      check.Results?.map((r) => [r.GroupId, r.MemberId?.UserId, r.MembershipExists]),
      [
        [ids.Admins, ids.bob, false],
        [ids.Readers, ids.bob, false],
      ],
    )
    const aliceIn = await is.send(
      new IsMemberInGroupsCommand({
        IdentityStoreId: storeId,
        MemberId: { UserId: ids.alice },
        GroupIds: [ids.Admins!],
      }),
    )
    assert.equal(aliceIn.Results?.[0]?.MembershipExists, true)
  })

  it('deleting a group or a user ends their memberships; a bad NextToken is a ValidationException', async () => {
    const is = root.identitystore
    const { GroupId: gone } = await is.send(
      new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Gone' }),
    )
    const { UserId: dave } = await is.send(
      new CreateUserCommand({
        IdentityStoreId: storeId,
        UserName: 'dave',
        DisplayName: 'Dave',
        Name: { GivenName: 'Dave', FamilyName: 'Example' },
      }),
    )
    const { MembershipId: viaGroup } = await is.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: storeId,
        GroupId: gone,
        MemberId: { UserId: ids.alice },
      }),
    )
    const { MembershipId: viaUser } = await is.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: storeId,
        GroupId: ids.Readers,
        MemberId: { UserId: dave! },
      }),
    )
    await is.send(new DeleteGroupCommand({ IdentityStoreId: storeId, GroupId: gone }))
    await is.send(new DeleteUserCommand({ IdentityStoreId: storeId, UserId: dave }))
    for (const MembershipId of [viaGroup, viaUser]) {
      await expectAwsError(
        is.send(new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId })),
        { name: 'ResourceNotFoundException', status: 404 },
      )
    }
    const ofAlice = await is.send(
      new ListGroupMembershipsForMemberCommand({
        IdentityStoreId: storeId,
        MemberId: { UserId: ids.alice },
      }),
    )
    assert.deepEqual(
      ofAlice.GroupMemberships?.map((m) => m.GroupId).sort(),
      [ids.Admins, ids.Readers].sort(),
    )
    const readers = await is.send(
      new ListGroupMembershipsCommand({ IdentityStoreId: storeId, GroupId: ids.Readers }),
    )
    assert.deepEqual(
      readers.GroupMemberships?.map((m) => m.MemberId?.UserId),
      [ids.alice],
    )
    await expectAwsError(
      is.send(new ListUsersCommand({ IdentityStoreId: storeId, NextToken: 'bm90LWEtdG9rZW4' })),
      { name: 'ValidationException', status: 400 },
    )
  })

  // ---- sso-admin: permission sets -----------------------------------------------------------

  it('permission sets: Create, Describe, Update, List (pages), Delete', async () => {
    const sso = root.ssoAdmin
    for (const name of ['Admin', 'ReadOnly', 'Scratch']) {
      const { PermissionSet: ps } = await sso.send(
        new CreatePermissionSetCommand({
          InstanceArn: instanceArn,
          Name: name,
          Description: `${name} access`,
          ...(name === 'Admin'
            ? {
                SessionDuration: 'PT2H',
                RelayState: 'https://console.aws.amazon.com/iam/',
                Tags: [{ Key: 'team', Value: 'platform' }],
              }
            : {}),
        }),
      )
      assert.match(ps!.PermissionSetArn!, PERMISSION_SET_ARN)
      assert.equal(PERMISSION_SET_ARN.exec(ps!.PermissionSetArn!)![1], instanceId)
      assert.equal(ps!.Name, name)
      assert.equal(ps!.Description, `${name} access`)
      assert.equal(ps!.SessionDuration, name === 'Admin' ? 'PT2H' : 'PT1H')
      assert.ok(ps!.CreatedDate instanceof Date)
      sets[name] = ps!.PermissionSetArn!
    }
    const { PermissionSet: admin } = await sso.send(
      new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: sets.Admin }),
    )
    assert.equal(admin?.PermissionSetArn, sets.Admin)
    assert.equal(admin?.RelayState, 'https://console.aws.amazon.com/iam/')

    const updated = await sso.send(
      new UpdatePermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.Admin,
        Description: 'Administrators of the member accounts',
        SessionDuration: 'PT4H',
      }),
    )
    assert.equal(updated.$metadata.httpStatusCode, 200)
    const { PermissionSet: after } = await sso.send(
      new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: sets.Admin }),
    )
    assert.equal(after?.Description, 'Administrators of the member accounts')
    assert.equal(after?.SessionDuration, 'PT4H')
    assert.equal(after?.RelayState, 'https://console.aws.amazon.com/iam/')

    const listed = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: 1, NextToken }),
      )
      assert.ok(page.PermissionSets!.length <= 1)
      return { items: page.PermissionSets!, next: page.NextToken }
    })
    assert.deepEqual(listed.items.sort(), Object.values(sets).sort())
    assert.ok(listed.pages >= 3)
    await expectAwsError(
      sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken: 'garbage' })),
      { name: 'ValidationException', status: 400 },
    )

    await sso.send(
      new DeletePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: sets.Scratch }),
    )
    await expectAwsError(
      sso.send(
        new DescribePermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.Scratch,
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
    await expectAwsError(
      sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Admin' })),
      { name: 'ConflictException', status: 409 },
    )
  })

  it('an unknown permission set: ResourceNotFoundException', async () => {
    const unknown = `arn:aws:sso:::permissionSet/${instanceId}/ps-0000000000000000`
    await expectAwsError(
      root.ssoAdmin.send(
        new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: unknown }),
      ),
      {
        name: 'ResourceNotFoundException',
        status: 404,
        message: 'Could not find PermissionSet with id ps-0000000000000000',
      },
    )
    await expectAwsError(
      root.ssoAdmin.send(
        new PutInlinePolicyToPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: unknown,
          InlinePolicy: policy('s3:GetObject'),
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
  })

  it('managed policies: Attach, List (pages), Detach', async () => {
    const sso = root.ssoAdmin
    const target = { InstanceArn: instanceArn, PermissionSetArn: sets.ReadOnly }
    for (const name of ['ReadOnlyAccess', 'IAMReadOnlyAccess']) {
      await sso.send(
        new AttachManagedPolicyToPermissionSetCommand({
          ...target,
          ManagedPolicyArn: `arn:aws:iam::aws:policy/${name}`,
        }),
      )
    }
    const listed = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListManagedPoliciesInPermissionSetCommand({ ...target, MaxResults: 1, NextToken }),
      )
      assert.ok(page.AttachedManagedPolicies!.length <= 1)
      return { items: page.AttachedManagedPolicies!, next: page.NextToken }
    })
    assert.deepEqual(listed.items.map((p) => [p.Name, p.Arn]).sort(), [
      ['IAMReadOnlyAccess', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'],
      ['ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ])
    assert.equal(listed.pages, 2)
    await sso.send(
      new DetachManagedPolicyFromPermissionSetCommand({
        ...target,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
      }),
    )
    const left = await sso.send(new ListManagedPoliciesInPermissionSetCommand(target))
    assert.deepEqual(
      left.AttachedManagedPolicies?.map((p) => p.Name),
      ['ReadOnlyAccess'],
    )
  })

  it('inline policy: Put, Get, Delete; a malformed one is a ValidationException', async () => {
    const sso = root.ssoAdmin
    const target = { InstanceArn: instanceArn, PermissionSetArn: sets.ReadOnly }
    const document = policy('s3:ListAllMyBuckets')
    await sso.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: document }))
    const got = await sso.send(new GetInlinePolicyForPermissionSetCommand(target))
    assert.deepEqual(JSON.parse(got.InlinePolicy!), JSON.parse(document))
    await sso.send(new DeleteInlinePolicyFromPermissionSetCommand(target))
    const gone = await sso.send(new GetInlinePolicyForPermissionSetCommand(target))
    assert.ok(!gone.InlinePolicy, `still there: ${gone.InlinePolicy}`)

    for (const malformed of [
      '{"Version": "2012-10-17", "Statement": [',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*' }] }),
    ]) {
      await expectAwsError(
        sso.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: malformed })),
        { name: 'ValidationException', status: 400 },
      )
    }
  })

  it('customer managed policy references: Attach, List, Detach', async () => {
    const sso = root.ssoAdmin
    const target = { InstanceArn: instanceArn, PermissionSetArn: sets.ReadOnly }
    for (const Name of ['AuditReader', 'CostReader']) {
      await sso.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
          ...target,
          CustomerManagedPolicyReference: { Name, Path: '/team/' },
        }),
      )
    }
    const listed = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
          ...target,
          MaxResults: 1,
          NextToken,
        }),
      )
      return { items: page.CustomerManagedPolicyReferences!, next: page.NextToken }
    })
    assert.deepEqual(listed.items.map((r) => [r.Name, r.Path]).sort(), [
      ['AuditReader', '/team/'],
      ['CostReader', '/team/'],
    ])
    await sso.send(
      new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({
        ...target,
        CustomerManagedPolicyReference: { Name: 'CostReader', Path: '/team/' },
      }),
    )
    const left = await sso.send(
      new ListCustomerManagedPolicyReferencesInPermissionSetCommand(target),
    )
    assert.deepEqual(
      left.CustomerManagedPolicyReferences?.map((r) => r.Name),
      ['AuditReader'],
    )
  })

  it('permissions boundary: Put, Get, Delete', async () => {
    const sso = root.ssoAdmin
    const target = { InstanceArn: instanceArn, PermissionSetArn: sets.ReadOnly }
    await sso.send(
      new PutPermissionsBoundaryToPermissionSetCommand({
        ...target,
        PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      }),
    )
    const got = await sso.send(new GetPermissionsBoundaryForPermissionSetCommand(target))
    assert.deepEqual(got.PermissionsBoundary, {
      ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    })
    await sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand(target))
    await expectAwsError(sso.send(new GetPermissionsBoundaryForPermissionSetCommand(target)), {
      name: 'ResourceNotFoundException',
      status: 404,
    })
  })

  it('tags: TagResource, ListTagsForResource, UntagResource', async () => {
    const sso = root.ssoAdmin
    const resource = { InstanceArn: instanceArn, ResourceArn: sets.Admin }
    await sso.send(
      new TagResourceCommand({
        ...resource,
        Tags: [
          { Key: 'cost-center', Value: '42' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    )
    const tags = await sso.send(new ListTagsForResourceCommand(resource))
    assert.deepEqual(tags.Tags?.map((t) => `${t.Key}=${t.Value}`).sort(), [
      'cost-center=42',
      'env=dev',
      'team=platform',
    ])
    await sso.send(new UntagResourceCommand({ ...resource, TagKeys: ['env', 'team'] }))
    const left = await sso.send(new ListTagsForResourceCommand(resource))
    assert.deepEqual(left.Tags, [{ Key: 'cost-center', Value: '42' }])
  })

  // ---- sso-admin: assignments and provisioning ----------------------------------------------

  const roleOf = async (name: string) => {
    const { Roles } = await memberAdmin.iam.send(
      new ListRolesCommand({ PathPrefix: RESERVED_PATH }),
    )
    return Roles?.find((r) => r.RoleName?.startsWith(`AWSReservedSSO_${name}_`))
  }

  it('CreateAccountAssignment provisions AWSReservedSSO_<Name>_<hex> in the member account', async () => {
    const sso = root.ssoAdmin
    const admin = { InstanceArn: instanceArn, PermissionSetArn: sets.Admin }
    await sso.send(
      new AttachManagedPolicyToPermissionSetCommand({
        ...admin,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await sso.send(
      new PutInlinePolicyToPermissionSetCommand({ ...admin, InlinePolicy: policy('s3:*') }),
    )
    // The customer managed policy a reference names must exist in the account.
    await memberAdmin.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'SsoExtra',
        Path: '/sso/',
        PolicyDocument: policy('ec2:Describe*'),
      }),
    )
    await sso.send(
      new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
        ...admin,
        CustomerManagedPolicyReference: { Name: 'SsoExtra', Path: '/sso/' },
      }),
    )
    await sso.send(
      new PutPermissionsBoundaryToPermissionSetCommand({
        ...admin,
        PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      }),
    )
    assert.equal(await roleOf('Admin'), undefined)

    const created: string[] = []
    for (const [PrincipalType, PrincipalId] of [
      ['USER', ids.alice!],
      ['GROUP', ids.Admins!],
    ] as const) {
      const { AccountAssignmentCreationStatus: s } = await sso.send(
        new CreateAccountAssignmentCommand({
          ...admin,
          TargetId: member,
          TargetType: 'AWS_ACCOUNT',
          PrincipalType,
          PrincipalId,
        }),
      )
      assert.equal(s?.Status, 'IN_PROGRESS')
      assert.match(s!.RequestId!, REQUEST_ID)
      assert.equal(s?.TargetId, member)
      assert.equal(s?.TargetType, 'AWS_ACCOUNT')
      assert.equal(s?.PermissionSetArn, sets.Admin)
      assert.equal(s?.PrincipalType, PrincipalType)
      assert.equal(s?.PrincipalId, PrincipalId)
      assert.ok(s?.CreatedDate instanceof Date)
      const { AccountAssignmentCreationStatus: done } = await sso.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentCreationRequestId: s!.RequestId!,
        }),
      )
      assert.equal(done?.Status, 'SUCCEEDED')
      assert.equal(done?.RequestId, s!.RequestId)
      assert.equal(done?.FailureReason, undefined)
      created.push(s!.RequestId!)
    }
    const statuses = await sso.send(
      new ListAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        Filter: { Status: 'SUCCEEDED' },
      }),
    )
    for (const id of created) {
      const s = statuses.AccountAssignmentsCreationStatus?.find((x) => x.RequestId === id)
      assert.equal(s?.Status, 'SUCCEEDED')
      assert.ok(s?.CreatedDate instanceof Date)
    }

    // The role, as IAM in the member account shows it.
    const role = await roleOf('Admin')
    assert.ok(role, 'no AWSReservedSSO_Admin_… role in the member account')
    assert.match(role.RoleName!, /^AWSReservedSSO_Admin_[0-9a-f]{16}$/)
    assert.equal(role.Path, RESERVED_PATH)
    assert.equal(role.Arn, `arn:aws:iam::${member}:role${RESERVED_PATH}${role.RoleName}`)
    const { Role } = await memberAdmin.iam.send(new GetRoleCommand({ RoleName: role.RoleName }))
    assert.equal(Role?.MaxSessionDuration, 4 * 3600)
    assert.equal(
      Role?.PermissionsBoundary?.PermissionsBoundaryArn,
      'arn:aws:iam::aws:policy/PowerUserAccess',
    )
    const trust = JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)) as {
      Statement: { Principal: unknown }[]
    }
    assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'sso.amazonaws.com' })
    const attached = await memberAdmin.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }),
    )
    assert.deepEqual(
      attached.AttachedPolicies?.map((p) => p.PolicyArn).sort(),
      [
        'arn:aws:iam::aws:policy/AdministratorAccess',
        `arn:aws:iam::${member}:policy/sso/SsoExtra`,
      ].sort(),
    )
    const inline = await memberAdmin.iam.send(
      new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: 'AwsSSOInlinePolicy' }),
    )
    assert.deepEqual(
      JSON.parse(decodeURIComponent(inline.PolicyDocument!)),
      JSON.parse(policy('s3:*')),
    )
    // Nothing of the kind in the management account.
    const { Roles: own } = await root.iam.send(new ListRolesCommand({ PathPrefix: RESERVED_PATH }))
    assert.deepEqual(own, [])
  })

  it('an assignment in the management account too; assigning again changes nothing', async () => {
    const sso = root.ssoAdmin
    const admin = { InstanceArn: instanceArn, PermissionSetArn: sets.Admin }
    await root.iam.send(
      new CreatePolicyCommand({
        PolicyName: 'SsoExtra',
        Path: '/sso/',
        PolicyDocument: policy('ec2:Describe*'),
      }),
    )
    for (const [TargetId, PrincipalId] of [
      [management, ids.bob!],
      [member, ids.alice!],
    ]) {
      const { AccountAssignmentCreationStatus: s } = await sso.send(
        new CreateAccountAssignmentCommand({
          ...admin,
          TargetId,
          TargetType: 'AWS_ACCOUNT',
          PrincipalType: 'USER',
          PrincipalId,
        }),
      )
      const { AccountAssignmentCreationStatus: done } = await sso.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentCreationRequestId: s!.RequestId!,
        }),
      )
      assert.equal(done?.Status, 'SUCCEEDED', done?.FailureReason)
    }
    const { Roles: own } = await root.iam.send(new ListRolesCommand({ PathPrefix: RESERVED_PATH }))
    assert.equal(own?.length, 1)
    assert.match(own![0]!.RoleName!, /^AWSReservedSSO_Admin_[0-9a-f]{16}$/)
    // Stable per account, different across accounts.
    assert.notEqual(own![0]!.RoleName, (await roleOf('Admin'))?.RoleName)
  })

  it('ListAccountAssignments, ListAccountAssignmentsForPrincipal, and the provisioned lists', async () => {
    const sso = root.ssoAdmin
    const listed = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListAccountAssignmentsCommand({
          InstanceArn: instanceArn,
          AccountId: member,
          PermissionSetArn: sets.Admin,
          MaxResults: 1,
          NextToken,
        }),
      )
      assert.ok(page.AccountAssignments!.length <= 1)
      return { items: page.AccountAssignments!, next: page.NextToken }
    })
    assert.deepEqual(
      listed.items
        .map((a) => [a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId])
        .sort(),
      [
        [member, sets.Admin, 'GROUP', ids.Admins],
        [member, sets.Admin, 'USER', ids.alice],
      ],
    )
    assert.ok(listed.pages >= 2)

    const forAlice = await sso.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: instanceArn,
        PrincipalType: 'USER',
        PrincipalId: ids.alice,
        Filter: { AccountId: member },
      }),
    )
    assert.deepEqual(forAlice.AccountAssignments, [
      {
        AccountId: member,
        PermissionSetArn: sets.Admin,
        PrincipalType: 'USER',
        PrincipalId: ids.alice,
      },
    ])
    const forBob = await sso.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: instanceArn,
        PrincipalType: 'USER',
        PrincipalId: ids.bob,
      }),
    )
    assert.deepEqual(forBob.AccountAssignments, [
      {
        AccountId: management,
        PermissionSetArn: sets.Admin,
        PrincipalType: 'USER',
        PrincipalId: ids.bob,
      },
    ])

    const accounts = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListAccountsForProvisionedPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.Admin,
          MaxResults: 1,
          NextToken,
        }),
      )
      assert.ok(page.AccountIds!.length <= 1)
      return { items: page.AccountIds!, next: page.NextToken }
    })
    assert.deepEqual(accounts.items.sort(), [management, member].sort())
    assert.ok(accounts.pages >= 2)
    for (const AccountId of [member, management]) {
      const toAccount = await sso.send(
        new ListPermissionSetsProvisionedToAccountCommand({
          InstanceArn: instanceArn,
          AccountId,
          MaxResults: 5,
        }),
      )
      assert.deepEqual(toAccount.PermissionSets, [sets.Admin])
      assert.equal(toAccount.NextToken, undefined)
    }
  })

  it('ProvisionPermissionSet applies a change to the provisioned role', async () => {
    const sso = root.ssoAdmin
    const admin = { InstanceArn: instanceArn, PermissionSetArn: sets.Admin }
    await sso.send(
      new PutInlinePolicyToPermissionSetCommand({ ...admin, InlinePolicy: policy('dynamodb:*') }),
    )
    const stale = await sso.send(
      new ListAccountsForProvisionedPermissionSetCommand({
        ...admin,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      }),
    )
    assert.deepEqual(stale.AccountIds?.sort(), [management, member].sort())

    const requests: string[] = []
    for (const target of [
      { TargetType: 'ALL_PROVISIONED_ACCOUNTS' as const },
      { TargetType: 'AWS_ACCOUNT' as const, TargetId: member },
    ]) {
      const { PermissionSetProvisioningStatus: s } = await sso.send(
        new ProvisionPermissionSetCommand({ ...admin, ...target }),
      )
      assert.equal(s?.Status, 'IN_PROGRESS')
      assert.match(s!.RequestId!, REQUEST_ID)
      assert.equal(s?.PermissionSetArn, sets.Admin)
      assert.equal(s?.AccountId, target.TargetId)
      const { PermissionSetProvisioningStatus: done } = await sso.send(
        new DescribePermissionSetProvisioningStatusCommand({
          InstanceArn: instanceArn,
          ProvisionPermissionSetRequestId: s!.RequestId!,
        }),
      )
      assert.equal(done?.Status, 'SUCCEEDED')
      assert.ok(done?.CreatedDate instanceof Date)
      requests.push(s!.RequestId!)
    }
    const listed = await pages(async (NextToken) => {
      const page = await sso.send(
        new ListPermissionSetProvisioningStatusCommand({
          InstanceArn: instanceArn,
          MaxResults: 1,
          NextToken,
        }),
      )
      return { items: page.PermissionSetsProvisioningStatus!, next: page.NextToken }
    })
    assert.deepEqual(listed.items.map((s) => s.RequestId).sort(), [...requests].sort())
    assert.ok(listed.items.every((s) => s.Status === 'SUCCEEDED'))

    const latest = await sso.send(
      new ListAccountsForProvisionedPermissionSetCommand({
        ...admin,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
      }),
    )
    assert.deepEqual(latest.AccountIds?.sort(), [management, member].sort())
    const role = await roleOf('Admin')
    const inline = await memberAdmin.iam.send(
      new GetRolePolicyCommand({ RoleName: role!.RoleName, PolicyName: 'AwsSSOInlinePolicy' }),
    )
    assert.deepEqual(
      JSON.parse(decodeURIComponent(inline.PolicyDocument!)),
      JSON.parse(policy('dynamodb:*')),
    )
  })

  it('a customer managed policy missing in the account: the creation status is FAILED', async () => {
    const sso = root.ssoAdmin
    const { AccountAssignmentCreationStatus: s } = await sso.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.ReadOnly, // references /team/AuditReader, absent in the account
        TargetId: member,
        TargetType: 'AWS_ACCOUNT',
        PrincipalType: 'USER',
        PrincipalId: ids.bob,
      }),
    )
    assert.equal(s?.Status, 'IN_PROGRESS')
    const { AccountAssignmentCreationStatus: done } = await sso.send(
      new DescribeAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        AccountAssignmentCreationRequestId: s!.RequestId!,
      }),
    )
    assert.equal(done?.Status, 'FAILED')
    assert.ok(done?.FailureReason, 'no FailureReason')
    assert.equal(await roleOf('ReadOnly'), undefined)
    const failed = await sso.send(
      new ListAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        Filter: { Status: 'FAILED' },
      }),
    )
    assert.deepEqual(
      failed.AccountAssignmentsCreationStatus?.map((x) => x.RequestId),
      [s!.RequestId],
    )
    const forBob = await sso.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: instanceArn,
        PrincipalType: 'USER',
        PrincipalId: ids.bob,
        Filter: { AccountId: member },
      }),
    )
    assert.deepEqual(forBob.AccountAssignments, [])
  })

  it('DeleteAccountAssignment: the role stays while an assignment is left, then goes', async () => {
    const sso = root.ssoAdmin
    const admin = { InstanceArn: instanceArn, PermissionSetArn: sets.Admin }
    await expectAwsError(sso.send(new DeletePermissionSetCommand(admin)), {
      name: 'ConflictException',
      status: 409,
    })
    const deleted: string[] = []
    const reservedIn = async (account: string) =>
      account === member
        ? (await roleOf('Admin')) !== undefined
        : ((await root.iam.send(new ListRolesCommand({ PathPrefix: RESERVED_PATH }))).Roles ?? [])
            .length > 0
    for (const [TargetId, PrincipalType, PrincipalId, remains] of [
      [member, 'USER', ids.alice!, true],
      [member, 'GROUP', ids.Admins!, false],
      [management, 'USER', ids.bob!, false],
    ] as const) {
      const { AccountAssignmentDeletionStatus: s } = await sso.send(
        new DeleteAccountAssignmentCommand({
          ...admin,
          TargetId,
          TargetType: 'AWS_ACCOUNT',
          PrincipalType,
          PrincipalId,
        }),
      )
      assert.equal(s?.Status, 'IN_PROGRESS')
      assert.match(s!.RequestId!, REQUEST_ID)
      assert.equal(s?.PrincipalId, PrincipalId)
      const { AccountAssignmentDeletionStatus: done } = await sso.send(
        new DescribeAccountAssignmentDeletionStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentDeletionRequestId: s!.RequestId!,
        }),
      )
      assert.equal(done?.Status, 'SUCCEEDED')
      deleted.push(s!.RequestId!)
      assert.equal(await reservedIn(TargetId), remains)
    }
    const statuses = await sso.send(
      new ListAccountAssignmentDeletionStatusCommand({ InstanceArn: instanceArn }),
    )
    assert.deepEqual(
      statuses.AccountAssignmentsDeletionStatus?.map((s) => s.RequestId).sort(),
      deleted.sort(),
    )
    const left = await sso.send(
      new ListPermissionSetsProvisionedToAccountCommand({
        InstanceArn: instanceArn,
        AccountId: member,
      }),
    )
    assert.deepEqual(left.PermissionSets, [])
    const assignments = await sso.send(
      new ListAccountAssignmentsCommand({ ...admin, AccountId: member }),
    )
    assert.deepEqual(assignments.AccountAssignments, [])
    await expectAwsError(
      sso.send(
        new DeleteAccountAssignmentCommand({
          ...admin,
          TargetId: member,
          TargetType: 'AWS_ACCOUNT',
          PrincipalType: 'USER',
          PrincipalId: ids.alice,
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
    // With no assignment and no provisioning left, the permission set may go.
    await sso.send(new DeletePermissionSetCommand(admin))
    const accounts = await sso.send(
      new ListAccountsForProvisionedPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.ReadOnly,
      }),
    )
    assert.deepEqual(accounts.AccountIds, [])
  })

  // ---- error paths --------------------------------------------------------------------------

  it('an assignment to an account outside the organization: ValidationException (400)', async () => {
    await expectAwsError(
      root.ssoAdmin.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.ReadOnly,
          TargetId: '999999999999',
          TargetType: 'AWS_ACCOUNT',
          PrincipalType: 'USER',
          PrincipalId: ids.alice,
        }),
      ),
      {
        name: 'ValidationException',
        status: 400,
        message: 'The account 999999999999 is not a member of the organization.',
      },
    )
    await expectAwsError(
      root.ssoAdmin.send(
        new ProvisionPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.ReadOnly,
          TargetId: '999999999999',
          TargetType: 'AWS_ACCOUNT',
        }),
      ),
      { name: 'ValidationException', status: 400 },
    )
  })

  it('an assignment to an unknown user: ResourceNotFoundException', async () => {
    await expectAwsError(
      root.ssoAdmin.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.ReadOnly,
          TargetId: member,
          TargetType: 'AWS_ACCOUNT',
          PrincipalType: 'USER',
          PrincipalId: ids.carol, // deleted above
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
  })

  it('a member account calling: AccessDeniedException from both services', async () => {
    await expectAwsError(memberAdmin.ssoAdmin.send(new ListInstancesCommand({})), {
      name: 'AccessDeniedException',
      status: 403,
    })
    await expectAwsError(
      memberAdmin.ssoAdmin.send(
        new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Sneaky' }),
      ),
      { name: 'AccessDeniedException', status: 403 },
    )
    await expectAwsError(
      memberAdmin.identitystore.send(new ListUsersCommand({ IdentityStoreId: storeId })),
      { name: 'AccessDeniedException', status: 403 },
    )
    await expectAwsError(
      memberAdmin.identitystore.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: 'mallory',
          DisplayName: 'Mallory',
          Name: { GivenName: 'Mallory', FamilyName: 'Example' },
        }),
      ),
      { name: 'AccessDeniedException', status: 403 },
    )
  })
})
