/**
 * The console's findings view and organization picture: JSON computed with src/analysis over the
 * live store's snapshot, served only to a caller the policy engine authorizes. Each view runs as
 * an operation through the dispatcher (parse, the engine's decision on the caller's identity
 * policies, boundary, session policies and SCPs, then run, recorded in the audit trail like any
 * read call):
 * - findings: `access-analyzer:ListFindings` (recorded as Access Analyzer `ListFindings`), with
 *   the active findings of the caller's analyzers, read with ListAnalyzers and ListFindings(V2)
 *   as the caller;
 * - the organization picture: `organizations:DescribeOrganization` and
 *   `organizations:ListAccounts` (recorded as Organizations `DescribeOrganization`).
 * The analysis is computed once per change of policies (the policy generation) and reused for at
 * most `maxAgeMs` (Identity Center memberships change without bumping it).
 */
import {
  analyzeSnapshot,
  buildFindingsReport,
  buildOrganizationPicture,
  checkGuardrails,
  findEscalations,
  FindingsQueryError,
  readFindingsQuery,
  selectFindings,
  withFindings,
  type FindingsQuery,
  type FindingsReport,
  type GuardrailConfig,
  type OrganizationPicture,
  type OrganizationSnapshot,
} from '../../analysis/index.ts'
import type { Caller, RequestInfo } from '../../domain/common/caller.ts'
import { DomainError } from '../../domain/common/domain-error.ts'
import {
  operation,
  type AnyOperation,
  type CallContext,
  type ServiceDefinition,
} from '../../domain/common/operation.ts'
import type { Dispatcher } from '../dispatcher.ts'
import { readAnalyzerFindings, type AnalyzerCall } from './analyzer-findings.ts'

/** The analysis the views show, with when and from what it was computed. */
export interface ComputedAnalysis {
  readonly report: FindingsReport
  readonly picture: OrganizationPicture
  /** Epoch milliseconds. */
  readonly computedAt: number
  /** How long the analysis took, in milliseconds. */
  readonly tookMs: number
}

/** What the views are built from. */
export interface AnalysisViewsDeps {
  readonly services: ReadonlyMap<string, ServiceDefinition>
  readonly dispatcher: Dispatcher
  /** Reads the organization from the live store. */
  readonly loadSnapshot: () => Promise<OrganizationSnapshot>
  /** Bumped on every change of IAM or Organizations. */
  readonly generation: { readonly current: number }
  readonly rules?: GuardrailConfig
  /** How long an analysis is reused when the generation has not moved; 30 s by default. */
  readonly maxAgeMs?: number
  readonly now?: () => number
}

/** The two views, each answered for a caller the engine authorizes. */
export interface AnalysisViews {
  /** One page of findings (`severity`, `kind`, `accountId`, `text`, `maxResults`, `nextToken`). */
  findings(caller: Caller, query: URLSearchParams, request: RequestInfo): Promise<object>
  /** The organization picture. */
  organization(caller: Caller, request: RequestInfo): Promise<object>
  /** The analysis, computed or reused (for tests and benchmarks). */
  compute(): Promise<ComputedAnalysis>
}

const QUERY_KEYS = ['severity', 'kind', 'accountId', 'text', 'maxResults', 'nextToken'] as const

/** The query parameters as the audit trail records them (lists for repeated keys). */
function queryInput(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of QUERY_KEYS) {
    const values = query.getAll(key)
    if (values.length === 0) continue
    out[key] = key === 'severity' || key === 'kind' ? values : values[0]
  }
  return out
}

function parseQuery(raw: Readonly<Record<string, unknown>>): FindingsQuery {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v))
  }
  try {
    return readFindingsQuery(params)
  } catch (e) {
    if (e instanceof FindingsQueryError)
      throw new DomainError('ValidationException', e.message, 400)
    throw e
  }
}

