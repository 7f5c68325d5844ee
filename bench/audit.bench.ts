/**
 * Audit trail benchmark (issue 8): what recording every call costs. xaccess servers on SQLite,
 * started in the same run from the built package (dist/, else the sources) by
 * bench/audit-bench-server.ts, with the audit trail on (`--audit-durability disk`, and `process`)
 * and one with it off, serve AssumeRole
 * (an IAM user assuming a role of its account: one event per call) to the real SDK v3 with 1 and
 * 16 calls in flight, and to a replay of one signed request over raw HTTP with 16 in flight (the
 * SDK's own CPU, about 1 ms a call, then no longer caps what the server is asked to do). The
 * servers take turns, the order rotating every repetition, so the machine's drift cancels out;
 * the medians are compared.
 *
 * Printed per row: round trips per second on and off, the on/off ratio and the cost (target: the
 * trail costs at most 15 %), the servers' CPU per call, p99 latency, and the events per second the
 * trail wrote (counted in its table). Then the bytes per event on disk: the pages of the audit
 * tables and their indexes (SQLite's dbstat) per event, and the SQLite file's growth over the
 * trail-less server's per event, both after a graceful stop (WAL checkpointed).
 *
 * Then the same on PostgreSQL: a second pair on two fresh databases of XACCESS_TEST_POSTGRES_URL's
 * server (bytes per event from pg_total_relation_size), skipped with a message when it cannot be
 * reached. On both, the trail's group commits are durable in its journal in the data dir and
 * indexed into the tables in the background (JournaledAuditStore), as `xaccess serve` runs it.
 *
 * Run: `npm run bench:audit` (`npx node bench/audit.bench.ts`). Options: `--seconds N` per row
 * (default 3), `--reps N` (default 5), `--source` (run src/ even when dist/ is built),
 * `--cpu-prof DIR` (V8 CPU profiles of the servers, every thread, in DIR/disk, DIR/process and
 * DIR/off), `--sqlite-only`, `--durability disk|process|both` (default both: the trail on with
 * `--audit-durability disk` and with `process`, each row printed for each against the same
 * trail-less server, and a target line for each).
 * Exit 1 on a failed call.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { parseArgs } from 'node:util'
import { Sha256 } from '@aws-crypto/sha256-js'
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import pg from 'pg'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'

const ROOT = resolve(import.meta.dirname, '..')
const REGION = 'us-east-1'
const WARMUP_MS = 500
const TARGET_COST = 0.15
/** The servers: the trail on with `--audit-durability disk` or `process`, and off. */
type Mode = 'disk' | 'process' | 'off'
/** The trail's durability settings, each measured against the same trail-less server. */
type Durability = Exclude<Mode, 'off'>
const ROWS = [
  { client: 'sdk', inFlight: 1 },
  { client: 'sdk', inFlight: 16 },
  { client: 'replay', inFlight: 16 },
] as const
type RowSpec = (typeof ROWS)[number]

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    reps: { type: 'string', default: '5' },
    source: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'sqlite-only': { type: 'boolean', default: false },
    durability: { type: 'string', default: 'both' },
    /** Accepted for the scripts that passed it when PostgreSQL was optional. */
    postgres: { type: 'boolean', default: false },
  },
})
const ROW_MS = Math.round(Number(opts.seconds) * 1000)
const REPS = Number(opts.reps)
if (!(ROW_MS > 0) || !(Number.isInteger(REPS) && REPS > 0)) {
  console.error('audit benchmark: --seconds and --reps must be positive numbers')
  process.exit(2)
}
if (!['disk', 'process', 'both'].includes(opts.durability)) {
  console.error('audit benchmark: --durability must be disk, process or both')
  process.exit(2)
}
const DURABILITIES: readonly Durability[] =
  opts.durability === 'both' ? ['disk', 'process'] : [opts.durability as Durability]
const MODES: readonly Mode[] = [...DURABILITIES, 'off']

interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

interface Server {
  readonly mode: Mode
  /** `--database` (undefined: SQLite in the data dir). */
  readonly database: string | undefined
  readonly url: string
  readonly pid: number
  readonly dataDir: string
  /** SIGTERM, and wait for the graceful close. */
  stop(): Promise<void>
}

