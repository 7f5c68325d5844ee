/**
 * The two questions of `xaccess analyze`: what a principal reaches (every role it can become, or
 * every principal along its paths that can perform an action on a resource), and who can perform
 * an action on a resource, each with the shortest path. The last hop of a path to an action goes
 * from the principal that acts to the resource, with the context that action needs.
 */
import { anyPrincipalOf, type Actor } from './actor.ts'
import { expandAction, type ActionCatalog } from './action-catalog.ts'
import { accountOfArn, type Evaluator, type Query } from './evaluator.ts'
import { shortestFrom, shortestTo, type Hop, type ReachabilityGraph } from './reachability.ts'

/** One path; `action` is set when the query's action was a wildcard. */
export interface AccessPath {
  readonly action?: string
  readonly hops: readonly Hop[]
}

/** A principal that can, with its shortest path. */
export interface PrincipalPath {
  readonly principal: string
  readonly action?: string
  readonly hops: readonly Hop[]
}

/** What to ask. */
export interface ActionQuery {
  readonly action: string
  readonly resource: string
  /**
   * The account that owns the resource, for ARNs that name none (S3); by default the account in
   * the ARN, else the acting principal's own.
   */
  readonly resourceAccount?: string | undefined
}

/**
 * Whether an actor acts itself: users and roles of the snapshot. Principals outside it act only
 * through the roles they become (their own account's resources are not the question).
 */
const canAct = (a: Actor): boolean => a.kind === 'user' || a.kind === 'role'

/**
 * The request for an action on the queried resource: a user or role of the snapshot as the
 * resource brings its tags, and for STS actions its trust policy.
 */
function resourceQuery(evaluator: Evaluator, action: string, q: ActionQuery): Query {
  const target = evaluator.index.principal(q.resource)
  const entity =
    target === undefined ? undefined : target.kind === 'user' ? target.user : target.role
  const trust =
    target?.kind === 'role' && action.toLowerCase().startsWith('sts:')
      ? { name: `trust policy of ${target.role.name}`, document: target.role.trustPolicy }
      : undefined
  return {
    action,
    resource: q.resource,
    resourceAccount: q.resourceAccount,
    ...(entity === undefined ? {} : { resourceTags: entity.tags }),
    ...(trust === undefined ? {} : { resourcePolicy: trust }),
  }
}

/** The last hop: `actor` performs the action on the resource. */
function actionHop(evaluator: Evaluator, actor: Actor, request: Query): Hop | undefined {
  const o = evaluator.decide(actor, request)
  if (!o.allowed) return undefined
  return {
    from: actor.arn,
    to: request.resource,
    conditions: o.conditions,
    kind: 'action',
    action: request.action,
    explanation: o.result.explanation.summary,
  }
}

const byLength = <T extends { hops: readonly Hop[] }>(a: T, b: T) => a.hops.length - b.hops.length

/**
 * STS actions that give a role's session. An Identity Center assignment gives the session of the
 * `AWSReservedSSO_*` role it provisions (the portal calls AssumeRoleWithSAML on the user's
 * behalf): a path that reaches the queried role through one is a path to assuming it.
 */
const ASSUMES_ROLE = /^sts:AssumeRole(?:WithSAML)?$/i
const throughIdentityCenter = (hops: readonly Hop[]) => hops.at(-1)?.kind === 'identity-center'

/** The actions of a query: a pattern expanded with the catalogue. */
export function queryActions(action: string, catalog: ActionCatalog | undefined): string[] {
  if (catalog === undefined) return [action]
  const actions = expandAction(action, catalog)
  return actions.length === 0 ? [action] : actions
}

/**
 * Every role `from` can become, with the shortest path to each; with `query`, every principal on
 * its paths (itself included) that can perform the action on the resource, with the final hop.
 */
export function accessFrom(
  graph: ReachabilityGraph,
  evaluator: Evaluator,
  from: string,
  query?: ActionQuery,
  catalog?: ActionCatalog,
): AccessPath[] {
  const reached = shortestFrom(graph, from)
  if (query === undefined) {
    return [...reached.entries()]
      .filter(([node]) => node !== from)
      .map(([, hops]) => ({ hops }))
      .sort(byLength)
  }
  const actions = queryActions(query.action, catalog)
  const wildcard = actions.length !== 1 || actions[0] !== query.action
  const paths: AccessPath[] = []
  for (const [node, hops] of reached) {
    if (node === query.resource && throughIdentityCenter(hops))
      for (const action of actions)
        if (ASSUMES_ROLE.test(action)) paths.push({ ...(wildcard ? { action } : {}), hops })
    const actor = graph.actors.get(node)
    if (actor === undefined || !canAct(actor)) continue
    for (const action of actions) {
      const last = actionHop(evaluator, actor, resourceQuery(evaluator, action, query))
      if (last === undefined) continue
      paths.push({ ...(wildcard ? { action } : {}), hops: [...hops, last] })
    }
  }
  return paths.sort(byLength)
}

/**
 * Every principal that can perform the action on the resource, directly or through roles it can
 * become, each with its shortest path; the principals that act themselves first.
 */
export function whoCan(
  graph: ReachabilityGraph,
  evaluator: Evaluator,
  query: ActionQuery,
  catalog?: ActionCatalog,
): PrincipalPath[] {
  const actions = queryActions(query.action, catalog)
  const wildcard = actions.length !== 1 || actions[0] !== query.action
  const out: PrincipalPath[] = []
  const byAccount = new Map<string, Actor[]>()
  for (const actor of graph.actors.values()) {
    if (!canAct(actor)) continue
    const list = byAccount.get(actor.accountId!) ?? []
    list.push(actor)
    byAccount.set(actor.accountId!, list)
  }
  const resourceAccount = query.resourceAccount ?? accountOfArn(query.resource)
  for (const action of actions) {
    const acting = new Map<string, Hop>()
    const request = resourceQuery(evaluator, action, query)
    for (const [account, members] of byAccount) {
      if (
        resourceAccount !== undefined &&
        account !== resourceAccount &&
        request.resourcePolicy === undefined
      ) {
        // Denied to anyone of the account for want of a resource-based policy (there is none, so
        // no principal or context of theirs changes that): skip them all.
        const any = anyPrincipalOf(evaluator.index, account)
        const r = evaluator.decide(any, { ...request, resourceAccount }, false)
        const missing = r.result.explanation.missingAllow?.policyType
        if (missing === 'resource' || missing === 'trust') continue
      }
      for (const actor of members) {
        const hop = actionHop(evaluator, actor, request)
        if (hop !== undefined) acting.set(actor.arn, hop)
      }
    }
    const paths = shortestTo(graph, acting.keys())
    for (const [principal, hops] of paths) {
      const last = hops.length === 0 ? principal : hops[hops.length - 1]!.to
      const final = acting.get(last)!
      out.push({ principal, ...(wildcard ? { action } : {}), hops: [...hops, final] })
    }
    if (ASSUMES_ROLE.test(action))
      for (const hop of graph.in.get(query.resource) ?? [])
        if (throughIdentityCenter([hop]) && !paths.has(hop.from))
          out.push({ principal: hop.from, ...(wildcard ? { action } : {}), hops: [hop] })
  }
  return out.sort((a, b) => byLength(a, b) || a.principal.localeCompare(b.principal))
}

/** A hop as the JSON contract gives it: `{from, to, conditions}`. */
export const contractHop = (h: Hop) => ({ from: h.from, to: h.to, conditions: h.conditions })
