// sso-admin operations called directly (parse → authorization → run) with a fake CallContext over
// real SQLite stores (sso-admin and IAM, so provisioning is real): happy paths, the roles in IAM,
// and every error code with its wording.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PolicyGeneration } from '../../domain/authorization/policy-generation.ts'
import type {
  AccountOrganization,
  OrganizationPolicySource,
} from '../../domain/authorization/policy-sources.ts'
import { DomainError } from '../../domain/common/domain-error.ts'
import type { AuthorizationRequest, CallContext } from '../../domain/common/operation.ts'
import { IamRoleProvisioner } from '../../domain/iam/iam-role-provisioner.ts'
import type { IamStore } from '../../domain/iam/index.ts'
import type { UserDirectory } from '../../domain/identity-center/identity-center-ports.ts'
import {
  createSsoAdminService,
  RESERVED_ROLE_PATH,
  RESERVED_ROLE_TRUST_POLICY,
  SsoAdminInstances,
  SsoAssignments,
} from '../../domain/identity-center/sso-admin/index.ts'
import { awsManagedPolicy } from '../../domain/iam/aws-managed-policies.ts'
import { openDatabase, type Database } from '../create-database.ts'
import { SqlIamStore } from '../iam/index.ts'
import { migrateToLatest } from '../migrations/index.ts'
import { SqlSsoAdminStore } from './index.ts'
import { ALLOWED, rootCaller, testRequest } from '../../domain/common/call-context.fixture.ts'

const MGMT = '111111111111'
const DEV = '222222222222'
const PROD = '333333333333'
const OUTSIDER = '444444444444'
const ALICE = 'a1b2c3d4e5-11111111-2222-3333-4444-555555555555'
const DEVS = '99999999-8888-7777-6666-555555555555'
const NOBODY = '00000000-0000-0000-0000-000000000000'
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const S3_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
})

const org = (id: string): AccountOrganization => ({
  organizationId: 'o-aaaaaaaaaa',
  managementAccountId: MGMT,
  orgPath: `o-aaaaaaaaaa/r-aaaa/${id}/`,
  scp: undefined,
  rcp: undefined,
})
const organizations: OrganizationPolicySource = {
  accountOrganization: async (id) => ([MGMT, DEV, PROD].includes(id) ? org(id) : undefined),
}
const users: UserDirectory = {
  findUserByName: async () => undefined,
  getUser: async () => undefined,
  groupIdsOf: async () => [],
  userExists: async (_store, id) => id === ALICE,
  groupExists: async (_store, id) => id === DEVS,
}
const callerOf = rootCaller

