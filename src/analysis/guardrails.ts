/**
 * Guardrail rules in the spirit of AWS Config managed rules and Security Hub's foundational
 * controls, over a snapshot: each with a description, and the resources that fail it with the
 * reason. Where a rule asks what a principal can do, the engine decides (with the context it
 * needs); where it asks what a policy says, the policy's text is read. Chosen and tuned with a
 * {@link GuardrailConfig}.
 */
import { parsePolicy } from '../policy/index.ts'
import type { Actor } from './actor.ts'
import type { Analysis } from './analyze-snapshot.ts'
import type { SnapshotAccount } from './snapshot.ts'

/** The rules, by id. */
export const GUARDRAIL_RULES = [
  'no-iam-users-in-workloads',
  'no-root-access-keys',
  'mfa-for-console-users',
  'mfa-for-privileged-role-trust',
  'third-party-trust-requires-external-id',
  'workload-ous-carry-guardrail-scps',
  'audit-logging-protected',
  'no-full-admin-outside-admin-accounts',
  'boundaries-on-created-roles',
] as const
export type GuardrailRule = (typeof GUARDRAIL_RULES)[number]

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
export type Severity = (typeof SEVERITIES)[number]

/** How the rules are chosen and tuned (a YAML or JSON file). */
export interface GuardrailConfig {
  /** OU names (any depth) whose accounts are workloads; default: OUs whose name has "workload". */
  readonly workloadOus?: readonly string[]
  /** Accounts (names or ids) where administrators belong; default: the management account and the accounts of OUs named "Security". */
  readonly adminAccounts?: readonly string[]
  /** SCP names every workload OU must carry (on its path from the root); default: at least one SCP that denies. */
  readonly guardrailScps?: readonly string[]
  /** Role names no rule flags; default: OrganizationAccountAccessRole. */
  readonly exemptRoles?: readonly string[]
  /** Per rule: off, or another severity. */
  readonly rules?: Readonly<
    Partial<Record<GuardrailRule, { readonly enabled?: boolean; readonly severity?: Severity }>>
  >
}

/** A resource that fails a rule, and why. */
export interface GuardrailFailure {
  readonly resource: string
  readonly reason: string
}

/** One rule's outcome. */
export interface GuardrailResult {
  readonly rule: GuardrailRule
  readonly severity: Severity
  readonly description: string
  /** NOT_APPLICABLE when the snapshot lacks what the rule reads (a file has no access keys). */
  readonly status: 'PASS' | 'FAIL' | 'NOT_APPLICABLE'
  readonly failures: readonly GuardrailFailure[]
}

const RULES: Readonly<Record<GuardrailRule, { severity: Severity; description: string }>> = {
  'no-iam-users-in-workloads': {
    severity: 'MEDIUM',
    description: 'Workload accounts have no IAM users: people and pipelines come in through roles',
  },
  'no-root-access-keys': {
    severity: 'CRITICAL',
    description: 'No root user has an active access key (the bootstrap key included)',
  },
  'mfa-for-console-users': {
    severity: 'HIGH',
    description: 'Every IAM user with a console password has an MFA device',
  },
  'mfa-for-privileged-role-trust': {
    severity: 'HIGH',
    description: 'A privileged role (one that can change IAM permissions) is assumed only with MFA',
  },
  'third-party-trust-requires-external-id': {
    severity: 'HIGH',
    description:
      'A role that principals outside the organization can assume requires an ExternalId',
  },
  'workload-ous-carry-guardrail-scps': {
    severity: 'HIGH',
    description:
      'Every workload OU carries the guardrail SCPs (attached on its path from the root)',
  },
  'audit-logging-protected': {
    severity: 'CRITICAL',
    description: 'No principal of a workload account can stop or delete CloudTrail trails',
  },
  'no-full-admin-outside-admin-accounts': {
    severity: 'HIGH',
    description:
      'No policy allowing every action on every resource ("*:*") outside the management and security accounts',
  },
  'boundaries-on-created-roles': {
    severity: 'MEDIUM',
    description:
      'A principal outside the management and security accounts that can create roles must give them a permissions boundary (iam:PermissionsBoundary)',
  },
}

/** Actions that change IAM permissions: a role allowed one on its own account's roles is privileged. */
const PRIVILEGED_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:UpdateAssumeRolePolicy',
]

const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage']

class GuardrailRun {
  readonly #a: Analysis
  readonly #config: GuardrailConfig
  readonly workloadAccounts: ReadonlySet<string>
  readonly workloadOus: readonly string[]
  readonly adminAccounts: ReadonlySet<string>
  readonly exempt: ReadonlySet<string>

