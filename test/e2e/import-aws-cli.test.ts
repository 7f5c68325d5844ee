/**
 * `--import DIR` on what the real AWS CLI prints: SecureCart served by xaccess, every call of the
 * import layout made with /usr/bin/aws (the management account's Organizations listings, each
 * account's get-account-authorization-details through OrganizationAccountAccessRole), written to a
 * directory as the CLI printed it; then `analyze` on the import answers as on the server's store.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'
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
