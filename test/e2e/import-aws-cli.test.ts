/**
 * `--import DIR` on what the real AWS CLI prints: SecureCart served by xaccess, every call of the
 * import layout made with /usr/bin/aws (the management account's Organizations listings, each
 * account's get-account-authorization-details through OrganizationAccountAccessRole, Identity
 * Center's sso-admin and identitystore listings), written to a directory as the CLI printed it; then `analyze` on the import answers as on the server's store.
 * `xaccess import aws --collect` (the SDK) writes the same files.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { runXaccess, xaccessOk } from '../support/xaccess-cli.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

const skip = awsCliSkipReason()
let world: SecureCart
let dir: string

/** Runs `aws ARGS…` and writes its stdout, as printed, to `dir/rel`; returns the parsed output. */
async function save(credentials: AwsCredentials, rel: string, args: string[]) {
  const r = await world.cli.ok(credentials, args)
  mkdirSync(dirname(join(dir, rel)), { recursive: true })
  writeFileSync(join(dir, rel), r.stdout)
  return r.json
}

/** The collection the README describes, with the CLI. */
async function collect(): Promise<void> {
  const admin = world.admin
  const org = 'organizations'
  await save(admin, `${org}/describe-organization.json`, [org, 'describe-organization'])
  const roots = await save(admin, `${org}/list-roots.json`, [org, 'list-roots'])
  const parents: string[] = roots.Roots.map((r: { Id: string }) => r.Id)
  const accounts: string[] = []
  for (let i = 0; i < parents.length; i++) {
    const parent = parents[i]!
    const ous = await save(admin, `${org}/list-organizational-units-for-parent/${parent}.json`, [
      org,
      'list-organizational-units-for-parent',
      '--parent-id',
      parent,
    ])
    parents.push(...ous.OrganizationalUnits.map((o: { Id: string }) => o.Id))
    const listed = await save(admin, `${org}/list-accounts-for-parent/${parent}.json`, [
      org,
      'list-accounts-for-parent',
      '--parent-id',
      parent,
    ])
    accounts.push(...listed.Accounts.map((a: { Id: string }) => a.Id))
  }
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']) {
    const policies = await save(admin, `${org}/list-policies/${type}.json`, [
      org,
      'list-policies',
      '--filter',
      type,
    ])
    for (const { Id } of policies.Policies as { Id: string }[]) {
      await save(admin, `${org}/describe-policy/${Id}.json`, [
        org,
        'describe-policy',
        '--policy-id',
        Id,
      ])
      await save(admin, `${org}/list-targets-for-policy/${Id}.json`, [
        org,
        'list-targets-for-policy',
        '--policy-id',
        Id,
      ])
    }
  }
  // Identity Center, from the management account.
  const sso = 'sso-admin'
  const instances = await save(admin, `${sso}/list-instances.json`, [sso, 'list-instances'])
  for (const { InstanceArn, IdentityStoreId } of instances.Instances as {
    InstanceArn: string
    IdentityStoreId: string
  }[]) {
    const instanceId = InstanceArn.split('/').pop()!
    const sets = await save(admin, `${sso}/list-permission-sets/${instanceId}.json`, [
      ...[sso, 'list-permission-sets', '--instance-arn', InstanceArn],
    ])
    for (const arn of sets.PermissionSets as string[]) {
      const id = arn.split('/').pop()!
      const target = ['--instance-arn', InstanceArn, '--permission-set-arn', arn]
      for (const command of [
        'describe-permission-set',
        'list-managed-policies-in-permission-set',
        'list-customer-managed-policy-references-in-permission-set',
      ])
        await save(admin, `${sso}/${command}/${id}.json`, [sso, command, ...target])
      // Without an inline policy the CLI prints nothing; without a boundary it fails: no file.
      const inline = await world.cli.run(admin, [
        ...[sso, 'get-inline-policy-for-permission-set', ...target],
      ])
      assert.equal(inline.status, 0, inline.stderr)
      if (inline.stdout.trim() !== '') {
        const rel = `${sso}/get-inline-policy-for-permission-set/${id}.json`
        mkdirSync(dirname(join(dir, rel)), { recursive: true })
        writeFileSync(join(dir, rel), inline.stdout)
      }
      const boundary = await world.cli.run(admin, [
        ...[sso, 'get-permissions-boundary-for-permission-set', ...target],
      ])
      assert.match(boundary.stderr, /ResourceNotFoundException/)
      for (const account of accounts)
        await save(admin, `${sso}/list-account-assignments/${account}/${id}.json`, [
          ...[sso, 'list-account-assignments', ...target, '--account-id', account],
        ])
    }
    const ids = 'identitystore'
    const store = ['--identity-store-id', IdentityStoreId]
    await save(admin, `${ids}/list-users/${IdentityStoreId}.json`, [ids, 'list-users', ...store])
    const groups = await save(admin, `${ids}/list-groups/${IdentityStoreId}.json`, [
      ...[ids, 'list-groups', ...store],
    ])
    for (const { GroupId } of groups.Groups as { GroupId: string }[])
      await save(admin, `${ids}/list-group-memberships/${GroupId}.json`, [
        ...[ids, 'list-group-memberships', ...store, '--group-id', GroupId],
      ])
  }
  for (const id of accounts) {
    const credentials = id === world.managementAccountId ? admin : await world.adminOf(id)
    await save(credentials, `accounts/${id}/get-account-authorization-details.json`, [
      'iam',
      'get-account-authorization-details',
    ])
  }
}

