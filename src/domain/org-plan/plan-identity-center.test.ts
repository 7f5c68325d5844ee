import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseOrganizationFile, type OrgFileClient } from '../org-file/index.ts'
import { ChangeTransaction } from './plan-model.ts'
import { planIdentityCenter } from './plan-identity-center.ts'
import type { RunningIdentityCenter } from './running-identity-center.ts'

const DEV = '222222222222'
const INSTANCE = 'arn:aws:sso:::instance/ssoins-1'
const SET = `${INSTANCE.replace('instance', 'permissionSet')}/ps-1`
const deny = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }],
}

const FILE = `
organization:
  managementAccount: { name: Management, email: m@example.com }
accounts:
  - { name: Dev, email: dev@example.com }
identityCenter:
  users:
    - userName: dana
      name: { givenName: Dana, familyName: Developer }
      emails: [dana@example.com]
  groups:
    - name: Developers
      description: Builders
      members: [dana]
  permissionSets:
    - name: DeveloperAccess
      description: Build
      sessionDuration: PT8H
      managedPolicies: [PowerUserAccess]
      inlinePolicy:
        Version: '2012-10-17'
        Statement:
          - { Effect: Deny, Action: cloudtrail:StopLogging, Resource: '*' }
      tags: { team: dev }
  assignments:
    - { group: Developers, permissionSet: DeveloperAccess, accounts: [Dev] }
`

function spec(text = FILE) {
  const parsed = parseOrganizationFile(text, 'org.yaml')
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return parsed.file.identityCenter
}

/** The running Identity Center as applying FILE leaves it, changed by `edit`. */
function running(edit: (r: RunningIdentityCenter) => RunningIdentityCenter = (r) => r) {
  return edit({
    instanceArn: INSTANCE,
    identityStoreId: 'd-1',
    users: [
      {
        id: 'u-dana',
        userName: 'dana',
        displayName: 'Dana Developer',
        givenName: 'Dana',
        familyName: 'Developer',
        emails: [{ value: 'dana@example.com', type: 'work', primary: true }],
      },
    ],
    groups: [
      {
        id: 'g-dev',
        displayName: 'Developers',
        description: 'Builders',
        members: [{ userName: 'dana', membershipId: 'm-1' }],
      },
    ],
    permissionSets: [
      {
        arn: SET,
        name: 'DeveloperAccess',
        description: 'Build',
        sessionDuration: 'PT8H',
        relayState: undefined,
        managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        customerManagedPolicies: [],
        inlinePolicy: JSON.stringify(deny),
        permissionsBoundary: undefined,
        tags: [{ Key: 'team', Value: 'dev' }],
        provisionedTo: [DEV],
      },
    ],
    assignments: [
      { accountId: DEV, permissionSetArn: SET, principalType: 'GROUP', principalId: 'g-dev' },
    ],
  })
}

const plan = (r: RunningIdentityCenter | undefined, prune: boolean, text?: string) =>
  planIdentityCenter({
    spec: spec(text),
    running: r,
    values: { accountIds: new Map([['Dev', DEV]]), organizationId: 'o-1' },
    accountNames: new Map([[DEV, 'Dev']]),
    prune,
  })

const brief = (changes: ReturnType<typeof plan>) =>
  changes.map((c) => `${c.action} ${c.kind} ${c.name}`)

test('what the file says, applied, plans no change (with and without prune)', () => {
  assert.deepEqual(plan(running(), false), [])
  assert.deepEqual(plan(running(), true), [])
})

test('with no instance yet everything is created, passwords never shown', () => {
  const text = FILE.replace(
    'emails: [dana@example.com]',
    'emails: [dana@example.com]\n      initialPassword: generate',
  )
  const changes = plan(undefined, false, text)
  assert.deepEqual(brief(changes), [
    'create ssoUser dana',
    'create ssoGroup Developers',
    'create permissionSet DeveloperAccess',
    'create assignment DeveloperAccess to group Developers in Dev',
  ])
  const user = changes[0]!
  assert.deepEqual(user.at, ['identityCenter', 'users', 0])
  assert.deepEqual(
    user.fields.find((f) => f.field === 'initialPassword'),
    { field: 'initialPassword', after: '(generated, never shown)' },
  )
  assert.equal(
    changes.every((c) => c.run === undefined),
    true,
  )
})

test('a changed permission set shows each field that differs', () => {
  const changes = plan(
    running((r) => ({
      ...r,
      permissionSets: r.permissionSets.map((p) => ({
        ...p,
        sessionDuration: 'PT1H',
        inlinePolicy: undefined,
        tags: [{ Key: 'team', Value: 'ops' }],
      })),
    })),
    false,
  )
  assert.deepEqual(brief(changes), ['update permissionSet DeveloperAccess'])
  assert.deepEqual(changes[0]!.fields, [
    { field: 'sessionDuration', before: 'PT1H', after: 'PT8H' },
    { field: 'inlinePolicy', after: deny },
    { field: 'tags.team', before: 'ops', after: 'dev' },
  ])
  assert.equal(changes[0]!.run, undefined, 'made by applyIdentityCenter')
})

