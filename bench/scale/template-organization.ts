/**
 * The part of the scale benchmark's organization made through the API (real SDK, real SigV4): the
 * OUs and an SCP, a template member account with its roles and its 100 account assignments (which
 * provision its `AWSReservedSSO_*` roles), a hub account with one role per member account, five
 * permission sets, a pool of Identity Center users and groups, and the callers the measurements
 * sign as. The bulk (every other account) is a copy of the template made in SQL (bulk-seed.ts).
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand as CreateIdcUserCommand,
} from '@aws-sdk/client-identitystore'
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations'
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc'
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { signInToPortal } from '../../test/support/portal-session.ts'
import { xaccessOk } from '../../test/support/xaccess-cli.ts'
import {
  inParallel,
  REGION,
  scaleClients,
  type Credentials,
  type ScaleClients,
} from './scale-clients.ts'

/** Identity Center users in the pool (besides "heavy"), and team groups. */
export const POOL_USERS = 200
export const TEAM_GROUPS = 10
/** Principals per account; with 5 permission sets, 100 assignments. */
export const PRINCIPALS_PER_ACCOUNT = 20
const PERMISSION_SETS = [
  ['ReadOnly', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ['PowerUser', 'arn:aws:iam::aws:policy/PowerUserAccess'],
  ['Admin', 'arn:aws:iam::aws:policy/AdministratorAccess'],
  ['Security', 'arn:aws:iam::aws:policy/SecurityAudit'],
  ['Billing', 'arn:aws:iam::aws:policy/job-function/Billing'],
] as const
const PASSWORD = 'Bench-Scale-Password-1!'

/** What the rest of the benchmark needs to know about the organization. */
export interface TemplateOrganization {
  readonly managementAccountId: string
  readonly organizationId: string
  /** Where copies of the template go, round-robin. */
  readonly ouIds: readonly string[]
  readonly templateAccountId: string
  readonly hubAccountId: string
  readonly instanceArn: string
  readonly identityStoreId: string
  readonly permissionSetArns: readonly string[]
  readonly heavyUserId: string
  readonly platformGroupId: string
  readonly securityGroupId: string
  readonly teamGroupIds: readonly string[]
  readonly poolUserIds: readonly string[]
  /** A management-account IAM user with AdministratorAccess. */
  readonly admin: Credentials
  /** A management-account IAM user allowed sts:AssumeRole on every account's ci-deploy role. */
  readonly caller: Credentials
  /** An `aws sso login` access token of the user "heavy" (assigned in every account). */
  readonly heavyAccessToken: string
}

/** The 20 principals assigned (with each of the 5 permission sets) in the n-th account. */
export function principalsFor(
  t: TemplateOrganization,
  n: number,
): readonly { type: 'USER' | 'GROUP'; id: string }[] {
  const out: { type: 'USER' | 'GROUP'; id: string }[] = [
    { type: 'USER', id: t.heavyUserId },
    { type: 'GROUP', id: t.platformGroupId },
    { type: 'GROUP', id: t.securityGroupId },
    { type: 'GROUP', id: t.teamGroupIds[n % t.teamGroupIds.length]! },
  ]
  const rotating = PRINCIPALS_PER_ACCOUNT - out.length
  for (let k = 0; k < rotating; k++) {
    out.push({ type: 'USER', id: t.poolUserIds[(n * rotating + k) % t.poolUserIds.length]! })
  }
  return out
}

async function createAccount(org: OrganizationsClient, name: string): Promise<string> {
  const created = await org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@bench.example` }),
  )
  for (;;) {
    const { CreateAccountStatus: s } = await org.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: created.CreateAccountStatus!.Id!,
      }),
    )
    if (s?.State === 'SUCCEEDED') return s.AccountId!
    if (s?.State !== 'IN_PROGRESS') throw new Error(`CreateAccount ${name}: ${s?.FailureReason}`)
    await new Promise((ok) => setTimeout(ok, 20))
  }
}

const trust = (principal: object, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  })

async function sessionIn(
  admin: ScaleClients,
  url: string,
  accountId: string,
): Promise<ScaleClients> {
  const { Credentials: c } = await admin.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'bench-setup',
    }),
  )
  return scaleClients(url, {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  })
}

/** Builds the template organization through the API of the server at `url`. */
export async function buildTemplateOrganization(
  url: string,
  rootCredentials: Credentials,
  log: (line: string) => void,
): Promise<TemplateOrganization> {
  const root = scaleClients(url, rootCredentials)
  const { Roots } = await root.org.send(new ListRootsCommand({}))
  const rootId = Roots![0]!.Id!
  const managementAccountId = Roots![0]!.Arn!.split(':')[4]!
  const organizationId = Roots![0]!.Arn!.split('/')[1]!
  await root.org
    .send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }))
    .catch((e: Error) => {
      if (e.name !== 'PolicyTypeAlreadyEnabledException') throw e
    })
  const ou = async (parentId: string, name: string) =>
    (await root.org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name })))
      .OrganizationalUnit!.Id!
  const workloads = await ou(rootId, 'Workloads')
  const ouIds = [
    await ou(workloads, 'Prod'),
    await ou(workloads, 'NonProd'),
    await ou(rootId, 'Sandbox'),
  ]
  const security = await ou(rootId, 'Security')
  const scp = await root.org.send(
    new CreatePolicyCommand({
      Name: 'deny-leave-organization',
      Description: 'guardrail',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      }),
    }),
  )
  await root.org.send(
    new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: workloads }),
  )

  // Management-account IAM users: an administrator, and the AssumeRole caller.
  const userWithKey = async (name: string, setUp: () => Promise<unknown>): Promise<Credentials> => {
    await root.iam.send(new CreateUserCommand({ UserName: name }))
    await setUp()
    const k = (await root.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }
  }
  const admin = await userWithKey('bench-admin', () =>
    root.iam.send(
      new AttachUserPolicyCommand({
        UserName: 'bench-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ),
  )
  const caller = await userWithKey('bench-caller', () =>
    root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'bench-caller',
        PolicyName: 'assume-ci-deploy',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/ci-deploy',
            },
          ],
        }),
      }),
    ),
  )
  const adminClients = scaleClients(url, admin)

  log('template: accounts and roles')
  const templateAccountId = await createAccount(root.org, 'template')
  const hubAccountId = await createAccount(root.org, 'hub')
  await root.org.send(
    new MoveAccountCommand({
      AccountId: templateAccountId,
      SourceParentId: rootId,
      DestinationParentId: ouIds[0]!,
    }),
  )
  await root.org.send(
    new MoveAccountCommand({
      AccountId: hubAccountId,
      SourceParentId: rootId,
      DestinationParentId: security,
    }),
  )
  const tmpl = await sessionIn(adminClients, url, templateAccountId)
  const mgmt = `arn:aws:iam::${managementAccountId}:root`
  const roles: [string, string, string][] = [
    [
      'ci-deploy',
      trust({ AWS: mgmt }, { StringEquals: { 'aws:PrincipalOrgID': organizationId } }),
      'arn:aws:iam::aws:policy/PowerUserAccess',
    ],
    ['audit-readonly', trust({ AWS: mgmt }), 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    [
      'app-runtime',
      trust({ Service: 'ec2.amazonaws.com' }),
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ],
    [
      'breakglass',
      trust({ AWS: mgmt }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ],
  ]
  for (const [name, doc, policy] of roles) {
    await tmpl.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc }))
    await tmpl.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }))
  }
  tmpl.destroy()
  const hub = await sessionIn(adminClients, url, hubAccountId)
  await hub.iam.send(
    new CreateRoleCommand({
      RoleName: `deploy-${templateAccountId}`,
      AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${templateAccountId}:root` }),
    }),
  )
  await hub.iam.send(
    new AttachRolePolicyCommand({
      RoleName: `deploy-${templateAccountId}`,
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  )
  hub.destroy()

  log(`template: Identity Center (${POOL_USERS + 1} users, ${TEAM_GROUPS + 2} groups)`)
  const instance = (await root.ssoAdmin.send(new ListInstancesCommand({}))).Instances![0]!
  const instanceArn = instance.InstanceArn!
  const identityStoreId = instance.IdentityStoreId!
  const permissionSetArns: string[] = []
  for (const [name, policy] of PERMISSION_SETS) {
    const ps = await root.ssoAdmin.send(
      new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: name }),
    )
    const arn = ps.PermissionSet!.PermissionSetArn!
    await root.ssoAdmin.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: arn,
        ManagedPolicyArn: policy,
      }),
    )
    permissionSetArns.push(arn)
  }
  const idcUser = async (name: string) =>
    (
      await root.ids.send(
        new CreateIdcUserCommand({
          IdentityStoreId: identityStoreId,
          UserName: name,
          DisplayName: name,
          Name: { GivenName: name, FamilyName: 'Bench' },
          Emails: [{ Value: `${name}@bench.example`, Primary: true }],
        }),
      )
    ).UserId!
  const group = async (name: string) =>
    (
      await root.ids.send(
        new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: name }),
      )
    ).GroupId!
  const heavyUserId = await idcUser('heavy')
  const platformGroupId = await group('platform')
  const securityGroupId = await group('security')
  const teamGroupIds: string[] = []
  for (let i = 0; i < TEAM_GROUPS; i++) teamGroupIds.push(await group(`team-${i}`))
  const poolUserIds: string[] = new Array<string>(POOL_USERS)
  await inParallel([...Array(POOL_USERS).keys()], 8, async (i) => {
    poolUserIds[i] = await idcUser(`user-${String(i).padStart(4, '0')}`)
  })
  const member = (groupId: string, userId: string) =>
    root.ids.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: identityStoreId,
        GroupId: groupId,
        MemberId: { UserId: userId },
      }),
    )
  await member(platformGroupId, heavyUserId)
  await inParallel(poolUserIds, 8, (id, i) => member(teamGroupIds[i % TEAM_GROUPS]!, id))

  const t: TemplateOrganization = {
    managementAccountId,
    organizationId,
    ouIds,
    templateAccountId,
    hubAccountId,
    instanceArn,
    identityStoreId,
    permissionSetArns,
    heavyUserId,
    platformGroupId,
    securityGroupId,
    teamGroupIds,
    poolUserIds,
    admin,
    caller,
    heavyAccessToken: '',
  }
  log('template: 100 account assignments')
  const assignments = principalsFor(t, 0).flatMap((p) => permissionSetArns.map((ps) => ({ p, ps })))
  await inParallel(assignments, 4, async ({ p, ps }) => {
    let s = (
      await root.ssoAdmin.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ps,
          TargetType: 'AWS_ACCOUNT',
          TargetId: templateAccountId,
          PrincipalType: p.type,
          PrincipalId: p.id,
        }),
      )
    ).AccountAssignmentCreationStatus!
    while (s.Status === 'IN_PROGRESS') {
      await new Promise((ok) => setTimeout(ok, 20))
      s = (
        await root.ssoAdmin.send(
          new DescribeAccountAssignmentCreationStatusCommand({
            InstanceArn: instanceArn,
            AccountAssignmentCreationRequestId: s.RequestId!,
          }),
        )
      ).AccountAssignmentCreationStatus!
    }
    if (s.Status !== 'SUCCEEDED') throw new Error(`CreateAccountAssignment: ${s.FailureReason}`)
  })
  adminClients.destroy()
  root.destroy()
  log('template: `aws sso login` of the user heavy')
  return { ...t, heavyAccessToken: await ssoLogin(url, rootCredentials, 'heavy') }
}

/** The device flow of `aws sso login`, approved in the portal: an access token for `userName`. */
async function ssoLogin(url: string, root: Credentials, userName: string): Promise<string> {
  await xaccessOk(['sso', 'set-password', '--user-name', userName, '--endpoint-url', url], {
    input: PASSWORD,
    env: {
      AWS_ACCESS_KEY_ID: root.accessKeyId,
      AWS_SECRET_ACCESS_KEY: root.secretAccessKey,
      AWS_REGION: REGION,
      HOME: '/nonexistent',
    },
  })
  const portal = await signInToPortal(url, userName, PASSWORD)
  const oidc = new SSOOIDCClient({ region: REGION, endpoint: url, maxAttempts: 1 })
  const client = await oidc.send(
    new RegisterClientCommand({
      clientName: 'bench-scale',
      clientType: 'public',
      scopes: ['sso:account:access'],
    }),
  )
  const auth = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: client.clientId!,
      clientSecret: client.clientSecret!,
      startUrl: `${url}/portal`,
    }),
  )
  await portal.approveDevice(auth.userCode!)
  const token = await oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId!,
      clientSecret: client.clientSecret!,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: auth.deviceCode!,
    }),
  )
  oidc.destroy()
  return token.accessToken!
}
