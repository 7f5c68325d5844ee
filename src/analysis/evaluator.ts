/**
 * Decides one request for one actor with the engine, and when the request is denied as it stands,
 * learns which request context would allow it: it tries candidate values taken from the
 * conditions of the policies involved (one key, then pairs), each decided by the engine. The
 * answer names the keys and the values that work, e.g. `{"sts:ExternalId": ["SecureCart-Audit-2024"]}`.
 */
import {
  compile,
  parsePolicy,
  type Authorizer,
  type Condition,
  type ContextInput,
  type PolicySet,
  type PolicyType,
  type Result,
} from '../policy/index.ts'
import type { Actor } from './actor.ts'
import { conditionCandidates, type Candidate } from './condition-candidates.ts'
import type { NamedDocument, SnapshotIndex } from './snapshot-index.ts'

/** One request to decide for an actor. */
export interface Query {
  readonly action: string
  readonly resource: string
  /** The resource's account; undefined: from the ARN, else the actor's. */
  readonly resourceAccount?: string | undefined
  /** The resource's own policy (a role's trust policy). */
  readonly resourcePolicy?: NamedDocument | undefined
  readonly resourceTags?: Readonly<Record<string, string>> | undefined
  /** Request keys that are facts of the request (`iam:PolicyARN`, `iam:PassedToService`). */
  readonly context?: Readonly<Record<string, string | readonly string[]>> | undefined
  /** Replaces the actor's identity policies (what-if: a policy attached, a group joined). */
  readonly identity?: readonly NamedDocument[] | undefined
  /** Replaces the actor's boundary (what-if: the boundary deleted). */
  readonly boundary?: readonly NamedDocument[] | undefined
  /** A key for the compiled set when `identity` or `boundary` is replaced. */
  readonly variant?: string | undefined
}

/** A decision with the context it needs. */
export interface Outcome {
  readonly allowed: boolean
  /** Keys the request must carry, each with the values that allow it; empty when none is needed. */
  readonly conditions: Readonly<Record<string, readonly string[]>>
  /** The engine's result: the allowing one, or the denial as the request stood. */
  readonly result: Result
}

/** Condition keys that describe the principal or the resource: facts, never searched. */
const FIXED_PREFIXES = ['aws:principaltag/', 'aws:resourcetag/']
const FIXED_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
])

/** What every request is assumed to carry unless the query says otherwise (any can be searched). */
const DEFAULT_CONTEXT: Readonly<Record<string, string>> = {
  'aws:SecureTransport': 'true',
  'aws:RequestedRegion': 'us-east-1',
  'aws:ViaAWSService': 'false',
}

const CACHE_LIMIT = 20_000
const MAX_TRIES = 400

interface Compiled {
  readonly authorizer: Authorizer
  readonly docs: readonly { readonly doc: NamedDocument; readonly type: PolicyType }[]
  /** The request keys the set's conditions name, with candidate values (made on first need). */
  candidates?: readonly SearchKey[]
}

interface SearchKey {
  readonly key: string
  readonly lower: string
  readonly values: Candidate[]
}

/** Decides requests for actors, caching compiled policy sets. */
export class Evaluator {
  readonly #index: SnapshotIndex
  /** Keys the query fixes (`--context`): never searched, never dropped. */
  readonly #fixed: Readonly<Record<string, string | readonly string[]>>
  readonly #fixedLower: ReadonlySet<string>
  /** Each actor's own policies by RCP set: kept, one per actor and RCP set. */
  readonly #plain = new Map<string, Compiled>()
  /** Base contexts by actor and resource account (never changed once made). */
  readonly #bases = new Map<string, Record<string, unknown>>()
  /** With a resource policy or a what-if variant: bounded. */
  readonly #compiled = new Map<string, Compiled>()
  readonly #conditions = new WeakMap<NamedDocument, Map<PolicyType, readonly Condition[]>>()
  /** Engine decisions made, for the figures. */
  decisions = 0

  constructor(index: SnapshotIndex, fixedContext: Readonly<Record<string, string>> = {}) {
    this.#index = index
    this.#fixed = fixedContext
    this.#fixedLower = new Set(Object.keys(fixedContext).map((k) => k.toLowerCase()))
  }

  get index(): SnapshotIndex {
    return this.#index
  }

