/**
 * The search behind the custom policy checks: is there a request that one policy allows and
 * another does not? The request space is partitioned, dimension by dimension, into classes the
 * policies cannot tell apart — actions and resources by automata over the patterns the documents
 * (and the engine) mention, callers by the principals named, each condition key by its constants —
 * and the engine decides one representative request per combination. Every class is visited, so
 * when no representative shows the difference, no request does: the answer is a proof, not a
 * sample. When a limit is reached, or a policy uses what the partition cannot follow (policy
 * variables), the outcome says it is incomplete and the caller must not claim a PASS.
 */
import { ENGINE_SPECIAL_PATTERNS, compile } from '../../policy/authorizer.ts'
import { compileGroup } from '../../policy/compiled-group.ts'
import { compileGlob } from '../../policy/glob.ts'
import { parsePolicy } from '../../policy/parse-policy.ts'
import { looksLikeTrustPolicy } from '../../policy/trust-policy.ts'
import type {
  Authorizer,
  ContextInput,
  PolicySet,
  PolicyType,
  Request,
  Result,
  Statement,
  StatementRef,
} from '../../policy/index.ts'
import { compileCondition, conditionHolds } from '../../policy/conditions/compile-condition.ts'
import { describePrincipal } from '../../policy/principal-info.ts'
import { RequestContext } from '../../policy/request-context.ts'
import {
  keyOptions,
  type ContextOption,
  type KeyCondition,
  type KeyOptions,
} from './context-options.ts'
import { arnTest, equalsTest, globTest } from './glob-tests.ts'
import { freshAccount, principalOptions, type PrincipalOption } from './principal-options.ts'
import {
  partitionWords,
  type WordClass,
  type WordPartition,
  type WordTest,
} from './word-classes.ts'

/** Whether the policies are identity-based (attached to a caller) or resource-based. */
export type CheckPolicyKind = 'identity' | 'resource'

/** What to look for. */
export interface SearchInput {
  readonly kind: CheckPolicyKind
  /** The policy whose access is looked for (the new policy). */
  readonly candidate: unknown
  /** Access already granted (the existing policy); absent when none is. */
  readonly baseline?: unknown
  /** Only requests for these actions (IAM action patterns); absent: any action. */
  readonly actions?: readonly string[]
  /** Only requests on these resources (ARN patterns); absent: any resource. */
  readonly resources?: readonly string[]
  /** Only callers no policy names (anonymous, an unknown account), with unnamed identities. */
  readonly publicOnly?: boolean
  /**
   * Count only requests that a statement of the candidate allows (not those the engine allows
   * whatever the policy says, such as a root user's or `sts:GetCallerIdentity`).
   */
  readonly requireGrant?: boolean
  /**
   * The actions AWS documents for a service prefix, when known: a witness then names a real
   * action of its class where the engine confirms one (`s3:GetObject` rather than `s3:get`).
   */
  readonly actionNames?: (service: string) => readonly string[] | undefined
  /** At most this many engine decisions (default 2 000 000). */
  readonly limit?: number
}

/** A request the engine allows under the candidate and not under the baseline. */
export interface Witness {
  readonly request: Request
  /** The candidate's statements that allow it. */
  readonly allowedBy: readonly StatementRef[]
  /** The baseline's decision on it, when there is a baseline. */
  readonly baselineDecision?: Result['decision']
  /** The baseline's statements that deny it explicitly. */
  readonly baselineDeniedBy?: readonly StatementRef[]
}

export interface SearchOutcome {
  readonly witness?: Witness
  /** True when every class was decided: with no witness, no request shows the difference. */
  readonly complete: boolean
  /** Why the search is incomplete, for people. */
  readonly incomplete?: string
  /** Engine decisions made. */
  readonly requests: number
}

interface Entry {
  readonly candidate: boolean
  readonly st: Statement
  readonly variables: boolean
  readonly trust: boolean
  /** Indices of this statement's action tests, and of its resource tests (per partition). */
  actionTests: number[]
}

/** Keys that identify the caller: a public caller has them absent or unnamed. */
const CALLER_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltag',
  'aws:userid',
  'aws:username',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenamesList'.toLowerCase(),
  'aws:principaltype',
])
const UNNAMED_VALUE = 'xaccess-unnamed-caller'

const isCallerKey = (lowerKey: string) =>
  CALLER_KEYS.has(lowerKey) || lowerKey.startsWith('aws:principaltag/')

function policyType(kind: CheckPolicyKind, doc: unknown): PolicyType {
  return kind === 'identity' ? 'identity' : looksLikeTrustPolicy(doc) ? 'trust' : 'resource'
}

const policySet = (kind: CheckPolicyKind, doc: unknown): PolicySet =>
  kind === 'identity' ? { identity: [doc] } : { resource: doc }