  constructor(analysis: Analysis, config: GuardrailConfig) {
    this.#a = analysis
    this.#config = config
    const snapshot = analysis.index.snapshot
    const names = config.workloadOus?.map((n) => n.toLowerCase())
    const isWorkloadOu = (name: string) =>
      names === undefined ? /workload/i.test(name) : names.includes(name.toLowerCase())
    const topWorkload = snapshot.organizationalUnits.filter((o) => isWorkloadOu(o.name))
    this.workloadOus = topWorkload.map((o) => o.id)
    const chainHas = (account: SnapshotAccount, ids: ReadonlySet<string>) =>
      analysis.index.chain(account.id).some((id) => ids.has(id))
    const workloadIds = new Set(topWorkload.map((o) => o.id))
    this.workloadAccounts = new Set(
      snapshot.accounts.filter((a) => chainHas(a, workloadIds)).map((a) => a.id),
    )
    const admin = new Set<string>()
    if (config.adminAccounts !== undefined) {
      for (const a of snapshot.accounts)
        if (config.adminAccounts.includes(a.name) || config.adminAccounts.includes(a.id))
          admin.add(a.id)
    } else {
      const security = new Set(
        snapshot.organizationalUnits.filter((o) => /security/i.test(o.name)).map((o) => o.id),
      )
      for (const a of snapshot.accounts) if (chainHas(a, security)) admin.add(a.id)
    }
    const management = snapshot.organization?.managementAccountId
    if (management !== undefined) admin.add(management)
    this.adminAccounts = admin
    this.exempt = new Set(config.exemptRoles ?? ['OrganizationAccountAccessRole'])
  }

