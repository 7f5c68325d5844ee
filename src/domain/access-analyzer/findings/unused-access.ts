/**
 * Unused access, as Access Analyzer's unused access analyzers report it, from the audit trail:
 * roles nobody assumed or used within `unusedAccessAge` days (UnusedIAMRole), console passwords
 * not used to sign in (UnusedIAMUserPassword), active access keys not used (UnusedIAMUserAccessKey),
 * and a role's permissions it never exercised (UnusedPermission: the services, and within a
 * service partly used the actions, that the engine says its policies grant and that no call of
 * its sessions used in the window). Service-linked roles are left out, as AWS does.
 */
import {
  Evaluator,
  SnapshotIndex,
  type Actor,
  type IamPrincipalRef,
  type OrganizationSnapshot,
} from '../../../analysis/index.ts'
import { parsePolicy } from '../../../policy/index.ts'
import { loadActionCatalog } from '../../snapshots/index.ts'
import type { StoredAnalyzer } from '../analyzers/analyzer-store.ts'
import type { DesiredFinding, DesiredResource } from './desired-finding.ts'

/** One audit event, as much as unused access reads of it. */
export interface UsageEvent {
  readonly eventTime: number
  readonly eventName: string
  readonly eventSource: string
  readonly principalArn: string | null
  readonly errorCode: string | null
  readonly resources: readonly { readonly type: string; readonly name: string }[]
}

/** An IAM user's access key, as unused access reads it. */
export interface UsageAccessKey {
  readonly accessKeyId: string
  readonly status: string
  readonly lastUsedAt: number | null
}

/** Where unused access learns what principals did. */
export interface UnusedAccessSource {
  /** The events recorded in `accountId` at or after `since` (epoch ms). */
  events(accountId: string, since: number): Promise<readonly UsageEvent[]>
  /** The access keys of a user. */
  accessKeys(accountId: string, userId: string): Promise<readonly UsageAccessKey[]>
  /**
   * When a role was last assumed, or a user last signed in to the console, before `before`
   * (epoch ms): the `lastAccessed` of a finding whose last use predates the window.
   */
  lastUse?(
    accountId: string,
    kind: 'role' | 'sign-in',
    arn: string,
    before: number,
  ): Promise<number | undefined>
}

const DAY = 86_400_000
/** AWS's default tracking period. */
export const DEFAULT_UNUSED_ACCESS_AGE = 90

/** `iam.amazonaws.com` + `ListRoles` → `iam:ListRoles`. */
const actionOf = (e: UsageEvent): string =>
  `${e.eventSource.replace(/\.amazonaws\.com$/, '')}:${e.eventName}`.toLowerCase()

/** The role a session ARN (`arn:aws:sts::ID:assumed-role/NAME/SESSION`) belongs to. */
function roleOfSession(arn: string): string | undefined {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn)
  return m === null ? undefined : `${m[1]}:${m[2]}`
}

/** The accounts an unused access analyzer covers. */
function coveredAccounts(snapshot: OrganizationSnapshot, analyzer: StoredAnalyzer): Set<string> {
  if (analyzer.type === 'ORGANIZATION_UNUSED_ACCESS')
    return new Set(snapshot.accounts.filter((a) => a.parentId !== undefined).map((a) => a.id))
  return new Set([analyzer.accountId])
}

/** Granted actions by policy set (identity, boundary, SCPs): many roles share one. */
const GRANTED = new Map<string, Map<string, string>>()
const GRANTED_LIMIT = 256

/**
 * The actions the engine lets `actor` perform, on `*` or, when its policies name resources, on
 * one of those: every action of every service its Allow statements' patterns can match.
 */
async function grantedActions(
  index: SnapshotIndex,
  evaluator: Evaluator,
  actor: Actor,
): Promise<Map<string, string>> {
  const key = JSON.stringify([
    actor.identity.map((d) => d.document),
    actor.boundary.map((d) => d.document),
    index.orgPolicies(actor.accountId!).scp?.map((level) => level.map((d) => d.document)) ?? [],
  ])
  const hit = GRANTED.get(key)
  if (hit !== undefined) return hit
  const patterns: string[] = []
  const resources = new Set(['*'])
  for (const doc of actor.identity) {
    for (const st of parsePolicy(doc.document, 'identity').policy?.statements ?? []) {
      if (st.effect !== 'Allow') continue
      if (st.action?.kind === 'Action') patterns.push(...st.action.values)
      else if (st.action !== undefined) patterns.push('*')
      for (const r of st.resource?.kind === 'Resource' ? st.resource.values : [])
        if (resources.size < 12 && r !== '*') resources.add(r.replace(/[*?]/g, 'x'))
    }
  }
  const catalog = await loadActionCatalog(patterns)
  const granted = new Map<string, string>()
  for (const service of catalog.services()) {
    for (const action of catalog.actionsOf(service) ?? []) {
      for (const resource of resources) {
        if (evaluator.decide(actor, { action, resource }, false).allowed) {
          granted.set(action.toLowerCase(), action)
          break
        }
      }
    }
  }
  if (GRANTED.size >= GRANTED_LIMIT) GRANTED.clear()
  GRANTED.set(key, granted)
  return granted
}

