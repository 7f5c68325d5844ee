/**
 * The organization as the console draws it: the root, the OUs (nested) and the accounts, with the
 * SCPs and RCPs attached to each, the roles in each account, and the trust edges between accounts
 * from the reachability graph (so every edge is one the engine allows), each coloured by what it
 * requires: nothing, an ExternalId, MFA. Pure: plain data in, plain data out; the page lays it out.
 */
import type { Analysis } from './analyze-snapshot.ts'
import { accountOfArn } from './evaluator.ts'
import type { Hop } from './reachability.ts'

/** What a trust edge requires of the caller. */
export const EDGE_REQUIREMENTS = ['none', 'external-id', 'mfa', 'mfa+external-id', 'other'] as const
export type EdgeRequirement = (typeof EDGE_REQUIREMENTS)[number]

/** A policy attached to a target. */
export interface PicturePolicy {
  readonly id: string
  readonly name: string
  readonly type: 'scp' | 'rcp'
}

/** An OU (or the root, `parentId` undefined). */
export interface PictureOu {
  readonly id: string
  readonly name: string
  readonly parentId: string | undefined
  /** Names from the root down: `Workloads/Prod`; the root's is empty. */
  readonly path: string
  readonly policies: readonly PicturePolicy[]
}

/** An account with its roles. */
export interface PictureAccount {
  readonly id: string
  readonly name: string
  readonly parentId: string | undefined
  readonly management: boolean
  readonly policies: readonly PicturePolicy[]
  /** Each role's name and ARN (with its path), by name. */
  readonly roles: readonly { readonly name: string; readonly arn: string }[]
  readonly users: number
}

/** A node outside the organization's accounts that trust edges start from. */
export interface PictureOutsider {
  /** `external:<account id>`, `federated:<provider ARN>` or `identity-center`. */
  readonly id: string
  readonly kind: 'external' | 'federated' | 'identity-center'
  readonly label: string
}

/** One principal-to-role hop behind an edge. */
export interface PictureTrust {
  readonly from: string
  readonly to: string
  readonly action: string
  readonly conditions: Readonly<Record<string, readonly string[]>>
}

/** The hops from one account (or outsider) to roles of another, with one requirement. */
export interface PictureEdge {
  /** An account id, or an outsider's id. */
  readonly from: string
  readonly to: string
  readonly requires: EdgeRequirement
  readonly trusts: readonly PictureTrust[]
}

/** The organization picture. */
export interface OrganizationPicture {
  readonly organizationId: string | undefined
  readonly managementAccountId: string | undefined
  readonly root: PictureOu | undefined
  /** Parents before children. */
  readonly ous: readonly PictureOu[]
  readonly accounts: readonly PictureAccount[]
  readonly outsiders: readonly PictureOutsider[]
  /** Between different accounts only; sorted by from, to, requirement. */
  readonly edges: readonly PictureEdge[]
}

/** What a hop requires, from the condition keys the engine found it needs. */
export function edgeRequirement(conditions: Readonly<Record<string, unknown>>): EdgeRequirement {
  const keys = Object.keys(conditions).map((k) => k.toLowerCase())
  if (keys.length === 0) return 'none'
  const mfa = keys.some((k) => k.startsWith('aws:multifactorauth'))
  const ext = keys.includes('sts:externalid')
  if (mfa && ext) return 'mfa+external-id'
  if (mfa) return 'mfa'
  if (ext) return 'external-id'
  return 'other'
}

/** Builds the picture of an analysed snapshot. */
export function buildOrganizationPicture(analysis: Analysis): OrganizationPicture {
  const snapshot = analysis.index.snapshot
  const org = snapshot.organization
  const attached = new Map<string, PicturePolicy[]>()
  for (const p of snapshot.organizationPolicies) {
    for (const t of p.targets) {
      const list = attached.get(t) ?? []
      list.push({ id: p.id, name: p.name, type: p.type })
      attached.set(t, list)
    }
  }
  const policiesOf = (id: string) =>
    (attached.get(id) ?? []).sort(
      (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
    )
  const paths = new Map<string, string>()
  if (org !== undefined) paths.set(org.rootId, '')
  const ous: PictureOu[] = []
  for (const ou of snapshot.organizationalUnits) {
    const parent = paths.get(ou.parentId) ?? ''
    const path = parent === '' ? ou.name : `${parent}/${ou.name}`
    paths.set(ou.id, path)
    ous.push({ id: ou.id, name: ou.name, parentId: ou.parentId, path, policies: policiesOf(ou.id) })
  }
  const accounts: PictureAccount[] = snapshot.accounts.map((a) => ({
    id: a.id,
    name: a.name,
    parentId: a.parentId,
    management: a.id === org?.managementAccountId,
    policies: policiesOf(a.id),
    roles: a.iam.roles
      .map((r) => ({ name: r.name, arn: r.arn }))
      .sort((x, y) => x.name.localeCompare(y.name)),
    users: a.iam.users.length,
  }))

  const outsiders = new Map<string, PictureOutsider>()
  const nodeOf = (arn: string): string | undefined => {
    const actor = analysis.graph.actors.get(arn)
    if (actor === undefined) return undefined
    if (actor.kind === 'user' || actor.kind === 'role') return actor.accountId
    if (actor.kind === 'sso-user') {
      outsiders.set('identity-center', {
        id: 'identity-center',
        kind: 'identity-center',
        label: 'IAM Identity Center',
      })
      return 'identity-center'
    }
    if (actor.kind === 'external') {
      const account = actor.accountId ?? accountOfArn(arn) ?? arn
      const id = `external:${account}`
      outsiders.set(id, { id, kind: 'external', label: `${account} (outside)` })
      return id
    }
    const id = `federated:${arn}`
    outsiders.set(id, { id, kind: 'federated', label: arn.split('/').slice(1).join('/') || arn })
    return id
  }
  const edges = new Map<
    string,
    { from: string; to: string; requires: EdgeRequirement; trusts: PictureTrust[] }
  >()
  for (const hops of analysis.graph.out.values()) {
    for (const h of hops as readonly Hop[]) {
      const to = accountOfArn(h.to)
      const from = nodeOf(h.from)
      if (to === undefined || from === undefined || from === to) continue
      const requires = edgeRequirement(h.conditions)
      const key = `${from}\n${to}\n${requires}`
      let edge = edges.get(key)
      if (edge === undefined) {
        edge = { from, to, requires, trusts: [] }
        edges.set(key, edge)
      }
      edge.trusts.push({ from: h.from, to: h.to, action: h.action, conditions: h.conditions })
    }
  }
  const sorted = [...edges.values()]
    .map((e) => ({
      ...e,
      trusts: e.trusts.sort((a, b) => a.to.localeCompare(b.to) || a.from.localeCompare(b.from)),
    }))
    .sort(
      (a, b) =>
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to) ||
        a.requires.localeCompare(b.requires),
    )
  return {
    organizationId: org?.id,
    managementAccountId: org?.managementAccountId,
    root:
      org === undefined
        ? undefined
        : {
            id: org.rootId,
            name: 'Root',
            parentId: undefined,
            path: '',
            policies: policiesOf(org.rootId),
          },
    ous,
    accounts,
    outsiders: [...outsiders.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: sorted,
  }
}
