/**
 * Server benchmark: AssumeRole and GetCallerIdentity round trips through the real SDK v3 over
 * loopback, xaccess (SQLite in a temp dir, every call authorized by the policy engine) against
 * moto's server (nothing authorized), both started in the same run (ARCHITECTURE.md,
 * "Performance"). Per operation and number of in-flight requests: throughput, p50 and p99
 * latency, server CPU per request, and the ratio xaccess/moto; xaccess's RSS before and after.
 * Then "replay" rows: one SDK-signed request re-sent over raw HTTP, so the SDK's own CPU cost
 * (about 1 ms a request here) does not cap what the servers are asked to do.
 *
 * Scenario on both: a user with an access key whose inline policy allows `sts:AssumeRole` on one
 * role, and that role trusting the user. On xaccess the user and role live in a member account
 * created through Organizations and set up through its OrganizationAccountAccessRole (assumed by
 * an IAM user of the management account: root users may not assume roles); on moto in its
 * default account.
 *
 * Then the nodes table (issue 15): AssumeRole and GetCallerIdentity per second with 16 in flight
 * on 1, 2 and 3 xaccess nodes — separate `xaccess serve` processes on one PostgreSQL, each with
 * its own data dir, the load spread round-robin across them by this client (SDK and replay
 * rows) — and on one SQLite node for reference (SQLite serves one node only). PostgreSQL is
 * XACCESS_TEST_POSTGRES_URL (a role with CREATEDB; a fresh database per run, dropped after);
 * unreachable, its rows are skipped with a note. Every node shares one XACCESS_MASTER_KEY.
 *
 * Run: `npm run bench:server` (`npx node bench/server.bench.ts`). Options: `--seconds N` per row
 * (default 5), `--source` (run xaccess from src/ even when dist/ is built), `--cpu-prof DIR`
 * (write a V8 CPU profile of the xaccess server there), `--only OPERATION`, `--nodes 1,2,3`
 * (node counts of the nodes table; `--nodes ''` leaves it out), `--skip-moto` (only the nodes
 * table). Exit 2 when moto is missing (unless --skip-moto), 1 on a failed request or setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createPostgresDatabase, postgresUnreachable } from '../test/support/test-postgres.ts'

const ROOT = resolve(import.meta.dirname, '..')
const REGION = 'us-east-1'
const CONCURRENCY = [1, 16] as const
const OPERATIONS = ['AssumeRole', 'GetCallerIdentity'] as const
type OperationName = (typeof OPERATIONS)[number]
const WARMUP_MS = 1000
const REPLAY_CONCURRENCY = 16
const MAX_REQUESTS_PER_ROW = 200_000
const TARGET_RATIO = 10
const MOTO_ACCOUNT = '123456789012'

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    source: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    only: { type: 'string' },
    nodes: { type: 'string', default: '1,2,3' },
    'skip-moto': { type: 'boolean', default: false },
  },
})
const NODE_COUNTS = opts.nodes === '' ? [] : opts.nodes.split(',').map(Number)
if (!NODE_COUNTS.every((n) => Number.isInteger(n) && n >= 1 && n <= 8)) {
  console.error(`server benchmark: --nodes takes node counts from 1 to 8, not '${opts.nodes}'`)
  process.exit(2)
}
const ROW_MS = Math.round(Number(opts.seconds) * 1000)
const REPLAY_MS = Math.min(ROW_MS, 3000)
if (!(ROW_MS > 0)) {
  console.error(`server benchmark: --seconds must be a positive number, not '${opts.seconds}'`)
  process.exit(2)
}

interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** A started server process. */
interface Server {
  readonly name: string
  readonly url: string
  readonly pid: number
  stop(): Promise<void>
}

/** What the load runs against: the caller's key and the role it assumes. */
interface Scenario {
  readonly url: string
  readonly caller: Credentials
  readonly roleArn: string
}

interface RowResult {
  readonly count: number
  readonly errors: number
  readonly firstError: string | undefined
  readonly seconds: number
  readonly p50: number
  readonly p99: number
  /** Server CPU (user + system) per request, µs; NaN when /proc is unreadable. */
  readonly cpuPerRequestUs: number
  /** This process's CPU (the SDK client) per request, µs. */
  readonly clientCpuPerRequestUs: number
}

