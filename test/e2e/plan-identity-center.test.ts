/**
 * `xaccess plan` and `apply` over Identity Center against a real server process (SQLite),
 * through the real SDK over HTTP: SecureCart applied then planned to no change (Identity Center
 * included, with and without --prune); a changed permission set and a removed membership shown
 * field by field and applied; a group, its assignments and a user pruned.
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
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { runXaccess, type XaccessResult } from '../support/xaccess-cli.ts'

const SECURECART = resolve(import.meta.dirname, '..', '..', 'examples', 'securecart', 'org.yaml')
const LONG = 20 * 60_000

const ok = (r: XaccessResult, what: string) =>
  assert.equal(r.status, 0, `${what}: exit ${r.status}\n${r.stdout}\n${r.stderr}`)

describe('Identity Center in plan and apply', { timeout: LONG }, () => {
  let server: ServerProcess
  let dir: string
  let run: (args: readonly string[]) => Promise<XaccessResult>
  before(async () => {
    server = await startServerProcess()
    dir = mkdtempSync(join(tmpdir(), 'xaccess-plan-ic-'))
    const root = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: server.bootstrap.accessKeyId,
        secretAccessKey: server.bootstrap.secretAccessKey,
      },
    })
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
    run = (args) => runXaccess(args, { env, timeoutMs: LONG })
  })
  after(async () => {
    await server?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  test('SecureCart: planned, applied, planned to no change', async () => {
    const first = await run(['plan', SECURECART])
    ok(first, 'plan before apply')
    assert.match(first.stdout, /^\+ create ssoUser dana\b/m)
    assert.match(first.stdout, /^\+ create permissionSet DeveloperAccess\b/m)
    assert.match(first.stdout, /^\+ create assignment ReadOnlyAccess to group Analysts in Prod\b/m)
    assert.doesNotMatch(first.stdout, /not compared/)
    ok(await run(['apply', SECURECART, '--quiet']), 'apply')
    const again = await run(['plan', SECURECART, '--detailed-exitcode'])
    assert.equal(again.status, 0, again.stdout)
    const pruning = await run(['plan', SECURECART, '--prune', '--detailed-exitcode'])
    assert.equal(pruning.status, 0, pruning.stdout)
  })

  test('a changed permission set, a removed membership and inline policy', async () => {
    const text = readFileSync(SECURECART, 'utf8')
    const changed = text
      .replace(/(- name: DeveloperAccess\n(?: {6}.*\n)*? {6}sessionDuration: )PT8H/, '$1PT4H')
      .replace(
        /(description: Read the workloads' data and configuration\n) {6}members: \[anna\]\n/,
        '$1',
      )
      .replace(/ {6}# An inline policy[\s\S]*?(?= {4}- name: ReadOnlyAccess)/, '')
    assert.notEqual(changed, text)
    const file = join(dir, 'changed.yaml')
    writeFileSync(file, changed)
    const plain = await run(['plan', file, '--json'])
    ok(plain, 'plan')
    const json = JSON.parse(plain.stdout) as {
      changes: { action: string; kind: string; name: string; fields: unknown[] }[]
    }
    assert.deepEqual(
      json.changes.map((c) => [c.action, c.kind, c.name, c.fields]),
      [
        [
          'update',
          'permissionSet',
          'DeveloperAccess',
          [{ field: 'sessionDuration', before: 'PT8H', after: 'PT4H' }],
        ],
      ],
    )
    const pruning = await run(['plan', file, '--prune'])
    ok(pruning, 'plan --prune')
    assert.match(pruning.stdout, /^~ update ssoGroup Analysts\b/m)
    assert.match(pruning.stdout, /^ {4}- members: "?anna"?$/m)
    assert.match(pruning.stdout, /^ {4}- inlinePolicy/m)
    ok(await run(['apply', file, '--prune', '--quiet']), 'apply --prune')
    const done = await run(['plan', file, '--prune', '--detailed-exitcode'])
    assert.equal(done.status, 0, done.stdout)
    const exported = (await run(['export'])).stdout
    assert.match(exported, /- name: DeveloperAccess\n(?: {6}.*\n)*? {6}sessionDuration: PT4H/)
    assert.doesNotMatch(exported, /- name: Analysts\n(?: {6}.*\n)*? {6}members:/)
    assert.doesNotMatch(exported, /KeepTheAuditTrail/)
  })

  // Goes on from the state the previous test left (DeveloperAccess at PT4H).
  test('--prune deletes a group with its assignments and a user', async () => {
    const text = readFileSync(join(dir, 'changed.yaml'), 'utf8')
    const without = text
      .replace(/ {4}- userName: anna\n(?: {6}.*\n)+/, '')
      .replace(/ {4}- name: Analysts\n(?: {6}.*\n)+/, '')
      .replace(/ {4}- group: Analysts\n(?: {6}.*\n)+/, '')
    assert.doesNotMatch(without, /anna|Analysts/)
    const file = join(dir, 'without-analysts.yaml')
    writeFileSync(file, without)
    const plain = await run(['plan', file, '--detailed-exitcode'])
    assert.equal(plain.status, 0, `nothing without --prune\n${plain.stdout}`)
    const pruning = await run(['plan', file, '--prune'])
    ok(pruning, 'plan --prune')
    for (const line of [
      /^- delete assignment ReadOnlyAccess to group Analysts in Staging$/m,
      /^- delete assignment ReadOnlyAccess to group Analysts in Prod$/m,
      /^- delete ssoGroup Analysts$/m,
      /^- delete ssoUser anna$/m,
    ])
      assert.match(pruning.stdout, line)
    assert.doesNotMatch(pruning.stdout, /password/i)
    const applied = await run(['apply', file, '--prune'])
    ok(applied, 'apply --prune')
    assert.doesNotMatch(applied.stdout + applied.stderr, /password":|Password:/)
    const done = await run(['plan', file, '--prune', '--detailed-exitcode'])
    assert.equal(done.status, 0, done.stdout)
    const exported = (await run(['export'])).stdout
    assert.doesNotMatch(exported, /anna|Analysts/)
    assert.match(exported, /userName: dana/)
  })
})
