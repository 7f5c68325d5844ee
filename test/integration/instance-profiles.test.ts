// IAM instance profiles through the real SDK on SQLite and PostgreSQL: create (with path and
// tags), get, list (path prefix, pages), add and remove a role (one at most), list for a role,
// tags, delete, and the errors with AWS's codes and words (recorded in
// shared/reference/aws-recorded/iam_test_iam_instance_profiles.snapshot.json).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { clientsFor, expectAwsError } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})
const notFound = (name: string) => ({
  name: 'NoSuchEntityException',
  status: 404,
  message: `Instance Profile ${name} cannot be found.`,
})

serverSuite('IAM instance profiles through the SDK', (ctx) => {
  let iam: IAMClient
  let account: string
  before(() => {
    const server = ctx.server()
    iam = clientsFor(server.url, server.bootstrap).iam
    account = server.bootstrap.accountId
  })

  it('create, get, list with a path prefix and pages, delete', async () => {
    const { InstanceProfile: p } = await iam.send(
      new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/apps/' }),
    )
    assert.equal(p!.Arn, `arn:aws:iam::${account}:instance-profile/apps/web`)
    assert.match(p!.InstanceProfileId!, /^AIPA[A-Z0-9]{17}$/)
    assert.deepEqual(p!.Roles, [])
    assert.ok(p!.CreateDate instanceof Date)
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'batch' }))
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))
    assert.equal(got.InstanceProfile!.Path, '/apps/')
    assert.deepEqual(got.InstanceProfile!.Tags, [])
    await expectAwsError(
      iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' })),
      {
        name: 'EntityAlreadyExistsException',
        status: 409,
        message: 'Instance Profile web already exists.',
      },
    )
    const apps = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/apps/' }))
    assert.deepEqual(
      apps.InstanceProfiles!.map((x) => x.InstanceProfileName),
      ['web'],
    )
    const page1 = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 1 }))
    assert.equal(page1.IsTruncated, true)
    const page2 = await iam.send(
      new ListInstanceProfilesCommand({ MaxItems: 1, Marker: page1.Marker }),
    )
    assert.notEqual(
      page2.InstanceProfiles![0]!.InstanceProfileName,
      page1.InstanceProfiles![0]!.InstanceProfileName,
    )
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'batch' }))
    await expectAwsError(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'batch' })),
      notFound('batch'),
    )
    await expectAwsError(
      iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile' })),
      notFound('nonexistent-profile'),
    )
  })

  it('one role at most; listed for the role; the role and the profile wait for each other', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app' }))
    await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: TRUST }))
    await iam.send(new CreateRoleCommand({ RoleName: 'spare', AssumeRolePolicyDocument: TRUST }))
    const add = (role: string, profile = 'app') =>
      iam.send(
        new AddRoleToInstanceProfileCommand({ InstanceProfileName: profile, RoleName: role }),
      )
    const remove = (role: string, profile = 'app') =>
      iam.send(
        new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: profile, RoleName: role }),
      )
    await add('app-role')
    await expectAwsError(add('spare'), {
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    })
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'app' }))
    assert.deepEqual(
      got.InstanceProfile!.Roles!.map((r) => r.RoleName),
      ['app-role'],
    )
    assert.equal(
      JSON.parse(decodeURIComponent(got.InstanceProfile!.Roles![0]!.AssumeRolePolicyDocument!))
        .Statement[0].Principal.Service,
      'ec2.amazonaws.com',
    )
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role' }))
    assert.deepEqual(
      forRole.InstanceProfiles!.map((x) => x.InstanceProfileName),
      ['app'],
    )
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))
    const detail = details.RoleDetailList!.find((r) => r.RoleName === 'app-role')!
    assert.deepEqual(
      detail.InstanceProfileList!.map((x) => x.InstanceProfileName),
      ['app'],
    )
    const none = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'spare' }))
    assert.deepEqual(none.InstanceProfiles, [])
    await expectAwsError(
      iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'app' })),
      {
        name: 'DeleteConflictException',
        status: 409,
        message: 'Cannot delete entity, must remove roles from instance profile first.',
      },
    )
    await expectAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'app-role' })), {
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    })
    await expectAwsError(add('app-role', 'nonexistent-profile'), notFound('nonexistent-profile'))
    await expectAwsError(add('nonexistent-role'), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name nonexistent-role cannot be found.',
    })
    await expectAwsError(remove('spare'), {
      name: 'NoSuchEntityException',
      status: 404,
      message: 'Role spare in Instance Profile app cannot be found.',
    })
    await expectAwsError(
      iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'nonexistent-role' })),
      {
        name: 'NoSuchEntityException',
        status: 404,
        message: 'The role with name nonexistent-role cannot be found.',
      },
    )
    await remove('app-role')
    await iam.send(new DeleteRoleCommand({ RoleName: 'app-role' }))
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'app' }))
  })

  it('tags: at creation, Tag, List, Untag; unknown profiles are NoSuchEntity', async () => {
    const { InstanceProfile } = await iam.send(
      new CreateInstanceProfileCommand({
        InstanceProfileName: 'tagged',
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    )
    assert.deepEqual(InstanceProfile!.Tags, [{ Key: 'team', Value: 'web' }])
    await iam.send(
      new TagInstanceProfileCommand({
        InstanceProfileName: 'tagged',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    )
    const listed = await iam.send(
      new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged' }),
    )
    assert.deepEqual(listed.Tags!.map((t) => t.Key).sort(), ['env', 'team'])
    assert.equal(listed.IsTruncated, false)
    await iam.send(
      new UntagInstanceProfileCommand({ InstanceProfileName: 'tagged', TagKeys: ['team'] }),
    )
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tagged' }))
    assert.deepEqual(got.InstanceProfile!.Tags, [{ Key: 'env', Value: 'prod' }])
    const missing = 'nonexistent-profile'
    await expectAwsError(
      iam.send(
        new TagInstanceProfileCommand({
          InstanceProfileName: missing,
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
      notFound(missing),
    )
    await expectAwsError(
      iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: missing, TagKeys: ['a'] })),
      notFound(missing),
    )
    await expectAwsError(
      iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: missing })),
      notFound(missing),
    )
  })
})