/** The statements the engine uses from `doc` (none when it skips the document). */
function entries(kind: CheckPolicyKind, doc: unknown, candidate: boolean): Entry[] {
  const type = policyType(kind, doc)
  if (compileGroup([doc], type, undefined).statements.length === 0) return []
  const { policy } = parsePolicy(doc, type)
  if (policy === undefined) return []
  const variables = policy.version === '2012-10-17'
  return policy.statements.map((st) => ({
    candidate,
    st,
    variables,
    trust: type === 'trust',
    actionTests: [],
  }))
}

/** True when the element's tests (by index) say the statement covers the class. */
function covers(
  kind: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | undefined,
  tests: readonly number[],
  cls: WordClass,
): boolean {
  const hit = tests.some((t) => cls.accepted.includes(t))
  return kind === 'Action' || kind === 'Resource' ? hit : !hit
}

/**
 * Statements that can make a class of requests show a difference: the candidate's Allows (what
 * it grants) and the baseline's Denies (what it refuses even to a root user). Where neither
 * applies, the candidate allows only what the engine allows without a grant, and so does the
 * baseline, for want of a Deny.
 */
const mayMatter = (e: Entry): boolean =>
  e.candidate ? e.st.effect === 'Allow' : e.st.effect === 'Deny'

/** Whether a statement's Action/NotAction covers an action (in lower case), as the engine reads it. */
function statementCovers(st: Statement, lowerAction: string): boolean {
  const el = st.action
  if (el === undefined) return false
  const hit = el.values.some((v) => compileGlob(v.toLowerCase())(lowerAction))
  return el.kind === 'Action' ? hit : !hit
}

interface ResourceClasses {
  readonly classes: readonly { word: string; entries: readonly Entry[] }[]
  readonly complete: boolean
}

/**
 * Searches for a request the candidate allows and the baseline does not.
 * @example
 * searchDifference({ kind: 'identity', candidate: newDoc, baseline: oldDoc }).witness
 */
