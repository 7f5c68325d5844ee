/**
 * External access to IAM roles, as Access Analyzer reports it: for each role inside the zone of
 * trust (one account, or every account of the organization), the principals its trust policy
 * names that stand outside the zone — another account, a federated identity provider, or
 * everyone (`*`) — and that the engine lets assume the role, with the request keys that access
 * needs (`sts:ExternalId` and the like). Each decision is the engine's, through the analysis's
 * evaluator (the role account's RCPs included); the principal's own side is unknown and allowed,
 * as AWS assumes of principals outside the zone.
 */
import {
  ALLOW_ALL,
  Evaluator,
  SnapshotIndex,
  type Actor,
  type OrganizationSnapshot,
  type SnapshotRole,
} from '../../../analysis/index.ts'
import { parsePolicy } from '../../../policy/index.ts'

/** The zone of trust of an external access analyzer. */
export type ZoneOfTrust =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'organization'; readonly organizationId: string }

/** One external access to a role. */
export interface RoleExternalAccess {
  readonly resource: string
  readonly resourceOwnerAccount: string
  /** As AWS writes it: `{"AWS": "123456789012"}`, `{"AWS": "*"}`, `{"Federated": "…"}`. */
  readonly principal: Readonly<Record<string, string>>
  readonly action: readonly string[]
  /** The request keys the access needs, each with its value(s) as the policy writes them. */
  readonly condition: Readonly<Record<string, string>>
  readonly isPublic: boolean
}

/** A role of the zone, analyzed. */
export interface AnalyzedRole {
  readonly arn: string
  readonly accountId: string
}

/** What an analysis of the zone's roles found. */
export interface ExternalAccessAnalysis {
  readonly roles: readonly AnalyzedRole[]
  readonly accesses: readonly RoleExternalAccess[]
}

/** Keys that identify the principal: an access needing them is restricted to those principals. */
export const PRINCIPAL_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:userid',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcearn',
])

const ASSUME_ROLE = 'sts:AssumeRole'

/**
 * Who stands for "anyone" when a trust policy names `*`: a signed principal of an account no
 * organization holds (the engine treats a bare `*` caller as anonymous, which no role admits).
 * Its account and organization keys are left unset, for the search to learn which it needs.
 */
export const ANYONE = 'arn:aws:iam::000000000000:root'

/** The accounts of the zone of trust, from the snapshot. */
export function zoneAccounts(snapshot: OrganizationSnapshot, zone: ZoneOfTrust): Set<string> {
  if (zone.kind === 'account') return new Set([zone.accountId])
  if (snapshot.organization?.id !== zone.organizationId) return new Set()
  return new Set(snapshot.accounts.filter((a) => a.parentId !== undefined).map((a) => a.id))
}

/** An actor for a principal outside the zone: any permission on its own side. */
export function outsider(arn: string, account: string | undefined): Actor {
  const root = arn.endsWith(':root')
  return {
    kind: 'external',
    arn,
    // INVARIANT: no account, so the evaluator applies none of its SCPs (AWS does not either).
    accountId: undefined,
    requestPrincipal: arn,
    identity: [ALLOW_ALL],
    boundary: [],
    context:
      account === undefined
        ? {}
        : root
          ? { 'aws:PrincipalAccount': account }
          : { 'aws:PrincipalAccount': account, 'aws:PrincipalArn': arn },
  }
}

function federated(provider: string): Actor {
  return {
    kind: 'federated',
    arn: provider,
    accountId: undefined,
    requestPrincipal: provider,
    identity: [],
    boundary: [],
    context: {},
  }
}

const federatedAction = (provider: string): string =>
  provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity'

export function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value
  const parts = value.split(':')
  return parts.length >= 6 && parts[0] === 'arn' && /^\d{12}$/.test(parts[4] ?? '')
    ? parts[4]
    : undefined
}

