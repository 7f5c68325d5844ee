/**
 * The search behind {@link Evaluator.decide}: which request context allows a request the engine
 * denies as it stands. First the smallest sets of keys (one key, then pairs) tried with candidate
 * values from the policies' constants; then, for any number of keys, each Allow statement whole:
 * every key it conditions gets a value that satisfies all of that statement's conditions on the
 * key (checked with the engine's own condition code, key by key), and the engine decides the
 * request with all of them at once. A statement whose values the engine keeps refusing (a Deny
 * elsewhere) is searched within a budget; past it the access is reported with the statement's
 * conditions, flagged conservative, rather than missed.
 */
import {
  compileCondition,
  conditionHolds,
  type CompiledCondition,
} from '../policy/conditions/compile-condition.ts'
import { describePrincipal } from '../policy/principal-info.ts'
import { RequestContext } from '../policy/request-context.ts'
import type { Condition, ContextInput, PolicyType, Result, StatementRef } from '../policy/index.ts'
import { conditionCandidates, type Candidate } from './condition-candidates.ts'
import { keyOptions } from './policy-checks/context-options.ts'

/** A request key the search may vary, with candidate values from every condition on it. */
export interface SearchKey {
  readonly key: string
  readonly lower: string
  readonly values: Candidate[]
}

/** The conditions of one Allow statement, and whether its policy expands variables. */
export interface StatementConditions {
  readonly conditions: readonly Condition[]
  readonly variables: boolean
  /** Where the statement stands, as the engine's explanations name it. */
  readonly ref: StatementPlace
}

/** A statement's place in a policy set: {@link StatementRef} without its sid and effect. */
export interface StatementPlace {
  readonly policyType: PolicyType
  readonly policyIndex: number
  readonly level?: number
  readonly statementIndex: number
}

/** A context that allows the request: the keys it needs with the values that work. */
export interface SearchResult {
  readonly conditions: Record<string, string[]>
  /** The engine's allowing result (the last denial when `conservative`). */
  readonly result: Result
  /**
   * True when the budget ran out before the engine allowed any combination of values that
   * satisfy a statement's conditions: the access is reported with those conditions, unproven.
   */
  readonly conservative: boolean
}

/** Engine decisions for the one-key and two-key phase. */
const SMALL_SET_TRIES = 400
/** Engine decisions for one statement's combinations of values. */
const STATEMENT_TRIES = 256

const NOBODY = describePrincipal('*')

export const sameProbe = (a: Candidate['probe'], b: Candidate['probe']): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

/** `ctx` with `key` (any case) set to the candidate's probe, or removed for an absent probe. */
export function withValue(
  ctx: Record<string, unknown>,
  key: string,
  c: Candidate,
): Record<string, unknown> {
  const out = { ...ctx }
  const lower = key.toLowerCase()
  for (const k of Object.keys(out)) if (k.toLowerCase() === lower) delete out[k]
  if (c.probe !== undefined) out[key] = c.probe
  return out
}

const displayOf = (probe: Candidate['probe']): string =>
  probe === undefined ? 'absent' : typeof probe === 'string' ? probe : probe.join(',')

/**
 * The values of `key` that satisfy every one of `conds` (one statement's conditions on the key),
 * as the engine's condition code decides: the conditions' own candidates first, and when none
 * fits, one value per class of values the conditions tell apart (so none is missed).
 */
export function satisfyingValues(
  key: string,
  conds: readonly Condition[],
  variables: boolean,
): Candidate[] {
  const compiled: CompiledCondition[] = conds.map((c) => compileCondition(c, variables))
  const holds = (probe: Candidate['probe']) => {
    const raw = (probe === undefined ? {} : { [key]: probe }) as ContextInput
    const ctx = new RequestContext(raw, NOBODY, undefined)
    return compiled.every((c) => conditionHolds(c, ctx))
  }
  const out: Candidate[] = []
  const add = (c: Candidate) => {
    if (!out.some((o) => sameProbe(o.probe, c.probe)) && holds(c.probe)) out.push(c)
  }
  for (const c of conds) for (const cand of conditionCandidates(c)) add(cand)
  if (out.length === 0) {
    const classes = keyOptions(
      key,
      conds.map((condition) => ({ condition, variables })),
    )
    // INVARIANT: a key the statement tests without ForAllValues/ForAnyValue is single-valued
    // (AWS: set operators are for multivalued keys), so a list is no value a request can send.
    const multivalued = conds.some((c) => c.qualifier !== undefined)
    for (const probe of classes.options)
      if (multivalued || !Array.isArray(probe)) add({ probe, display: displayOf(probe) })
  }
  return out
}

interface Chosen {
  readonly key: string
  readonly c: Candidate
  /** Values to show for the key: those of the pool that allow while the others stay. */
  readonly pool: readonly Candidate[]
}

/**
 * The smallest set of keys (one, then two) whose candidate values allow the request, else the
 * keys of one Allow statement together; each key with every value that allows the request while
 * the others stay as found. Undefined when no context allows it.
 */
