// IAM core operations called directly (parse → authorization → run) with a fake CallContext over
// a real SQLite store: happy paths and every error code with AWS's wording.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PolicyGeneration } from '../../domain/authorization/policy-generation.ts'
import type { Caller } from '../../domain/common/caller.ts'
import { DomainError } from '../../domain/common/domain-error.ts'
import type { AuthorizationRequest, CallContext } from '../../domain/common/operation.ts'
import { SealedBox } from '../../domain/common/sealed-box.ts'
import {
  createRootAccessKey,
  iamCoreOperations,
  IamAccountProvisioner,
  IamCredentialDirectory,
  IamIdentityPolicySource,
  IamRoleProvisioner,
  IamStsDirectory,
  type IamStore,
} from '../../domain/iam/index.ts'
import { openDatabase, type Database } from '../create-database.ts'
import { migrateToLatest } from '../migrations/index.ts'
import { SqlIamStore } from './index.ts'
import { ALLOWED, rootCaller, testRequest } from '../../domain/common/call-context.fixture.ts'

const ACCOUNT = '111111111111'
const root: Caller = rootCaller(ACCOUNT)
const roleCaller: Caller = {
  ...root,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
  principalArn: `arn:aws:iam::${ACCOUNT}:role/r`,
  type: 'AssumedRole',
}
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})
const S3_LIST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
})

