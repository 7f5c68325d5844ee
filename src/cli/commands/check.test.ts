import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { ASSERTION_KINDS } from '../../analysis/index.ts'
import { parseAssertionsFile } from '../../domain/assertions/index.ts'
import { runXaccess } from '../../../test/support/xaccess-cli.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const ORG = join(ROOT, 'examples/securecart/org.yaml')
const ASSERTIONS = join(ROOT, 'examples/securecart/assertions.yaml')
const IMPORT = join(ROOT, 'test/fixtures/aws-import')
const dir = mkdtempSync(join(tmpdir(), 'xaccess-check-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface Report {
  results: {
    name: string
    status: string
    explanation: string
    failures: string[]
    paths: {
      principal: string
      hops: { from: string; to: string; conditions: Record<string, string[]> }[]
    }[]
  }[]
  passed: number
  failed: number
}

test('SecureCart keeps what the guides promise: every assertion passes, JUnit and JSON agree', async () => {
  const junit = join(dir, 'ok.xml')
  const r = await runXaccess([
    'check',
    '--org',
    ORG,
    '--assert',
    ASSERTIONS,
    '--junit',
    junit,
    '--json',
  ])
  assert.equal(r.status, 0, r.stderr + r.stdout)
  const report = JSON.parse(r.stdout) as Report
  assert.equal(report.failed, 0)
  assert.equal(report.passed, report.results.length)
  assert.ok(report.passed >= 9)
  const auditor = report.results.find((x) => /auditor reads/.test(x.name))!
  assert.deepEqual(auditor.paths[0]!.hops[0]!.conditions, {
    'sts:ExternalId': ['SecureCart-Audit-2024'],
  })
  assert.match(auditor.paths[0]!.hops[0]!.to, /:role\/ThirdPartyAuditor$/)
  const xml = readFileSync(junit, 'utf8')
  assert.match(xml, /<testsuites name="xaccess check" tests="\d+" failures="0"/)
  assert.equal(xml.match(/<testcase /g)?.length, report.results.length)
  const people = await runXaccess(['check', '--org', ORG, '--assert', ASSERTIONS])
  assert.equal(people.status, 0)
  assert.match(people.stdout, /^✔ the auditor reads Prod's data only with its ExternalId$/m)
  assert.match(people.stdout, /\[needs sts:ExternalId = SecureCart-Audit-2024\]/)
  assert.match(people.stdout, /\n\d+ passed, 0 failed\n$/)
})

test('a mutated SecureCart (the auditor’s ExternalId removed, an SCP detached) fails with the reasons', async () => {
  const original = readFileSync(ORG, 'utf8')
  const mutated = original
    .replace(/^ +externalId: SecureCart-Audit-2024\n/m, '')
    .replace(
      /(- name: DenyIamUsersInWorkloads\n(?:.*\n)*?\s+targets: )\{ ous: \[Workloads\] \}/,
      '$1{}',
    )
  assert.notEqual(mutated, original)
  assert.equal(mutated.split('\n').length, original.split('\n').length - 1)
  const file = join(dir, 'org.yaml')
  writeFileSync(file, mutated)
  const junit = join(dir, 'failed.xml')
  const r = await runXaccess([
    'check',
    '--org',
    file,
    '--assert',
    ASSERTIONS,
    '--json',
    '--junit',
    junit,
  ])
  assert.equal(r.status, 1, r.stderr)
  const report = JSON.parse(r.stdout) as Report
  const failed = Object.fromEntries(
    report.results.filter((x) => x.status === 'fail').map((x) => [x.name, x]),
  )
  assert.deepEqual(Object.keys(failed).sort(), [
    'no principal outside the organization can assume any role without an ExternalId',
    'nobody creates IAM users in the workload accounts',
    "the auditor reads Prod's data only with its ExternalId",
  ])
  assert.match(
    failed["the auditor reads Prod's data only with its ExternalId"]!.failures[0]!,
    /999999999999:root can s3:GetObject without sts:ExternalId = SecureCart-Audit-2024/,
  )
  assert.deepEqual(
    failed["the auditor reads Prod's data only with its ExternalId"]!.paths[0]!.hops[0]!.conditions,
    {},
  )
  assert.ok(
    failed['nobody creates IAM users in the workload accounts']!.failures.some((f) =>
      /role\/OrganizationAccountAccessRole can iam:CreateUser in Dev/.test(f),
    ),
  )
  assert.match(
    failed['no principal outside the organization can assume any role without an ExternalId']!
      .failures[0]!,
    /999999999999:root \(outside the organization\) can assume .*ThirdPartyAuditor without an ExternalId/,
  )
  const xml = readFileSync(junit, 'utf8')
  assert.match(xml, /failures="3"/)
  assert.match(xml, /<failure message="not so: [^"]*" type="can">[^<]*without sts:ExternalId/)
  const people = await runXaccess(['check', '--org', file, '--assert', ASSERTIONS])
  assert.equal(people.status, 1)
  assert.match(people.stdout, /^✘ nobody creates IAM users in the workload accounts$/m)
  assert.match(people.stdout, /\n\d+ passed, 3 failed\n$/)
})

test('check --import: assertions on an AWS import', async () => {
  const file = join(dir, 'import.yaml')
  writeFileSync(
    file,
    [
      'assertions:',
      '  - cannot: { who: "user:Prod/carol", action: iam:CreateUser, resource: "arn:aws:iam::333333333333:user/x" }',
      '  - can: { who: "role:Prod/Prod*", action: "iam:Delete*", resource: "arn:aws:iam::333333333333:user/x" }',
      '  - everyRole: { ou: Workloads, has: permissionsBoundary }',
      '  - everyUser: { accounts: [Prod], has: permissionsBoundary }',
      '  - noExternalAssumeWithoutExternalId: true',
      '',
    ].join('\n'),
  )
  const r = await runXaccess(['check', '--import', IMPORT, '--assert', file, '--json'])
  assert.equal(r.status, 1, r.stderr)
  const report = JSON.parse(r.stdout) as Report
  assert.deepEqual(
    report.results.map((x) => x.status),
    ['pass', 'pass', 'fail', 'pass', 'pass'],
  )
  assert.deepEqual(report.results[2]!.failures, [
    'arn:aws:iam::222222222222:role/ops-role has no permissions boundary',
    'arn:aws:iam::333333333333:role/ProdAdmin has no permissions boundary',
    // The role Identity Center's ReadOnlyAccess assignment provisions (sso-admin/ of the import).
    'arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnlyAccess_1234567890abcdef has no permissions boundary',
  ])
})

test('a bad assertions file exits 2 with line and column; bad usage exits 2', async () => {
  const file = join(dir, 'bad.yaml')
  writeFileSync(
    file,
    'assertions:\n  - can:\n      who: group:Infra/deployers\n      action: 7\n      resource: "*"\n',
  )
  const r = await runXaccess(['check', '--org', ORG, '--assert', file])
  assert.equal(r.status, 2)
  assert.match(
    r.stderr,
    /bad\.yaml:4:15: assertions\[0\]\.can\.action: expected a non-empty string/,
  )
  for (const args of [
    ['check', '--org', ORG],
    ['check', '--assert', ASSERTIONS],
    ['check', '--org', ORG, '--import', IMPORT, '--assert', ASSERTIONS],
    ['check', '--org', ORG, '--assert', join(dir, 'missing.yaml')],
    ['check', '--bogus'],
  ]) {
    const u = await runXaccess(args)
    assert.equal(u.status, 2, `${args.join(' ')}: ${u.stderr}`)
  }
})

test('the assertions file: problems carry line, column and path', () => {
  const bad = (text: string) => {
    const p = parseAssertionsFile(text, 'a.yaml')
    assert.equal(p.ok, false)
    return p.ok ? [] : p.problems.map((x) => `${x.line}:${x.column} ${x.path}: ${x.message}`)
  }
  assert.deepEqual(bad('assertions: [\n'), [bad('assertions: [\n')[0]!])
  assert.match(bad('assertions: [\n')[0]!, /^\d+:\d+ \(syntax\)/)
  assert.deepEqual(bad('nothing: 1\n'), [
    "1:1 (top): a.yaml: expected a mapping with 'assertions', a list",
  ])
  assert.deepEqual(
    bad(
      'assertions:\n  - can: {who: x, action: a}\n    cannot: {who: x, action: a, resource: r}\n',
    ),
    [
      '2:5 assertions[0]: expected exactly one of can, cannot, nobodyOutside, noExternalAssumeWithoutExternalId, everyRole, everyUser',
    ],
  )
  assert.deepEqual(bad('assertions:\n  - can: {who: x, action: a, bogus: 1}\n'), [
    "2:37 assertions[0].can.bogus: unknown key 'bogus' (expected who, action, resource, resourceAccount, onlyWith)",
    "2:10 assertions[0].can: 'resource' is required",
  ])
  assert.deepEqual(bad('assertions:\n  - everyRole: {ou: W, has: tags}\n'), [
    "2:29 assertions[0].everyRole.has: 'has' must be permissionsBoundary",
  ])
  assert.deepEqual(bad('assertions:\n  - noExternalAssumeWithoutExternalId: yes\n'), [
    '2:40 assertions[0].noExternalAssumeWithoutExternalId: expected true',
  ])
  const ok = parseAssertionsFile(readFileSync(ASSERTIONS, 'utf8'), 'x')
  assert.ok(ok.ok)
})

test('the JSON Schema names every kind of assertion', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/assertions.schema.json'), 'utf8'))
  const kinds = Object.keys(schema.$defs.assertion.properties).filter((k) => k !== 'name')
  assert.deepEqual(kinds.sort(), [...ASSERTION_KINDS].sort())
})