/**
 * Builds the views.
 * @example
 * const views = createAnalysisViews({ services, dispatcher, loadSnapshot, generation })
 * await views.findings(caller, new URLSearchParams('severity=HIGH'), request)
 */
export function createAnalysisViews(deps: AnalysisViewsDeps): AnalysisViews {
  const now = deps.now ?? Date.now
  const maxAge = deps.maxAgeMs ?? 30_000
  let cached:
    | {
        readonly generation: number
        readonly at: number
        readonly value: Promise<ComputedAnalysis>
      }
    | undefined

  const compute = (): Promise<ComputedAnalysis> => {
    const generation = deps.generation.current
    const at = now()
    if (cached !== undefined && cached.generation === generation && at - cached.at < maxAge) {
      return cached.value
    }
    const value = (async () => {
      const started = performance.now()
      const analysis = analyzeSnapshot(await deps.loadSnapshot())
      const rules = checkGuardrails(analysis, deps.rules ?? {})
      const report = buildFindingsReport(analysis, rules, findEscalations(analysis), deps.rules)
      const picture = buildOrganizationPicture(analysis)
      return { report, picture, computedAt: at, tookMs: Math.round(performance.now() - started) }
    })()
    const entry = { generation, at, value }
    cached = entry
    // A failed analysis is not kept.
    value.catch(() => {
      if (cached === entry) cached = undefined
    })
    return value
  }

  const listFindings = operation({
    parse: parseQuery,
    authorization: () => ({ action: 'access-analyzer:ListFindings', resource: '*' }),
    run: async (query: FindingsQuery, call: CallContext) => {
      const { report, computedAt, tookMs } = await compute()
      // The analyzers' findings, read as the caller (each call decided and recorded).
      const analyzers =
        query.kinds === undefined || query.kinds.includes('analyzer')
          ? await readAnalyzerFindings(analyzerCall(call))
          : { findings: [] }
      const merged = withFindings(report, analyzers.findings)
      return {
        ...selectFindings(merged, query),
        counts: merged.counts,
        rules: report.rules,
        computedAt,
        tookMs,
        ...(analyzers.problem === undefined ? {} : { analyzerProblem: analyzers.problem }),
      }
    },
  })
  const analyzerCall =
    (call: CallContext): AnalyzerCall =>
    async (name, input) => {
      const service = deps.services.get('access-analyzer')
      const op = service === undefined ? undefined : deps.dispatcher.operation(service, name)
      // A server without analyzers: nothing to read.
      if (service === undefined || op === undefined) return {}
      const result = await deps.dispatcher.run(service, name, op, input, call.caller, call.request)
      if (!result.ok) {
        const { code, message, httpStatus } = result.error
        throw new DomainError(code, message, httpStatus)
      }
      return result.output as Record<string, unknown>
    }
  const describeOrganization = operation({
    parse: () => ({}),
    authorization: () => ({ action: 'organizations:DescribeOrganization', resource: '*' }),
    run: async (_input: object, call) => {
      await call.authorize({ action: 'organizations:ListAccounts', resource: '*' })
      const { picture, computedAt, tookMs } = await compute()
      return { ...picture, computedAt, tookMs }
    },
  })

  const run = async (
    serviceName: string,
    name: string,
    op: AnyOperation,
    input: Readonly<Record<string, unknown>>,
    caller: Caller,
    request: RequestInfo,
  ): Promise<object> => {
    const service = deps.services.get(serviceName)
    if (service === undefined) throw new DomainError('InternalFailure', 'service unavailable', 500)
    const result = await deps.dispatcher.run(service, name, op, input, caller, request)
    if (!result.ok) {
      const { code, message, httpStatus } = result.error
      throw new DomainError(code, message, httpStatus)
    }
    return result.output as object
  }

  return {
    findings: (caller, query, request) =>
      run('access-analyzer', 'ListFindings', listFindings, queryInput(query), caller, request),
    organization: (caller, request) =>
      run('organizations', 'DescribeOrganization', describeOrganization, {}, caller, request),
    compute,
  }
}