interface Scenario {
  readonly caller: Credentials
  readonly roleArn: string
}

/** One measured run. */
interface Run {
  readonly calls: number
  readonly seconds: number
  readonly p50: number
  readonly p99: number
  /** Server CPU (user + system) per call, µs. */
  readonly cpuUs: number
  /** Audit events written during the run (on only). */
  readonly events: number
}

const running: Server[] = []
const agents: Agent[] = []
const dataDirs: string[] = []
const stopAll = () => Promise.allSettled(running.splice(0).map((s) => s.stop()))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(130)))
}

// ---- servers ----------------------------------------------------------------------------------

const from = !opts.source && existsSync(join(ROOT, 'dist/server/index.js')) ? 'dist' : 'src'

async function startServer(mode: Mode, database: string | undefined): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), `xaccess-audit-bench-${mode}-`))
  dataDirs.push(dataDir)
  const profile =
    opts['cpu-prof'] !== undefined
      ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof'], mode)]
      : []
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...profile,
      join(ROOT, 'bench/audit-bench-server.ts'),
      from,
      dataDir,
      mode,
      ...(database === undefined ? [] : [database]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server (${mode}) did not start:\n${output}`)),
      60_000,
    )
    const onData = (d: Buffer) => {
      output += d.toString()
      const m = /xaccess listening on (http:\/\/\S+)/.exec(output)
      if (m !== null) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`server (${mode}) exited with ${code}:\n${output}`))
    })
  })
  child.stdout!.removeAllListeners('data').resume()
  child.stderr!.removeAllListeners('data').resume()
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  const server = { mode, database, url, pid: child.pid!, dataDir, stop }
  running.push(server)
  return server
}

/** CPU time (user + system) a process used so far, µs (Linux /proc, 100 ticks a second). */
function cpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  } catch {
    return NaN
  }
}

const dbFile = (server: Server) => join(server.dataDir, 'xaccess.db')

/** Runs one query on a server's PostgreSQL database. */
async function pgQuery<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text)).rows
  } finally {
    await client.end()
  }
}

/** Events in the server's trail (read beside the running server, as `audit verify` does). */
async function eventCount(server: Server): Promise<number> {
  if (server.mode === 'off') return 0
  if (server.database !== undefined) {
    const [row] = await pgQuery<{ n: string }>(
      server.database,
      'select count(*) as n from audit_event',
    )
    return Number(row!.n)
  }
  const db = new DatabaseSync(dbFile(server), { readOnly: true })
  try {
    return Number(db.prepare('select count(*) as n from audit_event').get()!.n)
  } finally {
    db.close()
  }
}

// ---- scenario ---------------------------------------------------------------------------------

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

/** A user allowed to assume one role of its account, which trusts it; set up by the root. */
async function setup(server: Server): Promise<Scenario> {
  const boot = JSON.parse(readFileSync(join(server.dataDir, 'bootstrap.json'), 'utf8')) as {
    accountId: string
    accessKeyId: string
    secretAccessKey: string
  }
  const iam = new IAMClient(clientConfig(server.url, boot))
  const roleArn = `arn:aws:iam::${boot.accountId}:role/audit-bench-target`
  const user = await iam.send(new CreateUserCommand({ UserName: 'audit-bench-caller' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'audit-bench-caller',
      PolicyName: 'assume-target',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
      }),
    }),
  )
  const { AccessKey: key } = await iam.send(
    new CreateAccessKeyCommand({ UserName: 'audit-bench-caller' }),
  )
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'audit-bench-target',
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
    roleArn,
    caller: { accessKeyId: key!.AccessKeyId!, secretAccessKey: key!.SecretAccessKey! },
  }
}

/** One AssumeRole through the SDK per call. */
function sdkCaller(server: Server, scenario: Scenario): () => Promise<unknown> {
  const sts = new STSClient(clientConfig(server.url, scenario.caller))
  let n = 0
  return () =>
    sts.send(
      new AssumeRoleCommand({ RoleArn: scenario.roleArn, RoleSessionName: `bench-${n++ % 1000}` }),
    )
}

/**
 * One AssumeRole request signed once (SigV4 has no nonce) and sent again and again over raw HTTP;
 * any answer but 200 fails the call.
 */
async function replayCaller(server: Server, scenario: Scenario): Promise<() => Promise<unknown>> {
  const url = new URL(server.url)
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: scenario.roleArn,
    RoleSessionName: 'bench-replay',
  }).toString()
  const signer = new SignatureV4({
    service: 'sts',
    region: REGION,
    sha256: Sha256,
    credentials: scenario.caller,
  })
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body,
    }),
  )
  const headers = { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) }
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  agents.push(agent)
  return () =>
    new Promise<void>((ok, fail) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', fail)
          res.on('end', () =>
            res.statusCode === 200
              ? ok()
              : fail(
                  new Error(
                    `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`,
                  ),
                ),
          )
        },
      )
      req.on('error', fail)
      req.end(body)
    })
}

// ---- load -------------------------------------------------------------------------------------

/** Runs `send` from `inFlight` loops for `ms`; throws on the first failed call. */
async function load(
  server: Server,
  send: () => Promise<unknown>,
  inFlight: number,
  ms: number,
): Promise<Run> {
  const latencies: number[] = []
  const eventsBefore = await eventCount(server)
  const cpuBefore = cpuUs(server.pid)
  const start = performance.now()
  const deadline = start + ms
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now()
      await send()
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, loop))
  const seconds = (performance.now() - start) / 1000
  const cpu = cpuUs(server.pid) - cpuBefore
  const events = (await eventCount(server)) - eventsBefore
  latencies.sort((a, b) => a - b)
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!
  return {
    calls: latencies.length,
    seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    cpuUs: cpu / latencies.length,
    events,
  }
}

// ---- report -----------------------------------------------------------------------------------

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-')
const rps = (r: Run) => r.calls / r.seconds

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** Pages (bytes) of the audit tables and their indexes, from SQLite's dbstat. */
function auditBytes(file: string): { bytes: number; events: number; digests: number } {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const bytes = Number(
      db
        .prepare(
          "select coalesce(sum(pgsize), 0) as b from dbstat where name like 'audit\\_%' escape '\\' or name like 'sqlite_autoindex_audit\\_%' escape '\\'",
        )
        .get()!.b,
    )
    const events = Number(db.prepare('select count(*) as n from audit_event').get()!.n)
    const digests = Number(db.prepare('select count(*) as n from audit_digest').get()!.n)
    return { bytes, events, digests }
  } finally {
    db.close()
  }
}

const fileSize = (file: string) =>
  [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0)

/**
 * fsync latency of the disk the stores live on, ms (p50, p90): a 16 KiB write then fsync, 100
 * times. Every commit of the trail waits for one, and nothing else the call does: at 1 call in
 * flight the trail's cost is about this over the round trip without it.
 */
function fsyncMs(): { p50: number; p90: number } {
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-audit-bench-fsync-'))
  const fd = openSync(join(dir, 'probe'), 'w')
  const block = Buffer.alloc(16_384, 7)
  const times: number[] = []
  try {
    for (let i = 0; i < 100; i++) {
      writeSync(fd, block)
      const t = performance.now()
      fsyncSync(fd)
      times.push(performance.now() - t)
    }
  } finally {
    closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
  times.sort((a, b) => a - b)
  return { p50: times[50]!, p90: times[90]! }
}

// ---- main -------------------------------------------------------------------------------------

/** Where a pair of servers keeps its stores, and what a store's audit tables take on disk. */
interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL'
  /** `--database` of the server with the trail `mode` (undefined: SQLite in its data dir). */
  database(mode: Mode): string | undefined
  /** Rows of the on-disk table, read once the servers stopped. */
  disk(on: Server, off: Server): Promise<string[][]>
  drop(): Promise<void>
}

const sqlite: Backend = {
  name: 'SQLite',
  database: () => undefined,
  async disk(on, off) {
    const audit = auditBytes(dbFile(on))
    const growth = fileSize(dbFile(on)) - fileSize(dbFile(off))
    return [
      [
        'audit tables + indexes (dbstat)',
        String(audit.events),
        String(audit.digests),
        String(audit.bytes),
        fmt(audit.bytes / audit.events),
      ],
      [
        'SQLite file, on minus off',
        String(audit.events),
        String(audit.digests),
        String(growth),
        fmt(growth / audit.events),
      ],
    ]
  },
  drop: async () => {},
}

const POSTGRES_ADMIN =
  process.env.XACCESS_TEST_POSTGRES_URL ?? 'postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test'

/** Why PostgreSQL cannot be reached, or undefined. */
async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return undefined
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Two fresh databases on XACCESS_TEST_POSTGRES_URL's server, dropped at the end. */
async function postgres(): Promise<Backend> {
  const admin = POSTGRES_ADMIN
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const names: Record<Mode, string> = {
    disk: `xaccess_audit_bench_disk_${suffix}`,
    process: `xaccess_audit_bench_process_${suffix}`,
    off: `xaccess_audit_bench_off_${suffix}`,
  }
  const urlOf = (name: string) => {
    const url = new URL(admin)
    url.pathname = `/${name}`
    return url.toString()
  }
  for (const name of Object.values(names)) await pgQuery(admin, `create database ${name}`)
  return {
    name: 'PostgreSQL',
    database: (mode) => urlOf(names[mode]),
    async disk(on) {
      const url = on.database!
      const [row] = await pgQuery<{ bytes: string; events: string; digests: string }>(
        url,
        `select (select sum(pg_total_relation_size(c.oid)) from pg_class c
                   join pg_namespace n on n.oid = c.relnamespace
                  where c.relkind = 'r' and n.nspname = current_schema() and c.relname like 'audit\\_%') as bytes,
                (select count(*) from audit_event) as events,
                (select count(*) from audit_digest) as digests`,
      )
      const bytes = Number(row!.bytes)
      const events = Number(row!.events)
      return [
        [
          'audit tables + indexes + TOAST (pg_total_relation_size)',
          String(events),
          row!.digests,
          String(bytes),
          fmt(bytes / events),
        ],
      ]
    },
    async drop() {
      for (const name of Object.values(names)) {
        await pgQuery(admin, `drop database if exists ${name} with (force)`)
      }
    },
  }
}

/**
 * Runs every row on the servers over `backend` (the trail on with each durability, and off);
 * prints the tables; answers the worst cost per durability.
 */
async function benchmark(backend: Backend): Promise<Map<Durability, number>> {
  const servers = {} as Record<Mode, Server>
  for (const mode of MODES) servers[mode] = await startServer(mode, backend.database(mode))
  const scenarios = {} as Record<Mode, Scenario>
  for (const mode of MODES) scenarios[mode] = await setup(servers[mode])
  console.log(
    `\n${backend.name}: audit trail on (${DURABILITIES.map((d) => `--audit-durability ${d} ${servers[d].url}`).join(', ')}) ` +
      `and off ${servers.off.url} (${from}, Node ${process.versions.node}) · ` +
      `AssumeRole · ${ROW_MS / 1000} s per run after ${WARMUP_MS / 1000} s warm-up · ` +
      `${REPS} repetitions, the servers taking turns in an order that rotates`,
  )
  const fsyncBefore = fsyncMs()
  const runs = new Map<RowSpec, Record<Mode, Run[]>>()
  for (const row of ROWS) {
    const results = {} as Record<Mode, Run[]>
    const callers = {} as Record<Mode, () => Promise<unknown>>
    for (const mode of MODES) {
      results[mode] = []
      callers[mode] =
        row.client === 'sdk'
          ? sdkCaller(servers[mode], scenarios[mode])
          : await replayCaller(servers[mode], scenarios[mode])
    }
    runs.set(row, results)
    for (let rep = 0; rep < REPS; rep++) {
      const order = MODES.map((_, i) => MODES[(i + rep) % MODES.length]!)
      for (const mode of order) {
        await load(servers[mode], callers[mode], row.inFlight, WARMUP_MS)
        results[mode].push(await load(servers[mode], callers[mode], row.inFlight, ROW_MS))
      }
    }
  }
  const fsyncAfter = fsyncMs()

  const lines: string[][] = []
  const worst = new Map<Durability, number>()
  for (const [row, r] of runs) {
    const offRps = median(r.off.map(rps))
    for (const d of DURABILITIES) {
      const onRps = median(r[d].map(rps))
      const cost = 1 - onRps / offRps
      worst.set(d, Math.max(worst.get(d) ?? -Infinity, cost))
      lines.push([
        row.client,
        String(row.inFlight),
        d,
        fmt(onRps),
        fmt(offRps),
        fmt(onRps / offRps, 3),
        `${fmt(cost * 100, 1)} %`,
        fmt(median(r[d].map((x) => x.cpuUs))),
        fmt(median(r.off.map((x) => x.cpuUs))),
        fmt(median(r[d].map((x) => x.cpuUs)) - median(r.off.map((x) => x.cpuUs))),
        fmt(median(r[d].map((x) => x.p99)), 2),
        fmt(median(r.off.map((x) => x.p99)), 2),
        fmt(median(r[d].map((x) => x.events / x.seconds))),
        r[d].map((x) => fmt(rps(x))).join('/') + ' | ' + r.off.map((x) => fmt(rps(x))).join('/'),
      ])
    }
  }
  console.log('')
  console.log(
    table(
      [
        'client',
        'in-flight',
        'durability',
        'on req/s',
        'off req/s',
        'on/off',
        'cost',
        'on cpu µs/call',
        'off cpu µs/call',
        'cpu on−off',
        'on p99 ms',
        'off p99 ms',
        'events/s',
        'each run req/s (on | off)',
      ],
      lines,
    ),
  )
  // Stopped gracefully: the last events sealed, SQLite's WAL checkpointed into the file.
  await Promise.all(MODES.map((mode) => servers[mode].stop()))
  console.log('')
  console.log(
    table(
      ['on disk (durability ' + DURABILITIES[0] + ')', 'events', 'digests', 'bytes', 'bytes/event'],
      await backend.disk(servers[DURABILITIES[0]!], servers.off),
    ),
  )
  console.log(
    `disk: fsync of 16 KiB ${fmt(fsyncBefore.p50, 2)} ms p50, ${fmt(fsyncBefore.p90, 2)} ms p90 ` +
      `before the runs; ${fmt(fsyncAfter.p50, 2)} / ${fmt(fsyncAfter.p90, 2)} ms after`,
  )
  return worst
}

let exitCode = 0
const backends: Backend[] = [sqlite]
try {
  if (!opts['sqlite-only']) {
    const unreachable = await postgresUnreachable()
    if (unreachable === undefined) backends.push(await postgres())
    else
      console.log(
        `\nPostgreSQL: skipped, not reachable at ${POSTGRES_ADMIN.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')} (${unreachable})`,
      )
  }
  const worst = new Map<string, Map<Durability, number>>()
  for (const backend of backends) worst.set(backend.name, await benchmark(backend))
  console.log('')
  console.log(
    "cost: 1 − on/off of the median req/s; cpu: the server process's CPU (user + system, every " +
      'thread: event loop, libuv pool, the audit writer thread, GC) per call, median; events/s: rows the trail wrote per second of the on runs (one per AssumeRole); ' +
      'replay: one signed request re-sent over raw HTTP, so the SDK does not cap the load. ' +
      'Durability disk (the default): each group commit of the trail waits for one synchronous ' +
      "(O_DSYNC) write of its journal in the data dir, on libuv's pool, before its calls are " +
      'answered (they survive a machine crash); at 1 call in flight that wait (about one disk ' +
      'flush: see the fsync line) is most of the cost. Durability process: it waits for the ' +
      "write to reach the kernel's page cache only (the calls survive the process being killed, " +
      'not a power loss), and the journal is synced within 100 ms. Either way the tables are ' +
      'written in the background by a worker thread, many group commits per transaction.',
  )
  for (const [name, byDurability] of worst) {
    for (const [d, worstCost] of byDurability) {
      console.log(
        `target on ${name}, --audit-durability ${d}: the trail costs at most ${TARGET_COST * 100} % ` +
          `of the round trips: ${worstCost <= TARGET_COST ? 'met' : 'NOT MET'} ` +
          `(highest cost ${fmt(worstCost * 100, 1)} %)`,
      )
    }
  }
} catch (e) {
  console.error(
    `audit benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
  )
  exitCode = 1
} finally {
  for (const agent of agents) agent.destroy()
  await stopAll()
  for (const backend of backends) await backend.drop().catch(() => {})
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
}
process.exit(exitCode)