  #compile(actor: Actor, q: Query, resourceAccount: string): Compiled {
    // The set depends on the resource account only through its RCPs.
    const theirsKey = this.#index.orgPolicies(resourceAccount).rcpKey
    const plain = q.resourcePolicy === undefined && q.variant === undefined
    const key = plain
      ? `${actor.arn}\n${theirsKey}`
      : [actor.arn, theirsKey, q.resourcePolicy?.document ?? '', q.variant ?? ''].join('\n')
    const cache = plain ? this.#plain : this.#compiled
    let hit = cache.get(key)
    if (hit !== undefined) return hit
    const identity = q.identity ?? actor.identity
    const boundary = q.boundary ?? actor.boundary
    const own = actor.accountId === undefined ? undefined : this.#index.orgPolicies(actor.accountId)
    const theirs = this.#index.orgPolicies(resourceAccount)
    const set: PolicySet = {
      identity,
      ...(boundary.length === 0 ? {} : { permissionBoundary: boundary }),
      ...(own?.scp === undefined ? {} : { scp: own.scp }),
      ...(theirs.rcp === undefined ? {} : { rcp: theirs.rcp }),
      ...(q.resourcePolicy === undefined ? {} : { resource: q.resourcePolicy }),
    }
    const docs: { doc: NamedDocument; type: PolicyType }[] = []
    for (const doc of identity) docs.push({ doc, type: 'identity' })
    for (const doc of boundary) docs.push({ doc, type: 'permissionBoundary' })
    for (const level of own?.scp ?? []) for (const doc of level) docs.push({ doc, type: 'scp' })
    for (const level of theirs.rcp ?? []) for (const doc of level) docs.push({ doc, type: 'rcp' })
    if (q.resourcePolicy !== undefined) {
      const trust = q.action.toLowerCase().startsWith('sts:')
      docs.push({ doc: q.resourcePolicy, type: trust ? 'trust' : 'resource' })
    }
    hit = { authorizer: compile(set), docs }
    if (!plain && cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(key, hit)
    return hit
  }

  /** The keys a search may vary for this set: neither the principal's nor the query's facts. */
  #candidates(actor: Actor, compiled: Compiled): readonly SearchKey[] {
    if (compiled.candidates !== undefined) return compiled.candidates
    const external = actor.kind === 'external'
    const candidates = new Map<string, SearchKey>()
    for (const { doc, type } of compiled.docs) {
      for (const c of this.#conditionsOf(doc, type)) {
        const lower = c.key.toLowerCase()
        if (!external && (FIXED_KEYS.has(lower) || FIXED_PREFIXES.some((p) => lower.startsWith(p))))
          continue
        if (this.#fixedLower.has(lower)) continue
        let entry = candidates.get(lower)
        if (entry === undefined) {
          entry = { key: c.key, lower, values: [] }
          candidates.set(lower, entry)
        }
        for (const cand of conditionCandidates(c)) {
          if (!entry.values.some((v) => sameProbe(v.probe, cand.probe))) entry.values.push(cand)
        }
      }
    }
    compiled.candidates = [...candidates.values()]
    return compiled.candidates
  }