// Everything started, stopped at the end, on errors and on signals.
const running: Server[] = []
const stopAll = async () => {
  const servers = running.splice(0)
  await Promise.allSettled(servers.map((s) => s.stop()))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(130)))
}

// ---- processes --------------------------------------------------------------------------------

function motoVersion(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], {
    encoding: 'utf8',
  })
  return r.status === 0 ? r.stdout.trim() : undefined
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  await new Promise((ok) => server.close(ok))
  return port
}

/** Spawns `command` and resolves once `ready` matches its output (stdout or stderr). */
async function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv,
  cleanup: () => void,
): Promise<{ child: ChildProcess; match: RegExpExecArray; stop: () => Promise<void> }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    cleanup()
  }
  const match = await new Promise<RegExpExecArray>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start in 30 s:\n${output}`)),
      30_000,
    )
    const onData = (d: Buffer) => {
      output += d.toString()
      const m = ready.exec(output)
      if (m !== null) {
        clearTimeout(timer)
        ok(m)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`${name} exited with ${code}:\n${output}`))
    })
  }).catch(async (e: unknown) => {
    await stop()
    throw e
  })
  // Keep draining (moto logs every request); keep only a tail for error reports.
  const drain = (d: Buffer) => (output = (output + d.toString()).slice(-4000))
  child.stdout!.removeAllListeners('data').on('data', drain)
  child.stderr!.removeAllListeners('data').on('data', drain)
  return { child, match, stop }
}

async function startMoto(): Promise<Server> {
  const port = await freePort()
  const { child, stop } = await startProcess(
    'moto',
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    /Running on http:\/\/127\.0\.0\.1:\d+/,
    { ...process.env, PYTHONUNBUFFERED: '1' },
    () => {},
  )
  return { name: 'moto', url: `http://127.0.0.1:${port}`, pid: child.pid!, stop }
}

/** One `xaccess serve`: SQLite in its data dir, or `database` (PostgreSQL) with `env`. */
async function startXaccess(
  options: { database?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Server & { dataDir: string; entry: string }> {
  const built = join(ROOT, 'dist/cli/run.js')
  const entry = !opts.source && existsSync(built) ? built : join(ROOT, 'src/cli/run.ts')
  if (entry === built && newestMtime(join(ROOT, 'src')) > statSync(built).mtimeMs) {
    console.warn('note: dist/ is older than src/ (run npm run build, or pass --source)')
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-bench-'))
  const profile =
    opts['cpu-prof'] === undefined
      ? []
      : ['--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof'])]
  const { child, match, stop } = await startProcess(
    'xaccess',
    process.execPath,
    [
      ...profile,
      entry,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.database === undefined ? [] : ['--database', options.database]),
    ],
    /xaccess listening on (http:\/\/\S+)/,
    { ...process.env, ...options.env },
    () => rmSync(dataDir, { recursive: true, force: true }),
  )
  return { name: 'xaccess', url: match[1]!, pid: child.pid!, stop, dataDir, entry }
}

/** The latest modification time of a file under `dir`, ms. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Resident set size of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? NaN : Number(m[1]) / 1024
  } catch {
    return NaN
  }
}

/** CPU time (user + system) a process used so far, µs (Linux /proc, clock ticks of 10 ms). */
function cpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  } catch {
    return NaN
  }
}

// ---- scenario ---------------------------------------------------------------------------------

const agents: Agent[] = []
function clientConfig(url: string, credentials: Credentials) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  agents.push(agent)
  return {
    endpoint: url,
    region: REGION,
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  }
}

const CALLER_NAME = 'bench-caller'
const ROLE_NAME = 'bench-target'

/** Creates the caller (user, inline policy, access key) and the role it may assume. */
async function createCallerAndRole(
  url: string,
  admin: Credentials,
  accountId: string,
): Promise<Scenario> {
  const iam = new IAMClient(clientConfig(url, admin))
  const roleArn = `arn:aws:iam::${accountId}:role/${ROLE_NAME}`
  const user = await iam.send(new CreateUserCommand({ UserName: CALLER_NAME }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: CALLER_NAME,
      PolicyName: 'assume-bench-target',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
      }),
    }),
  )
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: CALLER_NAME }))
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: user.User!.Arn! }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  )
  iam.destroy()
  return {
    url,
    roleArn,
    caller: {
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    },
  }
}