describe('IAM core operations', () => {
  let dataDir: string
  let database: Database
  let store: IamStore
  let box: SealedBox
  const generation = new PolicyGeneration()
  let ops: ReturnType<typeof iamCoreOperations>
  const asked: AuthorizationRequest[] = []

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xaccess-iam-ops-'))
    database = openDatabase(undefined, dataDir)
    await migrateToLatest(database.db, database.dialect)
    store = new SqlIamStore(database.db)
    box = new SealedBox(randomBytes(32))
    ops = iamCoreOperations({ store, box, generation })
  })
  after(async () => {
    await database.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function call(name: string, raw: Record<string, unknown> = {}, caller: Caller = root) {
    const op = ops[name]
    assert.ok(op, `no operation ${name}`)
    const ctx: CallContext = {
      caller,
      request: testRequest(),
      authorize: async () => ALLOWED,
    }
    const input = op.parse(raw)
    const question = await op.authorization(input as never, ctx)
    if (question !== undefined) asked.push(question)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are read as loose JSON in tests
    return (await op.run(input as never, ctx)) as Record<string, any>
  }

  async function fails(
    name: string,
    raw: Record<string, unknown>,
    code: string,
    message?: string | RegExp,
    caller: Caller = root,
  ) {
    await assert.rejects(call(name, raw, caller), (error: unknown) => {
      assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`)
      assert.equal(error.code, code, `${name}: ${error.message}`)
      if (typeof message === 'string') assert.equal(error.message, message)
      else if (message !== undefined) assert.match(error.message, message)
      return true
    })
  }

  it('users: create, get (also the caller), list, update, tags, delete', async () => {
    const before = generation.current
    const created = await call('CreateUser', {
      UserName: 'alice',
      Path: '/eng/',
      Tags: [{ Key: 'team', Value: 'a' }],
    })
    assert.equal(created.User.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/alice`)
    assert.match(created.User.UserId, /^AIDA[A-Z0-9]{17}$/)
    assert.deepEqual(created.User.Tags, [{ Key: 'team', Value: 'a' }])
    assert.ok(generation.current > before)
    assert.deepEqual(asked.at(-1)?.context, { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' })
    const got = await call('GetUser', { UserName: 'ALICE' })
    assert.equal(got.User.UserName, 'alice')
    const self = await call(
      'GetUser',
      {},
      { ...root, type: 'User', userName: 'alice', arn: created.User.Arn },
    )
    assert.equal(self.User.UserId, created.User.UserId)
    assert.equal((await call('GetUser')).User.Arn, `arn:aws:iam::${ACCOUNT}:root`)
    await call('CreateUser', { UserName: 'bob' })
    const listed = await call('ListUsers', { MaxItems: '1' })
    assert.equal(listed.IsTruncated, true)
    const rest = await call('ListUsers', { Marker: listed.Marker })
    assert.deepEqual(
      rest.Users.map((u: { UserName: string }) => u.UserName),
      ['bob'],
    )
    assert.deepEqual((await call('ListUsers', { PathPrefix: '/eng/' })).Users.length, 1)
    await call('UpdateUser', { UserName: 'bob', NewUserName: 'robert', NewPath: '/x/' })
    assert.equal((await call('GetUser', { UserName: 'robert' })).User.Path, '/x/')
    await call('TagUser', {
      UserName: 'robert',
      Tags: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: 'v2' },
      ],
    })
    await call('UntagUser', { UserName: 'robert', TagKeys: ['k2'] })
    assert.deepEqual((await call('ListUserTags', { UserName: 'robert' })).Tags, [
      { Key: 'k1', Value: 'v1' },
    ])
    await call('DeleteUser', { UserName: 'robert' })
  })

  it('roles: create, get, list, update, description, trust policy, boundary, tags, delete', async () => {
    const created = await call('CreateRole', {
      RoleName: 'deploy',
      Path: '/ci/',
      AssumeRolePolicyDocument: TRUST,
      Description: 'd',
    })
    assert.equal(created.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/ci/deploy`)
    assert.equal(created.Role.MaxSessionDuration, undefined)
    assert.equal(decodeURIComponent(created.Role.AssumeRolePolicyDocument), TRUST)
    const got = (await call('GetRole', { RoleName: 'deploy' })).Role
    assert.equal(got.MaxSessionDuration, 3600)
    assert.deepEqual(got.RoleLastUsed, {})
    await call('UpdateRole', { RoleName: 'deploy', MaxSessionDuration: '7200', Description: 'new' })
    assert.equal((await call('GetRole', { RoleName: 'deploy' })).Role.MaxSessionDuration, 7200)
    const described = await call('UpdateRoleDescription', {
      RoleName: 'deploy',
      Description: 'via desc',
    })
    assert.equal(described.Role.Description, 'via desc')
    await call('UpdateAssumeRolePolicy', { RoleName: 'deploy', PolicyDocument: TRUST })
    await call('PutRolePermissionsBoundary', {
      RoleName: 'deploy',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    })
    assert.equal(
      (await call('GetRole', { RoleName: 'deploy' })).Role.PermissionsBoundary
        .PermissionsBoundaryArn,
      'arn:aws:iam::aws:policy/PowerUserAccess',
    )
    await call('DeleteRolePermissionsBoundary', { RoleName: 'deploy' })
    assert.equal(
      (await call('GetRole', { RoleName: 'deploy' })).Role.PermissionsBoundary,
      undefined,
    )
    await call('TagRole', { RoleName: 'deploy', Tags: [{ Key: 'somekey', Value: 'v' }] })
    await call('TagRole', { RoleName: 'deploy', Tags: [{ Key: 'Somekey', Value: 'w' }] })
    assert.deepEqual((await call('ListRoleTags', { RoleName: 'deploy' })).Tags, [
      { Key: 'Somekey', Value: 'w' },
    ])
    await call('UntagRole', { RoleName: 'deploy', TagKeys: ['somekey'] })
    assert.equal((await call('ListRoles', { PathPrefix: '/ci/' })).Roles.length, 1)
    await call('PutRolePolicy', { RoleName: 'deploy', PolicyName: 'p', PolicyDocument: S3_LIST })
    await fails(
      'DeleteRole',
      { RoleName: 'deploy' },
      'DeleteConflict',
      'Cannot delete entity, must delete policies first.',
    )
    await call('DeleteRolePolicy', { RoleName: 'deploy', PolicyName: 'p' })
    await call('AttachRolePolicy', {
      RoleName: 'deploy',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    })
    await fails(
      'DeleteRole',
      { RoleName: 'deploy' },
      'DeleteConflict',
      'Cannot delete entity, must detach all policies first.',
    )
    await call('DetachRolePolicy', {
      RoleName: 'deploy',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    })
    await call('DeleteRole', { RoleName: 'deploy' })
    await fails(
      'GetRole',
      { RoleName: 'deploy' },
      'NoSuchEntity',
      'The role with name deploy cannot be found.',
    )
  })

  it('inline policies of users, groups and roles', async () => {
    await call('CreateUser', { UserName: 'in' })
    await call('CreateGroup', { GroupName: 'g-in' })
    await call('CreateRole', { RoleName: 'r-in', AssumeRolePolicyDocument: TRUST })
    for (const [noun, param, name] of [
      ['User', 'UserName', 'in'],
      ['Group', 'GroupName', 'g-in'],
      ['Role', 'RoleName', 'r-in'],
    ] as const) {
      await call(`Put${noun}Policy`, { [param]: name, PolicyName: 'p1', PolicyDocument: S3_LIST })
      const got = await call(`Get${noun}Policy`, { [param]: name, PolicyName: 'p1' })
      assert.equal(decodeURIComponent(got.PolicyDocument), S3_LIST)
      assert.equal(got[param], name)
      assert.deepEqual((await call(`List${noun}Policies`, { [param]: name })).PolicyNames, ['p1'])
      await call(`Delete${noun}Policy`, { [param]: name, PolicyName: 'p1' })
      await fails(
        `Get${noun}Policy`,
        { [param]: name, PolicyName: 'p1' },
        'NoSuchEntity',
        `The ${noun.toLowerCase()} policy with name p1 cannot be found.`,
      )
    }
  })

  it('managed policies: create, versions (five at most), default, list scopes, delete', async () => {
    const created = await call('CreatePolicy', {
      PolicyName: 'ops',
      PolicyDocument: S3_LIST,
      Description: 'about',
    })
    const arn = created.Policy.Arn
    assert.equal(arn, `arn:aws:iam::${ACCOUNT}:policy/ops`)
    assert.equal(created.Policy.DefaultVersionId, 'v1')
    for (let i = 2; i <= 5; i++)
      await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: S3_LIST })
    await fails(
      'CreatePolicyVersion',
      { PolicyArn: arn, PolicyDocument: S3_LIST },
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    )
    await call('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v3' })
    assert.equal((await call('GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId, 'v3')
    await fails('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v3' }, 'DeleteConflict')
    await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v5' })
    assert.equal(
      (await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: S3_LIST })).PolicyVersion
        .VersionId,
      'v6',
    )
    const versions = (await call('ListPolicyVersions', { PolicyArn: arn })).Versions
    assert.deepEqual(
      versions.map((v: { VersionId: string }) => v.VersionId),
      ['v6', 'v4', 'v3', 'v2', 'v1'],
    )
    const v = (await call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v3' })).PolicyVersion
    assert.equal(v.IsDefaultVersion, true)
    assert.equal(decodeURIComponent(v.Document), S3_LIST)
    const local = await call('ListPolicies', { Scope: 'Local' })
    assert.deepEqual(
      local.Policies.map((p: { PolicyName: string }) => p.PolicyName),
      ['ops'],
    )
    const aws = await call('ListPolicies', { Scope: 'AWS', MaxItems: '3' })
    assert.equal(aws.Policies.length, 3)
    assert.equal(aws.IsTruncated, true)
    const all = []
    let marker: string | undefined
    do {
      const page = await call(
        'ListPolicies',
        marker === undefined ? { MaxItems: '4' } : { MaxItems: '4', Marker: marker },
      )
      all.push(...page.Policies.map((p: { Arn: string }) => p.Arn))
      marker = page.Marker
    } while (marker !== undefined)
    assert.ok(all.includes(arn))
    assert.ok(all.includes('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'))
    assert.equal(new Set(all).size, all.length)
    const admin = await call('GetPolicy', {
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    })
    assert.equal(admin.Policy.DefaultVersionId, 'v1')
    const adminDoc = await call('GetPolicyVersion', {
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      VersionId: 'v1',
    })
    assert.match(decodeURIComponent(adminDoc.PolicyVersion.Document), /"Action":"\*"/)
    await fails('DeletePolicy', { PolicyArn: arn }, 'DeleteConflict', /more than one version/)
    for (const id of ['v1', 'v2', 'v4', 'v6'])
      await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: id })
    await call('DeletePolicy', { PolicyArn: arn })
    await fails('GetPolicy', { PolicyArn: arn }, 'NoSuchEntity', `Policy ${arn} was not found.`)
  })

  it('attachments, counts, ListEntitiesForPolicy and AWS-managed policies everywhere', async () => {
    const arn = (await call('CreatePolicy', { PolicyName: 'att', PolicyDocument: S3_LIST })).Policy
      .Arn
    await call('CreateUser', { UserName: 'att-u' })
    await call('CreateGroup', { GroupName: 'att-g' })
    await call('CreateRole', { RoleName: 'att-r', AssumeRolePolicyDocument: TRUST })
    await call('AttachUserPolicy', { UserName: 'att-u', PolicyArn: arn })
    await call('AttachGroupPolicy', {
      GroupName: 'att-g',
      PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
    })
    await call('AttachRolePolicy', { RoleName: 'att-r', PolicyArn: arn })
    assert.deepEqual(asked.at(-1)?.context, { 'iam:PolicyARN': arn })
    assert.equal((await call('GetPolicy', { PolicyArn: arn })).Policy.AttachmentCount, 2)
    assert.deepEqual(
      (await call('ListAttachedUserPolicies', { UserName: 'att-u' })).AttachedPolicies,
      [{ PolicyName: 'att', PolicyArn: arn }],
    )
    const entities = await call('ListEntitiesForPolicy', { PolicyArn: arn })
    assert.deepEqual(
      entities.PolicyUsers.map((u: { UserName: string }) => u.UserName),
      ['att-u'],
    )
    assert.deepEqual(
      entities.PolicyRoles.map((r: { RoleName: string }) => r.RoleName),
      ['att-r'],
    )
    assert.deepEqual(entities.PolicyGroups, [])
    const attachedOnly = await call('ListPolicies', { OnlyAttached: 'true' })
    assert.deepEqual(
      attachedOnly.Policies.map((p: { PolicyName: string }) => p.PolicyName).sort(),
      ['IAMReadOnlyAccess', 'att'],
    )
    await fails(
      'DeletePolicy',
      { PolicyArn: arn },
      'DeleteConflict',
      'Cannot delete a policy attached to entities.',
    )
    await fails(
      'DetachGroupPolicy',
      { GroupName: 'att-g', PolicyArn: arn },
      'NoSuchEntity',
      `Policy ${arn} was not found.`,
    )
    await fails(
      'DeleteUser',
      { UserName: 'att-u' },
      'DeleteConflict',
      'Cannot delete entity, must detach all policies first.',
    )
    await fails(
      'DeleteGroup',
      { GroupName: 'att-g' },
      'DeleteConflict',
      'Cannot delete entity, must detach all policies first.',
    )
  })

  it('groups: create, membership, get with users, list for user, delete conflicts', async () => {
    const g = await call('CreateGroup', { GroupName: 'devs', Path: '/teams/' })
    assert.equal(g.Group.Arn, `arn:aws:iam::${ACCOUNT}:group/teams/devs`)
    await call('CreateUser', { UserName: 'gm' })
    await call('AddUserToGroup', { GroupName: 'devs', UserName: 'gm' })
    await call('AddUserToGroup', { GroupName: 'devs', UserName: 'gm' })
    const got = await call('GetGroup', { GroupName: 'devs' })
    assert.deepEqual(
      got.Users.map((u: { UserName: string }) => u.UserName),
      ['gm'],
    )
    assert.equal(got.IsTruncated, false)
    assert.deepEqual(
      (await call('ListGroupsForUser', { UserName: 'gm' })).Groups.map(
        (x: { GroupName: string }) => x.GroupName,
      ),
      ['devs'],
    )
    assert.ok((await call('ListGroups', { PathPrefix: '/teams/' })).Groups.length === 1)
    await fails(
      'DeleteGroup',
      { GroupName: 'devs' },
      'DeleteConflict',
      'Cannot delete entity, must remove users from group first.',
    )
    await fails(
      'DeleteUser',
      { UserName: 'gm' },
      'DeleteConflict',
      'Cannot delete entity, must remove referenced objects first.',
    )
    await call('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'gm' })
    await call('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'gm' })
    await call('DeleteGroup', { GroupName: 'devs' })
    await call('DeleteUser', { UserName: 'gm' })
  })

  it('access keys: create (secret once, sealed at rest), list, update, last used, delete, limit', async () => {
    await call('CreateUser', { UserName: 'keys' })
    const key = (await call('CreateAccessKey', { UserName: 'keys' })).AccessKey
    assert.match(key.AccessKeyId, /^AKIA[A-Z0-9]{16}$/)
    assert.equal(key.SecretAccessKey.length, 40)
    const stored = await store.getAccessKey(key.AccessKeyId)
    assert.ok(stored && !stored.sealedSecret.includes(key.SecretAccessKey))
    const found = await new IamCredentialDirectory(store, box).findAccessKey(key.AccessKeyId)
    assert.equal(found?.secretAccessKey, key.SecretAccessKey)
    assert.equal(found?.arn, `arn:aws:iam::${ACCOUNT}:user/keys`)
    await call('CreateAccessKey', { UserName: 'keys' })
    await fails(
      'CreateAccessKey',
      { UserName: 'keys' },
      'LimitExceeded',
      'Cannot exceed quota for AccessKeysPerUser: 2',
    )
    const listed = await call('ListAccessKeys', { UserName: 'keys' })
    assert.equal(listed.AccessKeyMetadata.length, 2)
    assert.equal(listed.AccessKeyMetadata[0].SecretAccessKey, undefined)
    await call('UpdateAccessKey', {
      UserName: 'keys',
      AccessKeyId: key.AccessKeyId,
      Status: 'Inactive',
    })
    assert.equal((await store.getAccessKey(key.AccessKeyId))?.status, 'Inactive')
    assert.deepEqual(
      (await call('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId })).AccessKeyLastUsed,
      { ServiceName: 'N/A', Region: 'N/A' },
    )
    await fails(
      'GetAccessKeyLastUsed',
      { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      'AccessDenied',
      /access key AKIAIOSFODNN7EXAMPLE$/,
    )
    await fails(
      'UpdateAccessKey',
      { UserName: 'keys', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active' },
      'NoSuchEntity',
      'The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.',
    )
    await fails('DeleteUser', { UserName: 'keys' }, 'DeleteConflict')
    await call('DeleteAccessKey', { UserName: 'keys', AccessKeyId: key.AccessKeyId })
    const rootKey = (await call('CreateAccessKey')).AccessKey
    assert.equal(rootKey.UserName, undefined)
    assert.equal(
      (await new IamCredentialDirectory(store, box).findAccessKey(rootKey.AccessKeyId))?.arn,
      `arn:aws:iam::${ACCOUNT}:root`,
    )
    await fails(
      'ListAccessKeys',
      {},
      'ValidationError',
      'Must specify userName when calling with non-User credentials',
      roleCaller,
    )
  })

  it('adapters: identity policies, STS directory, provisioner, root keys', async () => {
    await call('CreateUser', { UserName: 'ad' })
    await call('CreateGroup', { GroupName: 'ad-g' })
    await call('AddUserToGroup', { GroupName: 'ad-g', UserName: 'ad' })
    await call('PutUserPolicy', { UserName: 'ad', PolicyName: 'own', PolicyDocument: S3_LIST })
    await call('AttachGroupPolicy', {
      GroupName: 'ad-g',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    })
    await call('PutUserPermissionsBoundary', {
      UserName: 'ad',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    })
    await call('TagUser', { UserName: 'ad', Tags: [{ Key: 'dept', Value: 'x' }] })
    const source = new IamIdentityPolicySource(store)
    const p = await source.userPolicies(ACCOUNT, 'ad')
    assert.deepEqual(
      p?.identity.map((x) => (x as { name: string }).name),
      ['own', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    )
    assert.equal((p?.boundary as { name: string }).name, 'arn:aws:iam::aws:policy/PowerUserAccess')
    assert.deepEqual(p?.tags, { dept: 'x' })
    assert.equal(await source.userPolicies(ACCOUNT, 'nobody'), undefined)

    const provisioner = new IamAccountProvisioner(store, generation)
    await provisioner.provisionAccount({
      accountId: '222222222222',
      managementAccountId: ACCOUNT,
      roleName: 'OrganizationAccountAccessRole',
    })
    await provisioner.provisionAccount({
      accountId: '222222222222',
      managementAccountId: ACCOUNT,
      roleName: 'OrganizationAccountAccessRole',
    })
    const sts = new IamStsDirectory(store, async () => 'ok')
    const role = await sts.findRole('222222222222', 'OrganizationAccountAccessRole')
    assert.match(role!.trustPolicy, /arn:aws:iam::111111111111:root/)
    assert.equal(role?.maxSessionDurationSeconds, 3600)
    const rp = await source.rolePolicies('222222222222', 'OrganizationAccountAccessRole')
    assert.deepEqual(
      rp?.identity.map((x) => (x as { name: string }).name),
      ['arn:aws:iam::aws:policy/AdministratorAccess'],
    )
    assert.match(
      (await sts.managedPolicyDocument('arn:aws:iam::aws:policy/ReadOnlyAccess'))!,
      /s3:Get\*/,
    )
    assert.equal(await sts.verifyMfaCode('AIDAUSER', 'arn', '123456', new Date()), 'ok')
    const keys = await createRootAccessKey(store, box, '333333333333')
    assert.equal(await sts.accessKeyAccount(keys.accessKeyId), '333333333333')
    const rec = await new IamCredentialDirectory(store, box).findAccessKey(keys.accessKeyId)
    assert.deepEqual(
      [rec?.secretAccessKey, rec?.userName, rec?.userId],
      [keys.secretAccessKey, undefined, '333333333333'],
    )
  })

  it('GetAccountAuthorizationDetails and the simulators', async () => {
    await call('CreateUser', { UserName: 'sim' })
    await call('PutUserPolicy', {
      UserName: 'sim',
      PolicyName: 'put',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
      }),
    })
    const details = await call('GetAccountAuthorizationDetails', { Filter: ['User'] })
    const sim = details.UserDetailList.find((u: { UserName: string }) => u.UserName === 'sim')
    assert.deepEqual(
      sim.UserPolicyList.map((p: { PolicyName: string }) => p.PolicyName),
      ['put'],
    )
    assert.deepEqual(details.RoleDetailList, [])
    const all = await call('GetAccountAuthorizationDetails')
    assert.ok(
      all.Policies.some(
        (p: { Arn: string }) => p.Arn === 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      ),
    )
    const result = await call('SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`,
      ActionNames: ['s3:PutObject', 's3:GetObjectVersion'],
      ResourceArns: ['arn:aws:s3:::bucket'],
    })
    assert.deepEqual(
      result.EvaluationResults.map((r: { EvalDecision: string }) => r.EvalDecision),
      ['allowed', 'implicitDeny'],
    )
    assert.equal(result.EvaluationResults[0].MatchedStatements[0].SourcePolicyId, 'put')
    const custom = await call('SimulateCustomPolicy', {
      PolicyInputList: [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
        }),
      ],
      ActionNames: ['iam:CreateUser'],
    })
    assert.equal(custom.EvaluationResults[0].EvalDecision, 'explicitDeny')
  })

  describe('protected roles: only AWS may change them', () => {
    const SSO_ROLE = 'AWSReservedSSO_Admin_0123456789abcdef'
    const LINKED_ROLE = 'AWSServiceRoleForSupport'
    const unmodifiable = (name: string) =>
      `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`
    const spec = (inlinePolicy: string | undefined) => ({
      accountId: ACCOUNT,
      roleName: SSO_ROLE,
      path: '/aws-reserved/sso.amazonaws.com/',
      trustPolicy: TRUST,
      maxSessionDurationSeconds: 3600,
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      customerManagedPolicies: [],
      inlinePolicy,
      permissionsBoundary: undefined,
      description: '',
    })
    before(async () => {
      await new IamRoleProvisioner(store).provisionRole(spec(undefined))
      await call('CreateRole', {
        RoleName: LINKED_ROLE,
        Path: '/aws-service-role/support.amazonaws.com/',
        AssumeRolePolicyDocument: TRUST,
      })
      await call('CreatePolicy', { PolicyName: 'protected-test', PolicyDocument: S3_LIST })
    })
    const changes = (role: string): [string, Record<string, unknown>][] => [
      ['UpdateAssumeRolePolicy', { RoleName: role, PolicyDocument: TRUST }],
      ['PutRolePolicy', { RoleName: role, PolicyName: 'p', PolicyDocument: S3_LIST }],
      ['DeleteRolePolicy', { RoleName: role, PolicyName: 'AwsSSOInlinePolicy' }],
      ['AttachRolePolicy', { RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }],
      ['DetachRolePolicy', { RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      [
        'PutRolePermissionsBoundary',
        { RoleName: role, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
      ['DeleteRolePermissionsBoundary', { RoleName: role }],
      ['UpdateRole', { RoleName: role, MaxSessionDuration: 7200 }],
      ['UpdateRoleDescription', { RoleName: role, Description: 'mine now' }],
      ['TagRole', { RoleName: role, Tags: [{ Key: 'a', Value: 'b' }] }],
      ['UntagRole', { RoleName: role, TagKeys: ['a'] }],
      ['DeleteRole', { RoleName: role }],
    ]
    for (const role of [SSO_ROLE, LINKED_ROLE]) {
      for (const [name, raw] of changes(role)) {
        it(`${name} on ${role} → UnmodifiableEntity`, async () => {
          await fails(name, raw, 'UnmodifiableEntity', unmodifiable(role))
        })
      }
    }
    it('reads still work, and Identity Center provisioning still changes the role', async () => {
      const got = await call('GetRole', { RoleName: SSO_ROLE })
      assert.equal(got.Role.Path, '/aws-reserved/sso.amazonaws.com/')
      await new IamRoleProvisioner(store).provisionRole(spec(S3_LIST))
      const names = await call('ListRolePolicies', { RoleName: SSO_ROLE })
      assert.deepEqual(names.PolicyNames, ['AwsSSOInlinePolicy'])
      await new IamRoleProvisioner(store).removeRole(ACCOUNT, SSO_ROLE)
      await fails('GetRole', { RoleName: SSO_ROLE }, 'NoSuchEntity')
    })
    it('AWS-managed policies: no versions, no deletion, no tags (AccessDenied)', async () => {
      const PolicyArn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
      const cases: [string, Record<string, unknown>, string][] = [
        [
          'CreatePolicyVersion',
          { PolicyArn, PolicyDocument: S3_LIST },
          'Cannot update policies outside your own account.',
        ],
        [
          'SetDefaultPolicyVersion',
          { PolicyArn, VersionId: 'v1' },
          'Cannot update policies outside your own account.',
        ],
        [
          'DeletePolicyVersion',
          { PolicyArn, VersionId: 'v1' },
          'Cannot delete policy versions for policies outside your own account.',
        ],
        ['DeletePolicy', { PolicyArn }, 'Cannot delete policies outside your own account.'],
        [
          'TagPolicy',
          { PolicyArn, Tags: [{ Key: 'a', Value: 'b' }] },
          'Cannot tag policies outside your own account.',
        ],
        [
          'UntagPolicy',
          { PolicyArn, TagKeys: ['a'] },
          'Cannot tag policies outside your own account.',
        ],
      ]
      for (const [name, raw, message] of cases) await fails(name, raw, 'AccessDenied', message)
      assert.deepEqual((await call('ListPolicyTags', { PolicyArn })).Tags, [])
    })
    it('customer managed policies: TagPolicy, ListPolicyTags, UntagPolicy', async () => {
      const PolicyArn = `arn:aws:iam::${ACCOUNT}:policy/protected-test`
      await call('TagPolicy', {
        PolicyArn,
        Tags: [
          { Key: 'team', Value: 'a' },
          { Key: 'x', Value: 'y' },
        ],
      })
      const listed = await call('ListPolicyTags', { PolicyArn })
      assert.deepEqual(listed.Tags.map((t: { Key: string }) => t.Key).sort(), ['team', 'x'])
      await call('UntagPolicy', { PolicyArn, TagKeys: ['x'] })
      assert.deepEqual((await call('GetPolicy', { PolicyArn })).Policy.Tags, [
        { Key: 'team', Value: 'a' },
      ])
      await fails(
        'TagPolicy',
        { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope`, Tags: [{ Key: 'a', Value: 'b' }] },
        'NoSuchEntity',
        `Policy arn:aws:iam::${ACCOUNT}:policy/nope was not found.`,
      )
    })
    it('an ordinary role under another path is changed as before', async () => {
      await call('CreateRole', {
        RoleName: 'not-protected',
        Path: '/service-role/',
        AssumeRolePolicyDocument: TRUST,
      })
      await call('UpdateRoleDescription', { RoleName: 'not-protected', Description: 'ok' })
      await call('DeleteRole', { RoleName: 'not-protected' })
    })
  })

  describe('errors, table-driven', () => {
    before(async () => {
      await call('CreateUser', { UserName: 'exists' })
      await call('CreateRole', { RoleName: 'exists', AssumeRolePolicyDocument: TRUST })
      await call('CreateGroup', { GroupName: 'exists' })
      await call('CreatePolicy', { PolicyName: 'exists', PolicyDocument: S3_LIST })
    })
    const big = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(n)}` },
        ],
      })
    const cases: [string, Record<string, unknown>, string, string | RegExp][] = [
      ['GetRole', { RoleName: 'nope' }, 'NoSuchEntity', 'The role with name nope cannot be found.'],
      ['GetUser', { UserName: 'nope' }, 'NoSuchEntity', 'The user with name nope cannot be found.'],
      [
        'GetGroup',
        { GroupName: 'nope' },
        'NoSuchEntity',
        'The group with name nope cannot be found.',
      ],
      [
        'UpdateRole',
        { RoleName: 'nope' },
        'NoSuchEntity',
        'The role with name nope cannot be found.',
      ],
      [
        'TagRole',
        { RoleName: 'nope', Tags: [{ Key: 'a', Value: 'b' }] },
        'NoSuchEntity',
        'The role with name nope cannot be found.',
      ],
      [
        'AddUserToGroup',
        { GroupName: 'exists', UserName: 'nope' },
        'NoSuchEntity',
        'The user with name nope cannot be found.',
      ],
      [
        'AddUserToGroup',
        { GroupName: 'nope', UserName: 'exists' },
        'NoSuchEntity',
        'The group with name nope cannot be found.',
      ],
      [
        'GetRolePolicy',
        { RoleName: 'exists', PolicyName: 'nope' },
        'NoSuchEntity',
        'The role policy with name nope cannot be found.',
      ],
      [
        'AttachUserPolicy',
        { UserName: 'exists', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope` },
        'NoSuchEntity',
        `Policy arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`,
      ],
      [
        'PutRolePermissionsBoundary',
        { RoleName: 'exists', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/nope` },
        'NoSuchEntity',
        `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`,
      ],
      [
        'GetPolicyVersion',
        { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/exists`, VersionId: 'v9' },
        'NoSuchEntity',
        /version v9 does not exist/,
      ],
      [
        'CreateUser',
        { UserName: 'EXISTS' },
        'EntityAlreadyExists',
        'User with name EXISTS already exists.',
      ],
      [
        'CreateRole',
        { RoleName: 'exists', AssumeRolePolicyDocument: TRUST },
        'EntityAlreadyExists',
        'Role with name exists already exists.',
      ],
      [
        'CreateGroup',
        { GroupName: 'exists' },
        'EntityAlreadyExists',
        'Group with name exists already exists.',
      ],
      [
        'CreatePolicy',
        { PolicyName: 'exists', PolicyDocument: S3_LIST },
        'EntityAlreadyExists',
        /A policy called exists already exists/,
      ],
      [
        'CreateRole',
        { RoleName: 'bad', AssumeRolePolicyDocument: '{not json' },
        'MalformedPolicyDocument',
        'This policy contains invalid Json',
      ],
      [
        'UpdateAssumeRolePolicy',
        {
          RoleName: 'exists',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }],
          }),
        },
        'MalformedPolicyDocument',
        'AssumeRole policy may only specify STS AssumeRole actions.',
      ],
      [
        'UpdateAssumeRolePolicy',
        {
          RoleName: 'exists',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Resource: '*' },
            ],
          }),
        },
        'MalformedPolicyDocument',
        'Has prohibited field Resource',
      ],
      [
        'PutUserPolicy',
        {
          UserName: 'exists',
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
          }),
        },
        'MalformedPolicyDocument',
        /principal/i,
      ],
      [
        'PutUserPolicy',
        { UserName: 'exists', PolicyName: 'p', PolicyDocument: big(2100) },
        'LimitExceeded',
        'Maximum policy size of 2048 bytes exceeded for user exists',
      ],
      [
        'PutGroupPolicy',
        { GroupName: 'exists', PolicyName: 'p', PolicyDocument: big(5200) },
        'LimitExceeded',
        'Maximum policy size of 5120 bytes exceeded for group exists',
      ],
      [
        'PutRolePolicy',
        { RoleName: 'exists', PolicyName: 'p', PolicyDocument: big(10300) },
        'LimitExceeded',
        'Maximum policy size of 10240 bytes exceeded for role exists',
      ],
      [
        'CreatePolicy',
        { PolicyName: 'huge', PolicyDocument: big(6200) },
        'LimitExceeded',
        'Cannot exceed quota for PolicySize: 6144',
      ],
      [
        'UpdateAssumeRolePolicy',
        {
          RoleName: 'exists',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/${'u'.repeat(2100)}` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        },
        'LimitExceeded',
        'Cannot exceed quota for ACLSizePerRole: 2048',
      ],
      [
        'CreateRole',
        { RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: TRUST },
        'ValidationError',
        /at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64/,
      ],
      [
        'CreateRole',
        { RoleName: 'ok', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: '50000' },
        'ValidationError',
        /maxSessionDuration/,
      ],
      [
        'CreateUser',
        { UserName: 'p', Path: 'nope' },
        'ValidationError',
        /The specified value for path is invalid/,
      ],
      [
        'CreateRole',
        {
          RoleName: 'dup',
          AssumeRolePolicyDocument: TRUST,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        },
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      ],
      [
        'TagRole',
        {
          RoleName: 'exists',
          Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })),
        },
        'ValidationError',
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
      ],
      [
        'AttachRolePolicy',
        { RoleName: 'exists', PolicyArn: 'longpolicynamebutnoarn' },
        'ValidationError',
        'ARN longpolicynamebutnoarn is not valid.',
      ],
      [
        'PutRolePermissionsBoundary',
        { RoleName: 'exists', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:not_a_policy/invalid` },
        'InvalidInput',
        `ARN arn:aws:iam::${ACCOUNT}:not_a_policy/invalid is not valid.`,
      ],
      ['ListUsers', { Marker: 'garbage' }, 'ValidationError', 'Invalid Marker.'],
      [
        'GetPolicyVersion',
        { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'x1' },
        'ValidationError',
        /Member must satisfy regular expression pattern: v\[1-9\]/,
      ],
      [
        'DeletePolicy',
        { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        'AccessDenied',
        'Cannot delete policies outside your own account.',
      ],
      [
        'DeletePolicyVersion',
        { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' },
        'AccessDenied',
        'Cannot delete policy versions for policies outside your own account.',
      ],
      [
        'SetDefaultPolicyVersion',
        { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' },
        'AccessDenied',
        'Cannot update policies outside your own account.',
      ],
    ]
    for (const [name, raw, code, message] of cases) {
      it(`${name} → ${code}: ${String(message).slice(0, 60)}`, () =>
        fails(name, raw, code, message))
    }
  })
})
