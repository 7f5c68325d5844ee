/**
 * Fuzz test: random and mutated policy documents and requests through `parsePolicy` (for every
 * policy type), `evaluate` and `compile().authorize`. Nothing may throw, every decision is one of
 * the three, every problem has a code, a path and a message, and both decision paths agree.
 *
 * Environment: FUZZ_SEED (default 7), FUZZ_ITERATIONS (default 100000).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  DECISIONS,
  POLICY_TYPES,
  type EvaluationCase,
  type PolicySet,
  type Problem,
  type Result,
} from '../../src/policy/types.ts'
import { ENGINE_MISSING, engine } from '../differential/engine-api.ts'
import { generateCase } from '../differential/generate-case.ts'
import { createRng, seedFrom, type Rng } from '../differential/prng.ts'
import { fuzzDocument, fuzzRequest, HAND_SEEDS } from './mutate-document.ts'

const SEED = seedFrom('FUZZ_SEED', 7)
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 100_000)
const DECISION_SET: ReadonlySet<string> = new Set(DECISIONS)

/** Seeds: the hand-written documents and the policies of a few hundred generated cases. */
function seedDocuments(rng: Rng): unknown[] {
  const docs: unknown[] = [...HAND_SEEDS]
  for (let i = 0; i < 300; i++) {
    const p = generateCase(rng).policies
    docs.push(...(p.identity ?? []), ...(p.permissionBoundary ?? []), ...(p.session ?? []))
    for (const level of [...(p.scp ?? []), ...(p.rcp ?? [])]) docs.push(...level)
    if (p.resource !== undefined) docs.push(p.resource)
  }
  return docs
}

function checkProblems(problems: unknown, where: string): void {
  assert.ok(Array.isArray(problems), `${where}: problems is not an array`)
  for (const p of problems as Problem[]) {
    assert.ok(typeof p.code === 'string' && p.code !== '', `${where}: problem without code`)
    assert.ok(typeof p.path === 'string', `${where}: problem without path`)
    assert.ok(
      typeof p.message === 'string' && p.message !== '',
      `${where}: problem without message`,
    )
    assert.ok(p.severity === 'error' || p.severity === 'warning', `${where}: bad severity`)
  }
}

function checkResult(r: Result, where: string): void {
  assert.ok(DECISION_SET.has(r.decision), `${where}: decision ${JSON.stringify(r.decision)}`)
  assert.ok(r.explanation !== null && typeof r.explanation === 'object', `${where}: no explanation`)
  for (const d of r.explanation.diagnostics) checkProblems(d.problems, `${where} diagnostic`)
}

/** A policy set with the fuzzed document in one random place among a few ordinary ones. */
function placeDocument(rng: Rng, doc: unknown, other: () => unknown): PolicySet {
  const set: { -readonly [K in keyof PolicySet]: PolicySet[K] } = {}
  switch (rng.int(6)) {
    case 0:
      set.identity = rng.chance(0.5) ? [doc] : [other(), doc]
      break
    case 1:
      set.identity = [other()]
      set.permissionBoundary = [doc]
      break
    case 2:
      set.identity = [other()]
      set.session = [doc]
      break
    case 3:
      set.identity = [other()]
      set.scp = rng.chance(0.5) ? [[doc]] : [[other()], [doc, other()]]
      break
    case 4:
      set.identity = [other()]
      set.rcp = [[doc]]
      break
    default:
      set.resource = doc
  }
  return set
}

test(`fuzz: ${ITERATIONS} documents and requests, seed ${SEED}`, { skip: ENGINE_MISSING }, () => {
  assert.ok(engine)
  console.log(`# fuzz seed ${SEED} (set FUZZ_SEED to change), ${ITERATIONS} iterations`)
  const rng = createRng(SEED)
  const seeds = seedDocuments(rng) as Parameters<typeof fuzzDocument>[1]
  const started = performance.now()
  let parses = 0
  let valid = 0
  const decisions: Record<string, number> = {}
  for (let i = 0; i < ITERATIONS; i++) {
    const doc = fuzzDocument(rng, seeds)
    const where = `iteration ${i} (seed ${SEED})`
    try {
      for (const type of POLICY_TYPES) {
        const parsed = engine.parsePolicy(doc, type)
        parses++
        checkProblems(parsed.problems, `${where} parsePolicy(${type})`)
        if (parsed.policy === undefined) {
          assert.ok(
            parsed.problems.some((p) => p.severity === 'error'),
            `${where}: parsePolicy(${type}) gave no policy and no error`,
          )
        } else valid++
      }
      const c: EvaluationCase = {
        request: fuzzRequest(rng),
        policies: placeDocument(rng, doc, () => fuzzDocument(rng, seeds)),
      }
      const r: Result = engine.evaluate(c)
      checkResult(r, `${where} evaluate`)
      const r2: Result = engine.compile(c.policies).authorize(c.request)
      checkResult(r2, `${where} compile().authorize`)
      assert.equal(r2.decision, r.decision, `${where}: evaluate and compile().authorize disagree`)
      decisions[r.decision] = (decisions[r.decision] ?? 0) + 1
    } catch (error) {
      console.log(`# failing input at ${where}:\n${JSON.stringify(doc)?.slice(0, 2000)}`)
      throw error
    }
  }
  const seconds = (performance.now() - started) / 1000
  console.log(
    `# ${parses} parses (${valid} gave a policy), decisions ${JSON.stringify(decisions)}, ` +
      `${seconds.toFixed(1)} s`,
  )
})
