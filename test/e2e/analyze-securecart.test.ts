/**
 * `xaccess analyze` on SecureCart: a real server started with examples/securecart/org.yaml, its
 * store read while it runs (`--data-dir`), and the same file read without a server (`--org`).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { readStoreSnapshot } from '../../src/server/analysis-store.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { runXaccess, xaccessOk } from '../support/xaccess-cli.ts'
import { SECURECART_ORG_FILE } from './securecart-world.ts'

let server: ServerProcess
let ids: Record<string, string>

before(async () => {
  server = await startServerProcess({ orgFile: SECURECART_ORG_FILE })
  const snapshot = await readStoreSnapshot(server.dataDir)
  ids = Object.fromEntries(snapshot.accounts.map((a) => [a.name, a.id]))
})
after(() => server?.stop())

const store = () => ['--data-dir', server.dataDir]
const json = async (args: string[]) =>
  JSON.parse((await xaccessOk(['analyze', ...args, '--json'])).stdout)

test('the Infra deployer reaches the Dev role and nothing in Prod (server store)', async () => {
  const deployer = `arn:aws:iam::${ids.Infra}:user/ci/deployer`
  const out = await json(['access', '--from', deployer, ...store()])
  assert.deepEqual(out, {
    paths: [
      {
        hops: [
          { from: deployer, to: `arn:aws:iam::${ids.Dev}:role/InfraAssumeRole`, conditions: {} },
        ],
      },
    ],
  })
  const prod = await json([
    'access',
    '--from',
    deployer,
    '--action',
    'iam:*',
    '--resource',
    `arn:aws:iam::${ids.Prod}:role/ProdAdmin`,
    ...store(),
  ])
  assert.deepEqual(prod, { paths: [] })
})

test('the auditor reaches Prod read-only, only with its ExternalId (server store)', async () => {
  const auditor = 'arn:aws:iam::999999999999:root'
  const role = `arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`
  const read = await json([
    'access',
    '--from',
    auditor,
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::prod-data/x',
    '--resource-account',
    'Prod',
    ...store(),
  ])
  assert.deepEqual(read.paths[0].hops[0], {
    from: auditor,
    to: role,
    conditions: { 'sts:ExternalId': ['SecureCart-Audit-2024'] },
  })
  const write = await json([
    'access',
    '--from',
    auditor,
    '--action',
    's3:PutObject',
    '--resource',
    'arn:aws:s3:::prod-data/x',
    '--resource-account',
    'Prod',
    ...store(),
  ])
  assert.deepEqual(write, { paths: [] })
  const wrong = await json([
    'access',
    '--from',
    auditor,
    '--context',
    'sts:ExternalId=guess',
    ...store(),
  ])
  assert.deepEqual(wrong, { paths: [] })
})

test('who-can iam:CreateUser in a workload account lists nobody the SCP stops; the file agrees', async () => {
  for (const account of ['Dev', 'Staging', 'Prod']) {
    const out = await json([
      'who-can',
      '--action',
      'iam:CreateUser',
      '--resource',
      `arn:aws:iam::${ids[account]}:user/x`,
      ...store(),
    ])
    assert.deepEqual(out, { principals: [] }, account)
  }
  const file = await json([
    'who-can',
    '--action',
    'iam:CreateUser',
    '--resource',
    'arn:aws:iam::{{account:Dev}}:user/x',
    '--org',
    SECURECART_ORG_FILE,
  ])
  assert.deepEqual(file, { principals: [] })
  const people = await xaccessOk([
    'analyze',
    'access',
    '--from',
    'arn:aws:iam::{{account:Security}}:user/alice',
    '--org',
    SECURECART_ORG_FILE,
  ])
  assert.match(people.stdout, /ProdAdmin {2}\[needs aws:MultiFactorAuthPresent = true\]/)
})

test('bad usage exits 2 with the help; --help exits 0', async () => {
  for (const args of [
    ['analyze', 'access', '--org', SECURECART_ORG_FILE],
    ['analyze', 'who-can', '--action', 'iam:CreateUser', '--org', SECURECART_ORG_FILE],
    ['analyze', 'access', '--from', 'x'],
    ['analyze', 'access', '--from', 'x', '--org', SECURECART_ORG_FILE, '--data-dir', '/tmp'],
    ['analyze', 'nothing', '--org', SECURECART_ORG_FILE],
    ['analyze', 'access', '--bogus'],
  ]) {
    const r = await runXaccess(args)
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /usage: xaccess analyze/)
  }
  const help = await runXaccess(['analyze', '--help'])
  assert.equal(help.status, 0)
  assert.match(help.stdout, /who-can/)
})

test('escalation --json: the contract shape; SecureCart has none, a file with a weak spot has one', async () => {
  assert.deepEqual(await json(['escalation', '--org', SECURECART_ORG_FILE]), { findings: [] })
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-analyze-'))
  const file = join(dir, 'org.yaml')
  writeFileSync(
    file,
    [
      'organization:',
      '  managementAccount: { name: Main, email: main@example.com }',
      'accounts:',
      '  - name: App',
      '    email: app@example.com',
      '    users:',
      '      - name: eve',
      '        inlinePolicies:',
      '          - name: keys',
      '            document:',
      "              Version: '2012-10-17'",
      '              Statement:',
      '                - { Effect: Allow, Action: iam:CreateAccessKey, Resource: "*" }',
      '      - name: boss',
      '        managedPolicies: [AdministratorAccess]',
      '',
    ].join('\n'),
  )
  try {
    const out = await json([
      'escalation',
      '--principal',
      'arn:aws:iam::{{account:App}}:user/eve',
      '--org',
      file,
    ])
    const keys = out.findings.filter(
      (f: { technique: string }) => f.technique === 'CreateAccessKey',
    )
    assert.equal(keys.length, 1)
    assert.deepEqual(Object.keys(keys[0]).sort(), ['principal', 'steps', 'technique', 'to'])
    assert.match(keys[0].to, /:user\/boss$/)
    assert.deepEqual(Object.keys(keys[0].steps[0]).sort(), ['action', 'explanation', 'resource'])
    assert.equal(keys[0].steps[0].action, 'iam:CreateAccessKey')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('findings: the bootstrap root key and ProdAdmin fail their rules; a rules file tunes them', async () => {
  const r = await runXaccess(['findings', ...store(), '--json'])
  assert.equal(r.status, 1, r.stderr)
  const out = JSON.parse(r.stdout)
  const rule = (id: string) => out.rules.find((x: { rule: string }) => x.rule === id)
  assert.equal(rule('no-root-access-keys').status, 'FAIL')
  assert.deepEqual(
    rule('no-root-access-keys').failures.map((f: { resource: string }) => f.resource),
    [`arn:aws:iam::${server.bootstrap.accountId}:root`],
  )
  // ProdAdmin among them (the organization's Identity Center administrators are others).
  assert.ok(
    rule('no-full-admin-outside-admin-accounts')
      .failures.map((f: { resource: string }) => f.resource)
      .includes(`arn:aws:iam::${ids.Prod}:role/ProdAdmin`),
  )
  for (const id of [
    'no-iam-users-in-workloads',
    'third-party-trust-requires-external-id',
    'audit-logging-protected',
    'mfa-for-privileged-role-trust',
    'mfa-for-console-users',
  ])
    assert.equal(rule(id).status, 'PASS', id)
  assert.deepEqual(out.escalations, [])
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-rules-'))
  try {
    const rules = join(dir, 'rules.yaml')
    writeFileSync(
      rules,
      'guardrailScps: [DenyIamUsersInWorkloads, ProtectCloudTrail]\nrules:\n  no-root-access-keys: { enabled: false }\n  no-full-admin-outside-admin-accounts: { enabled: false }\n  boundaries-on-created-roles: { enabled: false }\n',
    )
    const tuned = await runXaccess(['findings', ...store(), '--rules', rules])
    assert.equal(tuned.status, 0, tuned.stdout + tuned.stderr)
    assert.match(tuned.stdout, /0 rule\(s\) fail; 0 escalation path\(s\)/)
    writeFileSync(rules, 'rules:\n  no-such-rule: {}\n')
    const bad = await runXaccess(['findings', ...store(), '--rules', rules])
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /unknown rule 'no-such-rule'/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
