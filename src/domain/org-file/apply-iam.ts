import type { ApplyTally } from './apply-tally.ts'
import {
  applyInlinePolicies,
  applyManagedPolicies,
  applyTags,
  refArn,
  type IamScope,
} from './iam-attachments.ts'
import { getIfExists, listIam, type CallAs, type OrgFileClient } from './org-file-client.ts'
import {
  oidcProviderIdentity,
  type AccountSpec,
  type ManagedPolicySpec,
  type OidcProviderSpec,
  type RoleSpec,
  type UserSpec,
} from './org-file-model.ts'
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts'
import { documentText, sameDocument } from './policy-text.ts'

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const record = (value: unknown) => (value ?? {}) as Record<string, unknown>

/** IAM keeps at most five versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5

/**
 * Applies one account's IAM: OIDC providers and customer managed policies first (so that trust
 * policies and attachments find them), then groups, roles and users.
 */
export async function applyAccountIam(
  account: AccountSpec,
  target: { readonly accountId: string; readonly as: CallAs },
  client: OrgFileClient,
  tally: ApplyTally,
  values: PlaceholderValues,
): Promise<void> {
  const { policies, groups, roles, users } = account
  const providers = account.oidcProviders ?? []
  const count = policies.length + groups.length + roles.length + users.length + providers.length
  if (count === 0) return
  const base = {
    client,
    tally,
    as: target.as,
    accountId: target.accountId,
    label: `${account.name} (${target.accountId})`,
    values,
  }
  await applyOidcProviders({ ...base, customerPaths: new Map() }, providers)
  const customerPaths = await applyCustomerPolicies({ ...base, customerPaths: new Map() }, policies)
  const scope: IamScope = { ...base, customerPaths }
  for (const group of groups) {
    const found = await getIfExists(client, 'GetGroup', { GroupName: group.name }, scope.as)
    if (found === undefined) {
      await client.call('iam', 'CreateGroup', { GroupName: group.name, Path: group.path }, scope.as)
      tally.create(`${scope.label}: created group ${group.name}`)
    } else tally.same()
    await applyInlinePolicies(scope, 'group', group.name, group.inlinePolicies, !found)
    await applyManagedPolicies(scope, 'group', group.name, group.managedPolicies, !found)
  }
  for (const role of roles) await applyRole(scope, role)
  for (const user of users) await applyUser(scope, user)
}

/**
 * Creates each OIDC provider the account lacks; brings an existing one's client ids (adding and
 * removing) and thumbprints to what the file says.
 */
async function applyOidcProviders(
  scope: IamScope,
  providers: readonly OidcProviderSpec[],
): Promise<void> {
  if (providers.length === 0) return
  const { client, tally, as, label } = scope
  for (const provider of providers) {
    const identity = oidcProviderIdentity(provider.url)
    const arn = `arn:aws:iam::${scope.accountId}:oidc-provider/${identity}`
    const found = await getIfExists(
      client,
      'GetOpenIDConnectProvider',
      { OpenIDConnectProviderArn: arn },
      as,
    )
    if (found === undefined) {
      const input: Record<string, unknown> = {
        Url: provider.url,
        ClientIDList: provider.clientIds,
        ThumbprintList: provider.thumbprints,
      }
      if (provider.tags.length > 0) input.Tags = provider.tags
      await client.call('iam', 'CreateOpenIDConnectProvider', input, as)
      tally.create(`${label}: created OIDC provider ${identity}`)
      continue
    }
    const steps = oidcProviderSteps(provider, arn, found)
    for (const step of steps) await client.call('iam', step.operation, step.input, as)
    if (steps.length === 0) tally.same()
    else tally.update(`${label}: updated OIDC provider ${identity}`)
  }
}

