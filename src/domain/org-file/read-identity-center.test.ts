import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatProblems, type FileProblem } from './file-problem.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

const BASE = `
organization:
  managementAccount: { name: Mgmt, email: mgmt@example.com }
organizationalUnits:
  - name: Workloads
    children: [{ name: NonProd }, { name: Prod }]
accounts:
  - { name: Dev, email: dev@example.com, ou: Workloads/NonProd }
  - { name: Staging, email: staging@example.com, ou: Workloads/NonProd }
  - { name: Prod, email: prod@example.com, ou: Workloads/Prod }
`

const IC = `${BASE}identityCenter:
  users:
    - userName: dana
      name: { givenName: Dana, familyName: Developer }
      emails: [dana@example.com]
      initialPassword: generate
    - userName: ravi
      displayName: Ravi R.
      name: { givenName: Ravi, familyName: Rao }
      emails: [{ value: ravi@example.com, type: home, primary: true }]
      initialPassword: { env: RAVI_PASSWORD }
  groups:
    - name: Developers
      description: Builds SecureCart
      members: [dana, ravi]
  permissionSets:
    - name: DeveloperAccess
      description: Build and deploy
      sessionDuration: PT8H
      relayState: https://console.aws.amazon.com/
      managedPolicies: [PowerUserAccess, arn:aws:iam::aws:policy/ReadOnlyAccess]
      customerManagedPolicies: [AppDeploy, /team/AppRead]
      inlinePolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: arn:aws:iam::{{account:Prod}}:role/x
      permissionsBoundary: { customerManagedPolicy: /boundaries/Dev }
      tags: { team: dev }
    - name: ReadOnlyAccess
      managedPolicies: [ReadOnlyAccess]
      permissionsBoundary: PowerUserAccess
  assignments:
    - group: Developers
      permissionSet: DeveloperAccess
      ous: [Workloads/NonProd]
      accounts: [Dev]
    - user: ravi
      permissionSet: ReadOnlyAccess
      ous: [Workloads]
`

function problemsOf(text: string): readonly FileProblem[] {
  const result = parseOrganizationFile(text, 'test.yaml')
  assert.equal(result.ok, false, 'expected problems')
  return result.ok ? [] : result.problems
}

function expectProblem(text: string, path: string, message: RegExp, line?: number) {
  const problems = problemsOf(text)
  const hit = problems.find((p) => p.path === path && message.test(p.message))
  assert.ok(hit, `no ${path} ~ ${message}; got:\n${formatProblems(problems, 'test.yaml')}`)
  if (line !== undefined) assert.equal(hit.line, line)
}

