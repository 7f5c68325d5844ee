/**
 * Policy-engine benchmark on the reference workload (`../shared/bench/engine-scenario.mjs` from the
 * repository root): decisions per second for each of its three cases, ours (compiled once,
 * `authorize` in a loop) against `@cloud-copilot/iam-simulate`'s `runSimulation`, measured in the
 * same run; heap used; first-decision latency, cold process and in-process.
 *
 * Run: `npm run bench:engine`. Exit 2 when the workload is missing, 1 when a decision is wrong.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Decision, EvaluationCase, PolicySet, Request, Result } from '../src/policy/types.ts'

const ROOT = resolve(import.meta.dirname, '..')
const SCENARIO = resolve(ROOT, '../shared/bench/engine-scenario.mjs')
// The built library, as users load it (npm install builds it); the sources when there is no build.
const BUILT = resolve(ROOT, 'dist/policy/index.js')
const ENGINE = existsSync(BUILT) ? BUILT : resolve(ROOT, 'src/policy/index.ts')
const RUNS = 5
const RUN_MS_OURS = 500
const RUN_MS_PEER = 500

/** The parts of the workload module this benchmark reads. */
interface Scenario {
  PRINCIPAL: string
  ACCOUNT: string
  ACTION: string
  RESOURCE: string
  identityPolicy: unknown
  permissionBoundary: unknown
  scpRoot: unknown
  scpOu: unknown
  scpAccount: unknown
  bucketPolicy: unknown
  cases: Record<string, { context: Record<string, string>; expect: Decision }>
}
interface Engine {
  compile(policies: PolicySet): { authorize(request: Request): Result }
}

if (!existsSync(SCENARIO)) {
  console.error(`engine benchmark: the reference workload is missing: ${SCENARIO}`)
  console.error(
    '(it lives in shared/bench/ beside the repository; see ARCHITECTURE.md, "Performance")',
  )
  process.exit(2)
}

// In-process cold start: the first import, compile and authorize, before anything is warm.
let t0 = performance.now()
const engineModule = (await import(pathToFileURL(ENGINE).href)) as Partial<Engine>
const importMs = performance.now() - t0
if (typeof engineModule.compile !== 'function') {
  console.error('engine benchmark: src/policy/index.ts does not export compile() yet')
  process.exit(2)
}
const engine = engineModule as Engine
const s = (await import(pathToFileURL(SCENARIO).href)) as Scenario

const policies: PolicySet = {
  identity: [s.identityPolicy],
  permissionBoundary: [s.permissionBoundary],
  scp: [[s.scpRoot], [s.scpOu], [s.scpAccount]],
  resource: s.bucketPolicy,
}
const names = Object.keys(s.cases)
const caseOf = (name: string): EvaluationCase => ({
  request: {
    principal: s.PRINCIPAL,
    action: s.ACTION,
    resource: s.RESOURCE,
    resourceAccount: s.ACCOUNT,
    context: (s.cases[name] as Scenario['cases'][string]).context,
  },
  policies,
})

t0 = performance.now()
const firstDecision = engine
  .compile(policies)
  .authorize(caseOf(names[0] as string).request).decision
const firstMs = performance.now() - t0

const { simulate } = await import('../test/differential/iam-simulate-oracle.ts')

const failures: string[] = []
function expectDecision(engineName: string, name: string, got: string): void {
  const want = (s.cases[name] as Scenario['cases'][string]).expect
  if (got !== want && failures.length < 20) {
    failures.push(`${engineName} decided ${got} for case ${name}, expected ${want}`)
  }
}
expectDecision('xaccess (first call)', names[0] as string, firstDecision)

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** Every run's rate, by case: the spread shows how noisy the machine was. */
const spread: Record<string, number[]> = {}

/** Median decisions/second over RUNS time-boxed runs of `step` (which decides `batch` times). */
async function measure(
  step: () => unknown,
  batch: number,
  runMs: number,
  runs?: number[],
): Promise<number> {
  const rates: number[] = []
  for (let run = 0; run < RUNS; run++) {
    let n = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < runMs) {
      await step()
      n += batch
      elapsed = performance.now() - start
    }
    rates.push((n * 1000) / elapsed)
  }
  runs?.push(...rates)
  return median(rates)
}

const compiled = engine.compile(policies)
const ours: Record<string, number> = {}
const peer: Record<string, number> = {}
// Ours first for every case, then the peer for every case: the peer allocates heavily, and
// interleaving would measure our engine on a heap and call sites it has just churned.
for (const name of names) {
  const request = caseOf(name).request
  const want = (s.cases[name] as Scenario['cases'][string]).expect
  let wrong = 0
  const loop = (): void => {
    for (let i = 0; i < 10_000; i++) if (compiled.authorize(request).decision !== want) wrong++
  }
  for (let i = 0; i < 5; i++) loop() // warm-up: 50 000 decisions
  ours[name] = await measure(loop, 10_000, RUN_MS_OURS, (spread[name] = []))
  if (wrong > 0) expectDecision('xaccess', name, compiled.authorize(request).decision)
}
for (const name of names) {
  const c = caseOf(name)
  const peerStep = async (): Promise<void> =>
    expectDecision('iam-simulate', name, await simulate(c))
  for (let i = 0; i < 50; i++) await peerStep() // warm-up
  peer[name] = await measure(peerStep, 1, RUN_MS_PEER)
}