test('a user and group detail changed shows before and after', () => {
  const changes = plan(
    running((r) => ({
      ...r,
      users: r.users.map((u) => ({ ...u, displayName: 'D', emails: [] })),
      groups: r.groups.map((g) => ({ ...g, description: 'old' })),
    })),
    false,
  )
  assert.deepEqual(
    changes.map((c) => c.fields),
    [
      [
        { field: 'displayName', before: 'D', after: 'Dana Developer' },
        { field: 'emails', after: 'dana@example.com (work) primary' },
      ],
      [{ field: 'description', before: 'old', after: 'Builders' }],
    ],
  )
})

test('what the file no longer names is deleted only with prune, with its calls', async () => {
  const extra = running((r) => ({
    ...r,
    users: [
      ...r.users,
      {
        id: 'u-old',
        userName: 'old',
        displayName: 'Old',
        givenName: 'O',
        familyName: 'Ld',
        emails: [],
      },
    ],
    groups: r.groups.map((g) => ({
      ...g,
      members: [...g.members, { userName: 'old', membershipId: 'm-2' }],
    })),
    permissionSets: r.permissionSets.map((p) => ({
      ...p,
      managedPolicies: [...p.managedPolicies, 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    })),
    assignments: [
      ...r.assignments,
      { accountId: DEV, permissionSetArn: SET, principalType: 'USER', principalId: 'u-old' },
    ],
  }))
  assert.deepEqual(plan(extra, false), [])
  const changes = plan(extra, true)
  assert.deepEqual(brief(changes), [
    'update ssoGroup Developers',
    'update permissionSet DeveloperAccess',
    'delete assignment DeveloperAccess to user old in Dev',
    'delete ssoUser old',
  ])
  assert.deepEqual(changes[0]!.fields, [{ field: 'members', before: 'old' }])
  assert.deepEqual(changes[1]!.fields, [
    { field: 'managedPolicies', before: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  ])
  assert.deepEqual(
    changes.map((c) => c.phase),
    [9, 9, 10, 12],
  )
  const calls: string[] = []
  const client: OrgFileClient = {
    call: async (_service, operation, input) => {
      calls.push(`${operation} ${JSON.stringify(input)}`)
      if (operation === 'DeleteAccountAssignment')
        return { AccountAssignmentDeletionStatus: { Status: 'IN_PROGRESS', RequestId: 'r-1' } }
      if (operation === 'DescribeAccountAssignmentDeletionStatus')
        return { AccountAssignmentDeletionStatus: { Status: 'SUCCEEDED', RequestId: 'r-1' } }
      if (operation === 'ProvisionPermissionSet')
        return { PermissionSetProvisioningStatus: { Status: 'IN_PROGRESS', RequestId: 'r-2' } }
      if (operation === 'DescribePermissionSetProvisioningStatus')
        return { PermissionSetProvisioningStatus: { Status: 'SUCCEEDED', RequestId: 'r-2' } }
      return {}
    },
  } as OrgFileClient
  for (const c of changes) await c.run!(new ChangeTransaction(client))
  assert.deepEqual(
    calls.map((c) => c.split(' ')[0]),
    [
      'DeleteGroupMembership',
      'DetachManagedPolicyFromPermissionSet',
      'ProvisionPermissionSet',
      'DescribePermissionSetProvisioningStatus',
      'DeleteAccountAssignment',
      'DescribeAccountAssignmentDeletionStatus',
      'DeleteUser',
    ],
  )
  assert.match(calls[0]!, /"MembershipId":"m-2"/)
  assert.match(calls[6]!, /"UserId":"u-old"/)
})

test('a membership removal that fails is undone', async () => {
  const [change] = plan(
    running((r) => ({
      ...r,
      groups: r.groups.map((g) => ({
        ...g,
        members: [...g.members, { userName: 'dana2', membershipId: 'm-9' }],
      })),
    })),
    true,
  )
  assert.equal(change!.kind, 'ssoGroup')
  const calls: string[] = []
  const client = {
    call: async (_s: string, operation: string) => {
      calls.push(operation)
      return {}
    },
  } as unknown as OrgFileClient
  const tx = new ChangeTransaction(client)
  await change!.run!(tx)
  assert.deepEqual(await tx.rollback(), [])
  assert.deepEqual(calls, ['DeleteGroupMembership', 'CreateGroupMembership'])
})
