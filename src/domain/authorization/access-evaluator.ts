/**
 * Authorizes one call with the policy engine: gathers the caller's identity policies, permissions
 * boundary and session policies, the SCPs on the caller's path and the RCPs on the resource's,
 * the resource's own policy, and the global condition keys; compiles them once per caller (until
 * a write bumps the generation) and decides.
 */
import {
  compile,
  parseArn,
  type Authorizer,
  type ContextInput,
  type PolicySet,
  type Result,
} from '../../policy/index.ts'
import { NO_CACHE_STATS, type CacheStats } from '../common/cache-stats.ts'
import type { Caller, RequestInfo } from '../common/caller.ts'
import type { AuthorizationRequest } from '../common/operation.ts'
import type { PolicyGeneration } from './policy-generation.ts'
import { orgPathScopeKeys } from './policy-scope.ts'
import type {
  AccountOrganization,
  IdentityPolicySource,
  OrganizationPolicySource,
  PrincipalPolicies,
} from './policy-sources.ts'

/** The decision with the context it was made in (for messages and CloudTrail). */
export interface AccessDecision {
  readonly result: Result
  readonly action: string
  readonly resource: string
  readonly context: ContextInput
}

interface Compiled {
  /** The policy clock before it was read, and the scopes it was read from. */
  readonly at: number
  readonly scopes: readonly string[]
  readonly authorizer: Authorizer
  readonly principal: PrincipalPolicies | undefined
  readonly org: AccountOrganization | undefined
  readonly resourceOrg: AccountOrganization | undefined
}

const CACHE_LIMIT = 10_000

/** What a federated user session of the root user starts from: root may do everything. */
const ROOT_IDENTITY: PrincipalPolicies = {
  identity: [
    {
      name: 'root',
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    },
  ],
  boundary: undefined,
  tags: {},
  uniqueId: '',
}

export class AccessEvaluator {
  private readonly identities: IdentityPolicySource
  private readonly organizations: OrganizationPolicySource
  private readonly generation: PolicyGeneration
  private readonly cache = new Map<string, Compiled>()
  private readonly stats: CacheStats

  constructor(deps: {
    identities: IdentityPolicySource
    organizations: OrganizationPolicySource
    generation: PolicyGeneration
    /** Where the compiled-policy cache reports its hits and misses. */
    stats?: CacheStats
  }) {
    this.identities = deps.identities
    this.organizations = deps.organizations
    this.generation = deps.generation
    this.stats = deps.stats ?? NO_CACHE_STATS
  }

  /** Decides `req` for `caller`. */
  async decide(
    caller: Caller,
    request: RequestInfo,
    req: AuthorizationRequest,
  ): Promise<AccessDecision> {
    // A resource of account `aws` (AWS-managed policies) is visible to every account: it is the
    // caller's own for evaluation, not a cross-account resource.
    const arnAccount = parseArn(req.resource)?.account
    const resourceAccount =
      req.resourceAccount ??
      (arnAccount === undefined || arnAccount === '' || arnAccount === 'aws'
        ? undefined
        : arnAccount) ??
      caller.accountId
    const compiled = await this.compiled(caller, req, resourceAccount)
    const context = buildContext(caller, request, req, resourceAccount, compiled)
    const result = compiled.authorizer.authorize({
      principal: caller.arn,
      action: req.action,
      resource: req.resource,
      resourceAccount,
      context,
      ...(compiled.org === undefined
        ? {}
        : { managementAccount: compiled.org.managementAccountId }),
    })
    return { result, action: req.action, resource: req.resource, context }
  }