export function searchContext(
  base: Record<string, unknown>,
  keys: readonly SearchKey[],
  statements: readonly StatementConditions[],
  run: (ctx: Record<string, unknown>) => Result,
): SearchResult | undefined {
  const byLower = new Map(keys.map((k) => [k.lower, k]))
  const finish = (chosen: readonly Chosen[], result: Result): SearchResult => {
    const conditions: Record<string, string[]> = {}
    for (const { key, pool } of chosen) {
      let ctx = base
      for (const o of chosen) if (o.key !== key) ctx = withValue(ctx, o.key, o.c)
      const values: string[] = []
      for (const c of pool) {
        if (values.includes(c.display)) continue
        if (run(withValue(ctx, key, c)).decision === 'Allowed') values.push(c.display)
      }
      conditions[key] = values
    }
    return { conditions, result, conservative: false }
  }
  const pick = (k: SearchKey, c: Candidate): Chosen => ({ key: k.key, c, pool: k.values })

  let tries = 0
  small: {
    for (const k of keys) {
      for (const c of k.values) {
        if (tries++ >= SMALL_SET_TRIES) break small
        const r = run(withValue(base, k.key, c))
        if (r.decision === 'Allowed') return finish([pick(k, c)], r)
      }
    }
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const a = keys[i]!
        const b = keys[j]!
        for (const ca of a.values) {
          const ctxA = withValue(base, a.key, ca)
          for (const cb of b.values) {
            if (tries++ >= SMALL_SET_TRIES) break small
            const r = run(withValue(ctxA, b.key, cb))
            if (r.decision === 'Allowed') return finish([pick(a, ca), pick(b, cb)], r)
          }
        }
      }
    }
  }

  let conservative: SearchResult | undefined
  for (const st of statements) {
    const found = searchStatement(base, byLower, st, run)
    if (found === undefined) continue
    if (found.kind === 'allowed') return finish(found.chosen, found.result)
    conservative ??= {
      conditions: Object.fromEntries(
        found.chosen.map((o) => [o.key, [...new Set(o.pool.map((c) => c.display))]]),
      ),
      result: found.result,
      conservative: true,
    }
  }
  return conservative
}

/** Trust policies are the resource policy of a role: the engine may name either type. */
const typeOf = (t: PolicyType): PolicyType => (t === 'trust' ? 'resource' : t)

const isPlace = (ref: StatementRef, at: StatementPlace): boolean =>
  ref.statementIndex === at.statementIndex &&
  ref.policyIndex === at.policyIndex &&
  (ref.level ?? -1) === (at.level ?? -1) &&
  typeOf(ref.policyType) === typeOf(at.policyType)

/** Satisfying values by statement and key: a statement's conditions never change. */
const satisfying = new WeakMap<readonly Condition[], Map<string, Candidate[]>>()

/**
 * One statement's keys together: the combinations of their satisfying values, in order, until
 * the engine allows one or the budget runs out. Undefined when some key has no satisfying value
 * (the statement can never apply), when the statement does not apply to this request whatever
 * its keys hold (the engine reached its policy and found no Allow with every condition met: its
 * principal, action or resource differ), or when every combination was refused.
 */
function searchStatement(
  base: Record<string, unknown>,
  byLower: ReadonlyMap<string, SearchKey>,
  st: StatementConditions,
  run: (ctx: Record<string, unknown>) => Result,
): { kind: 'allowed' | 'budget'; chosen: Chosen[]; result: Result } | undefined {
  const conds = new Map<string, Condition[]>()
  for (const c of st.conditions) {
    const lower = c.key.toLowerCase()
    if (!byLower.has(lower)) continue
    let list = conds.get(lower)
    if (list === undefined) conds.set(lower, (list = []))
    list.push(c)
  }
  if (conds.size === 0) return undefined
  let cache = satisfying.get(st.conditions)
  if (cache === undefined) satisfying.set(st.conditions, (cache = new Map()))
  const options: { key: string; choices: Candidate[]; pool: Candidate[] }[] = []
  for (const [lower, list] of conds) {
    const key = byLower.get(lower)!
    let choices = cache.get(lower)
    if (choices === undefined) {
      choices = satisfyingValues(key.key, list, st.variables)
      cache.set(lower, choices)
    }
    if (choices.length === 0) return undefined
    const pool = [...choices]
    for (const v of key.values) if (!pool.some((p) => sameProbe(p.probe, v.probe))) pool.push(v)
    options.push({ key: key.key, choices, pool })
  }
  const at = options.map(() => 0)
  const chosen = () => options.map((o, i) => ({ key: o.key, c: o.choices[at[i]!]!, pool: o.pool }))
  // Whether some try showed the statement may apply: it matched, or a Deny hid the answer.
  let mayApply = false
  let last: Result | undefined
  for (let tries = 0; ; tries++) {
    if (tries >= STATEMENT_TRIES) {
      if (!mayApply) return undefined
      return {
        kind: 'budget',
        chosen: options.map((o) => ({ key: o.key, c: o.choices[0]!, pool: o.choices })),
        result: last!,
      }
    }
    let ctx = base
    for (const o of chosen()) ctx = withValue(ctx, o.key, o.c)
    last = run(ctx)
    if (last.decision === 'Allowed') return { kind: 'allowed', chosen: chosen(), result: last }
    const why = last.explanation
    const matched = why.allowedBy.some((ref) => isPlace(ref, st.ref))
    if (last.decision === 'ExplicitlyDenied' || matched) mayApply = true
    const missing = why.missingAllow
    if (
      !matched &&
      missing !== undefined &&
      typeOf(missing.policyType) === typeOf(st.ref.policyType) &&
      (missing.level ?? -1) === (st.ref.level ?? -1)
    ) {
      // INVARIANT: every value tried satisfies the statement's conditions on its keys, so no
      // other combination makes it match.
      return undefined
    }
    // The next combination (an odometer over the keys' choices).
    let i = 0
    for (; i < at.length; i++) {
      at[i] = at[i]! + 1
      if (at[i]! < options[i]!.choices.length) break
      at[i] = 0
    }
    if (i === at.length) return undefined
  }
}