/**
 * xaccess: a member account through Organizations, set up through its
 * OrganizationAccountAccessRole, assumed by an IAM user of the management account.
 */
async function setupXaccess(url: string, dataDir: string): Promise<Scenario> {
  const boot = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as {
    accessKeyId: string
    secretAccessKey: string
  }
  const root = { accessKeyId: boot.accessKeyId, secretAccessKey: boot.secretAccessKey }
  const org = new OrganizationsClient(clientConfig(url, root))
  let status = (
    await org.send(new CreateAccountCommand({ Email: 'bench@example.com', AccountName: 'Bench' }))
  ).CreateAccountStatus!
  for (let i = 0; status.State === 'IN_PROGRESS' && i < 100; i++) {
    await new Promise((ok) => setTimeout(ok, 50))
    status = (
      await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))
    ).CreateAccountStatus!
  }
  org.destroy()
  if (status.State !== 'SUCCEEDED') {
    throw new Error(`CreateAccount ended ${status.State}: ${status.FailureReason ?? ''}`)
  }
  const accountId = status.AccountId!
  // Root users may not assume roles: an IAM user of the management account does.
  const iam = new IAMClient(clientConfig(url, root))
  await iam.send(new CreateUserCommand({ UserName: 'bench-admin' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'bench-admin',
      PolicyName: 'assume-organization-access',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole',
          },
        ],
      }),
    }),
  )
  const adminKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-admin' })))
    .AccessKey!
  iam.destroy()
  const sts = new STSClient(
    clientConfig(url, {
      accessKeyId: adminKey.AccessKeyId!,
      secretAccessKey: adminKey.SecretAccessKey!,
    }),
  )
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'bench-setup',
    }),
  )
  sts.destroy()
  const c = assumed.Credentials!
  const admin = {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  }
  return createCallerAndRole(url, admin, accountId)
}

/** moto: its default account, any credentials. */
async function setupMoto(url: string): Promise<Scenario> {
  return createCallerAndRole(
    url,
    { accessKeyId: 'testing', secretAccessKey: 'testing' },
    MOTO_ACCOUNT,
  )
}

// ---- load -------------------------------------------------------------------------------------

function requester(scenario: Scenario, op: OperationName): () => Promise<unknown> {
  const sts = new STSClient(clientConfig(scenario.url, scenario.caller))
  if (op === 'GetCallerIdentity') {
    return () => sts.send(new GetCallerIdentityCommand({}))
  }
  let n = 0
  return () =>
    sts.send(
      new AssumeRoleCommand({ RoleArn: scenario.roleArn, RoleSessionName: `bench-${n++ % 1000}` }),
    )
}

/** A request as the SDK signed it: replayed over raw HTTP, it costs the client almost nothing. */
interface SignedRequest {
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Sends one SDK request and captures it as signed (SigV4 has no nonce: it can be replayed). */
async function signedRequest(scenario: Scenario, op: OperationName): Promise<SignedRequest> {
  const sts = new STSClient(clientConfig(scenario.url, scenario.caller))
  let captured: SignedRequest | undefined
  sts.middlewareStack.add(
    (next) => async (args) => {
      const r = args.request as { path: string; headers: Record<string, string>; body: unknown }
      captured = { path: r.path, headers: { ...r.headers }, body: String(r.body ?? '') }
      return next(args)
    },
    { step: 'deserialize', name: 'benchCaptureSignedRequest' },
  )
  if (op === 'GetCallerIdentity') await sts.send(new GetCallerIdentityCommand({}))
  else {
    await sts.send(
      new AssumeRoleCommand({ RoleArn: scenario.roleArn, RoleSessionName: 'bench-replay' }),
    )
  }
  sts.destroy()
  if (captured === undefined) throw new Error('the SDK request was not captured')
  return captured
}

/** Replays `signed` to `url` over a keep-alive agent; fails on any status but 200. */
function replayer(url: string, signed: SignedRequest): () => Promise<unknown> {
  const { hostname, port } = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  agents.push(agent)
  return () =>
    new Promise<void>((ok, fail) => {
      const req = request(
        { host: hostname, port, method: 'POST', path: signed.path, headers: signed.headers, agent },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            res.statusCode === 200
              ? ok()
              : fail(
                  new Error(
                    `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`,
                  ),
                ),
          )
          res.on('error', fail)
        },
      )
      req.on('error', fail)
      req.end(signed.body)
    })
}

