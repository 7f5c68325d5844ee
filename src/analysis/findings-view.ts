/**
 * One findings view across the organization, as the console shows it: the guardrail rules that
 * fail (one finding per failing resource), the privilege-escalation paths, and who can reach the
 * sensitive roles (roles allowed to change IAM permissions), each with its explanation and its
 * path. Pure: built from an analysis and what `checkGuardrails` and `findEscalations` returned,
 * so that it says exactly what `xaccess findings` says. Then `selectFindings` filters and pages.
 */
import type { Analysis } from './analyze-snapshot.ts'
import type { EscalationFinding } from './escalation.ts'
import { accountOfArn } from './evaluator.ts'
import type { GuardrailConfig, GuardrailResult, Severity } from './guardrails.ts'
import { SEVERITIES } from './guardrails.ts'
import { shortestTo, type Hop } from './reachability.ts'

/** What a finding is about. */
export const FINDING_KINDS = ['guardrail', 'analyzer', 'escalation', 'reachability'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/** One step of a finding's path: a hop between principals, or the permission a step uses. */
export interface FindingStep {
  readonly action: string
  /** Who takes the step (a principal ARN); absent where the step is the finding's principal's. */
  readonly from?: string
  /** The role reached, or the resource acted on. */
  readonly to: string
  /** Request keys the step needs, each with the values that allow it. */
  readonly conditions: Readonly<Record<string, readonly string[]>>
  /** Why the engine allows it, for people. */
  readonly explanation: string
}

/** One principal's way to a sensitive role. */
export interface FindingPath {
  readonly principal: string
  readonly steps: readonly FindingStep[]
}

/** One finding of the view. */
export interface Finding {
  /** Stable across builds of the same organization: kind, rule or technique, resource. */
  readonly id: string
  readonly kind: FindingKind
  readonly severity: Severity
  /**
   * The guardrail rule, the escalation technique, `sensitive-role-reachable`, or the Access
   * Analyzer finding type (`ExternalAccess`, `UnusedIAMRole`, …).
   */
  readonly rule: string
  readonly title: string
  /** The resource that fails, the principal that escalates, the sensitive role reached. */
  readonly resource: string
  /** The accounts the finding concerns (the resource's, and for paths every account on them). */
  readonly accountIds: readonly string[]
  /** Why, in a sentence. */
  readonly explanation: string
  /** The steps a person would take (escalations), or the first path (reachability). */
  readonly steps: readonly FindingStep[]
  /** Reachability: every principal that reaches the role, each with its shortest path. */
  readonly paths?: readonly FindingPath[]
}

/** The whole view: findings by severity, and every rule's status. */
export interface FindingsReport {
  readonly findings: readonly Finding[]
  readonly rules: readonly Pick<GuardrailResult, 'rule' | 'severity' | 'description' | 'status'>[]
  /** How many findings of each severity. */
  readonly counts: Readonly<Record<Severity, number>>
}

/**
 * Actions that change IAM permissions: a role the engine allows one of on its own account's
 * roles or users is sensitive.
 */
export const SENSITIVE_ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
] as const

const DEFAULT_EXEMPT = ['OrganizationAccountAccessRole']
const GUARDED_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage', 'sts:externalid']

const rank = (s: Severity) => SEVERITIES.indexOf(s)

const accountsOf = (...arns: readonly string[]): string[] => [
  ...new Set(arns.flatMap((a) => accountOfArn(a) ?? [])),
]

const hopStep = (h: Hop): FindingStep => ({
  action: h.action,
  from: h.from,
  to: h.to,
  conditions: h.conditions,
  explanation: h.explanation,
})

/** Whether a hop needs MFA or an ExternalId. */
const guarded = (h: Pick<Hop, 'conditions'>) =>
  Object.keys(h.conditions).some((k) => GUARDED_KEYS.includes(k.toLowerCase()))

function guardrailFindings(rules: readonly GuardrailResult[]): Finding[] {
  return rules.flatMap((r) =>
    r.status !== 'FAIL'
      ? []
      : r.failures.map((f) => ({
          id: `guardrail:${r.rule}:${f.resource}:${f.reason}`,
          kind: 'guardrail' as const,
          severity: r.severity,
          rule: r.rule,
          title: r.description,
          resource: f.resource,
          accountIds: accountsOf(f.resource),
          explanation: f.reason,
          steps: [],
        })),
  )
}

