/**
 * The IAM Access Analyzer findings a console caller may see, as findings of the one view: the
 * analyzers of the caller's account (ListAnalyzers) and each one's active findings (ListFindings
 * for external access, ListFindingsV2 for unused access). Every call is made as the caller through
 * the dispatcher, so the engine decides each and the trail records each, as AWS's console's
 * calls are. Severity: public access HIGH, other external access MEDIUM, unused access LOW.
 */
import type { Finding, FindingStep, Severity } from '../../analysis/index.ts'

/** Runs one Access Analyzer operation as the caller; AWS's errors are thrown. */
export type AnalyzerCall = (
  operation: string,
  input: Readonly<Record<string, unknown>>,
) => Promise<Record<string, unknown>>

/** What was read, and why nothing could be when the caller was refused. */
export interface AnalyzerFindingsRead {
  readonly findings: readonly Finding[]
  readonly problem?: { readonly code: string; readonly message: string }
}

const ACTIVE = { status: { eq: ['ACTIVE'] } }
const MAX_PAGES = 100

async function allPages(
  call: AnalyzerCall,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  key: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  let nextToken: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call(operation, {
      ...input,
      maxResults: 1000,
      ...(nextToken === undefined ? {} : { nextToken }),
    })
    out.push(...((answer[key] as Record<string, unknown>[] | undefined) ?? []))
    nextToken = typeof answer.nextToken === 'string' ? answer.nextToken : undefined
    if (nextToken === undefined) break
  }
  return out
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/** An external access finding (ListFindings' `Finding`) of `analyzer`. */
export function externalAccessFinding(
  analyzer: { readonly arn: string; readonly name: string },
  f: Readonly<Record<string, unknown>>,
): Finding {
  const principal = (f.principal ?? {}) as Record<string, string>
  const who = Object.values(principal).join(', ') || 'someone'
  const actions = Array.isArray(f.action) ? (f.action as string[]) : []
  const condition = (f.condition ?? {}) as Record<string, string>
  const conditions = Object.fromEntries(Object.entries(condition).map(([k, v]) => [k, [v]]))
  const resource = text(f.resource)
  const owner = text(f.resourceOwnerAccount)
  const severity: Severity = f.isPublic === true ? 'HIGH' : 'MEDIUM'
  const step: FindingStep = {
    action: actions.join(', '),
    from: who,
    to: resource,
    conditions,
    explanation: `Access Analyzer finding ${text(f.id)} of analyzer ${analyzer.name} (${analyzer.arn})`,
  }
  const needs = Object.entries(condition).map(([k, v]) => `${k} = ${v}`)
  return {
    id: `analyzer:${analyzer.arn}:${text(f.id)}`,
    kind: 'analyzer',
    severity,
    rule: 'ExternalAccess',
    title: `${resource} is ${f.isPublic === true ? 'public' : `shared outside the zone of trust of ${analyzer.name}`}`,
    resource,
    accountIds: [
      ...new Set([owner, ...Object.values(principal).flatMap((p) => /\d{12}/.exec(p) ?? [])]),
    ],
    explanation: `${who} may ${actions.join(', ')}${needs.length === 0 ? '' : ` only with ${needs.join(', ')}`}`,
    steps: [step],
  }
}

/** An unused access finding (ListFindingsV2's `FindingSummaryV2`) of `analyzer`. */
export function unusedAccessFinding(
  analyzer: { readonly arn: string; readonly name: string },
  f: Readonly<Record<string, unknown>>,
): Finding {
  const resource = text(f.resource)
  const type = text(f.findingType)
  return {
    id: `analyzer:${analyzer.arn}:${text(f.id)}`,
    kind: 'analyzer',
    severity: 'LOW',
    rule: type,
    title: `${type}: ${resource}`,
    resource,
    accountIds: [text(f.resourceOwnerAccount)],
    explanation: `Access Analyzer finding ${text(f.id)} of analyzer ${analyzer.name} (${analyzer.arn})`,
    steps: [],
  }
}

/** Reads every active finding of the caller's analyzers; a refusal is returned, not thrown. */
export async function readAnalyzerFindings(call: AnalyzerCall): Promise<AnalyzerFindingsRead> {
  try {
    const analyzers = (await allPages(call, 'ListAnalyzers', {}, 'analyzers')) as {
      arn: string
      name: string
      type: string
    }[]
    const findings: Finding[] = []
    for (const a of analyzers) {
      const unused = a.type.endsWith('_UNUSED_ACCESS')
      const input = { analyzerArn: a.arn, filter: ACTIVE }
      const listed = await allPages(
        call,
        unused ? 'ListFindingsV2' : 'ListFindings',
        input,
        'findings',
      )
      for (const f of listed)
        findings.push(unused ? unusedAccessFinding(a, f) : externalAccessFinding(a, f))
    }
    return { findings }
  } catch (e) {
    const { code, message } = e as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && code.startsWith('AccessDenied'))
      return { findings: [], problem: { code, message: String(message) } }
    throw e
  }
}
