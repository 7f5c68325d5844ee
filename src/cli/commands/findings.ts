/**
 * `xaccess findings`: the guardrail rules and the privilege-escalation paths of an organization in
 * one view, by severity; exit 1 when any rule fails or any principal can escalate.
 */
import { readFileSync } from 'node:fs'
import { parseCommandLine } from '../parse-command-line.ts'
import { parse as parseYaml } from 'yaml'
import {
  analyzeSnapshot,
  checkGuardrails,
  findEscalations,
  GUARDRAIL_RULES,
  SEVERITIES,
  type EscalationFinding,
  type GuardrailConfig,
  type GuardrailResult,
} from '../../analysis/index.ts'
import { loadSnapshot, ORGANIZATION_OPTIONS, UsageError } from './organization-input.ts'

export const FINDINGS_HELP = `usage: xaccess findings (--data-dir DIR | --database URL | --org FILE | --import DIR)
       [--rules FILE] [--json]

Checks the organization against guardrail rules and lists who can escalate privileges, by
severity. Exit 0 when every rule passes and nobody can escalate, 1 otherwise, 2 on bad usage.

Rules (${GUARDRAIL_RULES.length}): ${GUARDRAIL_RULES.join(', ')}.

--rules FILE tunes them (YAML or JSON):
  workloadOus: [Workloads]            OU names whose accounts are workloads
  adminAccounts: [Security]           where administrators belong (besides the management account)
  guardrailScps: [DenyIamUsers]       SCPs every workload OU must carry
  exemptRoles: [OrganizationAccountAccessRole]
  rules: { no-root-access-keys: { enabled: false }, mfa-for-console-users: { severity: LOW } }

--json: {"rules": [{"rule", "severity", "description", "status", "failures": [{"resource",
"reason"}]}], "escalations": [{"principal", "technique", "to", "steps"}], "failed": N}
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Reads and checks a rules file. */
function readConfig(file: string): GuardrailConfig {
  let value: unknown
  try {
    value = parseYaml(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
  }
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file}: expected a mapping`)
  const v = value as Record<string, unknown>
  const lists = ['workloadOus', 'adminAccounts', 'guardrailScps', 'exemptRoles']
  for (const key of Object.keys(v)) {
    if (key === 'rules') continue
    if (!lists.includes(key)) throw new UsageError(`${file}: unknown key '${key}'`)
    const list = v[key]
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
      throw new UsageError(`${file}: '${key}' must be a list of names`)
  }
  const rules = v.rules ?? {}
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules))
    throw new UsageError(`${file}: 'rules' must be a mapping`)
  for (const [rule, tuning] of Object.entries(rules)) {
    if (!(GUARDRAIL_RULES as readonly string[]).includes(rule))
      throw new UsageError(`${file}: unknown rule '${rule}'`)
    const t = (tuning ?? {}) as Record<string, unknown>
    if (t.enabled !== undefined && typeof t.enabled !== 'boolean')
      throw new UsageError(`${file}: rules.${rule}.enabled must be true or false`)
    if (t.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(t.severity))
      throw new UsageError(
        `${file}: rules.${rule}.severity must be one of ${SEVERITIES.join(', ')}`,
      )
  }
  return v as GuardrailConfig
}

function printPeople(
  rules: readonly GuardrailResult[],
  escalations: readonly EscalationFinding[],
  io: Io,
): void {
  for (const severity of SEVERITIES) {
    const failing = rules.filter((r) => r.status === 'FAIL' && r.severity === severity)
    const esc = severity === 'HIGH' ? escalations : []
    if (failing.length === 0 && esc.length === 0) continue
    io.stdout.write(`\n${severity}\n`)
    for (const r of failing) {
      io.stdout.write(`  ✗ ${r.rule}: ${r.description}\n`)
      for (const f of r.failures) io.stdout.write(`      ${f.resource}: ${f.reason}\n`)
    }
    for (const e of esc) {
      io.stdout.write(`  ✗ privilege escalation: ${e.principal} → ${e.to} (${e.technique})\n`)
      for (const s of e.steps) io.stdout.write(`      ${s.action} on ${s.resource}\n`)
    }
  }
  const passed = rules.filter((r) => r.status === 'PASS')
  const na = rules.filter((r) => r.status === 'NOT_APPLICABLE')
  io.stdout.write(
    `\n${passed.length} rule(s) pass${passed.length === 0 ? '' : `: ${passed.map((r) => r.rule).join(', ')}`}\n`,
  )
  if (na.length > 0)
    io.stdout.write(
      `not applicable (the organization does not say): ${na.map((r) => r.rule).join(', ')}\n`,
    )
  const failed = rules.length - passed.length - na.length
  io.stdout.write(`${failed} rule(s) fail; ${escalations.length} escalation path(s)\n`)
}

/** Runs `xaccess findings`. */
export async function findingsCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'findings',
    argv,
    {
      ...ORGANIZATION_OPTIONS,
      rules: { type: 'string' },
      json: { type: 'boolean' },
    },
    FINDINGS_HELP,
    io,
  )
  if (typeof line === 'number') return line
  const { values } = line
  try {
    const config = typeof values.rules === 'string' ? readConfig(values.rules) : {}
    const analysis = analyzeSnapshot(await loadSnapshot(values))
    const rules = checkGuardrails(analysis, config)
    const escalations = findEscalations(analysis)
    const failed = rules.filter((r) => r.status === 'FAIL').length + escalations.length
    if (values.json === true) {
      io.stdout.write(JSON.stringify({ rules, escalations, failed }, null, 2) + '\n')
    } else printPeople(rules, escalations, io)
    return failed === 0 ? 0 : 1
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`xaccess findings: ${e.message}\n\n${FINDINGS_HELP}`)
      return 2
    }
    io.stderr.write(`xaccess findings: ${(e as Error).message}\n`)
    return 2
  }
}
