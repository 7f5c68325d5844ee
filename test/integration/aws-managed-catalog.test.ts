// The whole AWS-managed policy catalog through the real SDK, on SQLite and PostgreSQL: ListPolicies
// --scope AWS pages through every policy, GetPolicy / GetPolicyVersion / ListPolicyVersions serve
// the package's versions, any of them attaches to a role (and decides its access), and a permission
// set provisions any of them into the AWSReservedSSO_ role.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  type ListPoliciesCommandOutput,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam'
import { CreateGroupCommand } from '@aws-sdk/client-identitystore'
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import { expectAwsError, type Clients } from './aws-clients.ts'
import { memberAccountSetup } from './identity-center-setup.ts'
import { serverSuite } from './server-suite.ts'

serverSuite('The AWS-managed policy catalog through the SDK', (ctx) => {
  let root: Clients
  let member: string
  let memberAdmin: Clients
  before(async () => {
    ;({ root, member, memberAdmin } = await memberAccountSetup(ctx.server()))
  })

  it('ListPolicies --scope AWS pages through the whole catalog, by name, no repeats', async () => {
    const names: string[] = []
    let marker: string | undefined
    let pageCount = 0
    do {
      const page: ListPoliciesCommandOutput = await root.iam.send(
        new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 400, Marker: marker }),
      )
      names.push(...page.Policies!.map((p) => p.PolicyName!))
      assert.ok(page.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')))
      marker = page.IsTruncated ? page.Marker : undefined
      pageCount++
    } while (marker !== undefined)
    assert.ok(names.length > 1300 && names.length < 2000, `${names.length} policies`)
    assert.equal(new Set(names).size, names.length)
    assert.equal(pageCount, Math.ceil(names.length / 400))
    for (const n of ['AdministratorAccess', 'AWSLambdaBasicExecutionRole', 'ViewOnlyAccess']) {
      assert.ok(names.includes(n), n)
    }
    const serviceRoles = await root.iam.send(
      new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/', MaxItems: 1000 }),
    )
    assert.ok(serviceRoles.Policies!.length > 100)
    assert.ok(serviceRoles.Policies!.every((p) => p.Path === '/service-role/'))
  })

  it('GetPolicy, ListPolicyVersions and GetPolicyVersion serve every kept version', async () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
    const { Policy } = await root.iam.send(new GetPolicyCommand({ PolicyArn: arn }))
    assert.equal(Policy!.DefaultVersionId, 'v3')
    assert.equal(Policy!.PolicyId, 'ANPAIZTJ4DXE7G6AGAE6M')
    const { Versions } = await root.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    assert.deepEqual(
      Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v3', true],
        ['v2', false],
        ['v1', false],
      ],
    )
    const v1 = await root.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    assert.deepEqual(JSON.parse(decodeURIComponent(v1.PolicyVersion!.Document!)), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }],
    })
    assert.equal(v1.PolicyVersion!.IsDefaultVersion, false)
    await expectAwsError(
      root.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
      { name: 'NoSuchEntityException', status: 404 },
    )
    const lambda = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    const got = await root.iam.send(new GetPolicyCommand({ PolicyArn: lambda }))
    assert.equal(got.Policy!.Path, '/service-role/')
    assert.match(got.Policy!.PolicyId!, /^ANPA[A-Z0-9]{17}$/)
  })

  it('any catalog policy attaches to a role and decides its access', async () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'catalog-reader',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    )
    await root.iam.send(new AttachRolePolicyCommand({ RoleName: 'catalog-reader', PolicyArn: arn }))
    const { AttachedPolicies } = await root.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: 'catalog-reader' }),
    )
    assert.deepEqual(
      AttachedPolicies!.map((p) => p.PolicyArn),
      [arn],
    )
    const { Policy } = await root.iam.send(new GetPolicyCommand({ PolicyArn: arn }))
    assert.equal(Policy!.AttachmentCount, 1)
    const { EvaluationResults } = await root.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ctx.server().bootstrap.accountId}:role/catalog-reader`,
        ActionNames: ['sqs:ListQueues', 'sqs:SendMessage'],
      }),
    )
    assert.deepEqual(
      EvaluationResults!.map((r) => r.EvalDecision),
      ['allowed', 'implicitDeny'],
    )
  })

  it('a permission set provisions any catalog policy into its AWSReservedSSO_ role', async () => {
    const sso = root.ssoAdmin
    const { Instances } = await sso.send(new ListInstancesCommand({}))
    const { InstanceArn, IdentityStoreId } = Instances![0]!
    const { PermissionSet } = await sso.send(
      new CreatePermissionSetCommand({ InstanceArn, Name: 'CatalogDba' }),
    )
    const arn = 'arn:aws:iam::aws:policy/job-function/DatabaseAdministrator'
    await sso.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn,
        PermissionSetArn: PermissionSet!.PermissionSetArn!,
        ManagedPolicyArn: arn,
      }),
    )
    const { GroupId } = await root.identitystore.send(
      new CreateGroupCommand({ IdentityStoreId: IdentityStoreId!, DisplayName: 'Dbas' }),
    )
    await sso.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        PermissionSetArn: PermissionSet!.PermissionSetArn!,
        TargetId: member,
        TargetType: 'AWS_ACCOUNT',
        PrincipalType: 'GROUP',
        PrincipalId: GroupId!,
      }),
    )
    const { Roles } = await memberAdmin.iam.send(
      new ListRolesCommand({ PathPrefix: '/aws-reserved/sso.amazonaws.com/' }),
    )
    const role = Roles!.find((r) => r.RoleName!.startsWith('AWSReservedSSO_CatalogDba_'))!
    const { AttachedPolicies } = await memberAdmin.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName! }),
    )
    assert.deepEqual(
      AttachedPolicies!.map((p) => p.PolicyArn),
      [arn],
    )
    await expectAwsError(
      sso.send(
        new AttachManagedPolicyToPermissionSetCommand({
          InstanceArn,
          PermissionSetArn: PermissionSet!.PermissionSetArn!,
          ManagedPolicyArn: 'arn:aws:iam::aws:policy/NoSuchCatalogPolicy',
        }),
      ),
      { name: 'ResourceNotFoundException', status: 404 },
    )
  })
})
