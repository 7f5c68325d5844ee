/** What the engine needs to know about the caller, parsed from its principal string. */
import { isAccountId, parseArn } from './arn.ts'

export const PRINCIPAL_KINDS = [
  'root',
  'user',
  'role',
  'role-session',
  'federated-user',
  'federated',
  'service',
  'anonymous',
  'other',
] as const
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number]

export interface PrincipalInfo {
  readonly principal: string
  readonly kind: PrincipalKind
  /** The account the principal belongs to; undefined for services and anonymous callers. */
  readonly account: string | undefined
  /** For a role session (or the role itself): the role's ARN, with its path when known. */
  readonly roleArn: string | undefined
  /** The IAM user's name, for `aws:username`. */
  readonly username: string | undefined
  /** Service-linked roles are exempt from SCPs and RCPs. */
  readonly serviceLinked: boolean
}

/**
 * Describes a request principal.
 * @param principalArn the `aws:PrincipalArn` of the request, if known: for a role session it is
 *   the role's ARN with its path.
 * @example describePrincipal('arn:aws:sts::111111111111:assumed-role/app/s1').roleArn
 *   // 'arn:aws:iam::111111111111:role/app'
 */
export function describePrincipal(principal: string, principalArn?: string): PrincipalInfo {
  const base = {
    principal,
    account: undefined,
    roleArn: undefined,
    username: undefined,
    serviceLinked: false,
  }
  if (principal === '*' || principal === '' || principal === 'anonymous') {
    return { ...base, kind: 'anonymous' }
  }
  if (isAccountId(principal)) return { ...base, kind: 'root', account: principal }
  const arn = parseArn(principal)
  if (arn === undefined) return { ...base, kind: 'service' }
  const account = arn.account === '' ? undefined : arn.account
  const res = arn.resource
  if (arn.service === 'iam') {
    if (res === 'root') return { ...base, kind: 'root', account }
    if (res.startsWith('user/')) {
      return { ...base, kind: 'user', account, username: res.slice(res.lastIndexOf('/') + 1) }
    }
    if (res.startsWith('role/')) {
      return {
        ...base,
        kind: 'role',
        account,
        roleArn: principal,
        serviceLinked: res.startsWith('role/aws-service-role/'),
      }
    }
    if (res.startsWith('saml-provider/') || res.startsWith('oidc-provider/')) {
      return { ...base, kind: 'federated', account }
    }
  }
  if (arn.service === 'sts') {
    if (res.startsWith('assumed-role/')) {
      const rest = res.slice('assumed-role/'.length)
      const slash = rest.indexOf('/')
      const roleName = slash < 0 ? rest : rest.slice(0, slash)
      const derived = `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`
      const hinted =
        principalArn !== undefined &&
        principalArn.startsWith(`arn:${arn.partition}:iam::${arn.account}:role/`) &&
        principalArn.endsWith(`/${roleName}`)
      const roleArn = hinted ? principalArn : derived
      return {
        ...base,
        kind: 'role-session',
        account,
        roleArn,
        serviceLinked:
          roleArn.includes(':role/aws-service-role/') || roleName.startsWith('AWSServiceRoleFor'),
      }
    }
    if (res.startsWith('federated-user/')) return { ...base, kind: 'federated-user', account }
  }
  return { ...base, kind: 'other', account }
}
