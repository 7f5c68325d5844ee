/**
 * The shapes of `GET /console/api/findings` and `GET /console/api/organization` (computed on the
 * server with src/analysis over the live store).
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
export type Severity = (typeof SEVERITIES)[number]

export const FINDING_KINDS = ['guardrail', 'analyzer', 'escalation', 'reachability'] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export interface FindingStep {
  readonly action: string
  readonly from?: string
  readonly to: string
  readonly conditions: Readonly<Record<string, readonly string[]>>
  readonly explanation: string
}

export interface Finding {
  readonly id: string
  readonly kind: FindingKind
  readonly severity: Severity
  readonly rule: string
  readonly title: string
  readonly resource: string
  readonly accountIds: readonly string[]
  readonly explanation: string
  readonly steps: readonly FindingStep[]
  readonly paths?: readonly { readonly principal: string; readonly steps: readonly FindingStep[] }[]
}

export interface FindingsAnswer {
  readonly findings: readonly Finding[]
  readonly matching: number
  readonly nextToken?: string
  readonly counts: Readonly<Record<Severity, number>>
  readonly rules: readonly {
    readonly rule: string
    readonly severity: Severity
    readonly description: string
    readonly status: 'PASS' | 'FAIL' | 'NOT_APPLICABLE'
  }[]
  readonly computedAt: number
  readonly tookMs: number
  /** Why the analyzers' findings are missing (the caller may not list them). */
  readonly analyzerProblem?: { readonly code: string; readonly message: string }
}

export const EDGE_REQUIREMENTS = ['none', 'external-id', 'mfa', 'mfa+external-id', 'other'] as const
export type EdgeRequirement = (typeof EDGE_REQUIREMENTS)[number]

export interface PicturePolicy {
  readonly id: string
  readonly name: string
  readonly type: 'scp' | 'rcp'
}

export interface PictureOu {
  readonly id: string
  readonly name: string
  readonly parentId?: string
  readonly path: string
  readonly policies: readonly PicturePolicy[]
}

export interface PictureAccount {
  readonly id: string
  readonly name: string
  readonly parentId?: string
  readonly management: boolean
  readonly policies: readonly PicturePolicy[]
  readonly roles: readonly { readonly name: string; readonly arn: string }[]
  readonly users: number
}

export interface PictureEdge {
  readonly from: string
  readonly to: string
  readonly requires: EdgeRequirement
  readonly trusts: readonly {
    readonly from: string
    readonly to: string
    readonly action: string
    readonly conditions: Readonly<Record<string, readonly string[]>>
  }[]
}

export interface OrganizationAnswer {
  readonly organizationId?: string
  readonly managementAccountId?: string
  readonly root?: PictureOu
  readonly ous: readonly PictureOu[]
  readonly accounts: readonly PictureAccount[]
  readonly outsiders: readonly {
    readonly id: string
    readonly kind: 'external' | 'federated' | 'identity-center'
    readonly label: string
  }[]
  readonly edges: readonly PictureEdge[]
  readonly computedAt: number
  readonly tookMs: number
}

/** What each requirement is drawn in, and called. */
export const EDGE_STYLE: Readonly<Record<EdgeRequirement, { color: string; label: string }>> = {
  none: { color: '#d13212', label: 'no condition' },
  'external-id': { color: '#2978d1', label: 'ExternalId' },
  mfa: { color: '#037f0c', label: 'MFA' },
  'mfa+external-id': { color: '#7d3c98', label: 'MFA and ExternalId' },
  other: { color: '#8d6e00', label: 'other conditions' },
}