/** AWS's way of naming an account principal: the bare account id. */
export const shownAws = (value: string, account: string | undefined): string =>
  account !== undefined && (value === account || value === `arn:aws:iam::${account}:root`)
    ? account
    : value

export const showCondition = (conditions: Readonly<Record<string, readonly string[]>>) =>
  Object.fromEntries(Object.entries(conditions).map(([k, v]) => [k, v.join(',')]))

/**
 * Whether the request keys an access needs confine it to principals inside the zone: every value
 * the engine accepts for a principal key names the zone's accounts or organization.
 */
export function confinedToZone(
  conditions: Readonly<Record<string, readonly string[]>>,
  zone: ZoneOfTrust,
  accounts: ReadonlySet<string>,
): boolean {
  for (const [key, values] of Object.entries(conditions)) {
    const lower = key.toLowerCase()
    if (!PRINCIPAL_KEYS.has(lower)) continue
    const inside = values.every((v) => {
      if (zone.kind === 'organization' && v === zone.organizationId) return true
      if (zone.kind === 'organization' && v.includes(`${zone.organizationId}/`)) return true
      const account = accountOf(v)
      return account !== undefined && accounts.has(account)
    })
    if (inside) return true
  }
  return false
}

/** Analyzes the roles of the zone of trust in `snapshot`. */
export function analyzeRoleExternalAccess(
  snapshot: OrganizationSnapshot,
  zone: ZoneOfTrust,
): ExternalAccessAnalysis {
  const accounts = zoneAccounts(snapshot, zone)
  const evaluator = new Evaluator(new SnapshotIndex(snapshot))
  const roles: AnalyzedRole[] = []
  const accesses: RoleExternalAccess[] = []
  for (const account of snapshot.accounts) {
    if (!accounts.has(account.id)) continue
    for (const role of account.iam.roles) {
      roles.push({ arn: role.arn, accountId: account.id })
      accesses.push(...roleAccesses(evaluator, role, account.id, zone, accounts))
    }
  }
  return { roles, accesses }
}

function roleAccesses(
  evaluator: Evaluator,
  role: SnapshotRole,
  accountId: string,
  zone: ZoneOfTrust,
  accounts: ReadonlySet<string>,
): RoleExternalAccess[] {
  const policy = parsePolicy(role.trustPolicy, 'trust').policy
  if (policy === undefined) return []
  const out: RoleExternalAccess[] = []
  const seen = new Set<string>()
  const trust = { name: `trust policy of ${role.name}`, document: role.trustPolicy }
  const decide = (
    actor: Actor,
    action: string,
    principal: Record<string, string>,
    wildcard: boolean,
  ) => {
    const key = JSON.stringify(principal)
    if (seen.has(key)) return
    seen.add(key)
    const outcome = evaluator.decide(actor, {
      action,
      resource: role.arn,
      resourceAccount: accountId,
      resourcePolicy: trust,
      resourceTags: role.tags,
    })
    if (!outcome.allowed) return
    if (confinedToZone(outcome.conditions, zone, accounts)) return
    const restricted = Object.keys(outcome.conditions).some((k) =>
      PRINCIPAL_KEYS.has(k.toLowerCase()),
    )
    out.push({
      resource: role.arn,
      resourceOwnerAccount: accountId,
      principal,
      action: [action],
      condition: showCondition(outcome.conditions),
      isPublic: wildcard && !restricted,
    })
  }
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || st.principal === undefined) continue
    const p = st.principal
    if (p.kind === 'NotPrincipal' || p.wildcard) {
      decide(outsider(ANYONE, undefined), ASSUME_ROLE, { AWS: '*' }, true)
      continue
    }
    for (const value of p.aws) {
      const account = accountOf(value)
      if (account !== undefined && accounts.has(account)) continue
      const arn = /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value
      decide(outsider(arn, account), ASSUME_ROLE, { AWS: shownAws(value, account) }, false)
    }
    for (const provider of p.federated)
      decide(federated(provider), federatedAction(provider), { Federated: provider }, false)
  }
  return out
}
