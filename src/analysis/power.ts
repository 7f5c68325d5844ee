/**
 * "More powerful", decided by the engine: a state (a principal with some policies) is more
 * powerful than another when it is allowed a request the other is not. The requests tried are
 * taken from the stronger side's Allow statements (its actions, wildcards expanded with the
 * catalogue or over a list of sensitive actions; its resources with wildcards filled in), plus
 * the sensitive actions on every resource.
 */
import { parsePolicy } from '../policy/index.ts'
import type { ActionCatalog } from './action-catalog.ts'
import { expandAction, isActionPattern } from './action-catalog.ts'
import type { Actor } from './actor.ts'
import type { Evaluator, Query } from './evaluator.ts'
import type { NamedDocument } from './snapshot-index.ts'

/** Actions whose grant makes a principal powerful; tried whenever a wildcard or `*` is granted. */
export const SENSITIVE_ACTIONS = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:AttachUserPolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'sts:AssumeRole',
  'organizations:LeaveOrganization',
  'cloudtrail:StopLogging',
  's3:GetObject',
  's3:PutObject',
  's3:PutBucketPolicy',
  'ec2:RunInstances',
  'lambda:CreateFunction',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
  'dynamodb:Scan',
  'rds:DeleteDBInstance',
] as const

/** A request tried. */
export interface Probe {
  readonly action: string
  readonly resource: string
}

/** A state: an actor, perhaps with other identity policies or boundary. */
export interface State {
  readonly actor: Actor
  readonly identity?: readonly NamedDocument[] | undefined
  readonly boundary?: readonly NamedDocument[] | undefined
  readonly variant?: string | undefined
}

const MAX_PER_PATTERN = 12
const MAX_PROBES = 80

const globRe = (pattern: string) =>
  new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    'i',
  )

const fill = (resource: string): string =>
  resource === '*' ? '*' : resource.replace(/\$\{[^}]*\}/g, 'x').replace(/[*?]/g, 'x')

/** Probes by catalogue (or none) and documents. */
const probeCaches = new WeakMap<ActionCatalog, Map<string, Probe[]>>()
const NO_CATALOG: ActionCatalog = { actionsOf: () => undefined, services: () => [] }

/** The requests a state's Allow statements grant (a bounded sample), and the sensitive ones. */
export function probesOf(docs: readonly NamedDocument[], catalog?: ActionCatalog): Probe[] {
  let probeCache = probeCaches.get(catalog ?? NO_CATALOG)
  if (probeCache === undefined) {
    probeCache = new Map()
    probeCaches.set(catalog ?? NO_CATALOG, probeCache)
  }
  const key = docs.map((d) => d.document).join('\u0000')
  const hit = probeCache.get(key)
  if (hit !== undefined) return hit
  const probes = computeProbes(docs, catalog)
  if (probeCache.size > 20_000) probeCache.clear()
  probeCache.set(key, probes)
  return probes
}

function computeProbes(docs: readonly NamedDocument[], catalog?: ActionCatalog): Probe[] {
  const out = new Map<string, Probe>()
  const add = (action: string, resource: string) => {
    if (out.size < MAX_PROBES) out.set(`${action}\n${resource}`, { action, resource })
  }
  for (const d of docs) {
    const policy = parsePolicy(d.document, 'identity').policy
    for (const st of policy?.statements ?? []) {
      if (st.effect !== 'Allow') continue
      const resources = st.resource?.kind === 'Resource' ? st.resource.values.map(fill) : ['*']
      const actions: string[] = []
      if (st.action?.kind !== 'Action') actions.push(...SENSITIVE_ACTIONS)
      else {
        for (const a of st.action.values) {
          if (!isActionPattern(a)) actions.push(a)
          else {
            const re = globRe(a)
            const sensitive = SENSITIVE_ACTIONS.filter((s) => re.test(s))
            const listed = catalog === undefined ? [] : expandAction(a, catalog)
            actions.push(...sensitive, ...listed.slice(0, MAX_PER_PATTERN))
          }
        }
      }
      for (const a of actions) for (const r of resources.slice(0, 3)) add(a, r)
    }
  }
  for (const a of SENSITIVE_ACTIONS) add(a, '*')
  return [...out.values()]
}

const query = (s: State, p: Probe): Query => ({
  action: p.action,
  resource: p.resource,
  identity: s.identity,
  boundary: s.boundary,
  variant: s.variant,
})

/**
 * A request `stronger` is allowed and `weaker` is not (each as it stands, no context searched),
 * or undefined when `stronger` gains nothing.
 */
export function gainOver(
  evaluator: Evaluator,
  stronger: State,
  weaker: State,
  catalog?: ActionCatalog,
): Probe | undefined {
  const docs = stronger.identity ?? stronger.actor.identity
  for (const p of probesOf(docs, catalog)) {
    if (!evaluator.decide(stronger.actor, query(stronger, p), false).allowed) continue
    if (!evaluator.decide(weaker.actor, query(weaker, p), false).allowed) return p
  }
  return undefined
}
