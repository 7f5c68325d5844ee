/**
 * The decision, as the IAM User Guide's "Policy evaluation logic" lays it out: an explicit deny
 * in any applicable policy wins; then every RCP level and every SCP level must allow; then the
 * resource-based and identity-based policies, permissions boundary and session policies decide,
 * with the same-account and cross-account rules.
 */
import type { ArnPatternCache } from './arn-pattern.ts'
import { parseArn } from './arn.ts'
import type { CompiledStatement } from './compiled-statement.ts'
import { statementGrant } from './compiled-statement.ts'
import { compileGroup, sliceGroup, type ActionSlice, type CompiledGroup } from './compiled-group.ts'
import { DecisionExplanation } from './explanation.ts'
import { DIRECT, NONE, ROLE, type Grant } from './principal-grant.ts'
import { describePrincipal, type PrincipalInfo } from './principal-info.ts'
import { RequestContext } from './request-context.ts'
import { looksLikeTrustPolicy } from './trust-policy.ts'
import type {
  ContextInput,
  Decision,
  DecisionRule,
  Diagnostic,
  PolicyInput,
  PolicySet,
  PolicyType,
  Request,
  Result,
  StatementRef,
} from './types.ts'

/** Policies compiled once; `authorize` decides many requests against them. */
export interface Authorizer {
  authorize(request: Request): Result
  /** Problems in the policies; each policy that could not be understood was skipped. */
  readonly diagnostics: readonly Diagnostic[]
}

interface View {
  /** Deny statements of the identity-based policies, boundary and session policies, in order. */
  readonly callerDenies: readonly CompiledStatement[]
  readonly resourceDenies: readonly CompiledStatement[]
  /** Deny statements of every SCP level, root first; likewise for RCPs. */
  readonly scpDenies: readonly CompiledStatement[]
  readonly rcpDenies: readonly CompiledStatement[]
  /** Set when every SCP level allows the action whatever the request: each level's statement. */
  readonly scpAlways: readonly StatementRef[] | undefined
  readonly identity: ActionSlice | undefined
  readonly boundary: ActionSlice | undefined
  readonly session: ActionSlice | undefined
  readonly resource: ActionSlice | undefined
  readonly scp: readonly ActionSlice[] | undefined
  readonly rcp: readonly ActionSlice[] | undefined
  /** The resource-based policy must allow: role trust policies. */
  readonly resourceRequired: boolean
  /**
   * Allowed whatever the policies say: `sts:GetCallerIdentity` to every signed caller (1),
   * `sts:GetSessionToken` to IAM users and the root user (2); else 0.
   */
  readonly permissionNotRequired: 0 | 1 | 2
  /** A `kms:` action: on a key, only the key policy can allow. */
  readonly kms: boolean
  /** An action that changes a protected role (1) or an AWS-managed policy (2); else 0. */
  readonly changes: 0 | 1 | 2
}

/** Actions whose resource-based policy (the role trust policy) must explicitly allow. */
const isFederatedUserArn = (resource: string) =>
  resource.startsWith('arn:') && resource.includes(':federated-user/')

const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
])

/**
 * Actions that need no permission and that no policy can deny: GetCallerIdentity for every
 * signed caller (AWS STS API Reference, GetCallerIdentity: "No permissions are required to
 * perform this operation"), GetSessionToken for IAM users and the root user (IAM User Guide,
 * "Permissions for GetSessionToken": policies cannot control it; sessions cannot call it).
 */
const notRequired = (lowerAction: string): 0 | 1 | 2 =>
  lowerAction === 'sts:getcalleridentity' ? 1 : lowerAction === 'sts:getsessiontoken' ? 2 : 0

/**
 * Actions no IAM principal may take on a role only AWS may change (Identity Center's
 * `AWSReservedSSO_*`, service-linked roles): IAM answers UnmodifiableEntity (IAM User Guide,
 * "Using service-linked roles"; IAM Identity Center User Guide, "Troubleshooting").
 */
const PROTECTED_ROLE_ACTIONS = new Set([
  'iam:updateassumerolepolicy',
  'iam:putrolepolicy',
  'iam:deleterolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
  'iam:updaterole',
  'iam:updateroledescription',
  'iam:tagrole',
  'iam:untagrole',
  'iam:deleterole',
])

