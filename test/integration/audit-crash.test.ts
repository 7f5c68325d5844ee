/**
 * Crash test of the audit trail (issue 8, Acceptance): a real `xaccess serve` under write load
 * from several SDK clients (CreateUser, AttachUserPolicy, AssumeRole) is killed with SIGKILL at
 * a random moment once calls flow, twenty times, and restarted on the same store each time.
 * After each restart every call that got an answer (its `$metadata.requestId`) has its event in
 * `audit_event`, under the operation's name, and `xaccess audit verify` exits 0 saying OK (after
 * each restart as the command's function in this process, at the end as the command itself).
 * On SQLite (with both `--audit-durability` settings), and on PostgreSQL when it is reachable. The kill moments come from a seeded generator: the seed is in the test's
 * name, and `XACCESS_CRASH_SEED=N` replays a run.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Writable } from 'node:stream'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import pg from 'pg'
import { auditCommand } from '../../src/cli/commands/audit.ts'
import { createRng, type Rng } from '../differential/prng.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'
import { runXaccess } from '../support/xaccess-cli.ts'
import { clientsFor, type Clients, type Credentials } from './aws-clients.ts'

const KILLS = 20
const WORKERS = 4
/** The kill comes this long (ms, uniformly at random) after the round's first answer. */
const KILL_AFTER_MS = 700
const SEED = Number(process.env.XACCESS_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31))

/** A call that got an answer: its request id and the operation the trail must name. */
interface Answered {
  readonly requestId: string
  readonly operation: string
}

/** Where the store is, and how to read every recorded (requestID, eventName) of it. */
interface Backend {
  readonly name: string
  readonly database?: string
  recorded(dataDir: string): Promise<Map<string, string[]>>
}

function addRecord(into: Map<string, string[]>, text: string): void {
  const record = JSON.parse(text) as { requestID: string; eventName: string }
  const names = into.get(record.requestID) ?? []
  names.push(record.eventName)
  into.set(record.requestID, names)
}

const sqliteBackend: Backend = {
  name: 'SQLite',
  async recorded(dataDir) {
    const db = new DatabaseSync(join(dataDir, 'xaccess.db'), { readOnly: true })
    try {
      const out = new Map<string, string[]>()
      for (const row of db.prepare('select record from audit_event').iterate()) {
        addRecord(out, String(row.record))
      }
      return out
    } finally {
      db.close()
    }
  },
}

const postgresBackend = (url: string): Backend => ({
  name: 'PostgreSQL',
  database: url,
  async recorded() {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const out = new Map<string, string[]>()
      const { rows } = await client.query<{ record: string }>('select record from audit_event')
      for (const row of rows) addRecord(out, row.record)
      return out
    } finally {
      await client.end()
    }
  },
})

/** The SDK error of an answered call carries its HTTP status; a cut connection has none. */
const answeredError = (e: unknown): e is { name: string; $metadata: { requestId?: string } } =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number'

/**
 * Runs WORKERS loops of CreateUser → AttachUserPolicy → AssumeRole against `server` until a call
 * fails without an answer (the server is gone). Every answer is pushed to `answered`. Errors of
 * the test: an AWS error answer (every name is new, every call allowed), and a call left without
 * an answer while the server still ran (`killed()` false when it failed).
 */
