/**
 * AWS's AccessDenied wording ("Troubleshooting access denied error messages" in the IAM User
 * Guide): `User: ARN is not authorized to perform: ACTION on resource: ARN because no
 * identity-based policy allows the ACTION action`, or `… with an explicit deny in a service
 * control policy`.
 */
import { POLICY_TYPE_NAMES, type Result } from '../../policy/index.ts'

/** The message for a denied request. */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  result: Result,
): string {
  const on = resource === '*' ? '' : ` on resource: ${resource}`
  const head = `User: ${principalArn} is not authorized to perform: ${action}${on}`
  const e = result.explanation
  if (result.decision === 'ExplicitlyDenied') {
    const first = e.deniedBy[0]
    if (first === undefined) return head
    const name = POLICY_TYPE_NAMES[first.policyType]
    return `${head} with an explicit deny in ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`
  }
  const missing = e.missingAllow
  // AWS names no reason when a role's trust policy does not allow the caller.
  if (missing === undefined || missing.policyType === 'trust') return head
  return `${head} because no ${POLICY_TYPE_NAMES[missing.policyType]} allows the ${action} action`
}

/**
 * The decoded form of an encoded authorization message, as `sts:DecodeAuthorizationMessage`
 * returns it: AWS's fields, plus the engine's explanation.
 */
export function authorizationMessage(
  principal: { id: string; arn: string },
  action: string,
  resource: string,
  context: Readonly<Record<string, unknown>>,
  result: Result,
): string {
  const e = result.explanation
  return JSON.stringify({
    allowed: result.decision === 'Allowed',
    explicitDeny: result.decision === 'ExplicitlyDenied',
    matchedStatements: {
      items: e.deniedBy.map((s) => ({
        statementId: s.sid ?? String(s.statementIndex),
        effect: 'DENY',
        policyType: s.policyType,
        policyName: s.policyName,
      })),
    },
    failures: { items: [] },
    context: {
      principal: { id: principal.id, arn: principal.arn },
      action,
      resource,
      conditions: {
        items: Object.entries(context).map(([key, v]) => ({
          key,
          values: {
            items: (Array.isArray(v) ? v : [v]).map((value) => ({ value: String(value) })),
          },
        })),
      },
    },
    explanation: e,
  })
}