/** Actions no one may take on an AWS-managed policy (`arn:aws:iam::aws:policy/…`). */
const AWS_POLICY_ACTIONS = new Set([
  'iam:createpolicyversion',
  'iam:deletepolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:deletepolicy',
  'iam:tagpolicy',
  'iam:untagpolicy',
])

/**
 * Every action and resource pattern the engine treats specially, whatever the policies say: a
 * reasoning that partitions requests (custom policy checks) must tell these apart too.
 * INVARIANT: kept in step with the sets and tests above.
 */
export const ENGINE_SPECIAL_PATTERNS = {
  actions: [
    ...TRUST_ACTIONS,
    'sts:getcalleridentity',
    'sts:getsessiontoken',
    ...PROTECTED_ROLE_ACTIONS,
    ...AWS_POLICY_ACTIONS,
  ],
  actionPatterns: ['kms:*'],
  /** The resource patterns the engine tells apart for one action (in lower case). */
  resourcePatternsFor(lowerAction: string): readonly string[] {
    if (lowerAction.startsWith('kms:')) return ['arn:*', '*:kms:*', '*:key/*']
    if (PROTECTED_ROLE_ACTIONS.has(lowerAction))
      return ['*:role/aws-reserved/*', '*:role/aws-service-role/*']
    if (AWS_POLICY_ACTIONS.has(lowerAction)) return ['arn:*', '*:iam::aws:policy/*']
    return []
  },
}

/** True when `resource` is a protected role (changes 1) or an AWS-managed policy (changes 2). */
const isProtected = (changes: 1 | 2, resource: string): boolean =>
  changes === 1
    ? resource.includes(':role/aws-reserved/') || resource.includes(':role/aws-service-role/')
    : resource.startsWith('arn:') && resource.includes(':iam::aws:policy/')

/** A KMS key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`): its key policy governs it. */
const isKmsKey = (resource: string): boolean =>
  resource.startsWith('arn:') && resource.includes(':kms:') && resource.includes(':key/')

/**
 * Condition keys an unsigned request does not have (IAM User Guide, "AWS global condition context
 * keys": the principal keys are present only in signed requests). `aws:PrincipalType` is
 * `Anonymous` and `aws:userid` is `anonymous` (IAM User Guide, "Request information that you can
 * use for policy variables").
 */
const SIGNED_ONLY_KEYS = new Set([
  'aws:username',
  'aws:userid',
  'aws:sourceidentity',
  'aws:federatedprovider',
  'aws:tokenissuetime',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:rolesessionname',
])

function anonymousContext(context: ContextInput): ContextInput {
  const out: Record<string, ContextInput[string]> = {}
  for (const key of Object.keys(context)) {
    const k = key.toLowerCase()
    if (k.startsWith('aws:principal') || SIGNED_ONLY_KEYS.has(k)) continue
    out[key] = context[key]!
  }
  out['aws:PrincipalType'] = 'Anonymous'
  out['aws:userid'] = 'anonymous'
  return out
}

/** The request's principal as text: the unsigned caller `{"type": "Anonymous"}` is `*`. */
function principalText(principal: unknown): string {
  if (typeof principal === 'string') return principal
  if (principal !== null && typeof principal === 'object') {
    const type = (principal as { type?: unknown }).type
    if (typeof type === 'string' && type.toLowerCase() === 'anonymous') return '*'
  }
  return str(principal)
}

const EMPTY_CONTEXT: ContextInput = Object.freeze({})
const NO_REFS: readonly StatementRef[] = Object.freeze([])
const CACHE_LIMIT = 4096

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v))

function group(
  inputs: readonly PolicyInput[] | undefined,
  type: PolicyType,
  cache: ArnPatternCache,
) {
  return Array.isArray(inputs) ? compileGroup(inputs, type, undefined, cache) : undefined
}

function levels(
  inputs: readonly (readonly PolicyInput[])[] | undefined,
  type: PolicyType,
  cache: ArnPatternCache,
) {
  if (!Array.isArray(inputs)) return undefined
  return inputs.map((docs, i) => compileGroup(Array.isArray(docs) ? docs : [docs], type, i, cache))
}