/** The calls that bring a running provider (GetOpenIDConnectProvider's output) to `spec`. */
export function oidcProviderSteps(
  spec: OidcProviderSpec,
  arn: string,
  running: Record<string, unknown>,
): { operation: string; input: Record<string, unknown> }[] {
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
  const clientIds = strings(running.ClientIDList)
  const thumbprints = strings(running.ThumbprintList).map((t) => t.toLowerCase())
  const out: { operation: string; input: Record<string, unknown> }[] = []
  for (const id of spec.clientIds)
    if (!clientIds.includes(id))
      out.push({
        operation: 'AddClientIDToOpenIDConnectProvider',
        input: { OpenIDConnectProviderArn: arn, ClientID: id },
      })
  for (const id of clientIds)
    if (!spec.clientIds.includes(id))
      out.push({
        operation: 'RemoveClientIDFromOpenIDConnectProvider',
        input: { OpenIDConnectProviderArn: arn, ClientID: id },
      })
  const wanted = spec.thumbprints.map((t) => t.toLowerCase())
  if (wanted.length !== thumbprints.length || wanted.some((t) => !thumbprints.includes(t)))
    out.push({
      operation: 'UpdateOpenIDConnectProviderThumbprint',
      input: { OpenIDConnectProviderArn: arn, ThumbprintList: spec.thumbprints },
    })
  return out
}

async function applyCustomerPolicies(
  scope: IamScope,
  policies: readonly ManagedPolicySpec[],
): Promise<Map<string, string>> {
  const paths = new Map<string, string>()
  if (policies.length === 0) return paths
  const { client, tally, as } = scope
  const list = await listIam(client, 'ListPolicies', { Scope: 'Local' }, 'Policies', as)
  const byName = new Map(list.map((p) => [str(p.PolicyName), p]))
  for (const policy of policies) {
    const document = documentText(fillPlaceholders(policy.document, scope.values))
    const found = byName.get(policy.name)
    if (found === undefined) {
      const input: Record<string, unknown> = {
        PolicyName: policy.name,
        Path: policy.path,
        PolicyDocument: document,
      }
      if (policy.description !== undefined) input.Description = policy.description
      await client.call('iam', 'CreatePolicy', input, as)
      paths.set(policy.name, policy.path)
      tally.create(`${scope.label}: created policy ${policy.name}`)
      continue
    }
    paths.set(policy.name, str(found.Path) || '/')
    const arn = str(found.Arn)
    const current = await client.call(
      'iam',
      'GetPolicyVersion',
      { PolicyArn: arn, VersionId: str(found.DefaultVersionId) },
      as,
    )
    if (sameDocument(record(current.PolicyVersion).Document, document)) {
      tally.same()
      continue
    }
    await makeRoomForVersion(scope, arn)
    await client.call(
      'iam',
      'CreatePolicyVersion',
      { PolicyArn: arn, PolicyDocument: document, SetAsDefault: true },
      as,
    )
    tally.update(`${scope.label}: updated policy ${policy.name} (new default version)`)
  }
  return paths
}

/** Deletes the oldest non-default version when a policy already has five. */
async function makeRoomForVersion(scope: IamScope, arn: string): Promise<void> {
  const versions = await listIam(
    scope.client,
    'ListPolicyVersions',
    { PolicyArn: arn },
    'Versions',
    scope.as,
  )
  if (versions.length < MAX_POLICY_VERSIONS) return
  const number = (v: Record<string, unknown>) => Number(str(v.VersionId).replace(/^v/, ''))
  const oldest = versions
    .filter((v) => v.IsDefaultVersion !== true && v.IsDefaultVersion !== 'true')
    .sort((a, b) => number(a) - number(b))[0]
  if (oldest === undefined) return
  await scope.client.call(
    'iam',
    'DeletePolicyVersion',
    { PolicyArn: arn, VersionId: oldest.VersionId },
    scope.as,
  )
}

