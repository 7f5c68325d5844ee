import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { formatProblems } from './file-problem.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

const EXAMPLE = new URL('../../../examples/securecart/org.yaml', import.meta.url)

const MINIMAL = `
organization:
  managementAccount: { name: Mgmt, email: mgmt@example.com }
organizationalUnits:
  - name: Workloads
    children: [{ name: Prod }]
accounts:
  - { name: Infra, email: infra@example.com }
  - name: Prod
    email: prod@example.com
    ou: Workloads/Prod
`

function problemsOf(text: string) {
  const result = parseOrganizationFile(text, 'test.yaml')
  assert.equal(result.ok, false, 'expected problems')
  return result.ok ? [] : result.problems
}

/** Asserts one problem whose path and message match. */
function expectProblem(text: string, path: string, message: RegExp, line?: number) {
  const problems = problemsOf(text)
  const hit = problems.find((p) => p.path === path && message.test(p.message))
  assert.ok(
    hit,
    `no problem at ${path} matching ${message}; got:\n${formatProblems(problems, 'test.yaml')}`,
  )
  if (line !== undefined) assert.equal(hit.line, line)
}

describe('parseOrganizationFile', () => {
  it('accepts the SecureCart example', () => {
    const result = parseOrganizationFile(readFileSync(EXAMPLE, 'utf8'), 'org.yaml')
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems, 'org.yaml'))
    const { file } = result
    assert.equal(file.management.name, 'SecureCart')
    assert.deepEqual(
      file.organizationalUnits.map((ou) => ou.path),
      ['Security', 'Infrastructure', 'Workloads', 'Workloads/NonProd', 'Workloads/Prod'],
    )
    assert.deepEqual(
      file.accounts.map((a) => [a.name, a.ou]),
      [
        ['Security', 'Security'],
        ['Log Archive', 'Security'],
        ['Infra', 'Infrastructure'],
        ['Dev', 'Workloads/NonProd'],
        ['Staging', 'Workloads/NonProd'],
        ['Prod', 'Workloads/Prod'],
      ],
    )
    const dev = file.accounts.find((a) => a.name === 'Dev')
    assert.deepEqual(dev?.roles[0]?.trustPolicy, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::{{account:Infra}}:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    })
    assert.deepEqual(dev?.roles[0]?.managedPolicies, [
      {
        kind: 'aws',
        name: 'AmazonS3FullAccess',
        arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      },
    ])
    const prod = file.accounts.find((a) => a.name === 'Prod')
    const auditor = prod?.roles.find((r) => r.name === 'ThirdPartyAuditor')
    assert.deepEqual((auditor?.trustPolicy.Statement as object[])[0], {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'SecureCart-Audit-2024' } },
    })
    const admin = prod?.roles.find((r) => r.name === 'ProdAdmin')
    assert.deepEqual((admin?.trustPolicy.Statement as { Condition: unknown }[])[0]?.Condition, {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    })
    const infra = file.accounts.find((a) => a.name === 'Infra')
    assert.deepEqual(infra?.users[0]?.permissionsBoundary, {
      kind: 'customer',
      name: 'DeployerBoundary',
    })
    assert.deepEqual(
      file.policies.map((p) => [p.type, p.name, p.targets]),
      [
        [
          'SERVICE_CONTROL_POLICY',
          'DenyIamUsersInWorkloads',
          { root: false, ous: ['Workloads'], accounts: [] },
        ],
        ['SERVICE_CONTROL_POLICY', 'ProtectCloudTrail', { root: true, ous: [], accounts: [] }],
        [
          'SERVICE_CONTROL_POLICY',
          'AllowedRegionsNorthAmericaEurope',
          { root: true, ous: [], accounts: [] },
        ],
        [
          'RESOURCE_CONTROL_POLICY',
          'EnforceSecureTransportForS3',
          { root: false, ous: ['Workloads'], accounts: [] },
        ],
      ],
    )
  })

  it('accepts a minimal file and SCP content given as JSON text, kept verbatim', () => {
    const content =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}'
    const text = `${MINIMAL}serviceControlPolicies:
  - name: NoS3
    content: '${content}'
    targets: { accounts: [Prod], ous: [Workloads], root: true }
`
    const result = parseOrganizationFile(text, 'test.yaml')
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems, 'test.yaml'))
    assert.equal(result.file.policies[0]?.content, content)
    assert.equal(result.file.policies[0]?.description, '')
  })

  it('reports YAML syntax errors with line and column', () => {
    const problems = problemsOf('organization:\n  managementAccount: [unclosed\n')
    assert.match(problems[0]?.message ?? '', /^YAML syntax error/)
    assert.equal(typeof problems[0]?.line, 'number')
    assert.equal(typeof problems[0]?.column, 'number')
  })

  it('reports duplicate YAML keys', () => {
    const problems = problemsOf('organization: {}\norganization: {}\n')
    assert.match(problems[0]?.message ?? '', /YAML syntax error.*unique/i)
  })

  const cases: { name: string; text: string; path: string; message: RegExp; line?: number }[] = [
    {
      name: 'an unknown top-level key, at its line',
      text: `${MINIMAL}acounts: []\n`,
      path: 'acounts',
      message:
        /unknown key 'acounts' \(expected one of: organization, organizationalUnits, accounts/,
      line: 12,
    },
    {
      name: 'a missing email',
      text: MINIMAL.replace('{ name: Infra, email: infra@example.com }', '{ name: Infra }'),
      path: 'accounts[0]',
      message: /missing required key 'email'/,
    },
    {
      name: 'an account in an undeclared OU',
      text: MINIMAL.replace('ou: Workloads/Prod', 'ou: Workloads/Dev'),
      path: 'accounts[1].ou',
      message: /OU 'Workloads\/Dev' is not declared/,
    },
    {
      name: 'a bad email',
      text: MINIMAL.replace('infra@example.com', 'infra'),
      path: 'accounts[0].email',
      message: /expected an email address/,
    },
    {
      name: 'duplicate account names',
      text: MINIMAL.replace('name: Prod\n', 'name: Infra\n').replace(
        'ou: Workloads/Prod',
        'ou: Workloads',
      ),
      path: 'accounts[1].name',
      message: /duplicate account name 'Infra'/,
    },
    {
      name: 'a trust on an undeclared account',
      text: `${MINIMAL}    roles:\n      - { name: R, trust: { accounts: [Nope] } }\n`,
      path: 'accounts[1].roles[0].trust.accounts[0]',
      message: /account 'Nope' is not declared/,
    },
    {
      name: 'an external account id written as a number',
      text: `${MINIMAL}    roles:\n      - { name: R, trust: { principals: [999999999999] } }\n`,
      path: 'accounts[1].roles[0].trust.principals[0]',
      message: /expected a string.*quote it: '999999999999'/,
    },
    {
      name: 'a role with both trust forms',
      text: `${MINIMAL}    roles:\n      - name: R\n        trust: { accounts: [Infra] }\n        trustPolicy: {}\n`,
      path: 'accounts[1].roles[0]',
      message: /either 'trust'.*not both/,
    },
    {
      name: 'a role without trust',
      text: `${MINIMAL}    roles:\n      - name: R\n`,
      path: 'accounts[1].roles[0]',
      message: /a role needs 'trust'/,
    },
    {
      name: 'a session duration out of range',
      text: `${MINIMAL}    roles:\n      - { name: R, trust: { accounts: [Infra] }, maxSessionDuration: 60 }\n`,
      path: 'accounts[1].roles[0].maxSessionDuration',
      message: /between 3600 and 43200/,
    },
    {
      name: 'a user in an undeclared group',
      text: `${MINIMAL}    users:\n      - { name: bob, groups: [admins] }\n`,
      path: 'accounts[1].users[0].groups[0]',
      message: /group 'admins' is not declared in account 'Prod'/,
    },
    {
      name: 'an unknown managed policy name',
      text: `${MINIMAL}    users:\n      - { name: bob, managedPolicies: [ReadOnlyAcess] }\n`,
      path: 'accounts[1].users[0].managedPolicies[0]',
      message:
        /'ReadOnlyAcess' is neither a policy declared in account 'Prod' nor an AWS managed policy/,
    },
    {
      name: 'a malformed policy ARN',
      text: `${MINIMAL}    users:\n      - { name: bob, permissionsBoundary: 'arn:aws:s3:::bucket' }\n`,
      path: 'accounts[1].users[0].permissionsBoundary',
      message: /is not a policy ARN/,
    },
    {
      name: 'an invalid IAM name',
      text: `${MINIMAL}    users:\n      - { name: 'bob smith' }\n`,
      path: 'accounts[1].users[0].name',
      message: /'bob smith' is not valid/,
    },
    {
      name: 'an inline policy the engine rejects, at the statement',
      text: `${MINIMAL}    users:\n      - name: bob\n        inlinePolicies:\n          - name: P\n            document: { Version: '2012-10-17', Statement: [{ Effect: Maybe, Action: 's3:*', Resource: '*' }] }\n`,
      path: 'accounts[1].users[0].inlinePolicies[0].document.Statement[0].Effect',
      message: /Effect/,
    },
    {
      name: 'a policy document that is not JSON',
      text: `${MINIMAL}    policies:\n      - { name: P, document: '{not json' }\n`,
      path: 'accounts[1].policies[0].document',
      message: /not valid JSON/,
    },
    {
      name: 'an unknown placeholder',
      text: `${MINIMAL}    policies:\n      - name: P\n        document: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::{{account:Nope}}:role/R' }] }\n`,
      path: 'accounts[1].policies[0].document',
      message: /'\{\{account:Nope\}\}' names an account that the file does not declare/,
    },
    {
      name: 'an SCP with a Principal',
      text: `${MINIMAL}serviceControlPolicies:\n  - name: S\n    content: { Version: '2012-10-17', Statement: [{ Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*' }] }\n`,
      path: 'serviceControlPolicies[0].content.Statement[0].Principal',
      message: /principal/i,
    },
    {
      name: 'an SCP target that is not declared',
      text: `${MINIMAL}serviceControlPolicies:\n  - name: S\n    content: { Version: '2012-10-17', Statement: [{ Effect: Deny, Action: 's3:*', Resource: '*' }] }\n    targets: { ous: [Sandbox], accounts: [Nope] }\n`,
      path: 'serviceControlPolicies[0].targets.ous[0]',
      message: /OU 'Sandbox' is not declared/,
    },
    {
      name: 'a group given to a user as a mapping instead of a list',
      text: `${MINIMAL}    users:\n      - { name: bob, groups: { a: b } }\n`,
      path: 'accounts[1].users[0].groups',
      message: /expected a list, found a mapping/,
    },
  ]
  for (const c of cases)
    it(`reports ${c.name}`, () => expectProblem(c.text, c.path, c.message, c.line))

  it('reports every problem at once', () => {
    const text = MINIMAL.replace('infra@example.com', 'not-an-email').replace(
      'ou: Workloads/Prod',
      'ou: Nope',
    )
    assert.equal(problemsOf(text).length, 2)
  })

  it('rejects a file that is not a mapping, and an empty file', () => {
    assert.match(problemsOf('- a\n- b\n')[0]?.message ?? '', /expected a mapping, found a list/)
    assert.match(problemsOf('')[0]?.message ?? '', /missing required key 'organization'/)
  })
})