function firstAllow(
  slice: ActionSlice,
  resource: string,
  ctx: RequestContext,
  p: PrincipalInfo,
): CompiledStatement | undefined {
  const allows = slice.allows
  for (let i = 0; i < allows.length; i++) {
    const st = allows[i]!
    if (statementGrant(st, resource, ctx, p) !== NONE) return st
  }
  return undefined
}

const MISSING_IDENTITY = Object.freeze({ policyType: 'identity' as const })
const MISSING_BOUNDARY = Object.freeze({ policyType: 'permissionBoundary' as const })
const MISSING_SESSION = Object.freeze({ policyType: 'session' as const })

/** The first Allow statement of a slice that applies, or undefined (also for no slice). */
function allowRef(
  slice: ActionSlice | undefined,
  resource: string,
  ctx: RequestContext,
  p: PrincipalInfo,
): StatementRef | undefined {
  return slice === undefined ? undefined : firstAllow(slice, resource, ctx, p)?.ref
}

/** Appends the statements of `denies` that apply to the request to `into`. */
function collectDenies(
  denies: readonly CompiledStatement[],
  resource: string,
  ctx: RequestContext,
  p: PrincipalInfo,
  into: StatementRef[] | undefined,
  bounded: boolean,
): StatementRef[] | undefined {
  for (let i = 0; i < denies.length; i++) {
    const st = denies[i]!
    if (statementGrant(st, resource, ctx, p, bounded) !== NONE) (into ??= []).push(st.ref)
  }
  return into
}

/** When every level's first Allow applies to any request for the action: those statements. */
function alwaysAllowed(levels: readonly ActionSlice[] | undefined): StatementRef[] | undefined {
  if (levels === undefined) return undefined
  const refs: StatementRef[] = []
  for (const level of levels) {
    const first = level.allows[0]
    if (first === undefined || !first.unconditional) return undefined
    refs.push(first.ref)
  }
  return refs
}

const NO_STATEMENTS: readonly CompiledStatement[] = Object.freeze([])
const deniesOf = (slices: readonly (ActionSlice | undefined)[]): readonly CompiledStatement[] => {
  const out = slices.flatMap((s) => s?.denies ?? [])
  return out.length === 0 ? NO_STATEMENTS : out
}

/**
 * Compiles a policy set once.
 * @example
 * const { authorize } = compile({ identity: [doc] })
 * authorize({ principal, action: 's3:GetObject', resource }).decision
 */
