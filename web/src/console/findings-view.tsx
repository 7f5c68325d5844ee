/**
 * Findings across every account of the organization, by severity: the guardrail rules that fail,
 * the privilege-escalation paths and who can reach the sensitive roles, each opening to its path.
 * Filters (severity, kind, account, text) and "Load more" keep it usable on hundreds of accounts.
 * Shown only to an identity the engine allows access-analyzer:ListFindings (AWS's refusal else).
 */
import { useEffect, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import {
  FINDING_KINDS,
  SEVERITIES,
  type Finding,
  type FindingsAnswer,
  type Severity,
} from './analysis-types.ts'
import type { IdentityView } from './console-types.ts'
import { FindingSteps } from './finding-steps.tsx'

interface Filters {
  readonly severity: string
  readonly kind: string
  readonly accountId: string
  readonly text: string
}

const NONE: Filters = { severity: '', kind: '', accountId: '', text: '' }

const queryOf = (f: Filters, nextToken?: string) => {
  const q = new URLSearchParams()
  if (f.severity !== '') q.set('severity', f.severity)
  if (f.kind !== '') q.set('kind', f.kind)
  if (f.accountId !== '') q.set('accountId', f.accountId.replace(/-/g, ''))
  if (f.text !== '') q.set('text', f.text)
  if (nextToken !== undefined) q.set('nextToken', nextToken)
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}

const KIND_LABEL: Record<string, string> = {
  guardrail: 'Guardrail rule',
  analyzer: 'Access Analyzer',
  escalation: 'Privilege escalation',
  reachability: 'Sensitive role reachable',
}

function FindingRow(props: { finding: Finding }) {
  const f = props.finding
  const [open, setOpen] = useState(false)
  return (
    <li
      className={`finding sev-${f.severity.toLowerCase()}`}
      data-testid="finding"
      data-kind={f.kind}
      data-rule={f.rule}
      data-resource={f.resource}
      data-severity={f.severity}
      data-accounts={f.accountIds.join(' ')}
    >
      <div className="finding-head">
        <span className={`badge sev-${f.severity.toLowerCase()}`}>{f.severity}</span>
        <span className="finding-kind">{KIND_LABEL[f.kind] ?? f.kind}</span>
        <span className="mono finding-rule">{f.rule}</span>
      </div>
      <div className="finding-title">{f.title}</div>
      <div className="mono break" data-testid="finding-resource">
        {f.resource}
      </div>
      <div data-testid="finding-explanation">{f.explanation}</div>
      {(f.steps.length > 0 || (f.paths ?? []).length > 0) && (
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open
            ? 'Hide the path'
            : f.kind === 'reachability'
              ? `Show the ${f.paths?.length ?? 0} path(s)`
              : 'Show the path'}
        </button>
      )}
      {open &&
        (f.paths === undefined ? (
          <FindingSteps steps={f.steps} principal={f.resource} />
        ) : (
          <ul className="finding-paths">
            {f.paths.map((p) => (
              <li key={p.principal} data-testid="finding-path" data-principal={p.principal}>
                <span className="mono">{p.principal}</span>
                <FindingSteps steps={p.steps} />
              </li>
            ))}
          </ul>
        ))}
    </li>
  )
}

