import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatProblems } from './file-problem.ts'
import { parseOrganizationFile } from './parse-organization-file.ts'

/** Files in memory, keyed by the path the parser asks for. */
function reader(files: Record<string, string>) {
  return (path: string) => {
    const text = files[path]
    if (text === undefined) throw new Error('ENOENT: no such file')
    return text
  }
}

const MAIN = `
organization:
  managementAccount: { name: Mgmt, email: mgmt@example.com }
include: [iam/dev.yaml, identity-center.yaml]
organizationalUnits: [{ name: Workloads }]
accounts:
  - { name: Prod, email: prod@example.com, ou: Workloads }
`
const DEV = `
accounts:
  - name: Dev
    email: dev@example.com
    ou: Workloads
    roles:
      - name: App
        trust: { accounts: [Prod] }
`
const IC = `
identityCenter:
  users:
    - userName: dana
      name: { givenName: Dana, familyName: D }
  groups: [{ name: Developers, members: [dana] }]
  permissionSets: [{ name: Dev, managedPolicies: [PowerUserAccess] }]
  assignments:
    - { group: Developers, permissionSet: Dev, accounts: [Dev] }
`

describe('include', () => {
  it('merges included files relative to the including one', () => {
    const files = { 'org/iam/dev.yaml': DEV, 'org/identity-center.yaml': IC }
    const result = parseOrganizationFile(MAIN, 'org/main.yaml', { readFile: reader(files) })
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems, 'org/main.yaml'))
    assert.deepEqual(result.file.files, [
      'org/main.yaml',
      'org/iam/dev.yaml',
      'org/identity-center.yaml',
    ])
    assert.deepEqual(
      result.file.accounts.map((a) => a.name),
      ['Prod', 'Dev'],
    )
    assert.equal(result.file.identityCenter.assignments[0]?.account, 'Dev')
  })

  it('places a problem of an included file in that file, at its own path and line', () => {
    const files = {
      'org/iam/dev.yaml': DEV.replace('accounts: [Prod]', 'accounts: [Prd]'),
      'org/identity-center.yaml': IC.replace('members: [dana]', 'members: [dan]'),
    }
    const result = parseOrganizationFile(MAIN, 'org/main.yaml', { readFile: reader(files) })
    assert.ok(!result.ok)
    const text = formatProblems(result.problems, 'org/main.yaml')
    assert.match(text, /^org\/iam\/dev\.yaml:8:\d+: accounts\[0\]\.roles\[0\]\.trust/m)
    assert.match(
      text,
      /^org\/identity-center\.yaml:6:\d+: identityCenter\.groups\[0\]\.members\[0\]: user 'dan'/m,
    )
  })

  it('reports a cycle and a file included twice where the include is written', () => {
    const files = {
      'a.yaml': 'include: [b.yaml]\n',
      'b.yaml': 'include: [a.yaml, ./a.yaml]\n',
    }
    const main = `${MAIN.replace('[iam/dev.yaml, identity-center.yaml]', '[a.yaml, b.yaml]')}`
    const result = parseOrganizationFile(main, 'main.yaml', { readFile: reader(files) })
    assert.ok(!result.ok)
    const text = formatProblems(result.problems, 'main.yaml')
    assert.match(
      text,
      /^main\.yaml:4:\d+: include\[1\]: 'b\.yaml' is already included \(from a\.yaml:1\)/m,
    )
    assert.match(
      text,
      /^b\.yaml:1:\d+: include\[0\]: include cycle: main\.yaml → a\.yaml → b\.yaml → a\.yaml/m,
    )
    const cyc = parseOrganizationFile(
      'include: [main.yaml]\n' + MAIN.replace(/include:.*\n/, ''),
      'main.yaml',
      {
        readFile: reader({}),
      },
    )
    assert.ok(!cyc.ok)
    assert.match(
      formatProblems(cyc.problems, 'main.yaml'),
      /include cycle: main\.yaml → main\.yaml/,
    )
    const loop = parseOrganizationFile(
      MAIN.replace('[iam/dev.yaml, identity-center.yaml]', '[x.yaml]'),
      'main.yaml',
      {
        readFile: reader({ 'x.yaml': 'include: [y.yaml]\n', 'y.yaml': 'include: [x.yaml]\n' }),
      },
    )
    assert.ok(!loop.ok)
    assert.match(
      formatProblems(loop.problems, 'main.yaml'),
      /^y\.yaml:1:\d+: include\[0\]: include cycle: main\.yaml → x\.yaml → y\.yaml → x\.yaml/m,
    )
  })

  it('reports a missing file, a second organization and unknown keys', () => {
    const result = parseOrganizationFile(MAIN, 'main.yaml', {
      readFile: reader({
        'iam/dev.yaml': 'organization: {}\nfoo: 1\n',
      }),
    })
    assert.ok(!result.ok)
    const text = formatProblems(result.problems, 'main.yaml')
    assert.match(
      text,
      /^iam\/dev\.yaml:1:1: organization: organization is already declared in main\.yaml/m,
    )
    assert.match(text, /^iam\/dev\.yaml:2:1: foo: unknown key 'foo'/m)
    assert.match(
      text,
      /^main\.yaml:4:\d+: include\[1\]: cannot read 'identity-center\.yaml': ENOENT/m,
    )
  })

  it('refuses includes when files cannot be read', () => {
    const result = parseOrganizationFile(MAIN, 'main.yaml')
    assert.ok(!result.ok)
    assert.match(result.problems[0]?.message ?? '', /includes are read only from files on disk/)
  })
})