async function writeLoad(
  server: ServerProcess,
  admin: Credentials,
  roleArn: string,
  policyArn: string,
  round: number,
  answered: Answered[],
  killed: () => boolean,
): Promise<{ errors: string[] }> {
  const errors: string[] = []
  const worker = async (w: number) => {
    const clients = clientsFor(server.url, admin)
    const call = async (
      operation: string,
      send: (c: Clients) => Promise<{ $metadata: { requestId?: string } }>,
    ) => {
      try {
        const out = await send(clients)
        answered.push({ requestId: out.$metadata.requestId!, operation })
        return true
      } catch (e) {
        if (!answeredError(e)) {
          if (!killed()) errors.push(`${operation}: no answer from a running server: ${String(e)}`)
          return false
        }
        answered.push({ requestId: e.$metadata.requestId!, operation })
        errors.push(`${operation}: ${e.name}`)
        return true
      }
    }
    try {
      for (let i = 0; ; i++) {
        const userName = `crash-${round}-${w}-${i}`
        if (
          !(await call('CreateUser', (c) =>
            c.iam.send(new CreateUserCommand({ UserName: userName })),
          ))
        )
          return
        const attached = await call('AttachUserPolicy', (c) =>
          c.iam.send(
            new AttachUserPolicyCommand({
              UserName: userName,
              PolicyArn: policyArn,
            }),
          ),
        )
        if (!attached) return
        const assumed = await call('AssumeRole', (c) =>
          c.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: userName })),
        )
        if (!assumed) return
      }
    } finally {
      for (const client of Object.values(clients)) client.destroy()
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
  return { errors }
}

/**
 * Through the root's key: an administrator user's key, a role it may assume and a customer
 * managed policy to attach. Customer policies only: the first use of an AWS-managed one reads
 * the whole catalog, which would slow the first calls after each restart.
 */
async function setup(
  server: ServerProcess,
): Promise<{ admin: Credentials; roleArn: string; policyArn: string }> {
  const root = clientsFor(server.url, server.bootstrap)
  const document = (action: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
    })
  try {
    await root.iam.send(new CreateUserCommand({ UserName: 'crash-admin' }))
    await root.iam.send(
      new PutUserPolicyCommand({
        UserName: 'crash-admin',
        PolicyName: 'everything',
        PolicyDocument: document('*'),
      }),
    )
    const { Policy: policy } = await root.iam.send(
      new CreatePolicyCommand({ PolicyName: 'crash-read', PolicyDocument: document('iam:Get*') }),
    )
    const { AccessKey: key } = await root.iam.send(
      new CreateAccessKeyCommand({ UserName: 'crash-admin' }),
    )
    const role = await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'crash-target',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${server.bootstrap.accountId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    )
    return {
      admin: { accessKeyId: key!.AccessKeyId!, secretAccessKey: key!.SecretAccessKey! },
      roleArn: role.Role!.Arn!,
      policyArn: policy!.Arn!,
    }
  } finally {
    for (const client of Object.values(root)) client.destroy()
  }
}

/** Every answered call has exactly one event in its own account, under its operation's name. */
async function assertRecorded(backend: Backend, dataDir: string, answered: readonly Answered[]) {
  const recorded = await backend.recorded(dataDir)
  const missing: string[] = []
  for (const a of answered) {
    const names = recorded.get(a.requestId)
    if (names === undefined || !names.includes(a.operation))
      missing.push(`${a.operation} ${a.requestId} (recorded: ${names?.join(', ') ?? 'nothing'})`)
  }
  assert.deepEqual(missing, [], `${missing.length} answered calls have no event`)
}

/**
 * `xaccess audit verify` on the store exits 0 saying OK: run as the command (a child process),
 * or, after each restart, as the same command function in this process (`in-process`), which
 * spares a process start per round on a busy machine.
 */
async function assertVerifyOk(
  backend: Backend,
  dataDir: string,
  how: 'command' | 'in-process',
): Promise<void> {
  const args = [
    'verify',
    '--data-dir',
    dataDir,
    ...(backend.database === undefined ? [] : ['--database', backend.database]),
  ]
  let r: { status: number; stdout: string; stderr: string }
  if (how === 'command') {
    r = await runXaccess(['audit', ...args])
  } else {
    const out = { stdout: '', stderr: '' }
    const stream = (key: 'stdout' | 'stderr') =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          out[key] += chunk.toString()
          done()
        },
      })
    const status = await auditCommand(args, { stdout: stream('stdout'), stderr: stream('stderr') })
    r = { status, ...out }
  }
  assert.equal(r.status, 0, `audit verify exited ${r.status}:\n${r.stdout}${r.stderr}`)
  assert.match(r.stdout, /^OK: the audit trail is intact$/m)
}

