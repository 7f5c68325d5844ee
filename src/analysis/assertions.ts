/**
 * Assertions about an organization, decided on its analysis: who can and cannot perform an action
 * (optionally only with a request key), nobody outside a set of principals can perform an action
 * in some accounts, no principal outside the organization can assume a role without an ExternalId,
 * every role (or user) of an OU has a permissions boundary. Each is answered with `accessFrom`,
 * `whoCan` and the reachability graph, so the engine decides every step; a result says pass or
 * fail, why, and the paths concerned.
 */
import { compileGlob } from '../policy/glob.ts'
import { externalActor } from './actor.ts'
import { accessFrom, whoCan, type AccessPath } from './access-query.ts'
import type { ActionCatalog } from './action-catalog.ts'
import type { Analysis } from './analyze-snapshot.ts'
import type { Hop } from './reachability.ts'
import {
  ssoUserArn,
  type OrganizationSnapshot,
  type SnapshotAccount,
  type SnapshotRole,
  type SnapshotUser,
} from './snapshot.ts'

/** The kinds of assertion, as the assertions file names them. */
export const ASSERTION_KINDS = [
  'can',
  'cannot',
  'nobodyOutside',
  'noExternalAssumeWithoutExternalId',
  'everyRole',
  'everyUser',
] as const
export type AssertionKind = (typeof ASSERTION_KINDS)[number]

/**
 * Who an assertion is about: an ARN pattern (`arn:aws:iam::{{account:Infra}}:user/ci/*`), an IAM
 * group's members (`group:ACCOUNT/NAME`), an Identity Center group's members (`group:NAME`), or
 * IAM roles or users by name pattern (`role:ACCOUNT/PATTERN`, `user:ACCOUNT/PATTERN`). ACCOUNT is
 * a name or an id.
 */
export type Who = string

/** `who` can (or cannot) perform `action` on `resource`; `onlyWith`: and only with these keys. */
export interface CanAssertion {
  readonly kind: 'can' | 'cannot'
  readonly name: string
  readonly who: Who
  readonly action: string
  readonly resource: string
  readonly resourceAccount?: string | undefined
  readonly onlyWith?: Readonly<Record<string, string>> | undefined
}

/** Nobody but `who` can perform `action` (on `resource`, default `*`) in `accounts`. */
export interface NobodyOutsideAssertion {
  readonly kind: 'nobodyOutside'
  readonly name: string
  readonly who: readonly Who[]
  readonly action: string
  /** `{{account}}` stands for each account's id. */
  readonly resource?: string | undefined
  /** Account names or ids; 'any' for every account. */
  readonly accounts: 'any' | readonly string[]
}

/** No principal outside the organization can assume any role without an ExternalId. */
export interface ExternalIdAssertion {
  readonly kind: 'noExternalAssumeWithoutExternalId'
  readonly name: string
}

/** Every role (user) in an OU (and the OUs below) or in some accounts has a permissions boundary. */
export interface EveryAssertion {
  readonly kind: 'everyRole' | 'everyUser'
  readonly name: string
  /** An OU path from the root (`Workloads/Prod`). */
  readonly ou?: string | undefined
  readonly accounts?: readonly string[] | undefined
  readonly has: 'permissionsBoundary'
  /** Name patterns left out (`OrganizationAccountAccessRole`, `AWSReservedSSO_*`). */
  readonly except?: readonly string[] | undefined
}

export type Assertion = CanAssertion | NobodyOutsideAssertion | ExternalIdAssertion | EveryAssertion

/** A path of a result: the principal it starts from and its hops (the last one the action). */
export interface AssertionPath {
  readonly principal: string
  readonly hops: readonly Hop[]
}

/** What an assertion came to. */
export interface AssertionResult {
  readonly name: string
  readonly kind: AssertionKind
  readonly status: 'pass' | 'fail'
  readonly explanation: string
  /** For a pass, the paths that prove it; for a fail, those that break it. */
  readonly paths: readonly AssertionPath[]
  /** For a fail, each reason (a principal, a role). */
  readonly failures: readonly string[]
}

/** What decides assertions: the analysis and the snapshot it was built from. */
export interface AssertionContext {
  readonly analysis: Analysis
  readonly snapshot: OrganizationSnapshot
  /** Expands wildcard actions. */
  readonly catalog?: ActionCatalog | undefined
}

