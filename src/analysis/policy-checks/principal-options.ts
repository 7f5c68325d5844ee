/**
 * The callers a request may come from, one per class of callers that the policies' Principal and
 * NotPrincipal elements tell apart (as the engine's principal matching sees them: the exact ARNs
 * named, the accounts named, the services and providers named, and the kind of caller), plus
 * callers from an account no policy names and the anonymous caller.
 */
import { isAccountId, parseArn } from '../../policy/arn.ts'
import { describePrincipal } from '../../policy/principal-info.ts'
import type { PrincipalElement } from '../../policy/types.ts'

/** One caller, and the `aws:PrincipalArn` a session needs to carry its role's path. */
export interface PrincipalOption {
  readonly principal: string
  readonly principalArn?: string
  /** True for callers the policies cannot name: the anonymous caller and unnamed accounts. */
  readonly unnamed: boolean
}

/** The account a check's identity policy belongs to. */
export const HOME_ACCOUNT = '111122223333'
/** An account no policy names (changed if a policy happens to name it). */
const OTHER_ACCOUNTS = ['444455556666', '777788889999', '123456789012', '210987654321']

function accountOf(value: string): string | undefined {
  if (isAccountId(value)) return value
  const arn = parseArn(value)
  return arn?.account === '' ? undefined : arn?.account
}

/** Every kind of caller within one account, with names nobody wrote. */
function callersIn(account: string, named: ReadonlySet<string>, unnamed: boolean) {
  const fresh = (base: string) => {
    let name = base
    for (let i = 2; named.has(name); i++) name = `${base}${i}`
    return name
  }
  const role = fresh(`arn:aws:iam::${account}:role/xaccess-check-role`)
  const roleName = role.slice(role.lastIndexOf('/') + 1)
  return [
    `arn:aws:iam::${account}:root`,
    fresh(`arn:aws:iam::${account}:user/xaccess-check-user`),
    role,
    fresh(`arn:aws:sts::${account}:assumed-role/${roleName}/xaccess-check-session`),
    fresh(`arn:aws:sts::${account}:federated-user/xaccess-check-federated`),
    fresh(`arn:aws:iam::${account}:saml-provider/xaccess-check-provider`),
    fresh(`arn:aws:ec2:us-east-1:${account}:instance/i-0xaccess`),
  ].map((principal) => ({ principal, unnamed }))
}

/** An account that none of `taken` holds. */
export function freshAccount(taken: ReadonlySet<string>): string {
  return OTHER_ACCOUNTS.find((a) => !taken.has(a)) ?? '999999999999'
}

/**
 * The callers to try against policies with these Principal elements (none for identity-based
 * policies, whose caller is any principal of {@link HOME_ACCOUNT}).
 */
export function principalOptions(elements: readonly PrincipalElement[]): PrincipalOption[] {
  const named = new Set<string>()
  const accounts = new Set<string>([HOME_ACCOUNT])
  const others = new Set<string>()
  for (const el of elements) {
    for (const v of el.aws) {
      if (v === '*') continue
      named.add(v)
      const account = accountOf(v)
      if (account !== undefined) accounts.add(account)
    }
    for (const v of [...el.service, ...el.federated]) {
      others.add(v)
      const account = accountOf(v)
      if (account !== undefined) accounts.add(account)
    }
  }
  const outsider = freshAccount(accounts)
  const out: PrincipalOption[] = [{ principal: '*', unnamed: true }]
  for (const account of accounts) out.push(...callersIn(account, named, false))
  out.push(...callersIn(outsider, named, true))
  for (const v of named) {
    if (isAccountId(v)) continue
    out.push({ principal: v, unnamed: false })
    const info = describePrincipal(v)
    const arn = parseArn(v)
    if (info.kind === 'role' && arn !== undefined) {
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1)
      const session = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/xaccess-check-session`
      out.push(
        arn.resource.split('/').length > 2
          ? { principal: session, principalArn: v, unnamed: false }
          : { principal: session, unnamed: false },
      )
    }
  }
  for (const v of others) out.push({ principal: v, unnamed: false })
  out.push({ principal: 'xaccess-check.amazonaws.com', unnamed: false })
  const seen = new Set<string>()
  return out.filter((o) => {
    const k = `${o.principal}\n${o.principalArn ?? ''}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
