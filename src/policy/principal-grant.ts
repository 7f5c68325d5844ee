/**
 * How a resource-based policy's Principal (or NotPrincipal) names the caller. The answer decides
 * which implicit denies still apply within one account (IAM User Guide, "Policy evaluation logic",
 * resource-based policies): a grant to the user or session itself is `direct`; to the role of a
 * session, `role`; to the caller's account, `account`, which delegates to the account's IAM.
 */
import { isAccountId, parseArn } from './arn.ts'
import type { PrincipalInfo } from './principal-info.ts'
import type { PrincipalElement } from './types.ts'

/** A grant's strength, weakest first (none, account, role, direct): a higher one subsumes a lower. */
export type Grant = 0 | 1 | 2 | 3
export const NONE: Grant = 0
export const ACCOUNT: Grant = 1
export const ROLE: Grant = 2
export const DIRECT: Grant = 3

function accountOf(value: string): string | undefined {
  if (isAccountId(value)) return value
  const arn = parseArn(value)
  return arn !== undefined && arn.service === 'iam' && arn.resource === 'root'
    ? arn.account
    : undefined
}

interface Named {
  readonly wildcard: boolean
  readonly accounts: ReadonlySet<string>
  readonly arns: ReadonlySet<string>
  readonly others: ReadonlySet<string>
}

function collect(el: PrincipalElement): Named {
  const accounts = new Set<string>()
  const arns = new Set<string>()
  let wildcard = el.wildcard
  for (const v of el.aws) {
    if (v === '*') wildcard = true
    const account = accountOf(v)
    if (account !== undefined) accounts.add(account)
    else arns.add(v)
  }
  const others = new Set<string>()
  for (const v of el.service) others.add(v.toLowerCase())
  for (const v of el.federated) others.add(v.toLowerCase())
  return { wildcard, accounts, arns, others }
}

/**
 * A wildcard names everyone but no one in particular: the docs lift implicit denies only for a
 * grant to the user or session ARN itself, so `*` grants like a role ARN does (limited by the
 * permissions boundary and session policy, not needing an identity-based policy).
 */
function grantFor(n: Named, p: PrincipalInfo): Grant {
  if (n.wildcard) return ROLE
  switch (p.kind) {
    case 'anonymous':
      return NONE
    case 'service':
    case 'federated':
      return n.others.has(p.principal.toLowerCase()) ? DIRECT : NONE
    case 'role':
      if (n.arns.has(p.principal)) return ROLE
      break
    case 'role-session':
      if (n.arns.has(p.principal)) return DIRECT
      if (p.roleArn !== undefined && n.arns.has(p.roleArn)) return ROLE
      break
    default:
      if (n.arns.has(p.principal)) return DIRECT
  }
  return p.account !== undefined && n.accounts.has(p.account) ? ACCOUNT : NONE
}

/**
 * For NotPrincipal: the caller is excepted only when every identity in its chain is named —
 * account, role and session for a role session; account and user for a user (IAM User Guide,
 * "AWS JSON policy elements: NotPrincipal").
 */
function fullyNamed(n: Named, p: PrincipalInfo): boolean {
  if (n.wildcard) return true
  switch (p.kind) {
    case 'anonymous':
      return false
    case 'service':
    case 'federated':
      return n.others.has(p.principal.toLowerCase())
    case 'root':
      return p.account !== undefined && n.accounts.has(p.account)
    case 'role-session':
      return (
        n.arns.has(p.principal) &&
        p.roleArn !== undefined &&
        n.arns.has(p.roleArn) &&
        p.account !== undefined &&
        n.accounts.has(p.account)
      )
    default:
      return n.arns.has(p.principal) && p.account !== undefined && n.accounts.has(p.account)
  }
}

/** How a compiled element turns the caller into a grant. */
const EVERYONE = 0
const NAMED = 1
const NOT_NAMED_DENY = 2
const NOT_NAMED_ALLOW = 3
const NOBODY = 4

/** A compiled Principal or NotPrincipal element (or none, in a statement that needs one). */
export class PrincipalTest {
  readonly mode: number
  readonly named: Named

  constructor(mode: number, named: Named) {
    this.mode = mode
    this.named = named
  }
}

/** The strongest grant the element gives the caller. */
export function principalGrant(t: PrincipalTest, p: PrincipalInfo): Grant {
  switch (t.mode) {
    case EVERYONE:
      return ROLE
    case NAMED:
      return grantFor(t.named, p)
    case NOT_NAMED_DENY:
      return fullyNamed(t.named, p) ? NONE : DIRECT
    case NOT_NAMED_ALLOW:
      return grantFor(t.named, p) === NONE ? ROLE : NONE
    default:
      return NONE
  }
}

const NO_ONE: Named = { wildcard: false, accounts: new Set(), arns: new Set(), others: new Set() }

/**
 * Compiles a Principal or NotPrincipal element; undefined (no element) names nobody. NotPrincipal
 * fails closed both ways: with Deny the caller escapes only when its whole chain is named; with
 * Allow it is excluded when any part is.
 */
export function compilePrincipal(
  el: PrincipalElement | undefined,
  effect: 'Allow' | 'Deny',
): PrincipalTest {
  if (el === undefined) return new PrincipalTest(NOBODY, NO_ONE)
  const named = collect(el)
  if (el.kind === 'Principal') return new PrincipalTest(named.wildcard ? EVERYONE : NAMED, named)
  return new PrincipalTest(effect === 'Deny' ? NOT_NAMED_DENY : NOT_NAMED_ALLOW, named)
}