  #conditionsOf(doc: NamedDocument, type: PolicyType): readonly Condition[] {
    let byType = this.#conditions.get(doc)
    if (byType === undefined) {
      byType = new Map()
      this.#conditions.set(doc, byType)
    }
    let hit = byType.get(type)
    if (hit === undefined) {
      // A document without the word "Condition" has none: no need to parse it.
      const policy = doc.document.includes('Condition')
        ? parsePolicy(doc.document, type).policy
        : undefined
      hit = policy === undefined ? [] : policy.statements.flatMap((s) => s.conditions)
      byType.set(type, hit)
    }
    return hit
  }

  /** The context of a query: defaults, the actor's and the resource's keys, then fixed keys. */
  baseContext(actor: Actor, q: Query, resourceAccount: string): Record<string, unknown> {
    const shared = q.resourceTags === undefined && q.context === undefined
    const key = `${actor.arn}\n${resourceAccount}`
    if (shared) {
      const hit = this.#bases.get(key)
      if (hit !== undefined) return hit
    }
    const ctx: Record<string, unknown> = { ...DEFAULT_CONTEXT, ...actor.context }
    ctx['aws:ResourceAccount'] = resourceAccount
    const org = this.#index.snapshot.organization
    const path = this.#index.orgPolicies(resourceAccount).orgPath
    if (org !== undefined && path !== undefined) {
      ctx['aws:ResourceOrgID'] = org.id
      ctx['aws:ResourceOrgPaths'] = [path]
    }
    for (const [k, v] of Object.entries(q.resourceTags ?? {})) ctx[`aws:ResourceTag/${k}`] = v
    Object.assign(ctx, q.context ?? {}, this.#fixed)
    if (shared) {
      if (this.#bases.size >= CACHE_LIMIT) this.#bases.clear()
      this.#bases.set(key, ctx)
    }
    return ctx
  }

  /** Decides `q` for `actor` as it stands, then, if denied, with candidate context values. */
  decide(actor: Actor, q: Query, search = true): Outcome {
    const resourceAccount = q.resourceAccount ?? accountOfArn(q.resource) ?? actor.accountId ?? ''
    const compiled = this.#compile(actor, q, resourceAccount)
    const base = this.baseContext(actor, q, resourceAccount)
    const run = (context: Record<string, unknown>): Result => {
      this.decisions++
      return compiled.authorizer.authorize({
        principal: actor.requestPrincipal,
        action: q.action,
        resource: q.resource,
        resourceAccount,
        context: context as ContextInput,
        ...(this.#index.managementAccountId === undefined
          ? {}
          : { managementAccount: this.#index.managementAccountId }),
      })
    }
    const first = run(base)
    if (first.decision === 'Allowed' || !search) {
      return { allowed: first.decision === 'Allowed', conditions: {}, result: first }
    }
    const all = this.#candidates(actor, compiled)
    if (all.length === 0) return { allowed: false, conditions: {}, result: first }
    const stated = q.context === undefined ? [] : Object.keys(q.context).map((k) => k.toLowerCase())
    const keys = stated.length === 0 ? all : all.filter((c) => !stated.includes(c.lower))
    const found = searchContext(base, keys, run)
    if (found === undefined) return { allowed: false, conditions: {}, result: first }
    return { allowed: true, conditions: found.conditions, result: found.result }
  }
}

const sameProbe = (a: Candidate['probe'], b: Candidate['probe']): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

function withValue(ctx: Record<string, unknown>, key: string, c: Candidate) {
  const out = { ...ctx }
  for (const k of Object.keys(out)) if (k.toLowerCase() === key.toLowerCase()) delete out[k]
  if (c.probe !== undefined) out[key] = c.probe
  return out
}

/**
 * The smallest set of keys (one, then two) whose candidate values allow the request, with every
 * value of each key that allows it while the others stay as found.
 */
function searchContext(
  base: Record<string, unknown>,
  keys: readonly SearchKey[],
  run: (ctx: Record<string, unknown>) => Result,
): { conditions: Record<string, string[]>; result: Result } | undefined {
  let tries = 0
  const allowed = (ctx: Record<string, unknown>): Result | undefined => {
    tries++
    const r = run(ctx)
    return r.decision === 'Allowed' ? r : undefined
  }
  const finish = (chosen: { key: string; c: Candidate }[], result: Result) => {
    const conditions: Record<string, string[]> = {}
    for (const { key } of chosen) {
      const others = chosen.filter((x) => x.key !== key)
      let ctx = base
      for (const o of others) ctx = withValue(ctx, o.key, o.c)
      const entry = keys.find((k) => k.key === key)!
      const values: string[] = []
      for (const c of entry.values) {
        if (run(withValue(ctx, key, c)).decision === 'Allowed' && !values.includes(c.display))
          values.push(c.display)
      }
      conditions[key] = values
    }
    return { conditions, result }
  }
  for (const { key, values } of keys) {
    for (const c of values) {
      if (tries >= MAX_TRIES) return undefined
      const r = allowed(withValue(base, key, c))
      if (r !== undefined) return finish([{ key, c }], r)
    }
  }
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = keys[i]!
      const b = keys[j]!
      for (const ca of a.values) {
        const ctxA = withValue(base, a.key, ca)
        for (const cb of b.values) {
          if (tries >= MAX_TRIES) return undefined
          const r = allowed(withValue(ctxA, b.key, cb))
          if (r !== undefined)
            return finish(
              [
                { key: a.key, c: ca },
                { key: b.key, c: cb },
              ],
              r,
            )
        }
      }
    }
  }
  return undefined
}

/** The account of an ARN, when it names one. */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const account = parts[4]
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined
}