  private async compiled(
    caller: Caller,
    req: AuthorizationRequest,
    resourceAccount: string,
  ): Promise<Compiled> {
    const claims = caller.session?.claims
    const sessionPolicies =
      claims?.kind === 'role' || claims?.kind === 'federated' ? claims.sessionPolicies : []
    const key = [
      caller.principalArn,
      // A federated user name may be reused by another user: its sessions never share an entry.
      sessionPolicies.length > 0 || caller.type === 'FederatedUser' ? caller.accessKeyId : '',
      resourceAccount,
      req.resourcePolicy === undefined ? '' : req.resource,
    ].join('\n')
    const at = this.generation.current
    const hit = this.cache.get(key)
    if (hit !== undefined && this.generation.unchangedSince(hit.at, hit.scopes)) {
      this.stats.lookup('compiled-policies', 'hit')
      return hit
    }
    this.stats.lookup('compiled-policies', 'miss')

    const principal = await this.principalPolicies(caller)
    const org = await this.organizations.accountOrganization(caller.accountId)
    const resourceOrg =
      resourceAccount === caller.accountId
        ? org
        : await this.organizations.accountOrganization(resourceAccount)
    const policies: PolicySet = {
      identity: principal?.identity ?? [],
      ...(principal?.boundary === undefined ? {} : { permissionBoundary: [principal.boundary] }),
      ...(sessionPolicies.length === 0 ? {} : { session: sessionPolicies }),
      ...(org?.scp === undefined ? {} : { scp: org.scp }),
      ...(resourceOrg?.rcp === undefined ? {} : { rcp: resourceOrg.rcp }),
      ...(req.resourcePolicy === undefined ? {} : { resource: req.resourcePolicy }),
    }
    const entry: Compiled = {
      at,
      scopes: decisionScopes(caller.accountId, org, resourceAccount, resourceOrg),
      authorizer: compile(policies),
      principal,
      org,
      resourceOrg,
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear()
    this.cache.set(key, entry)
    return entry
  }

  private async principalPolicies(caller: Caller): Promise<PrincipalPolicies | undefined> {
    const claims = caller.session?.claims
    if (caller.type === 'AssumedRole' && claims?.kind === 'role') {
      return this.identities.rolePolicies(claims.accountId, claims.roleName)
    }
    if (caller.type === 'FederatedUser' && claims?.kind === 'federated') {
      // The issuing user's policies, cut down by the session policies (the engine denies a
      // federated user session that has none). The root user's identity allows everything.
      if (claims.userName === 'root' && claims.userArn.endsWith(':root')) return ROOT_IDENTITY
      return this.identities.userPolicies(claims.accountId, claims.userName)
    }
    if (caller.type === 'User' && caller.userName !== undefined) {
      return this.identities.userPolicies(caller.accountId, caller.userName)
    }
    return undefined
  }
}

/**
 * What a compiled set was read from: the IAM of the caller's and the resource's accounts, and
 * each one's place in the organization with the SCPs and RCPs on its path.
 */
function decisionScopes(
  accountId: string,
  org: AccountOrganization | undefined,
  resourceAccount: string,
  resourceOrg: AccountOrganization | undefined,
): string[] {
  const scopes = [`account:${accountId}`, ...orgPathScopeKeys(accountId, org?.orgPath)]
  if (resourceAccount !== accountId) {
    scopes.push(`account:${resourceAccount}`)
    scopes.push(...orgPathScopeKeys(resourceAccount, resourceOrg?.orgPath))
  }
  return scopes
}

/** The global condition keys of a call, then the request's own keys over them. */
function buildContext(
  caller: Caller,
  request: RequestInfo,
  req: AuthorizationRequest,
  resourceAccount: string,
  compiled: Compiled,
): ContextInput {
  const ctx: Record<string, string | string[]> = {
    'aws:PrincipalArn': caller.principalArn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': caller.type,
    'aws:userid': caller.userId,
    'aws:SourceIp': request.sourceIp,
    'aws:CurrentTime': request.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(request.now.getTime() / 1000)),
    'aws:SecureTransport': String(request.secureTransport),
    'aws:RequestedRegion': request.region,
    'aws:ResourceAccount': resourceAccount,
    'aws:ViaAWSService': 'false',
  }
  if (caller.userName !== undefined) ctx['aws:username'] = caller.userName
  const { org, resourceOrg, principal } = compiled
  if (org !== undefined) {
    ctx['aws:PrincipalOrgID'] = org.organizationId
    ctx['aws:PrincipalOrgPaths'] = [org.orgPath]
  }
  if (resourceOrg !== undefined) {
    ctx['aws:ResourceOrgID'] = resourceOrg.organizationId
    ctx['aws:ResourceOrgPaths'] = [resourceOrg.orgPath]
  }
  for (const [k, v] of Object.entries(principal?.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v
  const session = caller.session
  if (session !== undefined) {
    ctx['aws:TokenIssueTime'] = new Date(session.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const mfaAt = session.claims.mfaAuthenticatedAt
    ctx['aws:MultiFactorAuthPresent'] = String(mfaAt !== undefined)
    if (mfaAt !== undefined) {
      ctx['aws:MultiFactorAuthAge'] = String(
        Math.max(0, Math.floor((request.now.getTime() - mfaAt) / 1000)),
      )
    }
    if (session.claims.kind === 'federated') {
      // Session tags override the issuing user's tags of the same key.
      for (const [k, v] of Object.entries(session.claims.tags)) ctx[`aws:PrincipalTag/${k}`] = v
    }
    if (session.claims.kind === 'role') {
      for (const [k, v] of Object.entries(session.claims.tags)) ctx[`aws:PrincipalTag/${k}`] = v
      if (session.claims.sourceIdentity !== undefined) {
        ctx['aws:SourceIdentity'] = session.claims.sourceIdentity
        ctx['sts:SourceIdentity'] = session.claims.sourceIdentity
      }
    }
  }
  for (const [k, v] of Object.entries(req.resourceTags ?? {})) ctx[`aws:ResourceTag/${k}`] = v
  return { ...ctx, ...req.context }
}