/** Runs `send` from `concurrency` loops for `ms` (at most `max` requests). */
async function load(
  send: () => Promise<unknown>,
  concurrency: number,
  ms: number,
  max: number,
  pid: number | readonly number[],
): Promise<RowResult> {
  const pids = typeof pid === 'number' ? [pid] : pid
  const serverCpu = () => pids.reduce((sum, p) => sum + cpuUs(p), 0)
  const latencies = new Float64Array(max)
  let issued = 0
  let done = 0
  let errors = 0
  let firstError: string | undefined
  const start = performance.now()
  const deadline = start + ms
  const cpuBefore = serverCpu()
  const clientBefore = process.cpuUsage()
  const loop = async () => {
    while (issued < max && performance.now() < deadline) {
      issued++
      const t = performance.now()
      try {
        await send()
        latencies[done++] = performance.now() - t
      } catch (e) {
        errors++
        firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  const seconds = (performance.now() - start) / 1000
  const cpu = serverCpu() - cpuBefore
  const client = process.cpuUsage(clientBefore)
  const sorted = latencies.subarray(0, done).sort()
  const pct = (p: number) => (done === 0 ? NaN : sorted[Math.min(done - 1, Math.floor(p * done))]!)
  return {
    count: done,
    errors,
    firstError,
    seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    cpuPerRequestUs: done === 0 ? NaN : cpu / done,
    clientCpuPerRequestUs: done === 0 ? NaN : (client.user + client.system) / done,
  }
}

async function measure(
  server: Server,
  scenario: Scenario,
  op: OperationName,
  concurrency: number,
  mode: 'sdk' | 'replay',
): Promise<RowResult> {
  const send =
    mode === 'sdk'
      ? requester(scenario, op)
      : replayer(scenario.url, await signedRequest(scenario, op))
  const ms = mode === 'sdk' ? ROW_MS : REPLAY_MS
  await load(send, concurrency, WARMUP_MS, MAX_REQUESTS_PER_ROW, server.pid)
  const result = await load(send, concurrency, ms, MAX_REQUESTS_PER_ROW, server.pid)
  if (result.errors > 0) {
    throw new Error(
      `${server.name} ${op}: ${result.errors} failed requests; first: ${result.firstError}`,
    )
  }
  return result
}

// ---- report -----------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-')
const rps = (r: RowResult) => r.count / r.seconds

interface Row {
  readonly op: OperationName
  readonly mode: 'sdk' | 'replay'
  readonly concurrency: number
  readonly x: RowResult
  readonly m: RowResult
}

const COLUMNS = [
  ['operation', 18],
  ['client', 6],
  ['in-flight', 9],
  ['server', 7],
  ['req/s', 7],
  ['p50 ms', 7],
  ['p99 ms', 7],
  ['server cpu µs/req', 17],
  ['client cpu µs/req', 17],
  ['xaccess/moto', 12],
] as const

function printTable(rows: readonly Row[]) {
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join('  ')
  console.log(line(COLUMNS.map((c) => c[0])))
  console.log(line(COLUMNS.map((c) => '-'.repeat(c[1]))))
  const cells = (r: RowResult) => [
    fmt(rps(r)),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    fmt(r.cpuPerRequestUs),
    fmt(r.clientCpuPerRequestUs),
  ]
  for (const { op, mode, concurrency, x, m } of rows) {
    const ratio = `${fmt(rps(x) / rps(m), 1)}×`
    console.log(line([op, mode, String(concurrency), 'xaccess', ...cells(x), ratio]))
    console.log(line(['', '', '', 'moto', ...cells(m), '']))
  }
}

// ---- nodes ------------------------------------------------------------------------------------

/** The load of one nodes-table row: 16 in flight spread round-robin over `nodes`. */
async function measureNodes(
  nodes: readonly Server[],
  scenario: Scenario,
  op: OperationName,
  mode: 'sdk' | 'replay',
): Promise<RowResult> {
  const sends = await Promise.all(
    nodes.map(async (n) => {
      const here = { ...scenario, url: n.url }
      return mode === 'sdk' ? requester(here, op) : replayer(n.url, await signedRequest(here, op))
    }),
  )
  let turn = 0
  const send = () => sends[turn++ % sends.length]!()
  const pids = nodes.map((n) => n.pid)
  const ms = mode === 'sdk' ? ROW_MS : REPLAY_MS
  await load(send, REPLAY_CONCURRENCY, WARMUP_MS, MAX_REQUESTS_PER_ROW, pids)
  const result = await load(send, REPLAY_CONCURRENCY, ms, MAX_REQUESTS_PER_ROW, pids)
  if (result.errors > 0) {
    throw new Error(
      `${nodes.length} nodes ${op}: ${result.errors} failed; first: ${result.firstError}`,
    )
  }
  return result
}

interface NodeRow {
  readonly database: string
  readonly nodes: number
  readonly op: OperationName
  readonly mode: 'sdk' | 'replay'
  readonly r: RowResult
}

/** Rows for one SQLite node (`sqlite`, already set up) and 1…N nodes on a fresh PostgreSQL. */
async function nodesTable(sqlite: { server: Server; scenario: Scenario }): Promise<NodeRow[]> {
  const rows: NodeRow[] = []
  const operations = OPERATIONS.filter((o) => opts.only === undefined || o === opts.only)
  for (const op of operations) {
    for (const mode of ['sdk', 'replay'] as const) {
      rows.push({
        database: 'SQLite',
        nodes: 1,
        op,
        mode,
        r: await measureNodes([sqlite.server], sqlite.scenario, op, mode),
      })
    }
  }
  const unreachable = await postgresUnreachable()
  if (unreachable !== undefined) {
    console.log(
      `PostgreSQL rows skipped: not reachable (${unreachable}; set XACCESS_TEST_POSTGRES_URL)`,
    )
    return rows
  }
  const { url, drop } = await createPostgresDatabase('xaccess_bench_nodes')
  try {
    const env = { XACCESS_MASTER_KEY: randomBytes(32).toString('base64') }
    // The first node creates the organization; the others find it in the database.
    const nodes = [await startXaccess({ database: url, env })]
    running.push(nodes[0]!)
    for (let i = 1; i < Math.max(...NODE_COUNTS); i++) {
      nodes.push(await startXaccess({ database: url, env }))
      running.push(nodes[i]!)
    }
    const scenario = await setupXaccess(nodes[0]!.url, nodes[0]!.dataDir)
    for (const count of NODE_COUNTS) {
      for (const op of operations) {
        for (const mode of ['sdk', 'replay'] as const) {
          const r = await measureNodes(nodes.slice(0, count), scenario, op, mode)
          rows.push({ database: 'PostgreSQL', nodes: count, op, mode, r })
        }
      }
    }
    await Promise.all(nodes.map((n) => n.stop()))
  } finally {
    await drop()
  }
  return rows
}

function printNodesTable(rows: readonly NodeRow[]) {
  const header = [
    'database',
    'nodes',
    'operation',
    'client',
    'req/s',
    'p50 ms',
    'p99 ms',
    'server cpu µs/req',
    'vs 1 node',
  ]
  const widths = [10, 5, 18, 6, 7, 7, 7, 17, 9]
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(line(header))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const row of rows) {
    const one = rows.find(
      (o) => o.database === row.database && o.nodes === 1 && o.op === row.op && o.mode === row.mode,
    )
    const vs = one === undefined || one === row ? '' : `${fmt(rps(row.r) / rps(one.r), 2)}×`
    console.log(
      line([
        row.database,
        String(row.nodes),
        row.op,
        row.mode,
        fmt(rps(row.r)),
        fmt(row.r.p50, 2),
        fmt(row.r.p99, 2),
        fmt(row.r.cpuPerRequestUs),
        vs,
      ]),
    )
  }
}

// ---- main -------------------------------------------------------------------------------------

const moto = opts['skip-moto'] ? undefined : motoVersion()
if (moto === undefined && !opts['skip-moto']) {
  console.error(
    'server benchmark: moto is not installed for python3 (python3 -c "import moto" failed).',
  )
  console.error(
    'Install it (pip install "moto[server]") to compare against its server, or pass --skip-moto.',
  )
  process.exit(2)
}

/** The moto comparison table (as before the nodes table); answers the SQLite server it set up. */
async function motoComparison(motoVersionText: string) {
  const [motoServer, xaccess] = await Promise.all([startMoto(), startXaccess()]).catch(
    async (e: unknown) => {
      await stopAll()
      throw e
    },
  )
  running.push(motoServer, xaccess)
  console.log(
    `xaccess ${xaccess.url} (${xaccess.entry.includes('/dist/') ? 'dist' : 'sources'}, SQLite, Node ${process.versions.node}) · ` +
      `moto ${motoVersionText} ${motoServer.url} · ${ROW_MS / 1000} s per row after ${WARMUP_MS / 1000} s warm-up`,
  )
  const scenarios = {
    xaccess: await setupXaccess(xaccess.url, xaccess.dataDir),
    moto: await setupMoto(motoServer.url),
  }
  const rssBefore = rssMiB(xaccess.pid)
  const rows: Row[] = []
  const operations = OPERATIONS.filter((o) => opts.only === undefined || o === opts.only)
  const plan = [
    ...operations.flatMap((op) =>
      CONCURRENCY.map((concurrency) => ({ op, mode: 'sdk' as const, concurrency })),
    ),
    ...operations.map((op) => ({ op, mode: 'replay' as const, concurrency: REPLAY_CONCURRENCY })),
  ]
  for (const { op, mode, concurrency } of plan) {
    const x = await measure(xaccess, scenarios.xaccess, op, concurrency, mode)
    const m = await measure(motoServer, scenarios.moto, op, concurrency, mode)
    rows.push({ op, mode, concurrency, x, m })
  }
  const rssAfter = rssMiB(xaccess.pid)
  console.log('')
  printTable(rows)
  console.log('')
  console.log(
    `xaccess server RSS: ${fmt(rssBefore, 1)} MiB before load, ${fmt(rssAfter, 1)} MiB after`,
  )
  console.log(
    "server cpu: the server process's CPU time (user + system) per request; client cpu: this " +
      "process's (the SDK's), both on the same cores",
  )
  console.log(
    'client sdk: the real SDK v3 per request; replay: one SDK-signed request re-sent over raw HTTP ' +
      '(SigV4 has no nonce), so the rows show what the server can serve when the client costs little',
  )
  const verdict = (selected: readonly Row[]) => {
    const worst = Math.min(...selected.map((r) => rps(r.x) / rps(r.m)))
    return `${worst >= TARGET_RATIO ? 'met' : 'NOT MET'} (lowest ratio ${fmt(worst, 1)}×)`
  }
  console.log(
    `target ≥ ${TARGET_RATIO}× moto's throughput: ${verdict(rows.filter((r) => r.mode === 'sdk'))}; ` +
      `server capacity (replay rows): ${verdict(rows.filter((r) => r.mode === 'replay'))}`,
  )
  await motoServer.stop()
  return { server: xaccess, scenario: scenarios.xaccess }
}

let exitCode = 0
try {
  const sqlite =
    moto === undefined
      ? await (async () => {
          const server = await startXaccess()
          running.push(server)
          return { server, scenario: await setupXaccess(server.url, server.dataDir) }
        })()
      : await motoComparison(moto)
  if (NODE_COUNTS.length > 0) {
    console.log(
      `\nnodes: ${REPLAY_CONCURRENCY} in flight spread round-robin over the nodes, ${ROW_MS / 1000} s per sdk row, ` +
        `${REPLAY_MS / 1000} s per replay row (server cpu: all nodes together) · load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    )
    printNodesTable(await nodesTable(sqlite))
  }
} catch (e) {
  console.error(
    `server benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  )
  exitCode = 1
} finally {
  for (const agent of agents) agent.destroy()
  await stopAll()
}
process.exit(exitCode)
