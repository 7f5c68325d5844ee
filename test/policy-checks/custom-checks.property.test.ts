/**
 * The custom policy checks against the engine on random policy pairs: whenever CheckNoNewAccess
 * says PASS, no sampled request (from both policies' vocabulary and random others) is allowed by
 * the new policy and not by the existing one; whenever it says FAIL with a witness, the engine
 * allows the witness under the new policy and not under the existing one. The same for
 * CheckAccessNotGranted (the witness is allowed and is one of the listed actions).
 *
 * 10 000 pairs under CI=true (or XACCESS_PROPERTY_PAIRS); fewer in an ordinary run.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  type CheckPolicyKind,
  type CheckWitness,
} from '../../src/analysis/policy-checks/index.ts'
import { compile, type Request } from '../../src/policy/index.ts'
import { generatePolicyPair } from '../differential/generate-case.ts'
import { createRng, type Rng } from '../differential/prng.ts'

const PAIRS = Number(
  process.env.XACCESS_PROPERTY_PAIRS ?? (process.env.CI === 'true' ? 10_000 : 400),
)
const SEED = 0x5eed_c4ec

type Json = Record<string, unknown>

const statementsOf = (doc: Json): Json[] =>
  Array.isArray(doc.Statement) ? (doc.Statement as Json[]) : [doc.Statement as Json]

/** Varies the second policy so that pairs often pass: the same, fewer statements, more denies. */
function vary(rng: Rng, first: Json, second: Json): Json {
  const roll = rng.next()
  const base = statementsOf(first)
  if (roll < 0.15) return first
  if (roll < 0.35 && base.length > 1) {
    const drop = rng.int(base.length)
    return { ...first, Statement: base.filter((_, i) => i !== drop) }
  }
  if (roll < 0.55) {
    const denies = statementsOf(second).map((s) => ({ ...s, Effect: 'Deny' }))
    return { ...first, Statement: [...base, ...denies] }
  }
  if (roll < 0.7) {
    const narrowed = base.map((s) =>
      s.Condition === undefined ? s : { ...s, Condition: { ...(s.Condition as Json) } },
    )
    const extra = statementsOf(second)[0]?.Condition
    if (extra !== undefined && narrowed[0] !== undefined) {
      narrowed[0] = {
        ...narrowed[0],
        Condition: { ...(narrowed[0].Condition as Json), ...(extra as Json) },
      }
    }
    return { ...first, Statement: narrowed }
  }
  return second
}

/** Strings a policy mentions, wildcards filled in a few ways. */
function vocabulary(docs: readonly Json[]) {
  const actions = new Set<string>()
  const resources = new Set<string>()
  const principals = new Set<string>(['*'])
  const context: [string, string][] = []
  const fill = (p: string) => [
    p.replace(/[*?]/g, ''),
    p.replace(/[*?]/g, 'x'),
    p.replace(/\*/g, 'ab:c'),
  ]
  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String)
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      for (const a of [...list(s.Action), ...list(s.NotAction)])
        fill(a).forEach((x) => actions.add(x))
      for (const r of [...list(s.Resource), ...list(s.NotResource)])
        fill(r).forEach((x) => resources.add(x))
      const p = (s.Principal ?? s.NotPrincipal) as Json | string | undefined
      if (typeof p === 'object' && p !== null)
        for (const v of Object.values(p)) list(v).forEach((x) => principals.add(x))
      for (const ops of Object.values((s.Condition ?? {}) as Record<string, Json>)) {
        for (const [k, v] of Object.entries(ops))
          for (const x of list(v)) for (const f of fill(x)) context.push([k, f])
      }
    }
  }
  return { actions: [...actions], resources: [...resources], principals: [...principals], context }
}