export function FindingsView(props: { identity: IdentityView }) {
  const { arn } = props.identity
  const [form, setForm] = useState<Filters>(NONE)
  const [filters, setFilters] = useState<Filters>(NONE)
  const [answer, setAnswer] = useState<FindingsAnswer | undefined>()
  const [findings, setFindings] = useState<readonly Finding[]>([])
  const [error, setError] = useState<{ code: string; message: string } | undefined>()
  const [more, setMore] = useState(false)
  /** The query the list answers (`?severity=…`), for people reading the DOM and for tests. */
  const [answered, setAnswered] = useState<string | undefined>()

  const fail = (e: unknown) =>
    setError({ code: e instanceof ApiError ? e.code : 'Error', message: messageOf(e) })

  useEffect(() => {
    let live = true
    setAnswer(undefined)
    setAnswered(undefined)
    setError(undefined)
    const query = queryOf(filters)
    api<FindingsAnswer>('GET', `/console/api/findings${query}`).then((a) => {
      if (!live) return
      setAnswer(a)
      setFindings(a.findings)
      setAnswered(query)
    }, fail)
    return () => {
      live = false
    }
  }, [arn, filters])

  const loadMore = async () => {
    if (answer?.nextToken === undefined) return
    setMore(true)
    try {
      const a = await api<FindingsAnswer>(
        'GET',
        `/console/api/findings${queryOf(filters, answer.nextToken)}`,
      )
      setAnswer(a)
      setFindings((old) => [...old, ...a.findings])
    } catch (e) {
      fail(e)
    } finally {
      setMore(false)
    }
  }

  const field = (key: keyof Filters) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  })

  return (
    <section
      aria-labelledby="findings-title"
      className="card"
      data-testid="findings-view"
      data-answered={answered}
    >
      <h2 id="findings-title">Findings</h2>
      <p className="muted">
        Every account of the organization: guardrail rules that fail, the active findings of your
        account's Access Analyzer analyzers, privilege-escalation paths, and who can become a role
        that can change IAM permissions. The same analysis as{' '}
        <span className="mono">xaccess findings</span>.
      </p>
      {error !== undefined && (
        <div className="error" role="alert" data-testid="findings-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      )}
      {!(error?.code.startsWith('AccessDenied') ?? false) && (
        <form
          className="event-filters"
          onSubmit={(e) => {
            e.preventDefault()
            setFilters(form)
          }}
        >
          <label>
            Severity
            <select data-testid="filter-severity" {...field('severity')}>
              <option value="">Any</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select data-testid="filter-kind" {...field('kind')}>
              <option value="">Any</option>
              {FINDING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Account
            <input data-testid="filter-account" placeholder="12 digits" {...field('accountId')} />
          </label>
          <label>
            Text
            <input data-testid="filter-text" placeholder="ARN, rule, action…" {...field('text')} />
          </label>
          <div className="buttons">
            <button type="submit">Apply</button>
            <button
              type="button"
              onClick={() => {
                setForm(NONE)
                setFilters(NONE)
              }}
            >
              Clear
            </button>
          </div>
        </form>
      )}
      {answer === undefined && error === undefined && <p aria-live="polite">Analysing…</p>}
      {answer !== undefined && (
        <>
          <p className="severity-counts" data-testid="severity-counts">
            {SEVERITIES.map((s: Severity) => (
              <span key={s} className={`badge sev-${s.toLowerCase()}`} data-severity={s}>
                {s} {answer.counts[s]}
              </span>
            ))}
            <span className="muted">
              {' '}
              {answer.matching} matching · analysed{' '}
              {new Date(answer.computedAt).toLocaleTimeString()} in {answer.tookMs} ms
            </span>
          </p>
          {answer.analyzerProblem !== undefined && (
            <p className="notice" data-testid="analyzer-problem">
              Access Analyzer findings are not shown: {answer.analyzerProblem.code}
            </p>
          )}
          {findings.length === 0 ? (
            <p className="empty" data-testid="findings-empty">
              No findings match.
            </p>
          ) : (
            <ul className="findings" data-testid="findings">
              {findings.map((f) => (
                <FindingRow key={f.id} finding={f} />
              ))}
            </ul>
          )}
          {answer.nextToken !== undefined && (
            <button type="button" disabled={more} onClick={() => void loadMore()}>
              Load more
            </button>
          )}
          <details className="rules-summary">
            <summary>Guardrail rules ({answer.rules.length})</summary>
            <ul data-testid="rules">
              {answer.rules.map((r) => (
                <li key={r.rule} data-rule={r.rule} data-status={r.status}>
                  <span className={`status status-${r.status.toLowerCase()}`}>{r.status}</span>{' '}
                  <span className="mono">{r.rule}</span>: {r.description}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  )
}