before(async () => {
  if (skip !== undefined) return
  world = await startSecureCart()
  dir = process.env.KEEP_IMPORT_DIR ?? mkdtempSync(join(tmpdir(), 'xaccess-import-e2e-'))
  await collect()
})
after(async () => {
  await world?.stop()
  if (dir !== undefined && process.env.KEEP_IMPORT_DIR === undefined)
    rmSync(dir, { recursive: true, force: true })
})

const whoCan = async (source: string[], action: string, resource: string, extra: string[] = []) => {
  const r = await xaccessOk([
    'analyze',
    'who-can',
    '--action',
    action,
    '--resource',
    resource,
    ...extra,
    ...source,
    '--json',
  ])
  return JSON.parse(r.stdout) as { principals: { principal: string }[] }
}

test('who-can on the import answers as on the server store', { skip }, async () => {
  const a = world.accounts
  const queries: [string, string, string[]][] = [
    ['iam:CreateUser', `arn:aws:iam::${a.Dev}:user/x`, []],
    ['sts:AssumeRole', `arn:aws:iam::${a.Prod}:role/ThirdPartyAuditor`, []],
    ['sts:AssumeRole', `arn:aws:iam::${a.Dev}:role/InfraAssumeRole`, []],
    ['s3:GetObject', 'arn:aws:s3:::prod-data/x', ['--resource-account', a.Prod]],
    ['iam:PassRole', `arn:aws:iam::${a.Prod}:role/ProdAdmin`, []],
    ['cloudtrail:StopLogging', `arn:aws:cloudtrail:us-east-1:${a.Prod}:trail/t`, []],
  ]
  let nonEmpty = 0
  for (const [action, resource, extra] of queries) {
    const store = await whoCan(['--data-dir', world.server.dataDir], action, resource, extra)
    const imported = await whoCan(['--import', dir], action, resource, extra)
    // The import holds no Identity Center: its users are left out of the comparison.
    const iamOnly = (o: { principals: { principal: string }[] }) =>
      o.principals.filter((p) => !p.principal.startsWith('arn:aws:identitystore:'))
    assert.deepEqual(iamOnly(imported), iamOnly(store), `${action} ${resource}`)
    if (iamOnly(store).length > 0) nonEmpty++
  }
  assert.ok(nonEmpty >= 3, `only ${nonEmpty} queries found anyone`)
})

test(
  'access from the auditor and escalation on the import answer as on the store',
  { skip },
  async () => {
    const auditor = 'arn:aws:iam::999999999999:root'
    const run = async (args: string[]) => JSON.parse((await xaccessOk(args)).stdout)
    for (const args of [
      ['analyze', 'access', '--from', auditor, '--json'],
      ['analyze', 'escalation', '--json'],
    ]) {
      assert.deepEqual(
        await run([...args, '--import', dir]),
        await run([...args, '--data-dir', world.server.dataDir]),
        args.join(' '),
      )
    }
  },
)

/** `value` with only the object members `model` has (recursively): what an older CLI prints. */
function knownTo(model: unknown, value: unknown): unknown {
  if (Array.isArray(model) && Array.isArray(value)) return value.map((v, i) => knownTo(model[i], v))
  if (typeof model !== 'object' || model === null || typeof value !== 'object' || value === null)
    return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value))
    if (k in model) out[k] = knownTo((model as Record<string, unknown>)[k], v)
  return out
}

