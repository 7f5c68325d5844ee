/**
 * Scale benchmark (issue 15): how the cost of each call grows with the organization. For each
 * database (SQLite, PostgreSQL) it builds a template organization through the API, then grows it
 * to each size by copying the template account in SQL (bulk-seed.ts: a fast seeding path, with no
 * server running), restarts `xaccess serve` on it and measures through the HTTP API with the real
 * SDK v3 (measure-size.ts). Every member account has 10 roles and 100 account assignments; a hub
 * account has one role per member account; the Identity Center user "heavy" is assigned in every
 * account.
 *
 * Printed per size: per-page p50/p99 of every listing (and the number of pages), ListAccountRoles
 * and GetRoleCredentials, GetCallerIdentity p99 alone and during the largest listings (another
 * thread) with their ratio, AssumeRole per second (16 in flight, roles spread over the
 * organization), the server's RSS and the data size; then the growth of each p99 from one size to
 * the next. Progress goes to stderr.
 *
 * Run: `npm run bench:scale -- [--sizes 1000,3000] [--db sqlite,postgres] [--calls 200]
 * [--seconds 3] [--json FILE] [--keep-data]`. The full run of issue 15 is `--sizes 1000,3000,10000`.
 * PostgreSQL comes from XACCESS_TEST_POSTGRES_URL (a role with CREATEDB; each run uses a fresh
 * database, dropped at the end); when unreachable it is skipped with a note. Exit 1 on a failure.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startServerProcess, type ServerProcess } from '../test/support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  withPostgresAdmin,
} from '../test/support/test-postgres.ts'
import { bulkSeed } from './scale/bulk-seed.ts'
import { quantile, type Sample } from './scale/latency.ts'
import { measureSize, type SizeResults } from './scale/measure-size.ts'
import {
  buildTemplateOrganization,
  type TemplateOrganization,
} from './scale/template-organization.ts'

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,3000' },
    db: { type: 'string', default: 'sqlite,postgres' },
    calls: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '3' },
    json: { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
})
const sizes = opts.sizes.split(',').map(Number)
const databases = opts.db.split(',')
const calls = Number(opts.calls)
const seconds = Number(opts.seconds)
if (
  !sizes.every((n) => Number.isInteger(n) && n >= 2) ||
  sizes.some((n, i) => i > 0 && n <= sizes[i - 1]!)
) {
  console.error(`scale benchmark: --sizes must be increasing integers ≥ 2, not '${opts.sizes}'`)
  process.exit(2)
}
if (!databases.every((d) => d === 'sqlite' || d === 'postgres')) {
  console.error(`scale benchmark: --db takes sqlite and/or postgres, not '${opts.db}'`)
  process.exit(2)
}
if (!(calls > 0 && seconds > 0)) {
  console.error('scale benchmark: --calls and --seconds must be positive')
  process.exit(2)
}

const started = Date.now()
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** Resident set size of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? NaN : Number(m[1]) / 1024
  } catch {
    return NaN
  }
}

async function dataSizeMiB(dataDir: string, database: string | undefined): Promise<number> {
  if (database === undefined) {
    let bytes = 0
    for (const f of readdirSync(dataDir))
      if (f.startsWith('xaccess.db')) bytes += statSync(join(dataDir, f)).size
    return bytes / 2 ** 20
  }
  const name = new URL(database).pathname.slice(1)
  const r = await withPostgresAdmin((c) =>
    c.query<{ size: string }>('select pg_database_size($1) as size', [name]),
  )
  return Number(r.rows[0]!.size) / 2 ** 20
}

interface SizeRow {
  readonly size: number
  readonly results: SizeResults
  readonly rssMiB: number
  readonly dataMiB: number
  readonly seedSeconds: number
  readonly load: string
}

async function runDatabase(kind: 'sqlite' | 'postgres'): Promise<SizeRow[]> {
  let database: string | undefined
  let drop: (() => Promise<void>) | undefined
  if (kind === 'postgres') {
    const created = await createPostgresDatabase('xaccess_scale')
    database = created.url
    drop = created.drop
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-scale-'))
  let server: ServerProcess | undefined
  const start = async () =>
    (server = await startServerProcess({
      dataDir,
      ...(database === undefined ? {} : { database, bootstrapFrom: dataDir }),
      timeoutMs: 120_000,
    }))
  try {
    log(`${kind}: template organization through the API`)
    const first = await start()
    const t: TemplateOrganization = await buildTemplateOrganization(first.url, first.bootstrap, log)
    await first.stop()
    const rows: SizeRow[] = []
    let accounts = 1
    for (const size of sizes) {
      log(`${kind}: copying the template to ${size} accounts`)
      const seedStart = Date.now()
      await bulkSeed(database, dataDir, t, accounts, size, (done, total) =>
        log(
          `${kind}: ${accounts + done} of ${size} accounts (${Math.round((100 * done) / total)} %)`,
        ),
      )
      const seedSeconds = (Date.now() - seedStart) / 1000
      accounts = size
      const node = await start()
      log(`${kind}: measuring at ${size} accounts (load average ${load()})`)
      const results = await measureSize({
        url: node.url,
        pid: node.pid,
        t,
        accounts: size,
        calls,
        seconds,
        log,
      })
      rows.push({
        size,
        results,
        rssMiB: rssMiB(node.pid),
        dataMiB: await dataSizeMiB(dataDir, database),
        seedSeconds,
        load: load(),
      })
      await node.stop()
      server = undefined
    }
    return rows
  } finally {
    await server?.stop()
    if (opts['keep-data'])
      log(`${kind}: data kept in ${dataDir}${database === undefined ? '' : ` and ${database}`}`)
    else {
      rmSync(dataDir, { recursive: true, force: true })
      await drop?.()
    }
  }
}

// ---- report -------------------------------------------------------------------------------------

const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '-')
const p99 = (s: Sample | undefined) => (s === undefined ? NaN : quantile(s.latencies, 0.99))
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `×${(a / b).toFixed(2)}` : '-')

function cell(s: Sample & { perSecond?: number; cpuMs?: number }): string {
  if (s.perSecond !== undefined) {
    return `${s.perSecond.toFixed(0)}/s p99 ${ms(p99(s))} ·${ms(s.cpuMs ?? NaN)}`
  }
  const cpu = s.cpuMs === undefined ? '' : ` ·${ms(s.cpuMs)}`
  const base = `${ms(quantile(s.latencies, 0.5))} / ${ms(p99(s))}${cpu}`
  return s.items === undefined
    ? `${base} n=${s.latencies.length}`
    : `${base} n=${s.latencies.length} i=${s.items}`
}

function print(kind: string, rows: readonly SizeRow[]) {
  const names = [...rows[0]!.results.keys()]
  const W = 62
  const C = 30
  const header = [
    'p50 / p99 ms ·server CPU ms, per page or call; n= timed, i= items',
    ...rows.map((r) => `${r.size} accounts`),
  ]
  const growth = rows.slice(1).map((r, i) => `p99 ${rows[i]!.size}→${r.size}`)
  const line = (cells: readonly string[], extra: readonly string[]) =>
    console.log(
      [
        cells[0]!.padEnd(W),
        ...cells.slice(1).map((c) => c.padEnd(C)),
        ...extra.map((c) => c.padStart(14)),
      ].join(' '),
    )
  console.log(`\n== ${kind}`)
  line(header, growth)
  line(
    ['-'.repeat(W), ...rows.map(() => '-'.repeat(C))],
    growth.map(() => '-'.repeat(14)),
  )
  for (const name of names) {
    const samples = rows.map((r) => r.results.get(name)!)
    const g = samples
      .slice(1)
      .map((s, i) =>
        s.perSecond !== undefined
          ? ratio(s.perSecond, samples[i]!.perSecond!)
          : ratio(p99(s), p99(samples[i])),
      )
    line([name, ...samples.map((s) => cell(s))], g)
  }
  const during = rows.map((r) =>
    ratio(
      p99(r.results.get('GetCallerIdentity during the largest listings')),
      p99(r.results.get('GetCallerIdentity alone')),
    ),
  )
  line(['GetCallerIdentity p99 during / alone', ...during], [])
  line(
    ['server RSS after the measures, MiB', ...rows.map((r) => r.rssMiB.toFixed(0))],
    rows.slice(1).map((r, i) => ratio(r.rssMiB, rows[i]!.rssMiB)),
  )
  line(
    ['data size, MiB', ...rows.map((r) => r.dataMiB.toFixed(0))],
    rows.slice(1).map((r, i) => ratio(r.dataMiB, rows[i]!.dataMiB)),
  )
  line(['seeding (SQL copy of the template), s', ...rows.map((r) => r.seedSeconds.toFixed(0))], [])
  line(['load average (1, 5, 15 min) after', ...rows.map((r) => r.load)], [])
}

// ---- main ---------------------------------------------------------------------------------------

console.log(
  `xaccess scale benchmark · sizes ${sizes.join(', ')} member accounts (10 roles, 100 assignments each) · ` +
    `${calls} calls per repeated measure · AssumeRole ${seconds} s · Node ${process.versions.node} · load average ${load()}`,
)
const all: Record<string, unknown> = {}
let exitCode = 0
for (const kind of databases as ('sqlite' | 'postgres')[]) {
  if (kind === 'postgres') {
    const why = await postgresUnreachable()
    if (why !== undefined) {
      console.log(`\n== PostgreSQL: skipped (${why}; set XACCESS_TEST_POSTGRES_URL)`)
      continue
    }
  }
  try {
    const rows = await runDatabase(kind)
    print(kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', rows)
    all[kind] = rows.map((r) => ({ ...r, results: Object.fromEntries(r.results) }))
  } catch (e) {
    console.error(
      `scale benchmark (${kind}) failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    )
    exitCode = 1
  }
}
console.log(
  '\np50/p99 per page for listings (every page of a full listing, repeated until 20 pages are timed, ' +
    'after one untimed first page), per call otherwise; n= pages or calls timed, i= items in one full ' +
    'listing; ·N: the server ' +
    "process's CPU time (user + system) per page or call, which load on the machine inflates far less " +
    'than wall time; growth: the ratio ' +
    'of p99 (of calls per second for AssumeRole) between consecutive sizes — flat is ×1.0.',
)
if (opts.json !== undefined) writeFileSync(opts.json, JSON.stringify(all, null, 2))
log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min`)
process.exit(exitCode)
