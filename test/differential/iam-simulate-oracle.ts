/**
 * The adapter from our evaluation case to `@cloud-copilot/iam-simulate` (AGPL, a dev dependency),
 * used only as a test oracle and benchmark peer: nothing here is copied from it.
 *
 * Two entries:
 * - `toSimulation` + `simulate`: the public `runSimulation` (validates policies, the action and the
 *   context keys, filters keys that do not apply to the action). Used by the benchmark.
 * - `oracleDecide`: iam-simulate's core `authorize` (the function `runSimulation` ends in), which
 *   takes already-loaded policies, a session policy and the context exactly as given. It is not a
 *   package export, so it is loaded by path next to the package's entry point.
 */
import type { ContextInput, Decision, EvaluationCase, PolicyInput } from '../../src/policy/types.ts'

/** The public input of `runSimulation` (structurally, so no AGPL type leaks into our types). */
export interface Simulation {
  request: {
    principal: string | { type: 'Anonymous' }
    action: string
    resource: { resource: string; accountId: string }
    contextVariables: Record<string, string | string[]>
  }
  sessionPolicy?: unknown
  identityPolicies: { name: string; policy: unknown }[]
  serviceControlPolicies: { orgIdentifier: string; policies: { name: string; policy: unknown }[] }[]
  resourceControlPolicies: {
    orgIdentifier: string
    policies: { name: string; policy: unknown }[]
  }[]
  resourcePolicy?: unknown
  permissionBoundaryPolicies?: { name: string; policy: unknown }[]
}

interface RunSimulationResult {
  resultType: 'error' | 'single' | 'wildcard'
  overallResult?: string
  errors?: { message: string }
}

interface IamSimulateModule {
  runSimulation(s: Simulation, options: Record<string, unknown>): Promise<RunSimulationResult>
  anonymousPrincipal: { type: 'Anonymous' }
}
interface CoreModule {
  authorize(request: Record<string, unknown>): { result: string }
}
interface LoadedPolicy {
  readonly __loaded: true
}
interface PolicyModule {
  loadPolicy(doc: unknown, metadata: { name: string }): LoadedPolicy
}
interface RequestModule {
  AwsRequestImpl: new (
    principal: string | { type: 'Anonymous' },
    resource: { resource: string; accountId: string },
    action: string,
    context: unknown,
  ) => unknown
}
interface ContextModule {
  RequestContextImpl: new (values: Record<string, string | string[]>) => unknown
}
interface DiscoveryModule {
  DiscoveryContextKeyConstraints: new (constraints: unknown[]) => unknown
}

const entry = import.meta.resolve('@cloud-copilot/iam-simulate')
const load = async <T>(relative: string): Promise<T> =>
  (await import(new URL(relative, entry).href)) as T

/** The package's public entry (runSimulation). */
export const iamSimulate = (await import('@cloud-copilot/iam-simulate')) as IamSimulateModule
const core = await load<CoreModule>('./core_engine/CoreSimulatorEngine.js')
const requests = await load<RequestModule>('./request/request.js')
const contexts = await load<ContextModule>('./requestContext.js')
const discovery = await load<DiscoveryModule>('./context_keys/discoveryContextKeyConstraints.js')
const policies = (await import(
  import.meta.resolve('@cloud-copilot/iam-policy', entry)
)) as PolicyModule

const DECISION_SET: ReadonlySet<string> = new Set([
  'Allowed',
  'ExplicitlyDenied',
  'ImplicitlyDenied',
])

/** A policy document as an object: our cases may carry documents as JSON strings. */
function documentOf(input: PolicyInput): unknown {
  if (typeof input === 'string') return JSON.parse(input)
  if (input !== null && typeof input === 'object' && 'document' in input) {
    return documentOf((input as { document: unknown }).document)
  }
  return input
}

/** iam-simulate takes strings and string arrays: numbers and booleans become strings. */
export function contextVariables(
  context: ContextInput | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(context ?? {})) {
    out[key] = Array.isArray(value) ? value.map(String) : String(value)
  }
  return out
}

/**
 * The keys AWS puts in the request context of every signed request by an IAM principal, filled in
 * when the case leaves them out (iam-simulate's core takes the context exactly as given):
 * `aws:PrincipalArn` and `aws:PrincipalAccount` ("always included in the request context for all
 * signed requests"), `aws:username` for IAM users, `aws:ResourceAccount` for the resource's owner.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function withAlwaysPresentKeys(
  principal: string,
  resourceAccount: string,
  ctx: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const out = { ...ctx }
  const has = (key: string) => Object.keys(out).some((k) => k.toLowerCase() === key.toLowerCase())
  const m = /^arn:aws:(iam|sts)::(\d{12}):(user|role|assumed-role|root)(?:\/(.*))?$/.exec(principal)
  if (m !== null) {
    const [, , account, kind, rest = ''] = m as unknown as [string, string, string, string, string]
    let arn = principal
    if (kind === 'assumed-role')
      arn = `arn:aws:iam::${account}:role/${rest.slice(0, rest.lastIndexOf('/'))}`
    if (!has('aws:PrincipalArn')) out['aws:PrincipalArn'] = arn
    if (!has('aws:PrincipalAccount')) out['aws:PrincipalAccount'] = account
    if (kind === 'user' && !has('aws:username'))
      out['aws:username'] = rest.slice(rest.lastIndexOf('/') + 1)
  }
  if (resourceAccount !== '' && !has('aws:ResourceAccount'))
    out['aws:ResourceAccount'] = resourceAccount
  return out
}

/** The account that owns the resource, as our Request defines it. */
export function resourceAccountOf(c: EvaluationCase): string {
  const r = c.request
  if (r.resourceAccount !== undefined) return r.resourceAccount
  const fromArn = r.resource.split(':')[4]
  if (fromArn !== undefined && /^\d{12}$/.test(fromArn)) return fromArn
  return r.principal.split(':')[4] ?? ''
}