/** The account of a name or an id; undefined when the snapshot has none. */
function accountOf(snapshot: OrganizationSnapshot, ref: string): SnapshotAccount | undefined {
  return (
    snapshot.accounts.find((a) => a.id === ref) ?? snapshot.accounts.find((a) => a.name === ref)
  )
}

/** `{{account:NAME}}` replaced by the account's id. */
export function fillAccounts(snapshot: OrganizationSnapshot, text: string): string {
  return text.replace(
    /\{\{account:([^}]+)\}\}/g,
    (m, name: string) => accountOf(snapshot, name)?.id ?? m,
  )
}

/** The principal ARNs `who` names in the analysis. */
export function principalsOf(ctx: AssertionContext, who: Who): string[] {
  const { snapshot, analysis } = ctx
  const entity = /^(group|role|user):(?:([^/]+)\/)?(.+)$/.exec(who)
  if (entity === null) {
    const pattern = fillAccounts(snapshot, who)
    if (!pattern.includes('*') && !pattern.includes('?')) return [pattern]
    const match = compileGlob(pattern)
    return [...analysis.graph.actors.keys()].filter(match).sort()
  }
  const [, type, accountRef, name] = entity as unknown as [
    string,
    string,
    string | undefined,
    string,
  ]
  if (type === 'group' && accountRef === undefined) {
    const ic = snapshot.identityCenter
    const group = ic?.groups.find((g) => g.displayName === name)
    return group === undefined ? [] : group.memberIds.map(ssoUserArn).sort()
  }
  const accounts =
    accountRef === undefined
      ? snapshot.accounts
      : [accountOf(snapshot, accountRef)].filter((a) => a !== undefined)
  const match = compileGlob(name)
  return accounts
    .flatMap((a): readonly (SnapshotUser | SnapshotRole)[] =>
      type === 'group'
        ? a.iam.users.filter((u) => u.groups.some(match))
        : type === 'role'
          ? a.iam.roles.filter((r) => match(r.name))
          : a.iam.users.filter((u) => match(u.name)),
    )
    .map((e) => e.arn)
    .sort()
}

/** The resources a pattern names: the snapshot's roles and users it matches, else itself. */
function resourcesOf(ctx: AssertionContext, resource: string): string[] {
  const filled = fillAccounts(ctx.snapshot, resource)
  if (!filled.startsWith('arn:aws:iam::') || !filled.includes('*')) return [filled]
  const match = compileGlob(filled)
  const found = ctx.snapshot.accounts.flatMap((a) =>
    [...a.iam.roles, ...a.iam.users].map((e) => e.arn).filter(match),
  )
  return found.length === 0 ? [filled] : found.sort()
}

/** A path in one line for people: `a → b [needs K = V] → resource (action)`. */
export function describePath(p: AssertionPath): string {
  let out = p.principal
  for (const h of p.hops) {
    const needs = Object.entries(h.conditions)
      .map(([k, v]) => `${k} = ${v.join(' | ')}`)
      .join(', ')
    out += ` → ${h.to}${h.kind === 'action' ? ` (${h.action})` : ''}${needs === '' ? '' : ` [needs ${needs}]`}`
  }
  return out
}

const hasKey = (hops: readonly Hop[], key: string, value: string): boolean =>
  hops.some((h) =>
    Object.entries(h.conditions).some(
      ([k, v]) => k.toLowerCase() === key.toLowerCase() && v.includes(value),
    ),
  )

