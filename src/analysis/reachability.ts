/**
 * The reachability graph: every principal (IAM users and roles, Identity Center users, accounts and
 * roles outside the snapshot and identity providers named in trust policies) and every way one
 * becomes a role: an `sts:AssumeRole` (or `AssumeRoleWithSAML`/`WithWebIdentity`) the engine allows
 * — the caller's identity policies, boundary and SCPs, the role's trust policy, the role account's
 * RCPs — with the context it needs; and Identity Center assignments, which provision a role.
 *
 * Candidates are found from the trust policy's Principal elements (a role can only be assumed by
 * a principal its trust policy names, by account or ARN, or by everyone); the engine decides each.
 */
import { parsePolicy } from '../policy/index.ts'
import { externalActor, federatedActor, iamActor, type Actor } from './actor.ts'
import { accountOfArn, type Evaluator } from './evaluator.ts'
import type { SnapshotRole } from './snapshot.ts'
import { ssoGroupArn, ssoUserArn } from './snapshot.ts'

/** How a hop is taken. */
export const HOP_KINDS = ['assume-role', 'identity-center'] as const
export type HopKind = (typeof HOP_KINDS)[number]

/** One step from a principal to a role (or, last in a path, to the resource acted on). */
export interface Hop {
  readonly from: string
  readonly to: string
  /** Keys the request must carry, each with the values that allow it. */
  readonly conditions: Readonly<Record<string, readonly string[]>>
  readonly kind: HopKind | 'action'
  /** The action of the hop (`sts:AssumeRole`, or the action queried). */
  readonly action: string
  /** Which statements allow it, for people. */
  readonly explanation: string
}

/** The graph: nodes are actors by name, edges their hops. */
export interface ReachabilityGraph {
  readonly actors: ReadonlyMap<string, Actor>
  readonly out: ReadonlyMap<string, readonly Hop[]>
  readonly in: ReadonlyMap<string, readonly Hop[]>
  /** Each role's trusted service principals (`ec2.amazonaws.com`…), for escalation. */
  readonly trustedServices: ReadonlyMap<string, readonly string[]>
}

interface TrustPrincipals {
  wildcard: boolean
  aws: string[]
  federated: string[]
  services: string[]
}

function trustPrincipals(role: SnapshotRole): TrustPrincipals {
  const out: TrustPrincipals = { wildcard: false, aws: [], federated: [], services: [] }
  const policy = parsePolicy(role.trustPolicy, 'trust').policy
  for (const st of policy?.statements ?? []) {
    if (st.effect !== 'Allow' || st.principal === undefined) continue
    if (st.principal.kind === 'NotPrincipal' || st.principal.wildcard) {
      out.wildcard = true
      continue
    }
    out.aws.push(...st.principal.aws)
    out.federated.push(...st.principal.federated)
    out.services.push(...st.principal.service)
  }
  return out
}

const assumeAction = (provider: string): string =>
  provider.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity'