export function searchDifference(input: SearchInput): SearchOutcome {
  const limit = input.limit ?? 2_000_000
  const candidate: Authorizer = compile(policySet(input.kind, input.candidate))
  const baseline: Authorizer | undefined =
    input.baseline === undefined ? undefined : compile(policySet(input.kind, input.baseline))
  const all = [
    ...entries(input.kind, input.candidate, true),
    ...(input.baseline === undefined ? [] : entries(input.kind, input.baseline, false)),
  ]
  let complete = true
  let incomplete: string | undefined
  const giveUp = (why: string) => {
    complete = false
    incomplete ??= why
  }

  // Actions.
  const actionTests: WordTest[] = []
  for (const e of all) {
    e.actionTests = (e.st.action?.values ?? []).map((v) => {
      actionTests.push(globTest(v.toLowerCase()))
      return actionTests.length - 1
    })
  }
  // The engine's special actions, where a statement could make them matter (an action no
  // candidate Allow and no baseline Deny covers cannot show a difference, special or not).
  for (const a of ENGINE_SPECIAL_PATTERNS.actions) {
    if (all.some((e) => mayMatter(e) && statementCovers(e.st, a))) actionTests.push(equalsTest(a))
  }
  for (const a of ENGINE_SPECIAL_PATTERNS.actionPatterns) actionTests.push(globTest(a))
  const actionDomain = (input.actions ?? []).map((a) => {
    actionTests.push(globTest(a.toLowerCase()))
    return actionTests.length - 1
  })
  const actionPartition = partitionWords(actionTests, 200_000, true)
  if (!actionPartition.complete) giveUp('too many distinct action patterns')

  // Callers.
  const elements = all.flatMap((e) => (e.st.principal === undefined ? [] : [e.st.principal]))
  let callers: PrincipalOption[] = principalOptions(input.kind === 'identity' ? [] : elements)
  if (input.publicOnly === true) callers = callers.filter((c) => c.unnamed)
  const accounts = new Set(
    callers.map((c) => describeAccount(c.principal)).filter((a) => a !== undefined),
  )
  const rootCallers = callers.filter((c) => describePrincipal(c.principal).kind === 'root')
  const otherAccount = freshAccount(accounts as Set<string>)

  // Condition keys, each partitioned over every condition on it. Each option is summed up by
  // which of the key's conditions hold for it (the engine's own test); options alike for the
  // conditions that matter to a request are tried once. Absent stays apart: for derived keys
  // (aws:PrincipalArn, aws:ResourceAccount…) its value comes from the caller and resource.
  const byKey = new Map<string, { key: string; conds: KeyCondition[]; owners: Entry[] }>()
  for (const e of all) {
    for (const c of e.st.conditions) {
      const lk = c.key.toLowerCase()
      let k = byKey.get(lk)
      if (k === undefined) byKey.set(lk, (k = { key: c.key, conds: [], owners: [] }))
      k.conds.push({ condition: c, variables: e.variables })
      k.owners.push(e)
    }
  }
  interface KeySpace extends KeyOptions {
    readonly owners: readonly Entry[]
    /** Per option, per condition: whether it holds. */
    readonly holds: readonly (readonly boolean[])[]
  }
  const nobody = describePrincipal('*')
  const keyCache = new Map<string, KeySpace>()
  const spaceFor = (lk: string): KeySpace => {
    let o = keyCache.get(lk)
    if (o === undefined) {
      const k = byKey.get(lk)!
      let opts: KeyOptions = keyOptions(k.key, k.conds)
      if (input.publicOnly === true && isCallerKey(lk)) {
        opts = { key: opts.key, options: [undefined, UNNAMED_VALUE], complete: true }
      }
      const compiled = k.conds.map((kc) => compileCondition(kc.condition, kc.variables))
      const holds = opts.options.map((v) => {
        const ctx = new RequestContext(v === undefined ? {} : { [k.key]: v }, nobody, undefined)
        return compiled.map((c) => conditionHolds(c, ctx))
      })
      o = { ...opts, owners: k.owners, holds }
      keyCache.set(lk, o)
    }
    return o
  }
  /** The key's options, one per distinct answer of the conditions of `relevant`. */
  const optionsFor = (lk: string, relevant: ReadonlySet<Entry>): KeyOptions => {
    const space = spaceFor(lk)
    const which = space.owners.flatMap((e, i) => (relevant.has(e) ? [i] : []))
    const seen = new Set<string>()
    const options = space.options.filter((v, i) => {
      if (v === undefined) return true
      const sig = which.map((j) => (space.holds[i]![j] ? '1' : '0')).join('')
      if (seen.has(sig)) return false
      seen.add(sig)
      return true
    })
    return { key: space.key, options, complete: space.complete }
  }

  // Resources: one partition over every statement's patterns (and the engine's special ones for
  // the action), then, per set of statements covering an action, one class per distinct set of
  // statements that match.
  const partitionCache = new Map<
    string,
    {
      partition: WordPartition
      perEntry: number[][]
      special: number[]
      domain: number[]
      ok: boolean
    }
  >()
  const resourcePartition = (special: readonly string[]) => {
    const cacheKey = special.join(',')
    let cached = partitionCache.get(cacheKey)
    if (cached !== undefined) return cached
    const tests: WordTest[] = []
    const byPattern = new Map<string, number>()
    let ok = true
    const testOf = (pattern: string, variables: boolean, make: () => WordTest | undefined) => {
      const k = `${variables ? 'v' : 'l'}${pattern}`
      let i = byPattern.get(k)
      if (i === undefined) {
        const t = make()
        if (t === undefined) ok = false
        tests.push(t ?? globTest('*'))
        i = tests.length - 1
        byPattern.set(k, i)
      }
      return i
    }
    const perEntry = all.map((e) =>
      (e.st.resource?.values ?? []).map((v) =>
        testOf(v, e.variables, () => arnTest(v, e.variables)),
      ),
    )
    const specialTests = special.map((p) => testOf(`special:${p}`, false, () => globTest(p)))
    const domain = (input.resources ?? []).map((r) =>
      testOf(`domain:${r}`, false, () => arnTest(r, false) ?? globTest(r)),
    )
    const partition = partitionWords(tests, 50_000)
    cached = { partition, perEntry, special: specialTests, domain, ok: ok && partition.complete }
    partitionCache.set(cacheKey, cached)
    return cached
  }
  const resourceCache = new Map<string, ResourceClasses>()
  const resourcesFor = (relevant: readonly Entry[], action: string): ResourceClasses => {
    const special = ENGINE_SPECIAL_PATTERNS.resourcePatternsFor(action)
    const cacheKey = `${relevant.map((e) => all.indexOf(e)).join(',')}|${special.join(',')}`
    const cached = resourceCache.get(cacheKey)
    if (cached !== undefined) return cached
    const rp = resourcePartition(special)
    const seen = new Set<string>()
    const classes: { word: string; entries: readonly Entry[] }[] = []
    for (const cls of rp.partition.classes) {
      if (rp.domain.length > 0 && !rp.domain.some((d) => cls.accepted.includes(d))) continue
      const entries = relevant.filter((e) => {
        const el = e.st.resource
        if (el === undefined) return e.trust || e.st.effect === 'Deny'
        return covers(el.kind, rp.perEntry[all.indexOf(e)]!, cls)
      })
      if (!entries.some(mayMatter)) continue
      const sig = `${entries.map((e) => all.indexOf(e)).join(',')}|${rp.special.map((t) => (cls.accepted.includes(t) ? 1 : 0)).join('')}`
      if (seen.has(sig)) continue
      seen.add(sig)
      classes.push({ word: cls.word, entries })
    }
    const result: ResourceClasses = { complete: rp.ok, classes }
    resourceCache.set(cacheKey, result)
    return result
  }

  let requests = 0
  const decide = (request: Request): Witness | undefined => {
    requests++
    const r = candidate.authorize(request)
    if (r.decision !== 'Allowed') return undefined
    if (input.requireGrant === true && r.explanation.allowedBy.length === 0) return undefined
    if (baseline === undefined) return { request, allowedBy: r.explanation.allowedBy }
    const b = baseline.authorize(request)
    if (b.decision === 'Allowed') return undefined
    return {
      request,
      allowedBy: r.explanation.allowedBy,
      baselineDecision: b.decision,
      baselineDeniedBy: b.explanation.deniedBy,
    }
  }

  /** The witness with a documented action name, where one gives the same answer. */
  const named = (w: Witness): Witness => {
    const action = w.request.action
    const names =
      input.actions === undefined ? input.actionNames?.(action.split(':')[0]!) : undefined
    if (names === undefined || names.some((n) => n.toLowerCase() === action)) return w
    for (const name of names) {
      const other = decide({ ...w.request, action: name })
      if (other !== undefined) return other
    }
    return w
  }

  for (const cls of actionPartition.classes) {
    if (actionDomain.length > 0 && !actionDomain.some((d) => cls.accepted.includes(d))) continue
    const relevant = all.filter(
      (e) => e.st.action !== undefined && covers(e.st.action.kind, e.actionTests, cls),
    )
    if (!relevant.some(mayMatter)) continue
    const resources = resourcesFor(relevant, cls.word)
    if (!resources.complete) giveUp('a Resource uses policy variables')
    for (const res of resources.classes) {
      const keys = [
        ...new Set(res.entries.flatMap((e) => e.st.conditions.map((c) => c.key.toLowerCase()))),
      ]
      const relevantSet = new Set(res.entries)
      const options = keys.map((k) => optionsFor(k, relevantSet))
      if (options.some((o) => !o.complete))
        giveUp(
          'a condition cannot be partitioned exactly (policy variables, or one key compared as different types)',
        )
      const combinations = options.reduce((n, o) => n * o.options.length, 1)
      if (requests + combinations * callers.length * 2 > limit) {
        giveUp('the request space is larger than the search limit')
        return { complete: false, requests, ...(incomplete === undefined ? {} : { incomplete }) }
      }
      // Without a candidate Allow, only a caller the engine allows without a grant (a root
      // user, whose identity-based policies do not bind it) can be allowed.
      const grants = res.entries.some((e) => e.candidate && e.st.effect === 'Allow')
      for (const caller of grants ? callers : rootCallers) {
        const callerAccount = describeAccount(caller.principal)
        const resourceAccounts =
          callerAccount === undefined ? [otherAccount] : [callerAccount, otherAccount]
        for (const resourceAccount of resourceAccounts) {
          const witness = forEachContext(options, (context) =>
            decide({
              principal: caller.principal,
              action: cls.word,
              resource: res.word,
              resourceAccount,
              context:
                caller.principalArn === undefined || 'aws:principalarn' in lowerKeys(context)
                  ? context
                  : { 'aws:PrincipalArn': caller.principalArn, ...context },
            }),
          )
          if (witness !== undefined)
            return {
              witness: named(witness),
              complete,
              requests,
              ...(incomplete === undefined ? {} : { incomplete }),
            }
        }
      }
    }
  }
  return { complete, requests, ...(incomplete === undefined ? {} : { incomplete }) }
}

const lowerKeys = (c: ContextInput): Record<string, true> =>
  Object.fromEntries(Object.keys(c).map((k) => [k.toLowerCase(), true]))

function describeAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal
  const parts = principal.split(':')
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined
}

/** Calls `visit` with every combination of the keys' options; stops at the first answer. */
function forEachContext<T>(
  options: readonly KeyOptions[],
  visit: (context: ContextInput) => T | undefined,
): T | undefined {
  const chosen: ContextOption[] = new Array<ContextOption>(options.length)
  const walk = (i: number): T | undefined => {
    if (i === options.length) {
      const context: Record<string, string | readonly string[]> = {}
      options.forEach((o, j) => {
        const v = chosen[j]
        if (v !== undefined) context[o.key] = v
      })
      return visit(context)
    }
    for (const v of options[i]!.options) {
      chosen[i] = v
      const found = walk(i + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  return walk(0)
}
