/**
 * `xaccess plan`, `apply` and `export` against a real server process, through the real SDK over
 * HTTP, signed by an administrator of the management account: SecureCart applied from nothing,
 * planned to no change, exported, and the export planned to no change (with --prune) and exported
 * again to the same text; a change shown field by field; a failing resource put back and the
 * rerun converging; --prune deleting only when asked. Then the same round trip on a generated
 * organization of 200 accounts, and SecureCart's on PostgreSQL.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { generateOrganizationFile } from '../support/generate-organization.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { createPostgresDatabase, postgresUnreachable } from '../support/test-postgres.ts'
import { runXaccess, type XaccessResult } from '../support/xaccess-cli.ts'

const SECURECART = resolve(import.meta.dirname, '..', '..', 'examples', 'securecart', 'org.yaml')
const LONG = 20 * 60_000

/** A server and the environment of an administrator of its management account. */
interface World {
  readonly server: ServerProcess
  readonly env: NodeJS.ProcessEnv
  readonly dir: string
  run(args: readonly string[]): Promise<XaccessResult>
  stop(): Promise<void>
}

async function startWorld(database?: string, orgFile?: string): Promise<World> {
  const server = await startServerProcess({
    ...(database === undefined ? {} : { database }),
    ...(orgFile === undefined ? {} : { orgFile }),
  })
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-plan-e2e-'))
  const root = new IAMClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: {
      accessKeyId: server.bootstrap.accessKeyId,
      secretAccessKey: server.bootstrap.secretAccessKey,
    },
  })
  // As AWS advises, the root creates an administrator, who does the cross-account work.
  await root.send(new CreateUserCommand({ UserName: 'admin' }))
  await root.send(
    new AttachUserPolicyCommand({
      UserName: 'admin',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  )
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!
  root.destroy()
  const env = {
    HOME: dir,
    AWS_ACCESS_KEY_ID: key.AccessKeyId!,
    AWS_SECRET_ACCESS_KEY: key.SecretAccessKey!,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: server.url,
  }
  return {
    server,
    env,
    dir,
    run: (args) => runXaccess(args, { env, timeoutMs: LONG }),
    async stop() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const ok = (r: XaccessResult, what: string) =>
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${r.stderr}\n${r.stdout}`)

/** Apply, plan to nothing, export, plan the export to nothing with --prune, export again equal. */
async function roundTrip(world: World, file: string): Promise<string> {
  const applied = await world.run(['apply', file])
  ok(applied, 'apply')
  assert.match(applied.stdout, /^Applied: /m)
  const planned = await world.run(['plan', file, '--detailed-exitcode'])
  ok(planned, 'plan after apply')
  assert.match(planned.stdout, /No changes/)
  const exported = join(world.dir, `export-${Date.now()}.yaml`)
  ok(await world.run(['export', '--out', exported]), 'export')
  const replanned = await world.run(['plan', exported, '--prune', '--detailed-exitcode'])
  ok(replanned, 'plan of the export')
  assert.match(replanned.stdout, /No changes/)
  const again = await world.run(['export'])
  ok(again, 'second export')
  const text = readFileSync(exported, 'utf8')
  assert.equal(again.stdout, text, 'two exports of one state differ')
  return text
}

describe('SecureCart on SQLite', () => {
  let world: World
  let exported: string
  before(async () => {
    world = await startWorld()
  })
  after(async () => world?.stop())

  test('bad usage and bad files exit 2', async () => {
    assert.equal((await world.run(['plan'])).status, 2)
    assert.equal((await world.run(['apply', SECURECART, '--concurrency', '0'])).status, 2)
    const bad = join(world.dir, 'bad.yaml')
    writeFileSync(bad, 'organization:\n  managementAccount:\n    name: M\n    email: nope\n')
    const r = await world.run(['plan', bad])
    assert.equal(r.status, 2)
    assert.match(r.stderr, /bad\.yaml:4:\d+: organization\.managementAccount\.email/)
  })

  test('apply from nothing, plan to no change, export and plan it to no change', async () => {
    const before = await world.run(['plan', SECURECART, '--detailed-exitcode'])
    assert.equal(before.status, 3, before.stderr)
    assert.match(before.stdout, /\+ create account Prod role ThirdPartyAuditor/)
    exported = await roundTrip(world, SECURECART)
    assert.match(exported, /\{\{account:Infra\}\}/)
    assert.match(exported, /- ReadOnlyAccess/)
    assert.match(exported, /name: DenyIamUsersInWorkloads/)
  })

  test('a change shows field by field; a failing resource is put back; the rerun converges', async () => {
    const file = join(world.dir, 'changed.yaml')
    const changed = exported
      .replace(
        "description: Assumed by the Infra account's deployers",
        'description: Deployers only',
      )
      .replace(
        /( {4}ou: Workloads\/NonProd\n)/,
        `$1    groups:\n      - name: readers\n        managedPolicies: [ReadOnlyAccess, 'arn:aws:iam::{{account:Dev}}:policy/Missing']\n`,
      )
    assert.notEqual(changed, exported)
    writeFileSync(file, changed)
    const plan = await world.run(['plan', file, '--json'])
    ok(plan, 'plan --json')
    const json = JSON.parse(plan.stdout) as {
      changes: { action: string; address: string; line?: number; fields: unknown[] }[]
      summary: Record<string, number>
    }
    const role = json.changes.find((c) => c.address === 'account Dev role InfraAssumeRole')
    assert.deepEqual(role?.fields, [
      {
        field: 'description',
        before: "Assumed by the Infra account's deployers",
        after: 'Deployers only',
      },
    ])
    assert.deepEqual(json.summary, { create: 1, update: 1, delete: 0 })
    const failed = await world.run(['apply', file])
    assert.equal(failed.status, 1, failed.stderr)
    assert.match(
      failed.stderr,
      /changed\.yaml:\d+:\d+: create account Dev group readers: AttachGroupPolicy: NoSuchEntity: .*nothing of it was kept/,
    )
    assert.match(failed.stderr, /\[2\/2\]/)
    const after = JSON.parse((await world.run(['plan', file, '--json'])).stdout) as typeof json
    assert.deepEqual(
      after.changes.map((c) => `${c.action} ${c.address}`),
      ['create account Dev group readers'],
      'the group was kept although it failed, or the role was not updated',
    )
    writeFileSync(file, changed.replace(", 'arn:aws:iam::{{account:Dev}}:policy/Missing'", ''))
    ok(await world.run(['apply', file]), 'rerun')
    ok(await world.run(['plan', file, '--detailed-exitcode']), 'plan after the rerun')
  })

  test('check --server decides as check on the server store', async () => {
    const assertions = resolve(SECURECART, '..', 'assertions.yaml')
    const results = async (source: string[]) => {
      const r = await world.run(['check', ...source, '--assert', assertions, '--json'])
      assert.ok(r.status <= 1, r.stderr)
      const json = JSON.parse(r.stdout) as { results: { name: string; status: string }[] }
      return json.results.map((x) => `${x.status} ${x.name}`)
    }
    const viaApi = await results(['--server', world.server.url])
    assert.ok(viaApi.length > 5)
    assert.deepEqual(viaApi, await results(['--data-dir', world.server.dataDir]))
  })

  test('--prune deletes what the file no longer names, only when asked', async () => {
    const file = join(world.dir, 'pruned.yaml')
    const current = (await world.run(['export'])).stdout
    const without = current.replace(/ {6}- name: alice\n( {8}.*\n)+/, '')
    assert.notEqual(without, current)
    writeFileSync(file, without)
    const plain = await world.run(['plan', file, '--detailed-exitcode'])
    assert.equal(plain.status, 0, plain.stdout)
    const pruning = await world.run(['plan', file, '--prune'])
    assert.match(pruning.stdout, /^- delete account Security user alice$/m)
    assert.doesNotMatch(pruning.stdout, /OrganizationAccountAccessRole|user admin/)
    ok(await world.run(['apply', file]), 'apply without prune')
    assert.match((await world.run(['export'])).stdout, /name: alice/)
    ok(await world.run(['apply', file, '--prune']), 'apply --prune')
    assert.doesNotMatch((await world.run(['export'])).stdout, /name: alice/)
    ok(await world.run(['plan', file, '--prune', '--detailed-exitcode']), 'plan after prune')
  })

  test('--prune brings an optional field the file omits back to its default', async () => {
    const file = join(world.dir, 'defaults.yaml')
    const current = (await world.run(['export'])).stdout
    const line = '        description: Read-only access for the Dev account\n'
    assert.ok(current.includes(line), current)
    writeFileSync(file, current.replace(line, `${line}        maxSessionDuration: 7200\n`))
    ok(await world.run(['apply', file]), 'apply with a description and 2 hours')
    writeFileSync(file, current.replace(line, ''))
    const plain = await world.run(['plan', file, '--detailed-exitcode'])
    assert.equal(plain.status, 0, plain.stdout)
    const pruning = await world.run(['plan', file, '--prune', '--json'])
    const changes = (JSON.parse(pruning.stdout) as { changes: Record<string, unknown>[] }).changes
    assert.deepEqual(
      changes.map((c) => [c.action, c.kind, c.account, c.name, c.fields]),
      [
        [
          'update',
          'role',
          'Staging',
          'CrossAccountReadOnly',
          [
            { field: 'description', before: 'Read-only access for the Dev account' },
            { field: 'maxSessionDuration', before: 7200, after: 3600 },
          ],
        ],
      ],
    )
    ok(await world.run(['apply', file, '--prune']), 'apply --prune')
    ok(await world.run(['plan', file, '--prune', '--detailed-exitcode']), 'plan after prune')
    const after = (await world.run(['export'])).stdout
    assert.equal(after, current.replace(line, ''))
  })

  test('instance profiles: applied with their role, exported, planned to no change, pruned', async () => {
    const file = join(world.dir, 'profiles.yaml')
    const current = (await world.run(['export'])).stdout
    const dev = '  - name: Dev\n'
    assert.ok(current.includes(dev))
    const profile =
      '    instanceProfiles:\n      - name: infra-runner\n        path: /ci/\n' +
      '        role: InfraAssumeRole\n        tags:\n          owner: platform\n'
    // The account's keys are sorted in an export: instanceProfiles comes before roles.
    const withProfile = current.replace(
      /( {2}- name: Dev\n(?: {4}(?!roles:).*\n)*)/,
      `$1${profile}`,
    )
    assert.notEqual(withProfile, current)
    writeFileSync(file, withProfile)
    const planned = await world.run(['plan', file])
    assert.match(planned.stdout, /^\+ create account Dev instanceProfile infra-runner/m)
    assert.match(planned.stdout, /role: "?InfraAssumeRole"?/)
    ok(await world.run(['apply', file]), 'apply the profile')
    ok(await world.run(['plan', file, '--prune', '--detailed-exitcode']), 'plan after apply')
    const exported = join(world.dir, 'profiles-export.yaml')
    ok(await world.run(['export', '--out', exported]), 'export')
    const text = readFileSync(exported, 'utf8')
    assert.ok(text.includes(profile), text)
    ok(await world.run(['plan', exported, '--prune', '--detailed-exitcode']), 'plan of the export')
    writeFileSync(file, current)
    assert.equal((await world.run(['plan', file, '--detailed-exitcode'])).status, 0)
    const pruning = await world.run(['plan', file, '--prune'])
    assert.match(pruning.stdout, /^- delete account Dev instanceProfile infra-runner$/m)
    ok(await world.run(['apply', file, '--prune']), 'apply --prune')
    assert.equal((await world.run(['export'])).stdout, current)
  })
})

describe('an export applies back to a fresh server', () => {
  let first: World
  let second: World
  before(async () => {
    ;[first, second] = await Promise.all([startWorld(undefined, SECURECART), startWorld()])
  })
  after(async () => {
    await first?.stop()
    await second?.stop()
  })

  test('SecureCart with Identity Center: the second server exports the same text', async () => {
    const exported = await first.run(['export'])
    ok(exported, 'export')
    assert.match(exported.stdout, /^identityCenter:$/m)
    assert.match(exported.stdout, /permissionSet: DeveloperAccess/)
    const file = join(second.dir, 'from-first.yaml')
    writeFileSync(file, exported.stdout)
    ok(await second.run(['apply', file]), 'apply to the fresh server')
    const again = await second.run(['export'])
    ok(again, 'export of the fresh server')
    assert.equal(again.stdout, exported.stdout)
  })
})

describe('a generated organization of 200 accounts', () => {
  let world: World
  before(async () => {
    world = await startWorld()
  })
  after(async () => world?.stop())

  test('round trip: export after apply plans to no change', { timeout: LONG }, async () => {
    const file = join(world.dir, 'generated.yaml')
    writeFileSync(file, generateOrganizationFile({ accounts: 200, rolesPerAccount: 2 }))
    const text = await roundTrip(world, file)
    assert.equal(text.match(/^ {2}- name: acct-\d+$/gm)?.length, 200)
  })
})

const pgSkip = async (): Promise<string | undefined> => {
  const why = await postgresUnreachable()
  if (why !== undefined && process.env.CI === 'true') throw new Error(`PostgreSQL: ${why}`)
  return why
}

describe('SecureCart on PostgreSQL', async () => {
  const skip = await pgSkip()
  let world: World
  let drop: (() => Promise<void>) | undefined
  before(async () => {
    if (skip !== undefined) return
    const db = await createPostgresDatabase('xaccess_plan')
    drop = db.drop
    world = await startWorld(db.url)
  })
  after(async () => {
    await world?.stop()
    await drop?.()
  })

  test('round trip', { skip }, async () => {
    await roundTrip(world, SECURECART)
  })
})