/** Every file under `root`, relative, sorted. */
const filesOf = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()

test(
  'import aws --collect --profile writes what the CLI printed, file by file',
  { skip },
  async () => {
    const home = mkdtempSync(join(tmpdir(), 'xaccess-import-home-'))
    const out = mkdtempSync(join(tmpdir(), 'xaccess-import-sdk-'))
    try {
      mkdirSync(join(home, '.aws'))
      writeFileSync(
        join(home, '.aws', 'credentials'),
        `[auditor]\naws_access_key_id = ${world.admin.accessKeyId}\naws_secret_access_key = ${world.admin.secretAccessKey}\n`,
      )
      const r = await runXaccess(
        [
          'import',
          'aws',
          '--collect',
          '--profile',
          'auditor',
          '--endpoint-url',
          world.server.url,
          out,
        ],
        { env: { HOME: home } },
      )
      assert.equal(r.status, 0, r.stderr + r.stdout)
      assert.match(r.stderr, /^signed in as arn:aws:iam::\d{12}:user\/admin/m)
      assert.match(r.stderr, /^account \d{12} \(7\/7\): \d+ user\(s\)/m)
      assert.match(r.stdout, /^collected 7 account\(s\) into /)
      assert.deepEqual(filesOf(out), filesOf(dir))
      for (const file of filesOf(dir)) {
        // awscli 2.9 predates members AWS added later (an account's State, identitystore's
        // UserStatus and Created/Updated At/By, list-instances' Status, OwnerAccountId and
        // CreatedDate) and drops them; a current CLI prints them. Every member it printed must be
        // the SDK's, exactly.
        const cli = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown
        const sdk = knownTo(cli, JSON.parse(readFileSync(join(out, file), 'utf8')) as unknown)
        assert.deepEqual(sdk, cli, file)
      }
      const summary = await xaccessOk(['import', 'aws', out])
      assert.match(summary.stdout, /^organization o-\w+, management account \d{12}$/m)
      assert.match(summary.stdout, /SCPs apply/)
    } finally {
      rmSync(home, { recursive: true, force: true })
      rmSync(out, { recursive: true, force: true })
    }
  },
)

test(
  'import aws --collect: a role that cannot be assumed leaves its account out, exit 1',
  { skip },
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'xaccess-import-sdk-'))
    try {
      const r = await runXaccess(
        [
          'import',
          'aws',
          '--collect',
          '--role-name',
          'NoSuchRole',
          '--endpoint-url',
          world.server.url,
          out,
        ],
        {
          env: {
            HOME: out,
            AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
          },
        },
      )
      assert.equal(r.status, 1, r.stderr + r.stdout)
      assert.match(r.stdout, /^collected 1 account\(s\)/)
      assert.match(r.stdout, /account \d{12}: AccessDenied/)
      assert.deepEqual(readdirSync(join(out, 'accounts')), [world.managementAccountId])
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  },
)

test('import: bad usage exits 2', async () => {
  for (const args of [
    ['import'],
    ['import', 'gcp', 'x'],
    ['import', 'aws'],
    ['import', 'aws', 'a', 'b'],
    ['import', 'aws', '--profile', 'p', 'x'],
    ['import', 'aws', '--collect', '--endpoint-url', 'ftp://x', 'x'],
  ]) {
    const r = await runXaccess(args)
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /usage: xaccess import aws/)
  }
})

test(
  'check on the import decides the SecureCart assertions as on the server store',
  { skip },
  async () => {
    const assertions = join(import.meta.dirname, '../../examples/securecart/assertions.yaml')
    const run = (source: string[]) =>
      runXaccess(['check', ...source, '--assert', assertions, '--json'])
    const [imported, store] = [
      await run(['--import', dir]),
      await run(['--data-dir', world.server.dataDir]),
    ]
    assert.equal(imported.status, store.status, imported.stderr + store.stderr)
    assert.deepEqual(JSON.parse(imported.stdout), JSON.parse(store.stdout))
    const report = JSON.parse(imported.stdout) as { results: { name: string; status: string }[] }
    const status = (name: RegExp) => report.results.find((r) => name.test(r.name))?.status
    assert.equal(status(/auditor reads Prod's data only with its ExternalId/), 'pass')
    assert.equal(
      status(/outside the organization can assume any role without an ExternalId/),
      'pass',
    )
    assert.equal(status(/nobody creates IAM users in the workload accounts/), 'pass')
  },
)