function decideCan(ctx: AssertionContext, a: CanAssertion): AssertionResult {
  const principals = principalsOf(ctx, a.who)
  const resources = resourcesOf(ctx, a.resource)
  const resourceAccount =
    a.resourceAccount === undefined
      ? undefined
      : (accountOf(ctx.snapshot, a.resourceAccount)?.id ?? a.resourceAccount)
  const base = { name: a.name, kind: a.kind }
  if (principals.length === 0)
    return {
      ...base,
      status: 'fail',
      explanation: `no principal matches '${a.who}'`,
      paths: [],
      failures: [`no principal matches '${a.who}'`],
    }
  const failures: string[] = []
  const proof: AssertionPath[] = []
  const against: AssertionPath[] = []
  for (const principal of principals) {
    const paths: AccessPath[] = resources.flatMap((resource) =>
      accessFrom(
        ctx.analysis.graph,
        ctx.analysis.evaluator,
        principal,
        { action: a.action, resource, resourceAccount },
        ctx.catalog,
      ),
    )
    const found = paths.map((p) => ({ principal, hops: p.hops }))
    if (a.kind === 'cannot') {
      if (found.length > 0) {
        failures.push(`${principal} can ${a.action} on ${resources.join(', ')}`)
        against.push(found[0]!)
      }
      continue
    }
    if (found.length === 0) {
      failures.push(`${principal} cannot ${a.action} on ${resources.join(', ')}`)
      continue
    }
    const without = Object.entries(a.onlyWith ?? {}).flatMap(([k, v]) =>
      found.filter((p) => !hasKey(p.hops, k, v)).map((p) => ({ p, k, v })),
    )
    if (without.length > 0) {
      for (const { p, k, v } of without) {
        failures.push(`${principal} can ${a.action} without ${k} = ${v}`)
        against.push(p)
      }
      continue
    }
    proof.push(found[0]!)
  }
  const what = `${a.who} ${a.kind} ${a.action} on ${a.resource}${
    a.onlyWith === undefined
      ? ''
      : ` only with ${Object.entries(a.onlyWith)
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')}`
  }`
  if (failures.length > 0)
    return { ...base, status: 'fail', explanation: `not so: ${what}`, paths: against, failures }
  return {
    ...base,
    status: 'pass',
    explanation:
      a.kind === 'can'
        ? `${what}: ${principals.length} principal(s), each with a path`
        : `${what}: none of ${principals.length} principal(s) has a path`,
    paths: proof,
    failures: [],
  }
}

function decideNobodyOutside(ctx: AssertionContext, a: NobodyOutsideAssertion): AssertionResult {
  const allowed = new Set(a.who.flatMap((w) => principalsOf(ctx, w)))
  const accounts =
    a.accounts === 'any'
      ? ctx.snapshot.accounts
      : a.accounts.map((r) => accountOf(ctx.snapshot, r)).filter((x) => x !== undefined)
  const failures: string[] = []
  const paths: AssertionPath[] = []
  const graph = ctx.analysis.graph
  for (const account of accounts) {
    const resource =
      a.resource === undefined
        ? '*'
        : fillAccounts(ctx.snapshot, a.resource.replaceAll('{{account}}', account.id))
    const found = whoCan(
      graph,
      ctx.analysis.evaluator,
      { action: a.action, resource, resourceAccount: account.id },
      ctx.catalog,
    )
    for (const p of found) {
      if (allowed.has(p.principal)) continue
      // A role someone can become is judged by who becomes it (they are listed too).
      const actor = graph.actors.get(p.principal)
      if (actor?.kind === 'role' && (graph.in.get(p.principal)?.length ?? 0) > 0) continue
      failures.push(`${p.principal} can ${p.action ?? a.action} in ${account.name} (${account.id})`)
      paths.push({ principal: p.principal, hops: p.hops })
    }
  }
  const where = a.accounts === 'any' ? 'any account' : a.accounts.join(', ')
  return {
    name: a.name,
    kind: a.kind,
    status: failures.length === 0 ? 'pass' : 'fail',
    explanation:
      failures.length === 0
        ? a.who.length === 0
          ? `nobody can ${a.action} in ${where}`
          : `only ${a.who.join(', ')} (${allowed.size} principal(s)) can ${a.action} in ${where}`
        : `principals ${a.who.length === 0 ? '' : `outside ${a.who.join(', ')} `}can ${a.action} in ${where}`,
    paths,
    failures,
  }
}

function decideExternalId(ctx: AssertionContext, a: ExternalIdAssertion): AssertionResult {
  const graph = ctx.analysis.graph
  const failures: string[] = []
  const paths: AssertionPath[] = []
  for (const actor of graph.actors.values()) {
    if (actor.kind !== 'external') continue
    for (const hop of graph.out.get(actor.arn) ?? []) {
      if (hop.kind !== 'assume-role' || hasAnyKey(hop, 'sts:ExternalId')) continue
      failures.push(
        `${actor.arn} (outside the organization) can assume ${hop.to} without an ExternalId`,
      )
      paths.push({ principal: actor.arn, hops: [hop] })
    }
  }
  // Anyone at all: a principal of an account nobody names.
  const stranger = externalActor('arn:aws:iam::000000000000:root', '000000000000')
  for (const account of ctx.snapshot.accounts) {
    for (const role of account.iam.roles) {
      const o = ctx.analysis.evaluator.decide(stranger, {
        action: 'sts:AssumeRole',
        resource: role.arn,
        resourceAccount: account.id,
        resourcePolicy: { name: `trust policy of ${role.name}`, document: role.trustPolicy },
        resourceTags: role.tags,
      })
      if (!o.allowed) continue
      const hop: Hop = {
        from: stranger.arn,
        to: role.arn,
        conditions: o.conditions,
        kind: 'assume-role',
        action: 'sts:AssumeRole',
        explanation: o.result.explanation.summary,
      }
      if (hasAnyKey(hop, 'sts:ExternalId')) continue
      failures.push(
        `any principal outside the organization can assume ${role.arn} without an ExternalId`,
      )
      paths.push({ principal: stranger.arn, hops: [hop] })
    }
  }
  return {
    name: a.name,
    kind: a.kind,
    status: failures.length === 0 ? 'pass' : 'fail',
    explanation:
      failures.length === 0
        ? 'every role a principal outside the organization can assume requires an ExternalId'
        : 'principals outside the organization can assume roles without an ExternalId',
    paths,
    failures,
  }
}

const hasAnyKey = (hop: Hop, key: string): boolean =>
  Object.keys(hop.conditions).some((k) => k.toLowerCase() === key.toLowerCase())

/** The accounts in an OU path and every OU below it. */
function accountsInOu(snapshot: OrganizationSnapshot, path: string): SnapshotAccount[] | undefined {
  let parent = snapshot.organization?.rootId
  for (const name of path.split('/')) {
    const ou = snapshot.organizationalUnits.find((o) => o.parentId === parent && o.name === name)
    if (ou === undefined) return undefined
    parent = ou.id
  }
  const ids = new Set([parent!])
  for (const ou of snapshot.organizationalUnits) if (ids.has(ou.parentId)) ids.add(ou.id)
  return snapshot.accounts.filter((a) => a.parentId !== undefined && ids.has(a.parentId))
}

function decideEvery(ctx: AssertionContext, a: EveryAssertion): AssertionResult {
  const base = { name: a.name, kind: a.kind, paths: [] }
  const accounts = [
    ...(a.ou === undefined ? [] : (accountsInOu(ctx.snapshot, a.ou) ?? [])),
    ...(a.accounts ?? []).map((r) => accountOf(ctx.snapshot, r)).filter((x) => x !== undefined),
  ]
  if (a.ou !== undefined && accountsInOu(ctx.snapshot, a.ou) === undefined)
    return {
      ...base,
      status: 'fail',
      explanation: `no OU '${a.ou}'`,
      failures: [`no OU '${a.ou}'`],
    }
  const except = (a.except ?? []).map((p) => compileGlob(p))
  const entities = accounts.flatMap((acc): readonly (SnapshotUser | SnapshotRole)[] =>
    a.kind === 'everyRole' ? acc.iam.roles : acc.iam.users,
  )
  const checked = entities.filter((e) => !except.some((m) => m(e.name)))
  const missing = checked.filter((e) => e.permissionsBoundary === undefined)
  const what = `${a.kind === 'everyRole' ? 'role' : 'user'}(s) in ${a.ou === undefined ? '' : `OU ${a.ou}`}${a.ou !== undefined && a.accounts !== undefined ? ' and ' : ''}${a.accounts === undefined ? '' : a.accounts.join(', ')}`
  return {
    ...base,
    status: missing.length === 0 ? 'pass' : 'fail',
    explanation:
      missing.length === 0
        ? `all ${checked.length} ${what} have a permissions boundary`
        : `${missing.length} of ${checked.length} ${what} have no permissions boundary`,
    failures: missing.map((e) => `${e.arn} has no permissions boundary`),
  }
}

/** Decides each assertion, in order. */
export function checkAssertions(
  ctx: AssertionContext,
  assertions: readonly Assertion[],
): AssertionResult[] {
  return assertions.map((a) => {
    switch (a.kind) {
      case 'can':
      case 'cannot':
        return decideCan(ctx, a)
      case 'nobodyOutside':
        return decideNobodyOutside(ctx, a)
      case 'noExternalAssumeWithoutExternalId':
        return decideExternalId(ctx, a)
      case 'everyRole':
      case 'everyUser':
        return decideEvery(ctx, a)
    }
  })
}