describe('sso-admin operations', () => {
  let dataDir: string
  let database: Database
  let iam: IamStore
  let store: SqlSsoAdminStore
  let service: ReturnType<typeof createSsoAdminService>
  const generation = new PolicyGeneration()
  const asked: AuthorizationRequest[] = []
  let instanceArn: string
  let identityStoreId: string

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xaccess-sso-ops-'))
    database = openDatabase(undefined, dataDir)
    await migrateToLatest(database.db, database.dialect)
    iam = new SqlIamStore(database.db)
    store = new SqlSsoAdminStore(database.db)
    service = createSsoAdminService({
      store,
      instances: new SsoAdminInstances(store),
      organizations,
      users,
      roles: new IamRoleProvisioner(iam, generation),
      generation,
      awsManagedPolicyExists: (arn) =>
        awsManagedPolicy(arn) !== undefined || arn.includes(':policy/Quota'),
    })
  })
  after(async () => {
    await database.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function call(
    name: string,
    raw: Record<string, unknown> = {},
    account = MGMT,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are read as loose JSON in tests
  ): Promise<any> {
    const op = service.operations[name]
    assert.ok(op, `no operation ${name}`)
    const ctx: CallContext = {
      caller: callerOf(account),
      request: testRequest(),
      authorize: async (req) => {
        asked.push(req)
        return ALLOWED
      },
    }
    const input = op.parse(raw)
    const question = await op.authorization(input, ctx)
    if (question !== undefined) asked.push(question)
    return op.run(input, ctx)
  }

  async function fails(
    name: string,
    raw: Record<string, unknown>,
    code: string,
    message?: string | RegExp,
    account = MGMT,
  ) {
    await assert.rejects(call(name, raw, account), (error: unknown) => {
      assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`)
      assert.equal(error.code, code, `${name}: ${error.message}`)
      if (typeof message === 'string') assert.equal(error.message, message)
      else if (message !== undefined) assert.match(error.message, message)
      return true
    })
  }

  const roleIn = async (accountId: string, prefix: string) => {
    const roles = await iam.listRoles(accountId, { pathPrefix: RESERVED_ROLE_PATH })
    return roles.items.find((r) => r.name.startsWith(`AWSReservedSSO_${prefix}_`))
  }

  it('instances: the organization has one, created on first use; member accounts are refused', async () => {
    const listed = await call('ListInstances')
    assert.equal(listed.Instances.length, 1)
    instanceArn = listed.Instances[0].InstanceArn
    identityStoreId = listed.Instances[0].IdentityStoreId
    assert.match(instanceArn, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/)
    assert.match(identityStoreId, /^d-[0-9a-f]{10}$/)
    assert.equal(listed.Instances[0].OwnerAccountId, MGMT)
    assert.equal(listed.Instances[0].Status, 'ACTIVE')
    const described = await call('DescribeInstance', { InstanceArn: instanceArn })
    assert.equal(described.IdentityStoreId, identityStoreId)
    assert.equal(asked.at(-1)?.action, 'sso:DescribeInstance')
    assert.equal(asked.at(-1)?.resource, instanceArn)
    await fails('ListInstances', {}, 'AccessDeniedException', undefined, DEV)
    await fails('ListInstances', {}, 'AccessDeniedException', undefined, OUTSIDER)
    await fails(
      'DescribeInstance',
      { InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' },
      'ResourceNotFoundException',
      'Could not find Instance with id ssoins-0000000000000000',
    )
    await fails(
      'DescribeInstance',
      { InstanceArn: 'nope' },
      'ValidationException',
      "1 validation error detected: Value 'nope' at 'instanceArn' failed to satisfy constraint: Member must have length greater than or equal to 10",
    )
  })

  let adminArn: string
  let readArn: string

  it('permission sets: create with tags, describe, update, list, and their errors', async () => {
    const before = generation.current
    const created = await call('CreatePermissionSet', {
      InstanceArn: instanceArn,
      Name: 'AdministratorAccess',
      Description: 'Admins',
      SessionDuration: 'PT8H',
      RelayState: 'https://console.aws.amazon.com/',
      Tags: [{ Key: 'team', Value: 'platform' }],
    })
    adminArn = created.PermissionSet.PermissionSetArn
    assert.match(adminArn, /^arn:aws:sso:::permissionSet\/ssoins-[0-9a-f]{16}\/ps-[0-9a-f]{16}$/)
    assert.equal(created.PermissionSet.SessionDuration, 'PT8H')
    assert.ok(created.PermissionSet.CreatedDate instanceof Date)
    assert.ok(generation.current > before)
    assert.deepEqual(asked.at(-1), {
      action: 'sso:CreatePermissionSet',
      resource: instanceArn,
      context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'platform' },
    })
    readArn = (await call('CreatePermissionSet', { InstanceArn: instanceArn, Name: 'ReadOnly' }))
      .PermissionSet.PermissionSetArn
    const described = await call('DescribePermissionSet', {
      InstanceArn: instanceArn,
      PermissionSetArn: readArn,
    })
    assert.equal(described.PermissionSet.SessionDuration, 'PT1H')
    assert.equal(described.PermissionSet.Description, undefined)
    assert.deepEqual(asked.at(-2)?.resourceTags, {})
    await call('UpdatePermissionSet', {
      InstanceArn: instanceArn,
      PermissionSetArn: readArn,
      Description: 'Read only',
      SessionDuration: 'PT2H',
    })
    const updated = await call('DescribePermissionSet', {
      InstanceArn: instanceArn,
      PermissionSetArn: readArn,
    })
    assert.equal(updated.PermissionSet.Description, 'Read only')
    assert.equal(updated.PermissionSet.SessionDuration, 'PT2H')
    const page = await call('ListPermissionSets', { InstanceArn: instanceArn, MaxResults: 1 })
    assert.equal(page.PermissionSets.length, 1)
    const rest = await call('ListPermissionSets', {
      InstanceArn: instanceArn,
      NextToken: page.NextToken,
    })
    assert.equal(rest.PermissionSets.length, 1)
    assert.equal(rest.NextToken, undefined)

    await fails(
      'CreatePermissionSet',
      { InstanceArn: instanceArn, Name: 'administratoraccess' },
      'ConflictException',
      'PermissionSet with name administratoraccess already exists.',
    )
    await fails(
      'CreatePermissionSet',
      { InstanceArn: instanceArn, Name: 'bad name' },
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    )
    await fails(
      'CreatePermissionSet',
      { InstanceArn: instanceArn, Name: 'TooLong', SessionDuration: 'PT13H' },
      'ValidationException',
      /between 1 hour/,
    )
    await fails(
      'CreatePermissionSet',
      { InstanceArn: instanceArn, Name: 'BadDuration', SessionDuration: '8 hours' },
      'ValidationException',
      /at 'sessionDuration' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    )
    await fails(
      'DescribePermissionSet',
      { InstanceArn: instanceArn, PermissionSetArn: `${adminArn.slice(0, -16)}0000000000000000` },
      'ResourceNotFoundException',
      'Could not find PermissionSet with id ps-0000000000000000',
    )
    await fails(
      'ListPermissionSets',
      { InstanceArn: instanceArn, NextToken: 'garbage' },
      'ValidationException',
      'The NextToken is not valid.',
    )
  })

  it('policies: managed, customer managed, inline and boundary, with their errors', async () => {
    const target = { InstanceArn: instanceArn, PermissionSetArn: adminArn }
    await call('AttachManagedPolicyToPermissionSet', { ...target, ManagedPolicyArn: ADMIN })
    assert.deepEqual(asked.at(-1)?.action, 'sso:AttachManagedPolicyToPermissionSet')
    assert.equal(asked.at(-1)?.resource, instanceArn) // the second resource, via call.authorize
    assert.equal(asked.at(-2)?.resource, adminArn)
    assert.deepEqual(asked.at(-2)?.resourceTags, { team: 'platform' })
    await fails(
      'AttachManagedPolicyToPermissionSet',
      { ...target, ManagedPolicyArn: ADMIN },
      'ConflictException',
      /already has a typed link attachment to a manged policy/,
    )
    await fails(
      'AttachManagedPolicyToPermissionSet',
      { ...target, ManagedPolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' },
      'ResourceNotFoundException',
      'Policy does not exist with ARN: arn:aws:iam::aws:policy/NoSuchPolicy',
    )
    await fails(
      'DetachManagedPolicyFromPermissionSet',
      { ...target, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      'ResourceNotFoundException',
      'Could not find ManagedPolicy with arn arn:aws:iam::aws:policy/ReadOnlyAccess',
    )
    const managed = await call('ListManagedPoliciesInPermissionSet', target)
    assert.deepEqual(managed.AttachedManagedPolicies, [{ Name: 'AdministratorAccess', Arn: ADMIN }])

    const ref = { Name: 'DevBoundary', Path: '/sso/' }
    await call('AttachCustomerManagedPolicyReferenceToPermissionSet', {
      ...target,
      CustomerManagedPolicyReference: { Name: 'AppAccess' },
    })
    await fails(
      'AttachCustomerManagedPolicyReferenceToPermissionSet',
      { ...target, CustomerManagedPolicyReference: { Name: 'AppAccess', Path: '/' } },
      'ConflictException',
    )
    await fails(
      'AttachCustomerManagedPolicyReferenceToPermissionSet',
      { ...target, CustomerManagedPolicyReference: { Name: 'x', Path: 'no-slash' } },
      'ValidationException',
      /at 'customerManagedPolicyReference.path' failed to satisfy constraint/,
    )
    await fails(
      'DetachCustomerManagedPolicyReferenceFromPermissionSet',
      { ...target, CustomerManagedPolicyReference: ref },
      'ResourceNotFoundException',
    )
    const refs = await call('ListCustomerManagedPolicyReferencesInPermissionSet', target)
    assert.deepEqual(refs.CustomerManagedPolicyReferences, [{ Name: 'AppAccess', Path: '/' }])

    await fails(
      'PutInlinePolicyToPermissionSet',
      { ...target, InlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' },
      'ValidationException',
      'Invalid PermissionsPolicy Document',
    )
    await fails(
      'PutInlinePolicyToPermissionSet',
      { ...target, InlinePolicy: 'not json' },
      'ValidationException',
      'Invalid PermissionsPolicy Document',
    )
    assert.deepEqual(await call('GetInlinePolicyForPermissionSet', target), {})
    await call('PutInlinePolicyToPermissionSet', { ...target, InlinePolicy: S3_READ })
    assert.equal((await call('GetInlinePolicyForPermissionSet', target)).InlinePolicy, S3_READ)

    await fails(
      'GetPermissionsBoundaryForPermissionSet',
      target,
      'ResourceNotFoundException',
      /Could not find PermissionsBoundary/,
    )
    await fails(
      'PutPermissionsBoundaryToPermissionSet',
      {
        ...target,
        PermissionsBoundary: { ManagedPolicyArn: ADMIN, CustomerManagedPolicyReference: ref },
      },
      'ValidationException',
    )
    await call('PutPermissionsBoundaryToPermissionSet', {
      ...target,
      PermissionsBoundary: { CustomerManagedPolicyReference: ref },
    })
    const boundary = await call('GetPermissionsBoundaryForPermissionSet', target)
    assert.deepEqual(boundary.PermissionsBoundary, { CustomerManagedPolicyReference: ref })
  })

  it('quotas: at most 20 managed and customer managed policies', async () => {
    const ps = await call('CreatePermissionSet', { InstanceArn: instanceArn, Name: 'Quota' })
    const target = { InstanceArn: instanceArn, PermissionSetArn: ps.PermissionSet.PermissionSetArn }
    for (let i = 0; i < 20; i++) {
      await call('AttachManagedPolicyToPermissionSet', {
        ...target,
        ManagedPolicyArn: `arn:aws:iam::aws:policy/Quota${i}`,
      })
    }
    await fails(
      'AttachManagedPolicyToPermissionSet',
      { ...target, ManagedPolicyArn: 'arn:aws:iam::aws:policy/Quota20' },
      'ServiceQuotaExceededException',
      /Cannot create ManagedPolicy more than 20/,
    )
    await fails(
      'AttachCustomerManagedPolicyReferenceToPermissionSet',
      { ...target, CustomerManagedPolicyReference: { Name: 'one' } },
      'ServiceQuotaExceededException',
    )
    await call('DeletePermissionSet', target)
  })

  const assignment = (over: Record<string, unknown> = {}) => ({
    InstanceArn: instanceArn,
    TargetId: DEV,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: adminArn,
    PrincipalType: 'USER',
    PrincipalId: ALICE,
    ...over,
  })

  it('assignments: a missing customer managed policy fails the creation, and nothing is assigned', async () => {
    const created = await call('CreateAccountAssignment', assignment())
    const status = created.AccountAssignmentCreationStatus
    assert.equal(status.Status, 'IN_PROGRESS')
    const described = await call('DescribeAccountAssignmentCreationStatus', {
      InstanceArn: instanceArn,
      AccountAssignmentCreationRequestId: status.RequestId,
    })
    assert.equal(described.AccountAssignmentCreationStatus.Status, 'FAILED')
    assert.match(
      described.AccountAssignmentCreationStatus.FailureReason,
      /Policy arn:aws:iam::222222222222:policy\/AppAccess does not exist or is not attachable/,
    )
    assert.equal(await roleIn(DEV, 'AdministratorAccess'), undefined)
    const listed = await call('ListAccountAssignments', {
      InstanceArn: instanceArn,
      AccountId: DEV,
      PermissionSetArn: adminArn,
    })
    assert.deepEqual(listed.AccountAssignments, [])
  })

  it('assignments: provision the role with every policy and boundary, as IAM sees it', async () => {
    for (const [name, path] of [
      ['AppAccess', '/'],
      ['DevBoundary', '/sso/'],
    ] as const) {
      await iam.createManagedPolicy({
        accountId: DEV,
        id: `ANPA${name.toUpperCase().padEnd(17, 'X')}`,
        name,
        path,
        arn: `arn:aws:iam::${DEV}:policy${path}${name}`,
        description: null,
        document: S3_READ,
        createdAt: Date.now(),
      })
    }
    const created = await call('CreateAccountAssignment', assignment())
    assert.deepEqual(
      asked.slice(-3).map((a) => a.resource),
      [adminArn, instanceArn, `arn:aws:sso:::account/${DEV}`],
    )
    const described = await call('DescribeAccountAssignmentCreationStatus', {
      InstanceArn: instanceArn,
      AccountAssignmentCreationRequestId: created.AccountAssignmentCreationStatus.RequestId,
    })
    assert.equal(described.AccountAssignmentCreationStatus.Status, 'SUCCEEDED')
    assert.equal(described.AccountAssignmentCreationStatus.TargetId, DEV)
    assert.equal(described.AccountAssignmentCreationStatus.PrincipalId, ALICE)

    const role = await roleIn(DEV, 'AdministratorAccess')
    assert.ok(role)
    assert.match(role.name, /^AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$/)
    assert.equal(role.path, RESERVED_ROLE_PATH)
    assert.equal(role.trustPolicy, RESERVED_ROLE_TRUST_POLICY)
    assert.equal(role.maxSessionDuration, 8 * 3600)
    assert.equal(role.description, 'Admins')
    assert.equal(role.permissionsBoundaryArn, `arn:aws:iam::${DEV}:policy/sso/DevBoundary`)
    const attached = await iam.listAttachedPolicyArns({ type: 'role', id: role.id })
    assert.deepEqual(attached.items.sort(), [ADMIN, `arn:aws:iam::${DEV}:policy/AppAccess`].sort())
    const inline = await iam.listInlinePolicies({ type: 'role', id: role.id })
    assert.deepEqual(inline, [{ name: 'AwsSSOInlinePolicy', document: S3_READ }])

    // Assigning again changes nothing; a group assignment shares the role.
    await call('CreateAccountAssignment', assignment())
    await call('CreateAccountAssignment', assignment({ PrincipalType: 'GROUP', PrincipalId: DEVS }))
    const same = await roleIn(DEV, 'AdministratorAccess')
    assert.equal(same?.id, role.id)
    const listed = await call('ListAccountAssignments', {
      InstanceArn: instanceArn,
      AccountId: DEV,
      PermissionSetArn: adminArn,
    })
    assert.deepEqual(
      listed.AccountAssignments.map((a: { PrincipalType: string }) => a.PrincipalType),
      ['GROUP', 'USER'],
    )
    // Read-only in prod for the same user.
    await call('AttachManagedPolicyToPermissionSet', {
      InstanceArn: instanceArn,
      PermissionSetArn: readArn,
      ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    })
    await call('CreateAccountAssignment', assignment({ TargetId: PROD, PermissionSetArn: readArn }))
    const prodRole = await roleIn(PROD, 'ReadOnly')
    assert.equal(prodRole?.maxSessionDuration, 7200)
    assert.equal(prodRole?.permissionsBoundaryArn, null)

    const mine = await call('ListAccountAssignmentsForPrincipal', {
      InstanceArn: instanceArn,
      PrincipalType: 'USER',
      PrincipalId: ALICE,
    })
    assert.deepEqual(
      mine.AccountAssignments.map((a: { AccountId: string }) => a.AccountId),
      [DEV, PROD],
    )
    const inProd = await call('ListAccountAssignmentsForPrincipal', {
      InstanceArn: instanceArn,
      PrincipalType: 'USER',
      PrincipalId: ALICE,
      Filter: { AccountId: PROD },
    })
    assert.equal(inProd.AccountAssignments.length, 1)

    const grants = await new SsoAssignments(store).grantsFor(instanceArn, ALICE, [DEVS])
    assert.deepEqual(
      grants.map((g) => [g.accountId, g.permissionSetName, g.roleName, g.sessionDurationSeconds]),
      [
        [DEV, 'AdministratorAccess', role.name, 28_800],
        [PROD, 'ReadOnly', prodRole?.name, 7200],
      ],
    )
    assert.equal(grants[0]?.relayState, 'https://console.aws.amazon.com/')
    const provisioned = await call('ListPermissionSetsProvisionedToAccount', {
      InstanceArn: instanceArn,
      AccountId: DEV,
    })
    assert.deepEqual(provisioned.PermissionSets, [adminArn])
  })

  it('assignments: unknown principal, account outside the organization, bad input', async () => {
    await fails(
      'CreateAccountAssignment',
      assignment({ PrincipalId: NOBODY }),
      'ResourceNotFoundException',
      `Could not find User with id ${NOBODY}`,
    )
    await fails(
      'CreateAccountAssignment',
      assignment({ PrincipalType: 'GROUP', PrincipalId: NOBODY }),
      'ResourceNotFoundException',
    )
    await fails(
      'CreateAccountAssignment',
      assignment({ TargetId: OUTSIDER }),
      'ValidationException',
      `The account ${OUTSIDER} is not a member of the organization.`,
    )
    await fails(
      'CreateAccountAssignment',
      assignment({ PrincipalType: 'ROLE', TargetId: '12' }),
      'ValidationException',
      /^2 validation errors detected: .*'targetId'.*'principalType' failed to satisfy constraint: Member must satisfy enum value set: \[USER, GROUP\]$/,
    )
    await fails('CreateAccountAssignment', assignment({}), 'AccessDeniedException', undefined, DEV)
    await fails(
      'DescribeAccountAssignmentCreationStatus',
      {
        InstanceArn: instanceArn,
        AccountAssignmentCreationRequestId: '00000000-0000-0000-0000-000000000000',
      },
      'ResourceNotFoundException',
    )
  })

  it('provisioning: changes wait for ProvisionPermissionSet, which brings every account up to date', async () => {
    const target = { InstanceArn: instanceArn, PermissionSetArn: adminArn }
    await call('UpdatePermissionSet', { ...target, SessionDuration: 'PT4H' })
    await call('DeleteInlinePolicyFromPermissionSet', target)
    await call('DeletePermissionsBoundaryFromPermissionSet', target)
    await fails('DeletePermissionsBoundaryFromPermissionSet', target, 'ResourceNotFoundException')
    const behind = await call('ListAccountsForProvisionedPermissionSet', {
      ...target,
      ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
    })
    assert.deepEqual(behind.AccountIds, [DEV])
    assert.equal((await roleIn(DEV, 'AdministratorAccess'))?.maxSessionDuration, 8 * 3600)

    const before = generation.current
    const provisioned = await call('ProvisionPermissionSet', {
      ...target,
      TargetType: 'ALL_PROVISIONED_ACCOUNTS',
    })
    assert.ok(generation.current > before)
    // The permission set's role lives in DEV only: compiled policies of DEV are dropped, those of
    // the other accounts stay cached.
    assert.equal(generation.unchangedSince(before, [`account:${DEV}`]), false)
    assert.equal(generation.unchangedSince(before, [`account:${PROD}`, `account:${MGMT}`]), true)
    assert.equal(provisioned.PermissionSetProvisioningStatus.Status, 'IN_PROGRESS')
    const status = await call('DescribePermissionSetProvisioningStatus', {
      InstanceArn: instanceArn,
      ProvisionPermissionSetRequestId: provisioned.PermissionSetProvisioningStatus.RequestId,
    })
    assert.equal(status.PermissionSetProvisioningStatus.Status, 'SUCCEEDED')
    const role = await roleIn(DEV, 'AdministratorAccess')
    assert.equal(role?.maxSessionDuration, 4 * 3600)
    assert.equal(role?.permissionsBoundaryArn, null)
    assert.deepEqual(await iam.listInlinePolicies({ type: 'role', id: role!.id }), [])
    const latest = await call('ListAccountsForProvisionedPermissionSet', {
      ...target,
      ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED',
    })
    assert.deepEqual(latest.AccountIds, [DEV])

    // Provisioning to one account (no assignment there) creates the role there too, once the
    // customer managed policy it references exists there (or is detached).
    const failed = await call('ProvisionPermissionSet', {
      ...target,
      TargetType: 'AWS_ACCOUNT',
      TargetId: PROD,
    })
    const failure = await call('DescribePermissionSetProvisioningStatus', {
      InstanceArn: instanceArn,
      ProvisionPermissionSetRequestId: failed.PermissionSetProvisioningStatus.RequestId,
    })
    assert.equal(failure.PermissionSetProvisioningStatus.Status, 'FAILED')
    assert.equal(failure.PermissionSetProvisioningStatus.AccountId, PROD)
    assert.match(
      failure.PermissionSetProvisioningStatus.FailureReason,
      /^Received a 404 status error: /,
    )
    assert.equal(await roleIn(PROD, 'AdministratorAccess'), undefined)
    await call('DetachCustomerManagedPolicyReferenceFromPermissionSet', {
      ...target,
      CustomerManagedPolicyReference: { Name: 'AppAccess', Path: '/' },
    })
    await call('ProvisionPermissionSet', { ...target, TargetType: 'AWS_ACCOUNT', TargetId: PROD })
    assert.ok(await roleIn(PROD, 'AdministratorAccess'))
    const succeeded = await call('ListPermissionSetProvisioningStatus', {
      InstanceArn: instanceArn,
      Filter: { Status: 'SUCCEEDED' },
    })
    assert.equal(succeeded.PermissionSetsProvisioningStatus.length, 2)
    const failedOnes = await call('ListPermissionSetProvisioningStatus', {
      InstanceArn: instanceArn,
      Filter: { Status: 'FAILED' },
    })
    assert.equal(failedOnes.PermissionSetsProvisioningStatus.length, 1)
    await fails(
      'ProvisionPermissionSet',
      { ...target, TargetType: 'AWS_ACCOUNT' },
      'ValidationException',
    )
    await fails(
      'ProvisionPermissionSet',
      { ...target, TargetType: 'AWS_ACCOUNT', TargetId: OUTSIDER },
      'ValidationException',
    )
    await fails(
      'DeletePermissionSet',
      target,
      'ConflictException',
      'Could not delete because PermissionSet has ApplicationProfile associated with it',
    )
  })

  it('deleting the last assignment of a permission set in an account removes its role', async () => {
    const del = await call('DeleteAccountAssignment', assignment())
    assert.equal(del.AccountAssignmentDeletionStatus.Status, 'IN_PROGRESS')
    assert.ok(await roleIn(DEV, 'AdministratorAccess'), 'the group still holds it')
    await call('DeleteAccountAssignment', assignment({ PrincipalType: 'GROUP', PrincipalId: DEVS }))
    assert.equal(await roleIn(DEV, 'AdministratorAccess'), undefined)
    const statuses = await call('ListAccountAssignmentDeletionStatus', { InstanceArn: instanceArn })
    assert.equal(statuses.AccountAssignmentsDeletionStatus.length, 2)
    const described = await call('DescribeAccountAssignmentDeletionStatus', {
      InstanceArn: instanceArn,
      AccountAssignmentDeletionRequestId: del.AccountAssignmentDeletionStatus.RequestId,
    })
    assert.equal(described.AccountAssignmentDeletionStatus.Status, 'SUCCEEDED')
    await fails('DeleteAccountAssignment', assignment(), 'ResourceNotFoundException')
    const grants = await new SsoAssignments(store).grantsFor(instanceArn, ALICE, [DEVS])
    assert.deepEqual(
      grants.map((g) => g.accountId),
      [PROD],
    )
  })

  it('tags on permission sets and the instance', async () => {
    const tag = { ResourceArn: readArn, InstanceArn: instanceArn }
    await call('TagResource', { ...tag, Tags: [{ Key: 'env', Value: 'prod' }] })
    assert.deepEqual(asked.at(-2)?.context, {
      'aws:TagKeys': ['env'],
      'aws:RequestTag/env': 'prod',
    })
    await call('TagResource', { ResourceArn: instanceArn, Tags: [{ Key: 'k', Value: 'v' }] })
    const listed = await call('ListTagsForResource', tag)
    assert.deepEqual(listed.Tags, [{ Key: 'env', Value: 'prod' }])
    await call('UntagResource', { ...tag, TagKeys: ['env'] })
    assert.deepEqual((await call('ListTagsForResource', tag)).Tags, [])
    await fails(
      'ListTagsForResource',
      { ResourceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' },
      'ResourceNotFoundException',
    )
    await fails(
      'TagResource',
      { ...tag, Tags: Array.from({ length: 76 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      'ValidationException',
    )
  })
})