export function compile(policies: PolicySet): Authorizer {
  const set: Partial<PolicySet> = policies !== null && typeof policies === 'object' ? policies : {}
  const resourceInput = set.resource
  const hasResource = resourceInput !== undefined && resourceInput !== null
  const cache: ArnPatternCache = new Map()
  const groups = {
    identity: group(set.identity, 'identity', cache),
    boundary: group(set.permissionBoundary, 'permissionBoundary', cache),
    session: group(set.session, 'session', cache),
    resource: hasResource
      ? compileGroup(
          [resourceInput],
          looksLikeTrustPolicy(resourceInput) ? 'trust' : 'resource',
          undefined,
          cache,
        )
      : undefined,
    scp: levels(set.scp, 'scp', cache),
    rcp: levels(set.rcp, 'rcp', cache),
  }
  const boundaryPresent = (set.permissionBoundary?.length ?? 0) > 0
  const sessionPresent = (set.session?.length ?? 0) > 0
  const all: CompiledGroup[] = [
    groups.identity,
    groups.boundary,
    groups.session,
    groups.resource,
    ...(groups.scp ?? []),
    ...(groups.rcp ?? []),
  ].filter((g): g is CompiledGroup => g !== undefined)
  const diagnostics = all.flatMap((g) => g.diagnostics)

  const views = new Map<string, View>()
  let lastAction: string | undefined
  let lastView: View | undefined
  const viewFor = (action: string): View => {
    if (action === lastAction) return lastView!
    const lowerAction = action.toLowerCase()
    let view = views.get(lowerAction)
    if (view !== undefined) {
      lastAction = action
      lastView = view
      return view
    }
    const slice = (g: CompiledGroup | undefined) =>
      g === undefined ? undefined : sliceGroup(g, lowerAction)
    const identity = slice(groups.identity)
    const boundary = slice(groups.boundary)
    const session = slice(groups.session)
    const resource = slice(groups.resource)
    const scp = groups.scp?.map((g) => sliceGroup(g, lowerAction))
    const rcp = groups.rcp?.map((g) => sliceGroup(g, lowerAction))
    view = {
      callerDenies: deniesOf([identity, boundary, session]),
      resourceDenies: deniesOf([resource]),
      scpDenies: deniesOf(scp ?? []),
      rcpDenies: deniesOf(rcp ?? []),
      scpAlways: alwaysAllowed(scp),
      identity,
      boundary,
      session,
      resource,
      scp,
      rcp,
      resourceRequired: TRUST_ACTIONS.has(lowerAction),
      permissionNotRequired: notRequired(lowerAction),
      kms: lowerAction.startsWith('kms:'),
      changes: PROTECTED_ROLE_ACTIONS.has(lowerAction)
        ? 1
        : AWS_POLICY_ACTIONS.has(lowerAction)
          ? 2
          : 0,
    }
    if (views.size >= CACHE_LIMIT) views.clear()
    views.set(lowerAction, view)
    lastAction = action
    lastView = view
    return view
  }

  const principals = new Map<string, PrincipalInfo>()
  let lastPrincipal: PrincipalInfo | undefined
  const principalFor = (principal: string, context: ContextInput): PrincipalInfo => {
    if (lastPrincipal !== undefined && lastPrincipal.principal === principal) return lastPrincipal
    let hint: string | undefined
    const sessionArn = principal.includes(':assumed-role/')
    if (sessionArn) {
      const v = context['aws:PrincipalArn'] ?? context['aws:principalarn']
      if (typeof v === 'string') hint = v
    }
    const key = hint === undefined ? principal : `${principal}\n${hint}`
    let info = principals.get(key)
    if (info === undefined) {
      info = describePrincipal(principal, hint)
      if (principals.size >= CACHE_LIMIT) principals.clear()
      principals.set(key, info)
    }
    if (!sessionArn) lastPrincipal = info
    return info
  }

  const missingResource = { policyType: groups.resource?.type ?? 'resource' } as const
  const result = (
    decision: Decision,
    cross: boolean,
    denied: readonly StatementRef[],
    allowed: readonly StatementRef[],
    missing?: { policyType: PolicyType; level?: number },
    rule?: DecisionRule,
  ): Result => ({
    decision,
    explanation: new DecisionExplanation(
      decision,
      cross,
      denied,
      allowed,
      missing,
      diagnostics,
      rule,
    ),
  })

  function authorize(request: Request): Result {
    const req: Partial<Request> = request !== null && typeof request === 'object' ? request : {}
    const action = str(req.action)
    const resource = str(req.resource)
    const rawContext = req.context
    let context: ContextInput =
      rawContext !== null && typeof rawContext === 'object' ? rawContext : EMPTY_CONTEXT
    const p = principalFor(principalText(req.principal), context)
    const view = action === lastAction ? lastView! : viewFor(action)
    const anonymous = p.kind === 'anonymous'
    const free = view.permissionNotRequired
    if (free !== 0 && !anonymous && (free === 1 || p.kind === 'user' || p.kind === 'root')) {
      return result('Allowed', false, NO_REFS, NO_REFS, undefined, 'permission_not_required')
    }
    if (view.changes !== 0 && p.kind !== 'service' && isProtected(view.changes, resource)) {
      return result('ImplicitlyDenied', false, NO_REFS, NO_REFS, undefined, 'protected_resource')
    }
    if (anonymous) context = anonymousContext(context)
    const resourceAccount =
      (typeof req.resourceAccount === 'string' && req.resourceAccount !== ''
        ? req.resourceAccount
        : parseArn(resource)?.account) || p.account
    const management = typeof req.managementAccount === 'string' ? req.managementAccount : undefined
    const ctx = new RequestContext(context, p, resourceAccount)
    const cross =
      p.account !== undefined && resourceAccount !== undefined && p.account !== resourceAccount

    const scpApplies =
      view.scp !== undefined &&
      !p.serviceLinked &&
      p.account !== undefined &&
      p.account !== management
    const rcpApplies = view.rcp !== undefined && !p.serviceLinked && resourceAccount !== management

    const keyPolicyRequired = view.kms && isKmsKey(resource)

    // 1. Explicit deny in any applicable policy (an unsigned caller has no identity side).
    let denied = anonymous
      ? undefined
      : collectDenies(view.callerDenies, resource, ctx, p, undefined, false)
    denied = collectDenies(view.resourceDenies, resource, ctx, p, denied, boundaryPresent)
    if (scpApplies) denied = collectDenies(view.scpDenies, resource, ctx, p, denied, false)
    if (rcpApplies) denied = collectDenies(view.rcpDenies, resource, ctx, p, denied, false)
    if (denied !== undefined) return result('ExplicitlyDenied', cross, denied, NO_REFS)

    const allowed: StatementRef[] = []
    // 2. Every RCP level, then every SCP level, must allow.
    if (rcpApplies) {
      const rcp = view.rcp!
      for (let level = 0; level < rcp.length; level++) {
        const st = firstAllow(rcp[level]!, resource, ctx, p)
        if (st === undefined)
          return result('ImplicitlyDenied', cross, NO_REFS, allowed, { policyType: 'rcp', level })
        allowed.push(st.ref)
      }
    }
    if (scpApplies && view.scpAlways !== undefined) {
      for (const ref of view.scpAlways) allowed.push(ref)
    } else if (scpApplies) {
      const scp = view.scp!
      for (let level = 0; level < scp.length; level++) {
        const st = firstAllow(scp[level]!, resource, ctx, p)
        if (st === undefined)
          return result('ImplicitlyDenied', cross, NO_REFS, allowed, { policyType: 'scp', level })
        allowed.push(st.ref)
      }
    }

    // 3. The resource-based policy's strongest grant to this caller.
    let grant: Grant = NONE
    let grantRef: StatementRef | undefined
    if (view.resource !== undefined) {
      for (const st of view.resource.allows) {
        const g = statementGrant(st, resource, ctx, p)
        if (g > grant) {
          grant = g
          grantRef = st.ref
          if (g === DIRECT) break
        }
      }
    }
    if (grantRef !== undefined) allowed.push(grantRef)

    // Callers outside IAM (services, web identities, anonymous) have only the resource policy.
    if (p.account === undefined || p.kind === 'federated' || p.kind === 'service') {
      if (grant !== NONE) return result('Allowed', cross, NO_REFS, allowed)
      const rule = anonymous
        ? 'anonymous_needs_public_grant'
        : keyPolicyRequired
          ? 'key_policy_required'
          : undefined
      return result('ImplicitlyDenied', cross, NO_REFS, allowed, missingResource, rule)
    }
    if (grant === NONE && keyPolicyRequired) {
      return result(
        'ImplicitlyDenied',
        cross,
        NO_REFS,
        allowed,
        missingResource,
        'key_policy_required',
      )
    }
    // A federated user session (GetFederationToken's sts:TagSession) has no trust policy: the
    // user's own policies decide.
    if (grant === NONE && (cross || (view.resourceRequired && !isFederatedUserArn(resource)))) {
      return result('ImplicitlyDenied', cross, NO_REFS, allowed, missingResource)
    }
    // 4. Within one account, a grant to the user or session itself decides alone.
    if (!cross && grant === DIRECT) return result('Allowed', cross, NO_REFS, allowed)

    // 5. The identity side: identity-based policies, permissions boundary, session policies.
    // A same-account grant to a session's role (or to everyone) needs no identity-based policy.
    if (p.kind !== 'root' && !(!cross && grant === ROLE)) {
      const ref = allowRef(view.identity, resource, ctx, p)
      if (ref === undefined)
        return result('ImplicitlyDenied', cross, NO_REFS, allowed, MISSING_IDENTITY)
      allowed.push(ref)
    }
    if (boundaryPresent && p.kind !== 'root') {
      const ref = allowRef(view.boundary, resource, ctx, p)
      if (ref === undefined)
        return result('ImplicitlyDenied', cross, NO_REFS, allowed, MISSING_BOUNDARY)
      allowed.push(ref)
    }
    if (sessionPresent) {
      const ref = allowRef(view.session, resource, ctx, p)
      if (ref === undefined)
        return result('ImplicitlyDenied', cross, NO_REFS, allowed, MISSING_SESSION)
      allowed.push(ref)
    } else if (p.kind === 'federated-user') {
      return result('ImplicitlyDenied', cross, NO_REFS, allowed, MISSING_SESSION)
    }
    return result('Allowed', cross, NO_REFS, allowed)
  }

  return { authorize, diagnostics }
}