describe('identityCenter in organization files', () => {
  it('reads users, groups, memberships, permission sets and expanded assignments', () => {
    const result = parseOrganizationFile(IC, 'test.yaml')
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems, 'test.yaml'))
    const ic = result.file.identityCenter
    assert.deepEqual(ic.users[0], {
      userName: 'dana',
      displayName: 'Dana Developer',
      givenName: 'Dana',
      familyName: 'Developer',
      emails: [{ value: 'dana@example.com', type: 'work', primary: true }],
      initialPassword: { kind: 'generate' },
    })
    assert.deepEqual(ic.users[1]?.initialPassword, { kind: 'env', variable: 'RAVI_PASSWORD' })
    assert.equal(ic.users[1]?.displayName, 'Ravi R.')
    assert.deepEqual(ic.groups, [{ displayName: 'Developers', description: 'Builds SecureCart' }])
    assert.deepEqual(ic.memberships, [
      { group: 'Developers', userName: 'dana' },
      { group: 'Developers', userName: 'ravi' },
    ])
    const dev = ic.permissionSets[0]!
    assert.deepEqual(dev.managedPolicies, [
      'arn:aws:iam::aws:policy/PowerUserAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ])
    assert.deepEqual(dev.customerManagedPolicies, [
      { name: 'AppDeploy', path: '/' },
      { name: 'AppRead', path: '/team/' },
    ])
    assert.deepEqual(dev.permissionsBoundary, {
      kind: 'customer',
      reference: { name: 'Dev', path: '/boundaries/' },
    })
    assert.equal(dev.sessionDuration, 'PT8H')
    assert.equal(dev.relayState, 'https://console.aws.amazon.com/')
    assert.deepEqual(dev.tags, [{ Key: 'team', Value: 'dev' }])
    assert.ok(dev.inlinePolicy !== undefined)
    assert.deepEqual(ic.permissionSets[1]?.permissionsBoundary, {
      kind: 'managed',
      arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    })
    // The OU expands to Dev and Staging; Dev named twice counts once; Workloads covers nested OUs.
    assert.deepEqual(
      ic.assignments.map(
        (a) => `${a.principalType}:${a.principalName}:${a.permissionSet}:${a.account}`,
      ),
      [
        'GROUP:Developers:DeveloperAccess:Dev',
        'GROUP:Developers:DeveloperAccess:Staging',
        'USER:ravi:ReadOnlyAccess:Dev',
        'USER:ravi:ReadOnlyAccess:Staging',
        'USER:ravi:ReadOnlyAccess:Prod',
      ],
    )
  })

  it('is empty when the file has no identityCenter', () => {
    const result = parseOrganizationFile(BASE, 'test.yaml')
    assert.ok(result.ok)
    assert.deepEqual(result.file.identityCenter, {
      users: [],
      groups: [],
      memberships: [],
      permissionSets: [],
      assignments: [],
    })
  })

  it('reports references to undeclared names where they are written, with what was expected', () => {
    expectProblem(
      IC.replace('members: [dana, ravi]', 'members: [dana, rav]'),
      'identityCenter.groups[0].members[1]',
      /user 'rav' is not declared under identityCenter.users \(expected one of: dana, ravi\)/,
      25,
    )
    expectProblem(
      IC.replace('- group: Developers', '- group: Devs'),
      'identityCenter.assignments[0].group',
      /group 'Devs' is not declared .*expected one of: Developers/,
    )
    expectProblem(
      IC.replace('permissionSet: ReadOnlyAccess', 'permissionSet: ReadOnly'),
      'identityCenter.assignments[1].permissionSet',
      /permission set 'ReadOnly' is not declared .*expected one of: DeveloperAccess, ReadOnlyAccess/,
    )
    expectProblem(
      IC.replace('accounts: [Dev]', 'accounts: [Dve]'),
      'identityCenter.assignments[0].accounts[0]',
      /account 'Dve' is not declared in the file \(expected one of: Mgmt, Dev, Staging, Prod\)/,
    )
    expectProblem(
      IC.replace('ous: [Workloads]', 'ous: [Workload]'),
      'identityCenter.assignments[1].ous[0]',
      /OU 'Workload' is not declared/,
    )
  })

  it('reports bad fields', () => {
    expectProblem(
      IC.replace('PT8H', 'PT13H'),
      'identityCenter.permissionSets[0].sessionDuration',
      /expected an ISO 8601 duration from PT1H to PT12H/,
    )
    expectProblem(
      IC.replace('initialPassword: generate', 'initialPassword: Secret-123'),
      'identityCenter.users[0].initialPassword',
      /never holds a password/,
    )
    expectProblem(
      IC.replace('managedPolicies: [ReadOnlyAccess]', 'managedPolicies: [NoSuchPolicy]'),
      'identityCenter.permissionSets[1].managedPolicies[0]',
      /'NoSuchPolicy' is not an AWS managed policy/,
    )
    expectProblem(
      IC.replace('- user: ravi', '- user: ravi\n      group: Developers'),
      'identityCenter.assignments[1]',
      /either 'group' or 'user', not both/,
    )
    expectProblem(
      IC.replace('    - userName: ravi', '    - userName: DANA'),
      'identityCenter.users[1].userName',
      /duplicate user name 'DANA'/,
    )
    expectProblem(
      IC.replace('userName: ravi', 'userName: Administrator'),
      'identityCenter.users[1].userName',
      /'Administrator' is a name Identity Center reserves/,
    )
    expectProblem(
      IC.replace('{{account:Prod}}', '{{account:Nope}}'),
      'identityCenter.permissionSets[0].inlinePolicy',
      /names an account that the file does not declare/,
    )
  })
})