function sampleRequests(
  rng: Rng,
  docs: readonly Json[],
  base: readonly Request[],
  n: number,
): Request[] {
  const v = vocabulary(docs)
  const out: Request[] = [...base]
  for (let i = 0; i < n; i++) {
    const b = rng.pick(base)
    const ctx: Record<string, string | string[]> = { ...(b.context as Record<string, string>) }
    for (let j = rng.int(3); j > 0 && v.context.length > 0; j--) {
      const [k, x] = rng.pick(v.context)
      ctx[k] = rng.chance(0.2) ? [x] : x
    }
    out.push({
      principal: rng.chance(0.5) ? rng.pick(v.principals) : b.principal,
      action: rng.chance(0.7) && v.actions.length > 0 ? rng.pick(v.actions) : b.action,
      resource: rng.chance(0.6) && v.resources.length > 0 ? rng.pick(v.resources) : b.resource,
      resourceAccount: rng.pick(['111111111111', '222222222222']),
      context: ctx,
    })
  }
  return out
}

const asRequest = (w: CheckWitness): Request => ({
  principal: w.principal,
  action: w.action,
  resource: w.resource,
  ...(w.resourceAccount === undefined ? {} : { resourceAccount: w.resourceAccount }),
  context: w.context as NonNullable<Request['context']>,
})

const setFor = (kind: CheckPolicyKind, doc: unknown) =>
  kind === 'identity' ? { identity: [doc] } : { resource: doc }

test(`custom policy checks agree with the engine on ${PAIRS} random policy pairs`, () => {
  const rng = createRng(SEED)
  const tally = { pass: 0, fail: 0, unproven: 0, samples: 0, grantedPass: 0, grantedFail: 0 }
  for (let i = 0; i < PAIRS; i++) {
    const kind: CheckPolicyKind = rng.chance(0.5) ? 'identity' : 'resource'
    const pair = generatePolicyPair(rng, kind, 6)
    const existing = pair.first
    const updated = vary(rng, pair.first, pair.second)
    const label = () => JSON.stringify({ i, kind, existing, updated })
    const outcome = checkNoNewAccess({ kind, existing, updated })
    const fresh = compile(setFor(kind, updated))
    const old = compile(setFor(kind, existing))
    if (outcome.result === 'FAIL') {
      if (outcome.witness === undefined) {
        tally.unproven++
        // Only policies with variables, or a key compared as two types, may stay unproven.
        assert.match(outcome.reasons[0]?.description ?? '', /variables|different types/, label())
        continue
      }
      tally.fail++
      const request = asRequest(outcome.witness)
      assert.equal(fresh.authorize(request).decision, 'Allowed', label())
      assert.notEqual(old.authorize(request).decision, 'Allowed', label())
      assert.ok(outcome.reasons.length > 0, label())
    } else {
      tally.pass++
      for (const request of sampleRequests(rng, [existing, updated], pair.requests, 40)) {
        tally.samples++
        if (fresh.authorize(request).decision === 'Allowed') {
          assert.equal(
            old.authorize(request).decision,
            'Allowed',
            `${label()}\n${JSON.stringify(request)}`,
          )
        }
      }
    }
    // CheckAccessNotGranted over the pair's first request's action.
    const action = pair.requests[0]!.action
    const granted = checkAccessNotGranted({
      kind,
      document: updated,
      access: [{ actions: [action] }],
    })
    if (granted.result === 'PASS') {
      tally.grantedPass++
      for (const request of sampleRequests(rng, [updated], pair.requests, 20)) {
        const r = { ...request, action }
        const d = fresh.authorize(r)
        assert.ok(
          d.decision !== 'Allowed' || d.explanation.allowedBy.length === 0,
          `${label()}\n${JSON.stringify(r)}`,
        )
      }
    } else if (granted.witness !== undefined) {
      tally.grantedFail++
      assert.equal(granted.witness.action.toLowerCase(), action.toLowerCase(), label())
      const r = fresh.authorize(asRequest(granted.witness))
      assert.equal(r.decision, 'Allowed', label())
      assert.ok(r.explanation.allowedBy.length > 0, label())
    }
  }
  console.log(JSON.stringify(tally))
  // The generator must produce both answers, or the test cannot fail.
  assert.ok(tally.pass > PAIRS / 10 && tally.fail > PAIRS / 10, JSON.stringify(tally))
  assert.ok(tally.grantedPass > 0 && tally.grantedFail > 0, JSON.stringify(tally))
})
