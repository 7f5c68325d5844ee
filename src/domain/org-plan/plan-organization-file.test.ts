import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseOrganizationFile, type OrgFileClient } from '../org-file/index.ts'
import {
  ChangeTransaction,
  exportOrganizationText,
  planOrganizationFile,
  runPlan,
  type RunningIam,
  type RunningOrganization,
} from './index.ts'

const MGMT = '111111111111'
const DEV = '222222222222'
const trustMgmt = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' },
  ],
}
const readS3 = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
}

function devIam(extra: Partial<RunningIam> = {}): RunningIam {
  return {
    users: new Map([
      [
        'bob',
        {
          name: 'bob',
          path: '/',
          arn: `arn:aws:iam::${DEV}:user/bob`,
          groups: ['readers'],
          inline: new Map(),
          attached: [],
          boundary: undefined,
          tags: [{ Key: 'team', Value: 'data' }],
        },
      ],
    ]),
    groups: new Map([
      [
        'readers',
        {
          name: 'readers',
          path: '/',
          inline: new Map([['Read', readS3]]),
          attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        },
      ],
    ]),
    roles: new Map([
      [
        'organizationaccountaccessrole',
        {
          name: 'OrganizationAccountAccessRole',
          path: '/',
          arn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`,
          description: '',
          maxSessionDuration: 3600,
          trust: trustMgmt,
          inline: new Map(),
          attached: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          boundary: undefined,
          tags: [],
        },
      ],
      [
        'app',
        {
          name: 'app',
          path: '/',
          arn: `arn:aws:iam::${DEV}:role/app`,
          description: 'The app',
          maxSessionDuration: 7200,
          trust: trustMgmt,
          inline: new Map(),
          attached: [`arn:aws:iam::${DEV}:policy/Boundary`],
          boundary: `arn:aws:iam::${DEV}:policy/Boundary`,
          tags: [],
        },
      ],
    ]),
    policies: new Map([
      [
        'boundary',
        {
          name: 'Boundary',
          path: '/',
          arn: `arn:aws:iam::${DEV}:policy/Boundary`,
          description: 'Most a role may do',
          document: readS3,
          defaultVersionId: 'v1',
          versionIds: ['v1'],
        },
      ],
    ]),
    ...extra,
  }
}

function running(iam: RunningIam = devIam()): RunningOrganization {
  return {
    exists: true,
    organizationId: 'o-abcdefghij',
    managementAccountId: MGMT,
    rootId: 'r-root',
    enabledPolicyTypes: new Set(['SERVICE_CONTROL_POLICY']),
    ous: [{ id: 'ou-1', name: 'Workloads', path: 'Workloads', parentId: 'r-root' }],
    accounts: [
      { id: MGMT, name: 'Mgmt', email: 'm@x.example', status: 'ACTIVE', parentId: 'r-root' },
      { id: DEV, name: 'Dev', email: 'd@x.example', status: 'ACTIVE', parentId: 'ou-1' },
    ],
    policies: [
      {
        id: 'p-full',
        name: 'FullAWSAccess',
        type: 'SERVICE_CONTROL_POLICY',
        description: '',
        content: '{}',
        awsManaged: true,
        targetIds: ['r-root'],
      },
      {
        id: 'p-1',
        name: 'DenyLeave',
        type: 'SERVICE_CONTROL_POLICY',
        description: 'Stay',
        content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
        }),
        awsManaged: false,
        targetIds: ['ou-1'],
      },
    ],
    iam: new Map([
      [MGMT, { users: new Map(), groups: new Map(), roles: new Map(), policies: new Map() }],
      [DEV, iam],
    ]),
    callerArn: `arn:aws:iam::${MGMT}:user/admin`,
  }
}

const parse = (text: string) => {
  const parsed = parseOrganizationFile(text, 'org.yaml')
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return parsed.file
}

test('an export plans to no change against the organization it came from, with --prune too', () => {
  const text = exportOrganizationText(running())
  assert.match(text, /AWS: arn:aws:iam::\{\{account:Mgmt\}\}:root/)
  assert.match(text, /permissionsBoundary: Boundary/)
  assert.match(text, /- ReadOnlyAccess/)
  assert.doesNotMatch(text, /FullAWSAccess/)
  const file = parse(text)
  for (const prune of [false, true])
    assert.deepEqual(planOrganizationFile(file, running(), { prune }).changes, [])
  assert.equal(exportOrganizationText(running()), text, 'two exports differ')
})

test('a changed field is an update with before and after; what the file omits stays without --prune', () => {
  const text = exportOrganizationText(running())
    .replace('description: The app', 'description: The new app')
    .replace(/ {6}- name: bob\n( {8}.*\n)+/, '')
  const file = parse(text)
  const plan = planOrganizationFile(file, running(), { prune: false })
  assert.deepEqual(
    plan.changes.map((c) => [c.action, c.kind, c.name, c.fields]),
    [
      [
        'update',
        'role',
        'app',
        [{ field: 'description', before: 'The app', after: 'The new app' }],
      ],
    ],
  )
  assert.deepEqual(plan.changes[0]!.at, ['accounts', 0, 'roles', 1])
  const pruned = planOrganizationFile(file, running(), { prune: true })
  assert.deepEqual(
    pruned.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
    ['update role app', 'delete user bob'],
  )
})

test('prune never deletes the caller, OrganizationAccountAccessRole or service roles', () => {
  const text = exportOrganizationText(running())
  const file = parse(text.replace(/ {6}- name: OrganizationAccountAccessRole\n( {8}.*\n)+/, ''))
  const iam = devIam()
  const roles = new Map(iam.roles)
  roles.set('awsservicerolefores', {
    ...iam.roles.get('app')!,
    name: 'AWSServiceRoleForES',
    path: '/aws-service-role/es.amazonaws.com/',
  })
  const org = running({ ...iam, roles })
  const plan = planOrganizationFile(file, org, { prune: true })
  assert.deepEqual(plan.changes, [])
})

test('a new account and what it holds are created, ids known after apply', () => {
  const text = exportOrganizationText(running()).replace(
    'accounts:\n',
    'accounts:\n  - name: Prod\n    email: p@x.example\n    ou: Workloads\n    roles:\n      - name: ops\n        trust: { accounts: [Mgmt] }\n',
  )
  const plan = planOrganizationFile(parse(text), running(), { prune: false })
  assert.deepEqual(
    plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
    ['create account Prod', 'create role ops'],
  )
})

test('a failing change is undone call by call and the others still run', async () => {
  const calls: string[] = []
  const client: OrgFileClient = {
    async call(_service, operation, input) {
      calls.push(`${operation} ${JSON.stringify(input)}`)
      if (operation === 'AttachRolePolicy' && input.RoleName === 'ops')
        throw Object.assign(new Error('NoSuchEntity: no such policy'), { code: 'NoSuchEntity' })
      return {}
    },
  }
  const text = exportOrganizationText(running()).replace(
    'roles:\n',
    "roles:\n      - name: ops\n        trust: { accounts: [Mgmt] }\n        managedPolicies: ['arn:aws:iam::{{account:Dev}}:policy/Missing']\n      - name: ops2\n        trust: { accounts: [Mgmt] }\n",
  )
  const plan = planOrganizationFile(parse(text), running(), { prune: false })
  const result = await runPlan(plan, client, { concurrency: 1 })
  assert.equal(result.applied, 1)
  assert.equal(result.failed.length, 1)
  assert.match(result.failed[0]!.error, /NoSuchEntity/)
  assert.deepEqual(
    calls.map((c) => c.split(' ')[0]),
    ['CreateRole', 'AttachRolePolicy', 'DeleteRole', 'CreateRole'],
  )
  const tx = new ChangeTransaction(client)
  assert.deepEqual(await tx.rollback(), [])
})

test('with --prune an omitted optional field means IAM default; a path the file gives always counts', async () => {
  const iam = devIam()
  const bob = iam.users.get('bob')!
  const org = running({ ...iam, users: new Map([['bob', { ...bob, path: '/ops/' }]]) })
  const exported = exportOrganizationText(org)
  assert.match(exported, /path: \/ops\//)
  assert.match(exported, /maxSessionDuration: 7200/)
  const text = exported
    .replace(/ {8}description: The app\n/, '')
    .replace(/ {8}maxSessionDuration: 7200\n/, '')
    .replace(/ {8}path: \/ops\/\n/, '')
    .replace(/( {6}- name: readers\n)/, '$1        path: /team/\n')
    .replace(/( {6}- name: app\n)/, '$1        path: /apps/\n')
  const file = parse(text)
  const additive = planOrganizationFile(file, org, { prune: false })
  assert.deepEqual(
    additive.changes.map((c) => [c.kind, c.name, c.fields]),
    [['group', 'readers', [{ field: 'path', before: '/', after: '/team/' }]]],
  )
  assert.deepEqual(
    additive.notes.filter((n) => n.startsWith('role')),
    [
      "role Dev/app: path / → /apps/ not applied: IAM sets a role's path only when it creates it (remove it from the file, apply --prune, then add it back)",
    ],
  )
  const pruned = planOrganizationFile(file, org, { prune: true })
  assert.deepEqual(
    pruned.changes.map((c) => [c.kind, c.name, c.fields]),
    [
      ['group', 'readers', [{ field: 'path', before: '/', after: '/team/' }]],
      [
        'role',
        'app',
        [
          { field: 'description', before: 'The app' },
          { field: 'maxSessionDuration', before: 7200, after: 3600 },
        ],
      ],
      ['user', 'bob', [{ field: 'path', before: '/ops/', after: '/' }]],
    ],
  )
  const calls: string[] = []
  const client: OrgFileClient = {
    async call(_service, operation, input) {
      calls.push(`${operation} ${JSON.stringify(input)}`)
      return {}
    },
  }
  await runPlan(pruned, client, { concurrency: 1 })
  assert.deepEqual(calls, [
    'UpdateGroup {"GroupName":"readers","NewPath":"/team/"}',
    'UpdateRoleDescription {"RoleName":"app","Description":""}',
    'UpdateRole {"RoleName":"app","MaxSessionDuration":3600}',
    'UpdateUser {"UserName":"bob","NewPath":"/"}',
  ])
})

test('instance profiles: exported, planned to no change, created with their role, pruned', async () => {
  const iam = devIam()
  const profile = (name: string, roles: string[], tags: { Key: string; Value: string }[]) => ({
    name,
    path: '/',
    arn: `arn:aws:iam::${DEV}:instance-profile/${name}`,
    roles,
    tags,
  })
  const org = running({
    ...iam,
    instanceProfiles: new Map([['app', profile('app', ['app'], [{ Key: 'tier', Value: 'web' }])]]),
  })
  const exported = exportOrganizationText(org)
  assert.match(
    exported,
    /instanceProfiles:\n {6}- name: app\n {8}role: app\n {8}tags:\n {10}tier: web\n/,
  )
  for (const prune of [false, true])
    assert.deepEqual(planOrganizationFile(parse(exported), org, { prune }).changes, [])
  const text = exported.replace(
    '      - name: app\n        role: app\n',
    '      - name: batch\n        role: app\n',
  )
  const additive = planOrganizationFile(parse(text), org, { prune: false })
  assert.deepEqual(
    additive.changes.map((c) => [c.action, c.kind, c.name, c.fields]),
    [
      [
        'create',
        'instanceProfile',
        'batch',
        [
          { field: 'path', after: '/' },
          { field: 'tags.tier', after: 'web' },
          { field: 'role', after: 'app' },
        ],
      ],
    ],
  )
  const pruned = planOrganizationFile(parse(text), org, { prune: true })
  const calls: string[] = []
  const client: OrgFileClient = {
    async call(_service, operation, input) {
      calls.push(`${operation} ${JSON.stringify(input)}`)
      return {}
    },
  }
  await runPlan(pruned, client, { concurrency: 1 })
  assert.deepEqual(calls, [
    'CreateInstanceProfile {"InstanceProfileName":"batch","Path":"/","Tags":[{"Key":"tier","Value":"web"}]}',
    'AddRoleToInstanceProfile {"InstanceProfileName":"batch","RoleName":"app"}',
    'RemoveRoleFromInstanceProfile {"InstanceProfileName":"app","RoleName":"app"}',
    'DeleteInstanceProfile {"InstanceProfileName":"app"}',
  ])
  // The role a profile names must be one of the account's roles.
  const bad = parseOrganizationFile(
    text.replace('role: app\n        tags', 'role: ghost\n        tags'),
    'org.yaml',
  )
  assert.equal(bad.ok, false)
  assert.match(
    JSON.stringify(!bad.ok && bad.problems),
    /role 'ghost' is not declared in account 'Dev' \(expected one of: /,
  )
})