/** Analyzes the unused access of the analyzer's accounts at `now`. */
export async function analyzeUnusedAccess(
  snapshot: OrganizationSnapshot,
  analyzer: StoredAnalyzer,
  now: number,
  source: UnusedAccessSource | undefined,
): Promise<{ findings: DesiredFinding[]; resources: DesiredResource[] }> {
  const findings: DesiredFinding[] = []
  const resources: DesiredResource[] = []
  if (source === undefined) return { findings, resources }
  const since = now - (analyzer.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE) * DAY
  const accounts = coveredAccounts(snapshot, analyzer)
  const index = new SnapshotIndex(snapshot)
  const evaluator = new Evaluator(index)
  const refs = [...index.iamPrincipals()]
  for (const account of snapshot.accounts) {
    if (!accounts.has(account.id)) continue
    const events = (await source.events(account.id, since)).filter((e) => e.errorCode === null)
    // Last use of each role (assumed, or acting through a session) and what its sessions called.
    const roleLast = new Map<string, number>()
    const roleActions = new Map<string, Map<string, number>>()
    const signIns = new Map<string, number>()
    const later = (m: Map<string, number>, k: string, t: number) => {
      if ((m.get(k) ?? -1) < t) m.set(k, t)
    }
    for (const e of events) {
      if (e.eventName.startsWith('AssumeRole') || e.eventName === 'GetRoleCredentials')
        for (const r of e.resources)
          if (r.name.includes(':role/')) later(roleLast, r.name, e.eventTime)
      if (e.eventName === 'ConsoleLogin' && e.principalArn !== null)
        later(signIns, e.principalArn, e.eventTime)
      const role = e.principalArn === null ? undefined : roleOfSession(e.principalArn)
      if (role === undefined) continue
      const [id, name] = role.split(':') as [string, string]
      const arn = account.iam.roles.find((r) => r.name === name && id === account.id)?.arn
      if (arn === undefined) continue
      later(roleLast, arn, e.eventTime)
      const used = roleActions.get(arn) ?? new Map<string, number>()
      later(used, actionOf(e), e.eventTime)
      roleActions.set(arn, used)
    }
    const base = (resource: string, resourceType: string) => ({
      resource,
      resourceType,
      resourceOwnerAccount: account.id,
    })
    for (const role of account.iam.roles) {
      if (role.path.startsWith('/aws-service-role/')) continue
      resources.push({
        resourceArn: role.arn,
        resourceType: 'AWS::IAM::Role',
        resourceOwnerAccount: account.id,
      })
      const last = roleLast.get(role.arn)
      if (last === undefined) {
        const earlier = await source.lastUse?.(account.id, 'role', role.arn, since)
        findings.push({
          key: `${role.arn}\nUnusedIAMRole`,
          ...base(role.arn, 'AWS::IAM::Role'),
          findingType: 'UnusedIAMRole',
          details: earlier === undefined ? {} : { lastAccessed: earlier },
        })
        continue
      }
      const ref = refs.find(
        (r): r is Extract<IamPrincipalRef, { kind: 'role' }> =>
          r.kind === 'role' && r.role.arn === role.arn,
      )
      if (ref === undefined) continue
      const actor = roleActor(index, ref)
      const granted = await grantedActions(index, evaluator, actor)
      const used = roleActions.get(role.arn) ?? new Map<string, number>()
      const byService = new Map<string, string[]>()
      for (const action of granted.keys()) {
        const service = action.slice(0, action.indexOf(':'))
        const list = byService.get(service) ?? []
        list.push(action)
        byService.set(service, list)
      }
      const services: Record<string, unknown>[] = []
      for (const [service, actions] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
        const usedHere = actions.filter((a) => used.has(a))
        if (usedHere.length === actions.length) continue
        if (usedHere.length === 0) services.push({ serviceNamespace: service })
        else {
          const lastUse = Math.max(...usedHere.map((a) => used.get(a)!))
          services.push({
            serviceNamespace: service,
            lastAccessed: lastUse,
            actions: actions
              .filter((a) => !used.has(a))
              .sort()
              .map((a) => ({ action: granted.get(a) ?? a })),
          })
        }
      }
      if (services.length > 0)
        findings.push({
          key: `${role.arn}\nUnusedPermission`,
          ...base(role.arn, 'AWS::IAM::Role'),
          findingType: 'UnusedPermission',
          details: { services },
        })
    }
    for (const user of account.iam.users) {
      resources.push({
        resourceArn: user.arn,
        resourceType: 'AWS::IAM::User',
        resourceOwnerAccount: account.id,
      })
      if (user.consolePassword === true && !signIns.has(user.arn)) {
        const earlier = await source.lastUse?.(account.id, 'sign-in', user.arn, since)
        findings.push({
          key: `${user.arn}\nUnusedIAMUserPassword`,
          ...base(user.arn, 'AWS::IAM::User'),
          findingType: 'UnusedIAMUserPassword',
          details: earlier === undefined ? {} : { lastAccessed: earlier },
        })
      }
      if (user.id === '') continue
      for (const key of await source.accessKeys(account.id, user.id)) {
        if (key.status !== 'Active') continue
        if (key.lastUsedAt !== null && key.lastUsedAt >= since) continue
        findings.push({
          key: `${user.arn}\nUnusedIAMUserAccessKey\n${key.accessKeyId}`,
          ...base(user.arn, 'AWS::IAM::User'),
          findingType: 'UnusedIAMUserAccessKey',
          details: {
            accessKeyId: key.accessKeyId,
            ...(key.lastUsedAt === null ? {} : { lastAccessed: key.lastUsedAt }),
          },
        })
      }
    }
  }
  return { findings, resources }
}

function roleActor(index: SnapshotIndex, ref: Extract<IamPrincipalRef, { kind: 'role' }>): Actor {
  const { identity, boundary } = index.identityOf(ref)
  return {
    kind: 'role',
    arn: ref.role.arn,
    accountId: ref.account.id,
    requestPrincipal: `arn:aws:sts::${ref.account.id}:assumed-role/${ref.role.name}/xaccess-analysis`,
    identity,
    boundary,
    context: { 'aws:PrincipalArn': ref.role.arn, 'aws:PrincipalAccount': ref.account.id },
  }
}