/** Builds the graph for a snapshot; `evaluator` decides every edge. */
export function buildReachability(evaluator: Evaluator): ReachabilityGraph {
  const index = evaluator.index
  const actors = new Map<string, Actor>()
  const byAccount = new Map<string, Actor[]>()
  for (const ref of index.iamPrincipals()) {
    const actor = iamActor(index, ref)
    actors.set(actor.arn, actor)
    const list = byAccount.get(actor.accountId!) ?? []
    list.push(actor)
    byAccount.set(actor.accountId!, list)
  }
  const iamActors = [...actors.values()]
  const out = new Map<string, Hop[]>()
  const inn = new Map<string, Hop[]>()
  const add = (hop: Hop) => {
    const o = out.get(hop.from) ?? []
    o.push(hop)
    out.set(hop.from, o)
    const i = inn.get(hop.to) ?? []
    i.push(hop)
    inn.set(hop.to, i)
  }
  const trustedServices = new Map<string, string[]>()
  const accountTrusts = new Map<string, { name: string; document: string }>()
  const trustsAccount = (account: string) => {
    let doc = accountTrusts.get(account)
    if (doc === undefined) {
      doc = {
        name: `a trust policy trusting account ${account}`,
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }
      accountTrusts.set(account, doc)
    }
    return doc
  }

  for (const ref of index.iamPrincipals()) {
    if (ref.kind !== 'role') continue
    const role = ref.role
    const trust = trustPrincipals(role)
    if (trust.services.length > 0) trustedServices.set(role.arn, trust.services)
    // Principals named by ARN (or by "*") are decided at once; those standing for their account
    // (`arn:aws:iam::ID:root`) are first tried against a trust policy that trusts their whole
    // account: when the engine denies even that, their own side denies, and so does this role.
    const candidates = new Map<string, Actor>()
    const named = new Set<string>()
    if (trust.wildcard) for (const a of iamActors) candidates.set(a.arn, a)
    if (trust.wildcard) for (const a of iamActors) named.add(a.arn)
    for (const value of trust.aws) {
      const account = /^\d{12}$/.test(value) ? value : accountOfArn(value)
      if (account === undefined) continue
      const isRoot = /^\d{12}$/.test(value) || value.endsWith(':root')
      if (isRoot && index.isKnownAccount(account)) {
        for (const a of byAccount.get(account) ?? []) candidates.set(a.arn, a)
      } else if (!isRoot && actors.has(value)) {
        candidates.set(value, actors.get(value)!)
        named.add(value)
      } else if (!index.isKnownAccount(account)) {
        const name = isRoot ? `arn:aws:iam::${account}:root` : value
        let actor = actors.get(name)
        if (actor === undefined) {
          actor = externalActor(name, account)
          actors.set(name, actor)
        }
        candidates.set(name, actor)
      }
    }
    for (const provider of trust.federated) {
      let actor = actors.get(provider)
      if (actor === undefined) {
        actor = federatedActor(provider)
        actors.set(provider, actor)
      }
      candidates.set(provider, actor)
    }
    const trustDoc = { name: `trust policy of ${role.name}`, document: role.trustPolicy }
    for (const caller of candidates.values()) {
      if (caller.arn === role.arn) continue
      const action = caller.kind === 'federated' ? assumeAction(caller.arn) : 'sts:AssumeRole'
      if (!named.has(caller.arn) && (caller.kind === 'user' || caller.kind === 'role')) {
        const pre = evaluator.decide(caller, {
          action,
          resource: role.arn,
          resourceAccount: ref.account.id,
          resourcePolicy: trustsAccount(caller.accountId!),
          resourceTags: role.tags,
        })
        if (!pre.allowed) continue
      }
      const o = evaluator.decide(caller, {
        action,
        resource: role.arn,
        resourceAccount: ref.account.id,
        resourcePolicy: trustDoc,
        resourceTags: role.tags,
      })
      if (!o.allowed) continue
      add({
        from: caller.arn,
        to: role.arn,
        conditions: o.conditions,
        kind: 'assume-role',
        action,
        explanation: o.result.explanation.summary,
      })
    }
  }

  const ic = index.snapshot.identityCenter
  if (ic !== undefined) {
    const roleOf = new Map<string, string>()
    for (const p of ic.provisionedRoles)
      roleOf.set(`${p.permissionSetArn}\n${p.accountId}`, p.roleArn)
    const setName = new Map(ic.permissionSets.map((p) => [p.arn, p.name]))
    const groups = new Map(ic.groups.map((g) => [g.id, g]))
    for (const u of ic.users) {
      const arn = ssoUserArn(u.id)
      actors.set(arn, {
        kind: 'sso-user',
        arn,
        accountId: undefined,
        requestPrincipal: arn,
        identity: [],
        boundary: [],
        context: {},
      })
    }
    const seen = new Set<string>()
    for (const a of ic.assignments) {
      const roleArn = roleOf.get(`${a.permissionSetArn}\n${a.accountId}`)
      if (roleArn === undefined) continue
      const group = a.principalType === 'GROUP' ? groups.get(a.principalId) : undefined
      const users = a.principalType === 'USER' ? [a.principalId] : (group?.memberIds ?? [])
      for (const userId of users) {
        const from = ssoUserArn(userId)
        if (!actors.has(from) || seen.has(`${from}\n${roleArn}`)) continue
        seen.add(`${from}\n${roleArn}`)
        const via =
          group === undefined
            ? ''
            : ` through group ${group.displayName} (${ssoGroupArn(group.id)})`
        add({
          from,
          to: roleArn,
          conditions: {},
          kind: 'identity-center',
          action: 'sso:GetRoleCredentials',
          explanation: `Identity Center assignment of permission set ${setName.get(a.permissionSetArn) ?? a.permissionSetArn} in account ${a.accountId}${via}`,
        })
      }
    }
  }
  return { actors, out, in: inn, trustedServices }
}

/** Shortest hops from `from` to every node it reaches (breadth first). */
export function shortestFrom(graph: ReachabilityGraph, from: string): Map<string, Hop[]> {
  const paths = new Map<string, Hop[]>([[from, []]])
  const queue = [from]
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!
    const so = paths.get(at)!
    for (const hop of graph.out.get(at) ?? []) {
      if (paths.has(hop.to)) continue
      paths.set(hop.to, [...so, hop])
      queue.push(hop.to)
    }
  }
  return paths
}

/**
 * For every node that reaches one of `targets`, the shortest hops to the nearest (breadth first
 * over reversed edges); targets themselves get no hops.
 */
export function shortestTo(
  graph: ReachabilityGraph,
  targets: Iterable<string>,
): Map<string, Hop[]> {
  const paths = new Map<string, Hop[]>()
  const queue: string[] = []
  for (const t of targets) {
    paths.set(t, [])
    queue.push(t)
  }
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!
    const so = paths.get(at)!
    for (const hop of graph.in.get(at) ?? []) {
      if (paths.has(hop.from)) continue
      paths.set(hop.from, [hop, ...so])
      queue.push(hop.from)
    }
  }
  return paths
}