const levelName = (kind: string, level: number, count: number): string =>
  level === 0 ? 'r-root' : level === count - 1 ? `${kind}-account` : `ou-${kind}-${level}`

/** Our case as the input of iam-simulate's `runSimulation`. */
export function toSimulation(c: EvaluationCase): Simulation {
  const p = c.policies
  const named = (prefix: string, list: readonly PolicyInput[] | undefined) =>
    (list ?? []).map((doc, i) => ({ name: `${prefix}-${i}`, policy: documentOf(doc) }))
  const levels = (kind: string, list: readonly (readonly PolicyInput[])[] | undefined) =>
    (list ?? []).map((docs, level, all) => ({
      orgIdentifier: levelName(kind, level, all.length),
      policies: named(`${kind}-${level}`, docs),
    }))
  const simulation: Simulation = {
    request: {
      principal: c.request.principal === '*' ? iamSimulate.anonymousPrincipal : c.request.principal,
      action: c.request.action,
      resource: { resource: c.request.resource, accountId: resourceAccountOf(c) },
      contextVariables: withAlwaysPresentKeys(
        c.request.principal,
        resourceAccountOf(c),
        contextVariables(c.request.context),
      ),
    },
    identityPolicies: named('identity', p.identity),
    serviceControlPolicies: levels('scp', p.scp),
    resourceControlPolicies: levels('rcp', p.rcp),
  }
  if (p.resource !== undefined) simulation.resourcePolicy = documentOf(p.resource)
  if (p.permissionBoundary !== undefined && p.permissionBoundary.length > 0) {
    simulation.permissionBoundaryPolicies = named('boundary', p.permissionBoundary)
  }
  if (p.session !== undefined && p.session.length > 0) {
    // iam-simulate takes one session policy; our cases carry at most one.
    simulation.sessionPolicy = documentOf(p.session[0])
  }
  return simulation
}

/**
 * Runs the public `runSimulation`. Resolves to the decision, or throws with iam-simulate's
 * validation message when it refuses the input.
 */
export async function simulate(c: EvaluationCase): Promise<Decision> {
  const result = await iamSimulate.runSimulation(toSimulation(c), {})
  if (result.resultType === 'error' || !DECISION_SET.has(result.overallResult ?? '')) {
    throw new Error(`iam-simulate refused the case: ${JSON.stringify(result.errors ?? result)}`)
  }
  return result.overallResult as Decision
}

/**
 * Decides a case with iam-simulate's core `authorize`, synchronously, in its Strict mode, with the
 * context exactly as given (no key filtering, no type coercion) and every policy type, session
 * policy included. Policies must be valid: the generator only writes valid ones.
 */
export function oracleDecide(c: EvaluationCase): Decision {
  const s = toSimulation(c)
  const loadAll = (list: { name: string; policy: unknown }[]) =>
    list.map((x) => policies.loadPolicy(x.policy, { name: x.name }))
  const analysis = core.authorize({
    request: new requests.AwsRequestImpl(
      s.request.principal,
      s.request.resource,
      s.request.action,
      new contexts.RequestContextImpl(s.request.contextVariables),
    ),
    sessionPolicy:
      s.sessionPolicy === undefined
        ? undefined
        : policies.loadPolicy(s.sessionPolicy, { name: 'session' }),
    identityPolicies: loadAll(s.identityPolicies),
    serviceControlPolicies: s.serviceControlPolicies.map((l) => ({
      orgIdentifier: l.orgIdentifier,
      policies: loadAll(l.policies),
    })),
    resourceControlPolicies: s.resourceControlPolicies.map((l) => ({
      orgIdentifier: l.orgIdentifier,
      policies: loadAll(l.policies),
    })),
    resourcePolicy:
      s.resourcePolicy === undefined
        ? undefined
        : policies.loadPolicy(s.resourcePolicy, { name: 'resource' }),
    permissionBoundaries:
      s.permissionBoundaryPolicies === undefined
        ? undefined
        : loadAll(s.permissionBoundaryPolicies),
    vpcEndpointPolicies: undefined,
    simulationParameters: {
      simulationMode: 'Strict',
      discoveryContextKeyConstraints: new discovery.DiscoveryContextKeyConstraints([]),
    },
    serviceSettings: { s3: {} },
  })
  if (!DECISION_SET.has(analysis.result)) {
    throw new Error(`iam-simulate returned ${JSON.stringify(analysis.result)}`)
  }
  return analysis.result as Decision
}