async function applyRole(scope: IamScope, role: RoleSpec): Promise<void> {
  const { client, tally, as, label } = scope
  const trust = documentText(fillPlaceholders(role.trustPolicy, scope.values))
  const boundary = role.permissionsBoundary && refArn(scope, role.permissionsBoundary)
  const found = await getIfExists(client, 'GetRole', { RoleName: role.name }, as)
  if (found === undefined) {
    const input: Record<string, unknown> = {
      RoleName: role.name,
      Path: role.path,
      AssumeRolePolicyDocument: trust,
    }
    if (role.description !== undefined) input.Description = role.description
    if (role.maxSessionDuration !== undefined) input.MaxSessionDuration = role.maxSessionDuration
    if (boundary !== undefined) input.PermissionsBoundary = boundary
    if (role.tags.length > 0) input.Tags = role.tags
    await client.call('iam', 'CreateRole', input, as)
    tally.create(`${label}: created role ${role.name}`)
  } else {
    const current = record(found.Role)
    let changed = false
    if (!sameDocument(current.AssumeRolePolicyDocument, trust)) {
      await client.call(
        'iam',
        'UpdateAssumeRolePolicy',
        { RoleName: role.name, PolicyDocument: trust },
        as,
      )
      tally.update(`${label}: updated trust policy of role ${role.name}`)
      changed = true
    }
    const update: Record<string, unknown> = {}
    if (role.description !== undefined && str(current.Description) !== role.description)
      update.Description = role.description
    if (
      role.maxSessionDuration !== undefined &&
      Number(current.MaxSessionDuration ?? 3600) !== role.maxSessionDuration
    )
      update.MaxSessionDuration = role.maxSessionDuration
    if (Object.keys(update).length > 0) {
      await client.call('iam', 'UpdateRole', { RoleName: role.name, ...update }, as)
      tally.update(`${label}: updated role ${role.name} (${Object.keys(update).join(', ')})`)
      changed = true
    }
    if (boundary !== undefined && boundaryArn(current) !== boundary) {
      await client.call(
        'iam',
        'PutRolePermissionsBoundary',
        { RoleName: role.name, PermissionsBoundary: boundary },
        as,
      )
      tally.update(`${label}: set permissions boundary of role ${role.name} to ${boundary}`)
      changed = true
    }
    if (await applyTags(scope, 'role', role.name, role.tags, current.Tags)) changed = true
    if (!changed) tally.same()
  }
  await applyInlinePolicies(scope, 'role', role.name, role.inlinePolicies, !found)
  await applyManagedPolicies(scope, 'role', role.name, role.managedPolicies, !found)
}

async function applyUser(scope: IamScope, user: UserSpec): Promise<void> {
  const { client, tally, as, label } = scope
  const boundary = user.permissionsBoundary && refArn(scope, user.permissionsBoundary)
  const found = await getIfExists(client, 'GetUser', { UserName: user.name }, as)
  if (found === undefined) {
    const input: Record<string, unknown> = { UserName: user.name, Path: user.path }
    if (boundary !== undefined) input.PermissionsBoundary = boundary
    if (user.tags.length > 0) input.Tags = user.tags
    await client.call('iam', 'CreateUser', input, as)
    tally.create(`${label}: created user ${user.name}`)
  } else {
    const current = record(found.User)
    let changed = false
    if (boundary !== undefined && boundaryArn(current) !== boundary) {
      await client.call(
        'iam',
        'PutUserPermissionsBoundary',
        { UserName: user.name, PermissionsBoundary: boundary },
        as,
      )
      tally.update(`${label}: set permissions boundary of user ${user.name} to ${boundary}`)
      changed = true
    }
    if (await applyTags(scope, 'user', user.name, user.tags, current.Tags)) changed = true
    if (!changed) tally.same()
  }
  if (user.groups.length > 0) {
    const groups = found
      ? await listIam(client, 'ListGroupsForUser', { UserName: user.name }, 'Groups', as)
      : []
    const member = new Set(groups.map((g) => str(g.GroupName).toLowerCase()))
    for (const group of user.groups) {
      if (member.has(group.toLowerCase())) {
        tally.same()
        continue
      }
      await client.call('iam', 'AddUserToGroup', { GroupName: group, UserName: user.name }, as)
      tally.create(`${label}: added user ${user.name} to group ${group}`)
    }
  }
  await applyInlinePolicies(scope, 'user', user.name, user.inlinePolicies, !found)
  await applyManagedPolicies(scope, 'user', user.name, user.managedPolicies, !found)
}

function boundaryArn(entity: Record<string, unknown>): string | undefined {
  const value = record(entity.PermissionsBoundary).PermissionsBoundaryArn
  return typeof value === 'string' ? value : undefined
}
