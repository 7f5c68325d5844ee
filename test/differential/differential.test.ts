/**
 * Differential test: our engine against `@cloud-copilot/iam-simulate` on generated cases.
 * Every disagreement is either a bug (the test fails and prints the minimal case) or a documented
 * difference, listed in `known-differences.ts` and explained in `test/conformance/DIFFERENCES.md`.
 *
 * Environment: DIFF_SEED (default 20260101), DIFF_CASES (default 10000).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import type { Decision, EvaluationCase } from '../../src/policy/types.ts'
import { ENGINE_MISSING, engine } from './engine-api.ts'
import { generateCase } from './generate-case.ts'
import { oracleDecide } from './iam-simulate-oracle.ts'
import { KNOWN_DIFFERENCES, type KnownDifference } from './known-differences.ts'
import { minimizeCase } from './minimize-case.ts'
import { createRng, seedFrom } from './prng.ts'

const SEED = seedFrom('DIFF_SEED', 20260101)
const COUNT = Number(process.env.DIFF_CASES ?? 10_000)
const DIFFERENCES_MD = new URL('../conformance/DIFFERENCES.md', import.meta.url)

interface Outcome {
  readonly ours: Decision
  readonly oracle: Decision
}

function decide(c: EvaluationCase): Outcome {
  if (engine === undefined) throw new Error('engine missing')
  return { ours: engine.evaluate(c).decision, oracle: oracleDecide(c) }
}

function knownDifference(c: EvaluationCase, o: Outcome): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (d) =>
      d.decisions.some(([ours, oracle]) => ours === o.ours && oracle === o.oracle) && d.applies(c),
  )
}

/** An unexplained disagreement: the engines differ and no listed difference covers it. */
function unexplained(c: EvaluationCase): boolean {
  const o = decide(c)
  return o.ours !== o.oracle && knownDifference(c, o) === undefined
}

test(
  'known differences: each names a section of DIFFERENCES.md and reproduces on its example',
  {
    skip: ENGINE_MISSING,
  },
  () => {
    const markdown = readFileSync(DIFFERENCES_MD, 'utf8')
    const headings = new Set(
      [...markdown.matchAll(/^#{2,3} (.+)$/gm)].map((m) => (m[1] as string).trim()),
    )
    const ids = new Set<string>()
    for (const d of KNOWN_DIFFERENCES) {
      assert.ok(!ids.has(d.id), `duplicate id ${d.id}`)
      ids.add(d.id)
      assert.ok(headings.has(d.section), `${d.id}: no heading "${d.section}" in DIFFERENCES.md`)
      assert.ok(markdown.includes(`\`${d.id}\``), `${d.id}: DIFFERENCES.md does not mention the id`)
      const o = decide(d.example)
      assert.notEqual(o.ours, o.oracle, `${d.id}: the engines agree on its example`)
      assert.equal(knownDifference(d.example, o)?.id, d.id, `${d.id}: does not cover its example`)
      // Narrowness: the entry must not excuse the same case once its trigger is removed.
      const o2 = decide(d.counterExample)
      assert.equal(o2.ours, o2.oracle, `${d.id}: the engines disagree on its counter-example`)
      assert.equal(d.applies(d.counterExample), false, `${d.id}: applies to its counter-example`)
    }
  },
)

test(
  `differential against iam-simulate: ${COUNT} generated cases, seed ${SEED}`,
  {
    skip: ENGINE_MISSING,
  },
  () => {
    assert.ok(engine)
    console.log(`# differential seed ${SEED} (set DIFF_SEED to change), ${COUNT} cases`)
    const rng = createRng(SEED)
    const histogram: Record<string, number> = {}
    const excused: Record<string, number> = {}
    const failures: { index: number; c: EvaluationCase; o: Outcome }[] = []
    const pathMismatches: string[] = []
    const started = performance.now()
    for (let index = 0; index < COUNT; index++) {
      const c = generateCase(rng)
      const o = decide(c)
      histogram[o.oracle] = (histogram[o.oracle] ?? 0) + 1
      const compiled = engine.compile(c.policies).authorize(c.request).decision
      if (compiled !== o.ours) {
        pathMismatches.push(`case ${index}: evaluate ${o.ours}, compile().authorize ${compiled}`)
      }
      if (o.ours === o.oracle) continue
      const known = knownDifference(c, o)
      if (known !== undefined) {
        excused[known.id] = (excused[known.id] ?? 0) + 1
        continue
      }
      failures.push({ index, c, o })
    }
    const seconds = (performance.now() - started) / 1000
    console.log(`# decisions (oracle): ${JSON.stringify(histogram)} in ${seconds.toFixed(1)} s`)
    console.log(`# excused by known differences: ${JSON.stringify(excused)}`)
    for (const { index, c, o } of failures.slice(0, 10)) {
      const minimal = minimizeCase(c, unexplained)
      const m = decide(minimal)
      console.log(
        `# DISAGREEMENT case ${index} (seed ${SEED}): ours ${o.ours}, iam-simulate ${o.oracle}; ` +
          `minimal case (ours ${m.ours}, iam-simulate ${m.oracle}):\n${JSON.stringify(minimal, null, 2)}`,
      )
    }
    assert.deepEqual(pathMismatches.slice(0, 10), [], 'evaluate and compile().authorize disagree')
    assert.equal(
      failures.length,
      0,
      `${failures.length} unexplained disagreements with iam-simulate (first cases printed above)`,
    )
    // Every decision must be reached often enough for the comparison to mean something.
    for (const d of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) {
      assert.ok((histogram[d] ?? 0) > COUNT / 20, `too few ${d} cases: ${histogram[d] ?? 0}`)
    }
  },
)
