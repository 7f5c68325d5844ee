// IAM through the real AWS SDK v3 client against a real server, on SQLite and PostgreSQL: users,
// groups, roles with trust policies, inline and managed policies with versions, attachments,
// access keys (used by a second client), pagination, GetAccountAuthorizationDetails, simulation.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  type ListRolesCommandOutput,
  ListUserTagsCommand,
  ListUsersCommand,
  type ListUsersCommandOutput,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  SimulatePrincipalPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { clientsFor, expectAwsError } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
const allow = (action: string | string[], resource = '*') =>
  doc({ Effect: 'Allow', Action: action, Resource: resource })

serverSuite('IAM through the SDK', (ctx) => {
  let iam: IAMClient
  let account: string
  let endpoint: string
  const trust = () =>
    doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'sts:AssumeRole',
    })
  before(() => {
    const server = ctx.server()
    iam = clientsFor(server.url, server.bootstrap).iam
    account = server.bootstrap.accountId
    endpoint = server.url
  })

  it('creates, reads, renames, tags and deletes a user', async () => {
    const { User, $metadata } = await iam.send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/eng/',
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    )
    assert.equal($metadata.httpStatusCode, 200)
    assert.equal(User!.Arn, `arn:aws:iam::${account}:user/eng/alice`)
    assert.match(User!.UserId!, /^AIDA[A-Z0-9]{17}$/)
    assert.ok(User!.CreateDate instanceof Date)
    await expectAwsError(iam.send(new CreateUserCommand({ UserName: 'alice' })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'User with name alice already exists.',
    })
    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }))
    assert.equal(got.User!.UserId, User!.UserId)
    assert.deepEqual(got.User!.Tags, [{ Key: 'team', Value: 'a' }])

    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'cost', Value: '1' }] }))
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }))
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags, [
      { Key: 'cost', Value: '1' },
    ])

    await iam.send(
      new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alice2', NewPath: '/ops/' }),
    )
    await expectAwsError(iam.send(new GetUserCommand({ UserName: 'alice' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name alice cannot be found.',
    })
    const renamed = await iam.send(new GetUserCommand({ UserName: 'alice2' }))
    assert.equal(renamed.User!.Arn, `arn:aws:iam::${account}:user/ops/alice2`)
    assert.equal(renamed.User!.UserId, User!.UserId)
  })

  it('manages groups and their members', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }))
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'devs' }))
    assert.match(Group!.GroupId!, /^AGPA[A-Z0-9]{17}$/)
    await expectAwsError(iam.send(new CreateGroupCommand({ GroupName: 'devs' })), {
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'Group with name devs already exists.',
    })
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }))
    const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }))
    assert.deepEqual(
      got.Users!.map((u) => u.UserName),
      ['bob'],
    )
    const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'bob' }))
    assert.deepEqual(
      groups.Groups!.map((g) => g.GroupName),
      ['devs'],
    )
    await expectAwsError(iam.send(new DeleteGroupCommand({ GroupName: 'devs' })), {
      name: 'DeleteConflictException',
      status: 409,
    })
    await expectAwsError(
      iam.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'bob' })),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: 'The group with name nope cannot be found.',
      },
    )
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'bob' }))
    await iam.send(new DeleteGroupCommand({ GroupName: 'devs' }))
  })

  it('creates a role with a trust policy, updates it, and manages its inline policies', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trust(),
        Description: 'CI',
        MaxSessionDuration: 7200,
      }),
    )
    assert.equal(Role!.Arn, `arn:aws:iam::${account}:role/deployer`)
    assert.match(Role!.RoleId!, /^AROA[A-Z0-9]{17}$/)
    await expectAwsError(
      iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust() })),
      {
        name: 'EntityAlreadyExistsException',
        status: 409,
        message: 'Role with name deployer already exists.',
      },
    )
    const got = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))
    // AWS returns policy documents URL-encoded.
    assert.deepEqual(
      JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)),
      JSON.parse(trust()),
    )
    assert.equal(got.Role!.MaxSessionDuration, 7200)
    assert.equal(got.Role!.Description, 'CI')

    const newTrust = doc({
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    })
    await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: newTrust }),
    )
    const updated = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))
    assert.deepEqual(
      JSON.parse(decodeURIComponent(updated.Role!.AssumeRolePolicyDocument!)),
      JSON.parse(newTrust),
    )

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 's3',
        PolicyDocument: allow('s3:GetObject'),
      }),
    )
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'ec2',
        PolicyDocument: allow('ec2:Describe*'),
      }),
    )
    const inline = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'deployer', PolicyName: 's3' }),
    )
    assert.deepEqual(
      JSON.parse(decodeURIComponent(inline.PolicyDocument!)),
      JSON.parse(allow('s3:GetObject')),
    )
    assert.deepEqual(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'deployer' }))).PolicyNames,
      ['ec2', 's3'],
    )
    await expectAwsError(
      iam.send(new GetRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'nope' })),
      {
        name: 'NoSuchEntityException',
        status: 404,
      },
    )
    await expectAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'deployer' })), {
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 's3' }))
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'ec2' }))
    await iam.send(new DeleteRoleCommand({ RoleName: 'deployer' }))
    await expectAwsError(iam.send(new GetRoleCommand({ RoleName: 'deployer' })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name deployer cannot be found.',
    })
  })

  it('holds a role’s inline policies together to 10,240 characters, white space not counted', async () => {
    /** An identity policy of exactly `size` characters without white space, pretty-printed. */
    const sized = (size: number) => {
      const policy = (bucket: string) => ({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}` },
        ],
      })
      const pad = size - JSON.stringify(policy('')).length
      return JSON.stringify(policy('b'.repeat(pad)), null, 2)
    }
    const put = (PolicyName: string, PolicyDocument: string) =>
      iam.send(new PutRolePolicyCommand({ RoleName: 'bulky', PolicyName, PolicyDocument }))
    await iam.send(new CreateRoleCommand({ RoleName: 'bulky', AssumeRolePolicyDocument: trust() }))
    await put('a', sized(5120))
    await put('b', sized(5120))
    const over = {
      name: 'LimitExceededException',
      status: 409,
      message: 'Maximum policy size of 10240 bytes exceeded for role bulky',
    }
    await expectAwsError(put('c', sized(200)), over)
    await expectAwsError(put('b', sized(5121)), over)
    // Replacing a policy counts its new document instead of the old one.
    await put('b', sized(4000))
    await put('c', sized(1120))
    assert.deepEqual(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'bulky' }))).PolicyNames,
      ['a', 'b', 'c'],
    )
    for (const PolicyName of ['a', 'b', 'c'])
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'bulky', PolicyName }))
    await iam.send(new DeleteRoleCommand({ RoleName: 'bulky' }))
  })

  it('versions a managed policy: five at most, default switching, deletions', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'Versioned',
        Path: '/app/',
        PolicyDocument: allow('s3:GetObject'),
      }),
    )
    const arn = Policy!.Arn!
    assert.equal(arn, `arn:aws:iam::${account}:policy/app/Versioned`)
    assert.equal(Policy!.DefaultVersionId, 'v1')
    assert.match(Policy!.PolicyId!, /^ANPA[A-Z0-9]{17}$/)
    await expectAwsError(
      iam.send(
        new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: allow('s3:GetObject') }),
      ),
      { name: 'EntityAlreadyExistsException', status: 409 },
    )
    for (let v = 2; v <= 5; v++) {
      const { PolicyVersion } = await iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: allow(`s3:Get${v}`),
          SetAsDefault: v === 3,
        }),
      )
      assert.equal(PolicyVersion!.VersionId, `v${v}`)
      assert.equal(PolicyVersion!.IsDefaultVersion, v === 3)
    }
    await expectAwsError(
      iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:Get6') }),
      ),
      {
        name: 'LimitExceededException',
        status: 409,
        message:
          'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      },
    )
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    assert.deepEqual(versions.Versions!.map((v) => v.VersionId).sort(), [
      'v1',
      'v2',
      'v3',
      'v4',
      'v5',
    ])
    assert.deepEqual(
      versions.Versions!.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId),
      ['v3'],
    )
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId,
      'v3',
    )

    const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))
    assert.deepEqual(
      JSON.parse(decodeURIComponent(v3.PolicyVersion!.Document!)),
      JSON.parse(allow('s3:Get3')),
    )
    await expectAwsError(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })),
      {
        name: 'DeleteConflictException',
        status: 409,
        message: 'Cannot delete the default version of a policy.',
      },
    )
    await expectAwsError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
      {
        name: 'NoSuchEntityException',
        status: 404,
      },
    )
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    const { PolicyVersion } = await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:Get6') }),
    )
    assert.equal(PolicyVersion!.VersionId, 'v6')
    await expectAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
      name: 'DeleteConflictException',
      status: 409,
      message: /^This policy has more than one version/,
    })
    for (const v of ['v2', 'v3', 'v4', 'v6']) {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }))
    }
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }))
    await expectAwsError(iam.send(new GetPolicyCommand({ PolicyArn: arn })), {
      name: 'NoSuchEntityException',
      status: 404,
      message: `Policy ${arn} was not found.`,
    })
  })

  it('attaches managed policies to users, groups and roles and lists their entities', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'Shared', PolicyDocument: allow('sqs:*') }),
    )
    const arn = Policy!.Arn!
    await iam.send(new CreateUserCommand({ UserName: 'carol' }))
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }))
    await iam.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: trust() }))
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }))
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }))
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'worker', PolicyArn: arn }))
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'worker',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    )
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'worker' }))
    assert.deepEqual(attached.AttachedPolicies!.map((p) => p.PolicyName).sort(), [
      'ReadOnlyAccess',
      'Shared',
    ])
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }))
    assert.deepEqual(
      entities.PolicyUsers!.map((u) => u.UserName),
      ['carol'],
    )
    assert.deepEqual(
      entities.PolicyGroups!.map((g) => g.GroupName),
      ['ops'],
    )
    assert.deepEqual(
      entities.PolicyRoles!.map((r) => r.RoleName),
      ['worker'],
    )
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount,
      3,
    )

    await expectAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete a policy attached to entities.',
    })
    await expectAwsError(
      iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'worker',
          PolicyArn: `arn:aws:iam::${account}:policy/Missing`,
        }),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    )
    await expectAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'worker' })), {
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    })
    await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }))
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }))
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'worker', PolicyArn: arn }))
    await expectAwsError(
      iam.send(new DetachRolePolicyCommand({ RoleName: 'worker', PolicyArn: arn })),
      {
        name: 'NoSuchEntityException',
        status: 404,
      },
    )
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount,
      0,
    )
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }))
  })

  it('issues access keys that a second client signs with; limits, deactivation, deletion', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dave' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dave',
        PolicyName: 'self',
        PolicyDocument: allow('iam:GetUser'),
      }),
    )
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dave' }))
    assert.equal(AccessKey!.Status, 'Active')
    assert.equal(AccessKey!.SecretAccessKey!.length, 40)
    const second = await iam.send(new CreateAccessKeyCommand({ UserName: 'dave' }))
    await expectAwsError(iam.send(new CreateAccessKeyCommand({ UserName: 'dave' })), {
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    })
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'dave' }))
    assert.deepEqual(
      listed.AccessKeyMetadata!.map((k) => k.AccessKeyId).sort(),
      [AccessKey!.AccessKeyId, second.AccessKey!.AccessKeyId].sort(),
    )
    assert.ok(listed.AccessKeyMetadata!.every((k) => !('SecretAccessKey' in k)))

    const dave = clientsFor(endpoint, {
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    }).iam
    const self = await dave.send(new GetUserCommand({}))
    assert.equal(self.User!.UserName, 'dave')
    const denied = await expectAwsError(dave.send(new ListRolesCommand({})), {
      name: 'AccessDenied',
      status: 403,
      message: new RegExp(
        `^User: arn:aws:iam::${account}:user/dave is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${account}:role/\\*? because no identity-based policy allows the iam:ListRoles action`,
      ),
    })
    assert.match(denied.message, /Encoded authorization failure message: \S+$/)

    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'dave',
        AccessKeyId: AccessKey!.AccessKeyId!,
        Status: 'Inactive',
      }),
    )
    await expectAwsError(dave.send(new GetUserCommand({})), {
      name: 'InvalidClientTokenId',
      status: 403,
    })
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: AccessKey!.AccessKeyId! }),
    )
    await expectAwsError(
      iam.send(
        new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: AccessKey!.AccessKeyId! }),
      ),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: `The Access Key with id ${AccessKey!.AccessKeyId} cannot be found.`,
      },
    )
    await expectAwsError(iam.send(new DeleteUserCommand({ UserName: 'dave' })), {
      name: 'DeleteConflictException',
      status: 409,
    })
  })

  it('pages users, roles and policies with MaxItems and Marker', async () => {
    for (let i = 0; i < 5; i++) {
      await iam.send(new CreateUserCommand({ UserName: `page-user-${i}`, Path: '/paged/' }))
      await iam.send(
        new CreateRoleCommand({
          RoleName: `page-role-${i}`,
          Path: '/paged/',
          AssumeRolePolicyDocument: trust(),
        }),
      )
    }
    const users: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const page: ListUsersCommandOutput = await iam.send(
        new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: marker }),
      )
      users.push(...page.Users!.map((u) => u.UserName!))
      assert.equal(page.IsTruncated, page.Marker !== undefined)
      marker = page.Marker
      pages++
    } while (marker !== undefined)
    assert.deepEqual(
      users,
      [0, 1, 2, 3, 4].map((i) => `page-user-${i}`),
    )
    assert.equal(pages, 3)

    const roles: string[] = []
    marker = undefined
    do {
      const page: ListRolesCommandOutput = await iam.send(
        new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 3, Marker: marker }),
      )
      roles.push(...page.Roles!.map((r) => r.RoleName!))
      marker = page.IsTruncated ? page.Marker : undefined
    } while (marker !== undefined)
    assert.deepEqual(
      roles,
      [0, 1, 2, 3, 4].map((i) => `page-role-${i}`),
    )

    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 2 }))
    assert.equal(aws.Policies!.length, 2)
    assert.equal(aws.IsTruncated, true)
    assert.ok(aws.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')))

    await expectAwsError(iam.send(new ListUsersCommand({ Marker: 'garbage' })), {
      name: 'ValidationError',
      status: 400,
    })
  })

  it('GetAccountAuthorizationDetails describes users, groups, roles and local policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin', Path: '/gaad/' }))
    await iam.send(new CreateGroupCommand({ GroupName: 'gaad', Path: '/gaad/' }))
    await iam.send(new AddUserToGroupCommand({ GroupName: 'gaad', UserName: 'erin' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'erin',
        PolicyName: 'inline',
        PolicyDocument: allow('s3:ListBucket'),
      }),
    )
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'GaadPolicy', PolicyDocument: allow('sns:Publish') }),
    )
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'gaad', PolicyArn: Policy!.Arn! }))
    await iam.send(
      new CreateRoleCommand({ RoleName: 'gaad-role', AssumeRolePolicyDocument: trust() }),
    )

    const details = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'],
      }),
    )
    const erin = details.UserDetailList!.find((u) => u.UserName === 'erin')!
    assert.deepEqual(erin.GroupList, ['gaad'])
    assert.deepEqual(
      erin.UserPolicyList!.map((p) => p.PolicyName),
      ['inline'],
    )
    assert.deepEqual(
      JSON.parse(decodeURIComponent(erin.UserPolicyList![0]!.PolicyDocument!)),
      JSON.parse(allow('s3:ListBucket')),
    )
    const group = details.GroupDetailList!.find((g) => g.GroupName === 'gaad')!
    assert.deepEqual(
      group.AttachedManagedPolicies!.map((p) => p.PolicyName),
      ['GaadPolicy'],
    )
    const role = details.RoleDetailList!.find((r) => r.RoleName === 'gaad-role')!
    assert.deepEqual(
      JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)),
      JSON.parse(trust()),
    )
    const local = details.Policies!.find((p) => p.PolicyName === 'GaadPolicy')!
    assert.equal(local.AttachmentCount, 1)
    assert.deepEqual(
      local.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [['v1', true]],
    )

    const usersOnly = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }),
    )
    assert.ok(usersOnly.UserDetailList!.length > 0)
    assert.deepEqual(usersOnly.RoleDetailList ?? [], [])
    assert.deepEqual(usersOnly.GroupDetailList ?? [], [])
  })

  it('GetAccountAuthorizationDetails pages with MaxItems and Marker', async () => {
    const paged = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1 }),
    )
    assert.equal(paged.UserDetailList!.length, 1)
    assert.equal(paged.IsTruncated, true)
    const next = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User'],
        MaxItems: 1,
        Marker: paged.Marker,
      }),
    )
    assert.notEqual(next.UserDetailList![0]!.UserName, paged.UserDetailList![0]!.UserName)
  })

  it('reads AWS managed policies (ARN account `aws`) as the account root', async () => {
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }))
    assert.equal(Policy!.Arn, arn)
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId! }),
    )
    assert.ok(version.PolicyVersion!.Document)
    await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }))
    await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
  })

  it('SimulatePrincipalPolicy evaluates a user’s policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'frank' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'frank',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
          ],
        }),
      }),
    )
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${account}:user/frank`,
        ActionNames: ['s3:GetObject', 's3:DeleteBucket', 'ec2:RunInstances'],
        ResourceArns: ['arn:aws:s3:::bucket'],
      }),
    )
    assert.deepEqual(
      EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]),
      [
        ['s3:GetObject', 'allowed'],
        ['s3:DeleteBucket', 'explicitDeny'],
        ['ec2:RunInstances', 'implicitDeny'],
      ],
    )
    const allowed = EvaluationResults![0]!
    assert.equal(allowed.MatchedStatements!.length, 1)
    assert.equal(allowed.MatchedStatements![0]!.SourcePolicyId, 'p')
    await expectAwsError(
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account}:user/nobody`,
          ActionNames: ['s3:GetObject'],
        }),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    )
  })
  // A DeleteUser once deadlocked SQLite's single connection (a read of another store inside the
  // write transaction); the 3 s timeouts turn a regression into a failure, not a hang.
  it('deletes users', async () => {
    const signal = () => ({ abortSignal: AbortSignal.timeout(3000) })
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }), signal())
    await iam.send(new DeleteUserCommand({ UserName: 'alice2' }), signal())
    await expectAwsError(iam.send(new DeleteUserCommand({ UserName: 'alice2' }), signal()), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name alice2 cannot be found.',
    })
    const { Users } = await iam.send(new ListUsersCommand({}), signal())
    assert.ok(!Users!.some((u) => u.UserName === 'bob' || u.UserName === 'alice2'))
  })
})
