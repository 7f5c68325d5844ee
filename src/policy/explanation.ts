/** The explanation of a decision; its one-line summary is written only when someone reads it. */
import type {
  Decision,
  DecisionRule,
  Diagnostic,
  Explanation,
  PolicyType,
  StatementRef,
} from './types.ts'

/** How AWS names each policy type in its messages. */
export const POLICY_TYPE_NAMES: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  permissionBoundary: 'permissions boundary',
  session: 'session policy',
}

/** What the explanation says when one of AWS's rules decided, with the documentation that says so. */
export const DECISION_RULE_TEXT: Readonly<Record<DecisionRule, string>> = {
  permission_not_required:
    'allowed: the action needs no permission, and no policy (not even an explicit deny, a permissions boundary, a session policy or an SCP) can deny it (AWS STS API Reference, GetCallerIdentity; IAM User Guide, Permissions for GetSessionToken)',
  anonymous_needs_public_grant:
    'implicitly denied: an anonymous (unsigned) request is allowed only by a resource-based policy that grants to everyone ("*"), and none does',
  protected_resource:
    'implicitly denied: the resource is protected — a role under /aws-reserved/ or /aws-service-role/ is changed only by AWS (UnmodifiableEntity), an AWS-managed policy cannot be given versions, deleted or tagged — whatever the policies allow',
  key_policy_required:
    'implicitly denied: a KMS key is reached only through its key policy (alone, or delegating to the account), and no key policy allows the request (AWS KMS Developer Guide, "Key policies")',
}

const LEVEL_NAMES = (level: number) => (level === 0 ? 'root' : `level ${level}`)

/** Describes a statement for people: `statement 'Sid' of identity-based policy 'name'`. */
export function describeStatement(ref: StatementRef): string {
  const st = ref.sid === undefined ? `statement ${ref.statementIndex}` : `statement '${ref.sid}'`
  const policy = ref.policyName === undefined ? `#${ref.policyIndex}` : `'${ref.policyName}'`
  const level = ref.level === undefined ? '' : ` (${LEVEL_NAMES(ref.level)})`
  return `${st} of ${POLICY_TYPE_NAMES[ref.policyType]} ${policy}${level}`
}

type Missing = { readonly policyType: PolicyType; readonly level?: number }

/** An explanation, built cheaply on the hot path. */
export class DecisionExplanation implements Explanation {
  readonly decision: Decision
  readonly crossAccount: boolean
  readonly deniedBy: readonly StatementRef[]
  readonly allowedBy: readonly StatementRef[]
  readonly missingAllow: Missing | undefined
  readonly diagnostics: readonly Diagnostic[]
  readonly rule: DecisionRule | undefined

  constructor(
    decision: Decision,
    crossAccount: boolean,
    deniedBy: readonly StatementRef[],
    allowedBy: readonly StatementRef[],
    missingAllow: Missing | undefined,
    diagnostics: readonly Diagnostic[],
    rule?: DecisionRule,
  ) {
    this.decision = decision
    this.crossAccount = crossAccount
    this.deniedBy = deniedBy
    this.allowedBy = allowedBy
    this.missingAllow = missingAllow
    this.diagnostics = diagnostics
    this.rule = rule
  }

  get summary(): string {
    const where = this.crossAccount ? ' (cross-account)' : ''
    if (this.rule !== undefined) return DECISION_RULE_TEXT[this.rule] + where
    switch (this.decision) {
      case 'ExplicitlyDenied':
        return `explicitly denied by ${this.deniedBy.map(describeStatement).join(', ')}${where}`
      case 'Allowed':
        return `allowed by ${this.allowedBy.map(describeStatement).join(', ')}${where}`
      case 'ImplicitlyDenied': {
        const m = this.missingAllow
        if (m === undefined) return `implicitly denied: no policy allows the request${where}`
        const level = m.level === undefined ? '' : ` at ${LEVEL_NAMES(m.level)}`
        return `implicitly denied: no ${POLICY_TYPE_NAMES[m.policyType]}${level} allows the request${where}`
      }
    }
  }

  toJSON(): Explanation {
    return {
      summary: this.summary,
      ...(this.rule === undefined ? {} : { rule: this.rule }),
      crossAccount: this.crossAccount,
      deniedBy: this.deniedBy,
      allowedBy: this.allowedBy,
      ...(this.missingAllow === undefined ? {} : { missingAllow: this.missingAllow }),
      diagnostics: this.diagnostics,
    }
  }
}
