/**
 * IAM Access Analyzer benchmark: ValidatePolicy documents per second over every AWS-managed policy
 * document the project holds (every kept version of every policy of the IAM catalogue), in
 * process, the catalogue warm; beside it, in the same run, the engine's grammar check alone
 * (`parsePolicy`) on the same documents, the share of the work that is not catalogue and
 * best-practice checks. Also the first, cold pass (catalogue loading included) and the findings
 * by issue code.
 *
 * Run: `npm run bench:analyzer`.
 */
import { IamDataCatalog, validatePolicy } from '../src/domain/access-analyzer/index.ts'
import { awsManagedPolicies } from '../src/domain/iam/aws-managed-policies.ts'
import { parsePolicy } from '../src/policy/index.ts'
import { checkNoNewAccess } from '../src/analysis/policy-checks/index.ts'

const RUNS = 5

const policies = awsManagedPolicies()
// Pretty-printed, as people write and submit them (the catalogue keeps compact JSON).
const documents = policies.flatMap((p) =>
  p.versions.map((v) => JSON.stringify(JSON.parse(v.document) as unknown, null, 2)),
)
const bytes = documents.reduce((n, d) => n + d.length, 0)
console.log(
  `AWS-managed policies: ${policies.length}, documents (every kept version): ${documents.length}, ${(bytes / 1e6).toFixed(1)} MB pretty-printed`,
)

const catalog = new IamDataCatalog()
const byCode = new Map<string, number>()
const withFinding = new Map<string, string[]>()

async function validateAll(count: boolean): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < documents.length; i++) {
    const findings = await validatePolicy(
      { policyDocument: documents[i] ?? '', policyType: 'IDENTITY_POLICY' },
      catalog,
    )
    if (!count) continue
    for (const code of new Set(findings.map((f) => f.issueCode))) {
      byCode.set(code, (byCode.get(code) ?? 0) + 1)
      const names = withFinding.get(code) ?? []
      if (names.length < 3) names.push(policyName(i))
      withFinding.set(code, names)
    }
  }
  return performance.now() - start
}

function parseAll(): number {
  const start = performance.now()
  for (const d of documents) parsePolicy(d, 'identity')
  return performance.now() - start
}

const offsets: number[] = []
for (const p of policies) offsets.push((offsets.at(-1) ?? 0) + p.versions.length)
function policyName(index: number): string {
  const i = offsets.findIndex((end) => index < end)
  return policies[i]?.name ?? '?'
}

const rate = (ms: number) => documents.length / (ms / 1000)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const cold = await validateAll(true)
console.log(
  `first pass (cold: catalogue loaded on the way): ${(cold / 1000).toFixed(2)} s, ${fmt(rate(cold))} documents/s`,
)
const ours: number[] = []
const grammar: number[] = []
for (let run = 1; run <= RUNS; run++) {
  const v = rate(await validateAll(false))
  const g = rate(parseAll())
  ours.push(v)
  grammar.push(g)
  console.log(
    `run ${run}: ValidatePolicy ${fmt(v)} documents/s; parsePolicy alone ${fmt(g)} documents/s`,
  )
}
const mv = median(ours)
const mg = median(grammar)
console.log(
  `median: ValidatePolicy ${fmt(mv)} documents/s (${((1e6 / mv) | 0).toLocaleString('en-US')} µs a document); ` +
    `parsePolicy alone ${fmt(mg)} documents/s; ratio ${(mg / mv).toFixed(1)}x`,
)
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`)
console.log('documents with each finding (issue code: documents, first policies):')
for (const [code, n] of [...byCode].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${code}: ${n} (${(withFinding.get(code) ?? []).join(', ')})`)
}

// Custom policy checks: CheckNoNewAccess over pairs of AWS-managed policies — each policy's
// previous version against its default one (the question asked before an update), and pairs of
// different policies of one service family — in checks per second, beside ValidatePolicy's
// documents per second measured above in the same run. Each check is a proof (or a witness);
// a check past its request budget answers FAIL unproven, counted apart.
const LIMIT = 300_000
const parsed = policies.map((p) => ({
  name: p.name,
  versions: p.versions.map((v) => JSON.parse(v.document) as unknown),
}))
const versionPairs = parsed
  .filter((p) => p.versions.length > 1)
  .map((p) => [p.versions[1], p.versions[0], p.name] as const)
  .slice(0, Number(process.env.XACCESS_BENCH_PAIRS ?? 100))
const sameFamily: (readonly [unknown, unknown, string])[] = []
for (let i = 0; i + 1 < parsed.length && sameFamily.length < versionPairs.length; i += 7) {
  const a = parsed[i]!
  const b = parsed[i + 1]!
  sameFamily.push([a.versions[0], b.versions[0], `${a.name} -> ${b.name}`])
}
function checkAll(pairs: readonly (readonly [unknown, unknown, string])[]) {
  const tally = { PASS: 0, FAIL: 0, unproven: 0, requests: 0 }
  const start = performance.now()
  for (const [existing, updated] of pairs) {
    const o = checkNoNewAccess({ kind: 'identity', existing, updated, limit: LIMIT })
    tally.requests += o.requests
    if (o.result === 'PASS') tally.PASS++
    else if (o.witness !== undefined) tally.FAIL++
    else tally.unproven++
  }
  return { ms: performance.now() - start, tally }
}
for (const [label, pairs] of [
  ['previous version -> default version', versionPairs],
  ['one policy -> the next in the catalogue', sameFamily],
] as const) {
  const runs = [checkAll(pairs), checkAll(pairs), checkAll(pairs)]
  const best = runs.map((r) => r.ms).sort((a, b) => a - b)[1]!
  const per = pairs.length / (best / 1000)
  const t = runs[0]!.tally
  console.log(
    `CheckNoNewAccess, ${label}: ${pairs.length} pairs, median ${fmt(per)} checks/s ` +
      `(${(best / pairs.length).toFixed(1)} ms a check; ValidatePolicy ${(mv / per).toFixed(0)}x as many documents/s); ` +
      `PASS ${t.PASS}, FAIL with witness ${t.FAIL}, unproven ${t.unproven}; ${fmt(t.requests)} engine decisions`,
  )
}
