/**
 * Decides one request for one actor with the engine, and when the request is denied as it stands,
 * learns which request context would allow it: it tries candidate values taken from the
 * conditions of the policies involved (one key, then pairs, then each Allow statement's keys
 * together, however many: see context-search.ts), each decided by the engine. The answer names
 * the keys and the values that work, e.g. `{"sts:ExternalId": ["SecureCart-Audit-2024"]}`.
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
import { conditionCandidates } from './condition-candidates.ts'
import {
  sameProbe,
  searchContext,
  type SearchKey,
  type StatementConditions,
} from './context-search.ts'
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
  /**
   * True when the access was not proven: an Allow statement's conditions can all be met, but the
   * search's budget ran out before the engine allowed a combination. Reported rather than missed.
   */
  readonly conservative?: true
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

interface Compiled {
  readonly authorizer: Authorizer
  readonly docs: readonly CompiledDoc[]
  /** The request keys the set's conditions name, with candidate values (made on first need). */
  candidates?: readonly SearchKey[]
  /** The set's Allow statements that have conditions (made with the candidates). */
  statements?: readonly StatementConditions[]
}

/** A document of a compiled set, numbered as the engine numbers it. */
interface CompiledDoc {
  readonly doc: NamedDocument
  readonly type: PolicyType
  readonly policyIndex: number
  readonly level?: number
}

/** A document's conditions: all of them, and those of each Allow statement. */
interface ParsedConditions {
  readonly all: readonly Condition[]
  readonly allows: readonly StatementConditions[]
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
  readonly #conditions = new WeakMap<NamedDocument, Map<PolicyType, ParsedConditions>>()
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
    // INVARIANT: policyIndex and level number each document as the engine's StatementRefs do.
    const docs: CompiledDoc[] = []
    identity.forEach((doc, policyIndex) => docs.push({ doc, type: 'identity', policyIndex }))
    boundary.forEach((doc, policyIndex) =>
      docs.push({ doc, type: 'permissionBoundary', policyIndex }),
    )
    for (const type of ['scp', 'rcp'] as const) {
      const levels = (type === 'scp' ? own?.scp : theirs.rcp) ?? []
      levels.forEach((docsOfLevel, level) =>
        docsOfLevel.forEach((doc, policyIndex) => docs.push({ doc, type, policyIndex, level })),
      )
    }
    if (q.resourcePolicy !== undefined) {
      const trust = q.action.toLowerCase().startsWith('sts:')
      docs.push({ doc: q.resourcePolicy, type: trust ? 'trust' : 'resource', policyIndex: 0 })
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
    const statements: StatementConditions[] = []
    for (const { doc, type, policyIndex, level } of compiled.docs) {
      const parsed = this.#conditionsOf(doc, type)
      for (const st of parsed.allows)
        statements.push({
          ...st,
          ref: { ...st.ref, policyIndex, ...(level === undefined ? {} : { level }) },
        })
      for (const c of parsed.all) {
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
    compiled.statements = statements
    return compiled.candidates
  }

  #conditionsOf(doc: NamedDocument, type: PolicyType): ParsedConditions {
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
      const statements = policy?.statements ?? []
      const variables = policy?.version === '2012-10-17'
      hit = {
        all: statements.flatMap((s) => s.conditions),
        allows: statements
          .filter((s) => s.effect === 'Allow' && s.conditions.length > 0)
          .map((s) => ({
            conditions: s.conditions,
            variables,
            ref: { policyType: type, policyIndex: 0, statementIndex: s.index },
          })),
      }
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
    const found = searchContext(base, keys, compiled.statements ?? [], run)
    if (found === undefined) return { allowed: false, conditions: {}, result: first }
    return {
      allowed: true,
      conditions: found.conditions,
      result: found.result,
      ...(found.conservative ? { conservative: true as const } : {}),
    }
  }
}

/** The account of an ARN, when it names one. */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const account = parts[4]
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined
}