// Memory: heap used by the process, and retained by one compiled policy set.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
gc()
const heapBefore = process.memoryUsage().heapUsed
const keep: unknown[] = []
for (let i = 0; i < 1000; i++) {
  keep.push(engine.compile(structuredClone(policies) as PolicySet))
}
gc()
const perCompiled = (process.memoryUsage().heapUsed - heapBefore) / keep.length
keep.length = 0
gc()
const heapUsed = process.memoryUsage().heapUsed

/** Milliseconds from spawn to the child's first line of output, median of `times` runs. */
async function coldLatency(source: string, times: number): Promise<{ ms: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-bench-'))
  const file = join(dir, 'cold.mjs')
  writeFileSync(file, source)
  const samples: number[] = []
  let out = ''
  try {
    for (let i = 0; i < times; i++) {
      const start = performance.now()
      out = await new Promise<string>((resolveLine, reject) => {
        const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] })
        let text = ''
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('\n')) {
            samples.push(performance.now() - start)
            resolveLine(text.trim())
          }
        })
        child.on('error', reject)
        child.on('exit', (code) => {
          if (!text.includes('\n')) reject(new Error(`cold child exited ${code} without answering`))
        })
      })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { ms: median(samples), out }
}

const firstCase = JSON.stringify(caseOf(names[0] as string))
const coldOurs = await coldLatency(
  `import { compile } from ${JSON.stringify(pathToFileURL(ENGINE).href)}\n` +
    `const c = ${firstCase}\n` +
    `process.stdout.write(compile(c.policies).authorize(c.request).decision + '\\n')\n`,
  5,
)
expectDecision('xaccess (cold process)', names[0] as string, coldOurs.out)
const coldPeer = await coldLatency(
  `import { runSimulation } from ${JSON.stringify(import.meta.resolve('@cloud-copilot/iam-simulate'))}\n` +
    `import { toSimulation } from ${JSON.stringify(pathToFileURL(resolve(ROOT, 'test/differential/iam-simulate-oracle.ts')).href)}\n` +
    `const r = await runSimulation(toSimulation(${firstCase}), {})\n` +
    `process.stdout.write(r.overallResult + '\\n')\n`,
  3,
)
expectDecision('iam-simulate (cold process)', names[0] as string, coldPeer.out)

// Report.
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const pad = (t: string, w: number): string => t.padStart(w)
console.log(`\nPolicy engine benchmark — ${SCENARIO}`)
console.log(`Node ${process.version}, one core, median of ${RUNS} runs after warm-up\n`)
console.log(
  `${'case'.padEnd(14)}${'expect'.padEnd(18)}${pad('xaccess dec/s', 16)}${pad('iam-simulate dec/s', 20)}${pad('ours/peer', 12)}`,
)
for (const name of names) {
  const o = ours[name] as number
  const p = peer[name] as number
  console.log(
    `${name.padEnd(14)}${(s.cases[name] as Scenario['cases'][string]).expect.padEnd(18)}` +
      `${pad(fmt(o), 16)}${pad(fmt(p), 20)}${pad(`${fmt(o / p)}×`, 12)}`,
  )
}
for (const name of names) {
  const rates = spread[name] ?? []
  console.log(`  ${name} runs: ${rates.map(fmt).join(', ')} (slowest ${fmt(Math.min(...rates))})`)
}
const minOurs = Math.min(...names.map((n) => ours[n] as number))
const minRatio = Math.min(...names.map((n) => (ours[n] as number) / (peer[n] as number)))
console.log('')
console.log(`heap used (after the runs, after GC)       ${(heapUsed / 1048576).toFixed(1)} MiB`)
console.log(`heap retained by one compiled policy set   ${(perCompiled / 1024).toFixed(1)} KiB`)
console.log(`in-process: import engine                  ${importMs.toFixed(1)} ms`)
console.log(`in-process: first compile + authorize      ${firstMs.toFixed(2)} ms`)
console.log(`cold process, spawn to decision: xaccess   ${coldOurs.ms.toFixed(0)} ms (median of 5)`)
console.log(`cold process, spawn to decision: peer      ${coldPeer.ms.toFixed(0)} ms (median of 3)`)
console.log('')
const target = (ok: boolean): string => (ok ? 'met' : 'NOT MET')
console.log(
  `target ≥ 500,000 decisions/s (slowest case ${fmt(minOurs)}): ${target(minOurs >= 500_000)}`,
)
console.log(
  `target ≥ 300× iam-simulate (lowest ratio ${fmt(minRatio)}×): ${target(minRatio >= 300)}`,
)
if (failures.length > 0) {
  console.error(`\nWRONG DECISIONS:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