/** `durability`: `--audit-durability` (the server's default, `disk`, when not given). */
async function crashRun(
  backend: Backend,
  rng: Rng,
  durability?: 'disk' | 'process',
): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-crash-'))
  const start = () =>
    startServerProcess({
      dataDir,
      ...(backend.database === undefined ? {} : { database: backend.database }),
      ...(durability === undefined ? {} : { args: ['--audit-durability', durability] }),
    })
  let server = await start()
  try {
    const { admin, roleArn, policyArn } = await setup(server)
    const answered: Answered[] = []
    const unexpected: string[] = []
    // The checks of one restart run beside the next round's load: `audit verify` reads the
    // store while the server writes to it, as it does for an operator.
    let checks: Promise<unknown> = Promise.resolve()
    for (let round = 1; round <= KILLS; round++) {
      let killed = false
      const before = answered.length
      let ended = false
      const load = writeLoad(server, admin, roleArn, policyArn, round, answered, () => killed)
      const end = () => (ended = true)
      load.then(end, end)
      while (answered.length === before && !ended) await sleep(5)
      await sleep(rng.int(KILL_AFTER_MS))
      killed = true
      await server.kill()
      unexpected.push(...(await load).errors)
      await checks
      server = await start()
      const answeredBefore = answered.slice()
      checks = Promise.all([
        assertRecorded(backend, dataDir, answeredBefore),
        assertVerifyOk(backend, dataDir, 'in-process'),
      ])
      // Keep the rejection for the await above; the last one is awaited below.
      checks.catch(() => {})
    }
    await checks
    assert.deepEqual(unexpected, [], 'AWS errors under load')
    // Under load, rounds were not empty: the kills cut calls in flight, not an idle server.
    const ops = new Set(answered.map((a) => a.operation))
    assert.deepEqual([...ops].sort(), ['AssumeRole', 'AttachUserPolicy', 'CreateUser'])
    assert.ok(answered.length >= KILLS * WORKERS, `only ${answered.length} calls answered`)
    // A graceful stop seals the last chain with a digest: still OK.
    await server.stop()
    await assertVerifyOk(backend, dataDir, 'command')
    return `${answered.length} answered calls over ${KILLS} kills, each found in the trail`
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe(`audit trail crash test (seed ${SEED})`, { timeout: 480_000 }, async () => {
  it(`SQLite: ${KILLS} SIGKILLs under SDK write load, every answered call recorded, verify OK`, async (t) => {
    t.diagnostic(await crashRun(sqliteBackend, createRng(SEED)))
  })

  // A call is answered once the kernel holds its events, not the disk: a killed process loses
  // none of them.
  it(`SQLite, --audit-durability process: ${KILLS} SIGKILLs, every answered call recorded, verify OK`, async (t) => {
    t.diagnostic(await crashRun(sqliteBackend, createRng(SEED + 2), 'process'))
  })

  const unreachable = await postgresUnreachable()
  if (unreachable !== undefined && process.env.CI !== 'true') {
    it('PostgreSQL', { skip: `not reachable at ${redactedPostgresUrl}: ${unreachable}` })
    return
  }
  let drop: (() => Promise<void>) | undefined
  after(() => drop?.())
  it(`PostgreSQL: ${KILLS} SIGKILLs under SDK write load, every answered call recorded, verify OK`, async (t) => {
    assert.equal(unreachable, undefined, `PostgreSQL not reachable at ${redactedPostgresUrl}`)
    const created = await createPostgresDatabase('xaccess_crash')
    drop = created.drop
    t.diagnostic(await crashRun(postgresBackend(created.url), createRng(SEED + 1)))
  })
})
