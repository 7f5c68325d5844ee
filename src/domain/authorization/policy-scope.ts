/**
 * What a write can change among the inputs of a decision, so that only the cached decisions
 * built from it are dropped:
 * - `account`: an account's IAM (users, groups, roles, their policies, trust, boundaries, access
 *   keys, group membership, the roles a permission set provisions there);
 * - `org`: an organization node (root, OU or account id): the SCPs and RCPs attached there, and
 *   for an account also where it sits (a move) and whether it belongs to the organization.
 */
export interface PolicyScope {
  readonly kind: 'account' | 'org'
  readonly id: string
}

/** The string a scope is counted under (also its wire form between nodes). */
export function policyScopeKey(scope: PolicyScope): string {
  return `${scope.kind}:${scope.id}`
}

/** The scope of `key`, or undefined when it is not one. */
export function parsePolicyScope(key: string): PolicyScope | undefined {
  const match = /^(account|org):([\w-]{1,128})$/.exec(key)
  return match === null ? undefined : { kind: match[1] as PolicyScope['kind'], id: match[2]! }
}

/** The IAM of `accountId`. */
export const accountScope = (accountId: string): PolicyScope => ({ kind: 'account', id: accountId })

/** The organization node `id` (root, OU or account). */
export const orgScope = (id: string): PolicyScope => ({ kind: 'org', id })

/**
 * The scope keys an account's organization data depends on: the account itself and every node
 * of its path `o-…/r-…/ou-…/…/` (the organization id is skipped: it has no policies).
 */
export function orgPathScopeKeys(accountId: string, orgPath: string | undefined): string[] {
  const keys = [`org:${accountId}`]
  if (orgPath === undefined) return keys
  const parts = orgPath.split('/').filter((p) => p !== '')
  for (const part of parts.slice(1)) if (part !== accountId) keys.push(`org:${part}`)
  return keys
}
