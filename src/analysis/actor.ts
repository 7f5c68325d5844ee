/**
 * A principal as the analysis puts it before the engine: the request principal, its identity
 * policies and boundary, and the principal's condition keys. IAM users and roles come from the
 * snapshot; principals outside it (another account, a federated identity provider) have unknown
 * policies, so they are given an identity policy that allows everything: whatever their own
 * administrators allow, the organization's side still decides.
 */
import type { IamPrincipalRef, NamedDocument, SnapshotIndex } from './snapshot-index.ts'

/** The kinds of node in the reachability graph. */
export const ACTOR_KINDS = ['user', 'role', 'sso-user', 'external', 'federated'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

/** A principal ready for the engine. */
export interface Actor {
  readonly kind: ActorKind
  /** The node's name in paths: a user, role or external ARN, an identity provider. */
  readonly arn: string
  readonly accountId: string | undefined
  /** The request principal: a user ARN, a role session ARN, an account root, a provider. */
  readonly requestPrincipal: string
  readonly identity: readonly NamedDocument[]
  readonly boundary: readonly NamedDocument[]
  /** The principal's own condition keys (`aws:PrincipalArn`, `aws:PrincipalTag/…`, …). */
  readonly context: Readonly<Record<string, string | readonly string[]>>
}

/** The session name the analysis gives the role sessions it reasons about. */
export const SESSION_NAME = 'xaccess-analysis'

/** An identity policy that allows everything: for principals whose own policies are unknown. */
export const ALLOW_ALL: NamedDocument = {
  name: 'outside the snapshot (any permission)',
  document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
}

function orgKeys(index: SnapshotIndex, accountId: string): Record<string, string | string[]> {
  const org = index.snapshot.organization
  const path = index.orgPolicies(accountId).orgPath
  if (org === undefined || path === undefined) return {}
  return { 'aws:PrincipalOrgID': org.id, 'aws:PrincipalOrgPaths': [path] }
}

/** The actor of a user or role of the snapshot. */
export function iamActor(index: SnapshotIndex, ref: IamPrincipalRef): Actor {
  const { identity, boundary } = index.identityOf(ref)
  const accountId = ref.account.id
  const entity = ref.kind === 'user' ? ref.user : ref.role
  const context: Record<string, string | readonly string[]> = {
    'aws:PrincipalArn': entity.arn,
    'aws:PrincipalAccount': accountId,
    ...orgKeys(index, accountId),
  }
  for (const [k, v] of Object.entries(entity.tags)) context[`aws:PrincipalTag/${k}`] = v
  if (ref.kind === 'user') {
    context['aws:PrincipalType'] = 'User'
    context['aws:username'] = ref.user.name
    if (ref.user.id !== '') context['aws:userid'] = ref.user.id
    return {
      kind: 'user',
      arn: entity.arn,
      accountId,
      requestPrincipal: entity.arn,
      identity,
      boundary,
      context,
    }
  }
  context['aws:PrincipalType'] = 'AssumedRole'
  if (ref.role.id !== '') context['aws:userid'] = `${ref.role.id}:${SESSION_NAME}`
  return {
    kind: 'role',
    arn: entity.arn,
    accountId,
    requestPrincipal: `arn:aws:sts::${accountId}:assumed-role/${ref.role.name}/${SESSION_NAME}`,
    identity,
    boundary,
    context,
  }
}

/**
 * A principal outside the snapshot named in a trust policy: an account (`arn:aws:iam::ID:root`,
 * standing for any principal its administrators allow) or a user or role ARN. Only
 * `aws:PrincipalAccount` is known of it; its other keys are left for the search to suggest.
 */
export function externalActor(arn: string, accountId: string): Actor {
  const root = arn.endsWith(':root')
  return {
    kind: 'external',
    arn,
    accountId,
    requestPrincipal: root
      ? arn
      : arn.includes(':role/')
        ? `arn:aws:sts::${accountId}:assumed-role/${arn.slice(arn.lastIndexOf('/') + 1)}/${SESSION_NAME}`
        : arn,
    identity: [ALLOW_ALL],
    boundary: [],
    context: root
      ? { 'aws:PrincipalAccount': accountId }
      : { 'aws:PrincipalAccount': accountId, 'aws:PrincipalArn': arn },
  }
}

/** A federated identity provider (SAML or OIDC) named in a trust policy. */
export function federatedActor(provider: string): Actor {
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

/**
 * Any principal of an account, with an identity policy that allows everything: when the engine
 * denies it a request because no resource-based policy allows it (a cross-account request), it
 * denies every principal of that account the same request, whatever their own policies.
 */
export function anyPrincipalOf(index: SnapshotIndex, accountId: string): Actor {
  const arn = `arn:aws:iam::${accountId}:user/xaccess-any-principal`
  return {
    kind: 'user',
    arn,
    accountId,
    requestPrincipal: arn,
    identity: [ALLOW_ALL],
    boundary: [],
    context: { 'aws:PrincipalAccount': accountId, ...orgKeys(index, accountId) },
  }
}