  #exemptArn(arn: string): boolean {
    const ref = this.#a.index.principal(arn)
    return ref?.kind === 'role' && this.exempt.has(ref.role.name)
  }

  #actors(accounts?: ReadonlySet<string>): Actor[] {
    return [...this.#a.graph.actors.values()].filter(
      (a) =>
        (a.kind === 'user' || a.kind === 'role') &&
        (accounts === undefined || accounts.has(a.accountId!)) &&
        !this.#exemptArn(a.arn),
    )
  }

  run(rule: GuardrailRule): GuardrailFailure[] | undefined {
    const snapshot = this.#a.index.snapshot
    const ev = this.#a.evaluator
    switch (rule) {
      case 'no-iam-users-in-workloads':
        return snapshot.accounts
          .filter((a) => this.workloadAccounts.has(a.id))
          .flatMap((a) =>
            a.iam.users.map((u) => ({
              resource: u.arn,
              reason: `IAM user in workload account ${a.name} (${a.id})`,
            })),
          )
      case 'no-root-access-keys': {
        if (snapshot.accounts.every((a) => a.rootAccessKeys === undefined)) return undefined
        return snapshot.accounts.flatMap((a) =>
          (a.rootAccessKeys ?? []).map((key) => ({
            resource: `arn:aws:iam::${a.id}:root`,
            reason: `the root user of ${a.name} has the active access key ${key}`,
          })),
        )
      }
      case 'mfa-for-console-users': {
        const users = snapshot.accounts.flatMap((a) => a.iam.users)
        if (users.length > 0 && users.every((u) => u.consolePassword === undefined))
          return undefined
        return users
          .filter((u) => u.consolePassword === true && (u.mfaDevices ?? 0) === 0)
          .map((u) => ({ resource: u.arn, reason: 'console password and no MFA device' }))
      }
      case 'mfa-for-privileged-role-trust': {
        const out: GuardrailFailure[] = []
        for (const role of this.#actors()) {
          if (role.kind !== 'role') continue
          const incoming = (this.#a.graph.in.get(role.arn) ?? []).filter(
            (h) =>
              h.kind === 'assume-role' &&
              !Object.keys(h.conditions).some((k) => MFA_KEYS.includes(k.toLowerCase())),
          )
          if (incoming.length === 0) continue
          const resource = `arn:aws:iam::${role.accountId}:role/xaccess-any`
          const privileged = PRIVILEGED_ACTIONS.find(
            (action) => ev.decide(role, { action, resource }, false).allowed,
          )
          if (privileged === undefined) continue
          for (const h of incoming)
            out.push({
              resource: role.arn,
              reason: `can ${privileged}, and ${h.from} assumes it without MFA`,
            })
        }
        return out
      }
      case 'third-party-trust-requires-external-id': {
        const out: GuardrailFailure[] = []
        for (const hops of this.#a.graph.out.values()) {
          for (const h of hops) {
            if (this.#a.graph.actors.get(h.from)?.kind !== 'external') continue
            if (Object.keys(h.conditions).some((k) => k.toLowerCase() === 'sts:externalid'))
              continue
            if (this.#exemptArn(h.to)) continue
            out.push({ resource: h.to, reason: `${h.from} assumes it without an ExternalId` })
          }
        }
        return out
      }
      case 'workload-ous-carry-guardrail-scps': {
        if (snapshot.organization === undefined || this.workloadOus.length === 0) return undefined
        const under = snapshot.organizationalUnits.filter((o) =>
          this.workloadOus.some((w) => this.#ouChain(o.id).includes(w)),
        )
        const out: GuardrailFailure[] = []
        for (const ou of under) {
          const path = this.#ouChain(ou.id)
          const scps = snapshot.organizationPolicies.filter(
            (p) => p.type === 'scp' && p.targets.some((t) => path.includes(t)),
          )
          const required = this.#config.guardrailScps
          if (required !== undefined) {
            for (const name of required)
              if (!scps.some((p) => p.name === name))
                out.push({
                  resource: ou.id,
                  reason: `OU ${ou.name} does not carry the SCP ${name}`,
                })
          } else if (!scps.some((p) => p.document.includes('"Deny"'))) {
            out.push({
              resource: ou.id,
              reason: `no SCP on the path of OU ${ou.name} denies anything`,
            })
          }
        }
        return out
      }
      case 'audit-logging-protected': {
        const out: GuardrailFailure[] = []
        for (const actor of this.#actors(this.workloadAccounts)) {
          for (const action of ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']) {
            const resource = `arn:aws:cloudtrail:us-east-1:${actor.accountId}:trail/xaccess-any`
            const o = ev.decide(actor, { action, resource })
            if (!o.allowed) continue
            out.push({
              resource: actor.arn,
              reason: `can ${action}: ${o.result.explanation.summary}`,
            })
            break
          }
        }
        return out
      }
      case 'no-full-admin-outside-admin-accounts': {
        const out: GuardrailFailure[] = []
        const others = new Set(
          snapshot.accounts.filter((a) => !this.adminAccounts.has(a.id)).map((a) => a.id),
        )
        for (const actor of this.#actors(others)) {
          const doc = actor.identity.find((d) => grantsEverything(d.document))
          if (doc !== undefined)
            out.push({ resource: actor.arn, reason: `policy '${doc.name}' allows "*" on "*"` })
        }
        return out
      }
      case 'boundaries-on-created-roles': {
        // Administrators of the admin accounts are not the developers this rule is about.
        const out: GuardrailFailure[] = []
        const others = new Set(
          snapshot.accounts.filter((a) => !this.adminAccounts.has(a.id)).map((a) => a.id),
        )
        for (const actor of this.#actors(others)) {
          const resource = `arn:aws:iam::${actor.accountId}:role/xaccess-new-role`
          const o = ev.decide(actor, { action: 'iam:CreateRole', resource })
          if (!o.allowed) continue
          const bounded = Object.keys(o.conditions).some(
            (k) => k.toLowerCase() === 'iam:permissionsboundary',
          )
          if (!bounded)
            out.push({
              resource: actor.arn,
              reason: 'can create a role without a permissions boundary',
            })
        }
        return out
      }
    }
  }

  #ouChain(ouId: string): string[] {
    const parents = new Map(
      this.#a.index.snapshot.organizationalUnits.map((o) => [o.id, o.parentId]),
    )
    const out: string[] = []
    for (let at: string | undefined = ouId; at !== undefined; at = parents.get(at)) {
      out.unshift(at)
      if (out.length > 10) break
    }
    return out
  }
}

/** Whether a document allows every action on every resource (`"Action": "*"`, `"Resource": "*"`). */
function grantsEverything(document: string): boolean {
  const policy = parsePolicy(document, 'identity').policy
  return (policy?.statements ?? []).some(
    (s) =>
      s.effect === 'Allow' &&
      s.conditions.length === 0 &&
      s.action?.kind === 'Action' &&
      s.action.values.some((a) => a === '*' || a === '*:*') &&
      s.resource?.kind === 'Resource' &&
      s.resource.values.includes('*'),
  )
}

/** Runs the rules the configuration keeps, each with its severity and failures. */
export function checkGuardrails(
  analysis: Analysis,
  config: GuardrailConfig = {},
): GuardrailResult[] {
  const run = new GuardrailRun(analysis, config)
  const out: GuardrailResult[] = []
  for (const rule of GUARDRAIL_RULES) {
    const tuned = config.rules?.[rule]
    if (tuned?.enabled === false) continue
    const failures = run.run(rule)
    out.push({
      rule,
      severity: tuned?.severity ?? RULES[rule].severity,
      description: RULES[rule].description,
      status: failures === undefined ? 'NOT_APPLICABLE' : failures.length === 0 ? 'PASS' : 'FAIL',
      failures: failures ?? [],
    })
  }
  return out
}