function escalationFindings(escalations: readonly EscalationFinding[]): Finding[] {
  return escalations.map((e) => ({
    id: `escalation:${e.technique}:${e.principal}:${e.to}`,
    kind: 'escalation' as const,
    severity: 'HIGH' as const,
    rule: e.technique,
    title: `${e.principal} can escalate its privileges (${e.technique})`,
    resource: e.principal,
    accountIds: accountsOf(e.principal, ...e.steps.map((s) => s.resource)),
    explanation: `becomes ${e.to === '*' ? 'an administrator' : e.to} in ${e.steps.length} step(s): ${e.steps.map((s) => s.action).join(', ')}`,
    steps: e.steps.map((s) => ({
      action: s.action,
      to: s.resource,
      conditions: {},
      explanation: s.explanation,
    })),
  }))
}

/** The roles the engine allows to change IAM permissions in their own account. */
function sensitiveRoles(analysis: Analysis, exempt: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const actor of analysis.graph.actors.values()) {
    if (actor.kind !== 'role' || actor.accountId === undefined) continue
    if (exempt.has(actor.arn.slice(actor.arn.lastIndexOf('/') + 1))) continue
    if ((analysis.graph.in.get(actor.arn) ?? []).length === 0) continue
    const resource = `arn:aws:iam::${actor.accountId}:role/xaccess-any`
    const allowed = SENSITIVE_ROLE_ACTIONS.some(
      (action) => analysis.evaluator.decide(actor, { action, resource }, false).allowed,
    )
    if (allowed) out.push(actor.arn)
  }
  return out.sort()
}

function reachabilityFindings(analysis: Analysis, exempt: ReadonlySet<string>): Finding[] {
  const out: Finding[] = []
  for (const role of sensitiveRoles(analysis, exempt)) {
    const paths: FindingPath[] = []
    for (const [principal, hops] of shortestTo(analysis.graph, [role])) {
      if (principal === role || hops.length === 0) continue
      paths.push({ principal, steps: hops.map(hopStep) })
    }
    if (paths.length === 0) continue
    paths.sort((a, b) => a.steps.length - b.steps.length || a.principal.localeCompare(b.principal))
    const open = paths.filter((p) => !p.steps.some(guarded))
    const roleAccount = accountOfArn(role)
    const crossAccount = open.filter((p) => accountOfArn(p.principal) !== roleAccount)
    out.push({
      id: `reachability:${role}`,
      kind: 'reachability',
      severity: crossAccount.length > 0 ? 'MEDIUM' : 'LOW',
      rule: 'sensitive-role-reachable',
      title: `${paths.length} principal(s) can become ${role}, which can change IAM permissions`,
      resource: role,
      accountIds: accountsOf(role, ...paths.map((p) => p.principal)),
      explanation:
        open.length === 0
          ? 'every path needs MFA or an ExternalId'
          : `${open.length} path(s) need neither MFA nor an ExternalId${crossAccount.length > 0 ? `, ${crossAccount.length} from another account` : ''}`,
      steps: paths[0]!.steps,
      paths,
    })
  }
  return out
}

/**
 * The findings view of an analysis: `rules` from `checkGuardrails(analysis, config)` and
 * `escalations` from `findEscalations(analysis)`, plus the reachability of sensitive roles;
 * most severe first.
 * @example
 * const report = buildFindingsReport(analysis, checkGuardrails(analysis), findEscalations(analysis))
 */
export function buildFindingsReport(
  analysis: Analysis,
  rules: readonly GuardrailResult[],
  escalations: readonly EscalationFinding[],
  config: Pick<GuardrailConfig, 'exemptRoles'> = {},
): FindingsReport {
  const exempt = new Set(config.exemptRoles ?? DEFAULT_EXEMPT)
  const findings = [
    ...guardrailFindings(rules),
    ...escalationFindings(escalations),
    ...reachabilityFindings(analysis, exempt),
  ].sort(byConcern)
  return {
    findings,
    counts: countsOf(findings),
    rules: rules.map(({ rule, severity, description, status }) => ({
      rule,
      severity,
      description,
      status,
    })),
  }
}

/** Most severe first, then by kind, then by id. */
const byConcern = (a: Finding, b: Finding) =>
  rank(a.severity) - rank(b.severity) ||
  FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
  a.id.localeCompare(b.id)

function countsOf(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of findings) counts[f.severity]++
  return counts
}

/** A report with more findings (an analyzer's), in the report's order, counts included. */
export function withFindings(report: FindingsReport, more: readonly Finding[]): FindingsReport {
  if (more.length === 0) return report
  const findings = [...report.findings, ...more].sort(byConcern)
  return { ...report, findings, counts: countsOf(findings) }
}
