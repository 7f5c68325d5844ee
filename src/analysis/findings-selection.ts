/**
 * Filters and pages a findings report, for a view of an organization of hundreds of accounts:
 * by severity, kind, account and text; `maxResults` a page (1–100, 25 by default) and an opaque
 * `nextToken` for the next, as AWS's List operations page.
 */
import {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type FindingsReport,
} from './findings-view.ts'
import { SEVERITIES, type Severity } from './guardrails.ts'

/** A query of the view; every filter optional. */
export interface FindingsQuery {
  readonly severities?: readonly Severity[]
  readonly kinds?: readonly FindingKind[]
  /** Only findings concerning this account. */
  readonly accountId?: string
  /** Case-insensitive, in the title, resource, rule, explanation and path. */
  readonly text?: string
  readonly maxResults?: number
  readonly nextToken?: string
}

/** One page of findings. */
export interface FindingsPage {
  readonly findings: readonly Finding[]
  /** How many findings match the filters (every page). */
  readonly matching: number
  readonly nextToken?: string
}

/** A query that cannot be answered: AWS's ValidationException wording. */
export class FindingsQueryError extends Error {
  readonly code = 'ValidationException'
}

export const DEFAULT_MAX_RESULTS = 25
export const MAX_MAX_RESULTS = 100

const encode = (offset: number) => btoa(`findings:${offset}`)

function decode(token: string): number {
  let text = ''
  try {
    text = atob(token)
  } catch {
    // not base64: refused below
  }
  const m = /^findings:(\d{1,9})$/.exec(text)
  if (m === null) throw new FindingsQueryError('Invalid pagination token')
  return Number(m[1])
}

const haystack = (f: Finding) =>
  [
    f.title,
    f.resource,
    f.rule,
    f.explanation,
    ...f.steps.flatMap((s) => [s.action, s.to, s.from ?? '']),
    ...(f.paths ?? []).map((p) => p.principal),
  ]
    .join('\n')
    .toLowerCase()

/**
 * Reads a query from a URL's parameters (`severity=HIGH&severity=CRITICAL&kind=escalation&
 * accountId=…&text=…&maxResults=…&nextToken=…`); throws a FindingsQueryError naming a bad value.
 */
export function readFindingsQuery(params: URLSearchParams): FindingsQuery {
  const severities = params.getAll('severity').filter((s) => s !== '')
  for (const s of severities) {
    if (!(SEVERITIES as readonly string[]).includes(s))
      throw new FindingsQueryError(
        `Value '${s}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [${SEVERITIES.join(', ')}]`,
      )
  }
  const kinds = params.getAll('kind').filter((k) => k !== '')
  for (const k of kinds) {
    if (!(FINDING_KINDS as readonly string[]).includes(k))
      throw new FindingsQueryError(
        `Value '${k}' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [${FINDING_KINDS.join(', ')}]`,
      )
  }
  const accountId = params.get('accountId') ?? ''
  if (accountId !== '' && !/^\d{12}$/.test(accountId))
    throw new FindingsQueryError(
      `Value '${accountId}' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\d{12}$`,
    )
  const max = params.get('maxResults') ?? ''
  let maxResults: number | undefined
  if (max !== '') {
    maxResults = Number(max)
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_MAX_RESULTS)
      throw new FindingsQueryError(
        `Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_MAX_RESULTS}`,
      )
  }
  const text = params.get('text') ?? ''
  const nextToken = params.get('nextToken') ?? ''
  return {
    ...(severities.length > 0 ? { severities: severities as Severity[] } : {}),
    ...(kinds.length > 0 ? { kinds: kinds as FindingKind[] } : {}),
    ...(accountId === '' ? {} : { accountId }),
    ...(text.trim() === '' ? {} : { text: text.trim() }),
    ...(maxResults === undefined ? {} : { maxResults }),
    ...(nextToken === '' ? {} : { nextToken }),
  }
}

/** The page of `report` that `query` asks for. */
export function selectFindings(report: FindingsReport, query: FindingsQuery = {}): FindingsPage {
  const text = query.text?.toLowerCase()
  const matching = report.findings.filter(
    (f) =>
      (query.severities === undefined || query.severities.includes(f.severity)) &&
      (query.kinds === undefined || query.kinds.includes(f.kind)) &&
      (query.accountId === undefined || f.accountIds.includes(query.accountId)) &&
      (text === undefined || haystack(f).includes(text)),
  )
  const start = query.nextToken === undefined ? 0 : decode(query.nextToken)
  const size = query.maxResults ?? DEFAULT_MAX_RESULTS
  const end = start + size
  return {
    findings: matching.slice(start, end),
    matching: matching.length,
    ...(end < matching.length ? { nextToken: encode(end) } : {}),
  }
}
