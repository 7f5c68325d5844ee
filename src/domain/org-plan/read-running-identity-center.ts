/**
 * Reads the running IAM Identity Center through identitystore and sso-admin as the management
 * account, every list paged (NextToken): users, groups and memberships, permission sets with
 * their policies, boundary, tags and provisioned accounts, and the account assignments.
 */
import { errorCode, type OrgFileClient, type OrgFileService } from '../org-file/org-file-client.ts'
import type { PermissionSetBoundary } from '../org-file/index.ts'
import type {
  RunningAssignment,
  RunningIdentityCenter,
  RunningPermissionSet,
  RunningSsoGroup,
} from './running-identity-center.ts'

type Rec = Record<string, unknown>
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const recs = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : [])
const optional = (value: unknown): string | undefined =>
  str(value) === '' ? undefined : str(value)

/** Every item of a paged list. */
export async function listAllPages(
  client: OrgFileClient,
  service: OrgFileService,
  operation: string,
  input: Rec,
  key: string,
): Promise<unknown[]> {
  const out: unknown[] = []
  let token: unknown
  do {
    const page = await client.call(
      service,
      operation,
      token === undefined ? input : { ...input, NextToken: token },
      'management',
    )
    if (Array.isArray(page[key])) out.push(...(page[key] as unknown[]))
    token = page.NextToken ?? undefined
  } while (typeof token === 'string' && token !== '')
  return out
}

/**
 * The running Identity Center, or undefined when the organization has no instance.
 * @example const ic = await readRunningIdentityCenter(client)
 */
export async function readRunningIdentityCenter(
  client: OrgFileClient,
): Promise<RunningIdentityCenter | undefined> {
  const instance = recs(
    (await client.call('sso-admin', 'ListInstances', {}, 'management')).Instances,
  )[0]
  if (instance === undefined) return undefined
  const instanceArn = str(instance.InstanceArn)
  const identityStoreId = str(instance.IdentityStoreId)
  const list = (service: OrgFileService, operation: string, input: Rec, key: string) =>
    listAllPages(client, service, operation, input, key).then(recs)
  const users = (
    await list('identitystore', 'ListUsers', { IdentityStoreId: identityStoreId }, 'Users')
  ).map((u) => {
    const name = (u.Name ?? {}) as Rec
    return {
      id: str(u.UserId),
      userName: str(u.UserName),
      displayName: str(u.DisplayName),
      givenName: str(name.GivenName),
      familyName: str(name.FamilyName),
      emails: recs(u.Emails).map((e) => ({
        value: str(e.Value),
        type: optional(e.Type),
        primary: e.Primary === true,
      })),
    }
  })
  const userNames = new Map(users.map((u) => [u.id, u.userName]))
  const groups: RunningSsoGroup[] = []
  for (const g of await list(
    'identitystore',
    'ListGroups',
    { IdentityStoreId: identityStoreId },
    'Groups',
  )) {
    const memberships = await list(
      'identitystore',
      'ListGroupMemberships',
      { IdentityStoreId: identityStoreId, GroupId: g.GroupId },
      'GroupMemberships',
    )
    groups.push({
      id: str(g.GroupId),
      displayName: str(g.DisplayName),
      description: optional(g.Description),
      members: memberships.flatMap((m) => {
        const userName = userNames.get(str((m.MemberId as Rec | undefined)?.UserId))
        return userName === undefined ? [] : [{ userName, membershipId: str(m.MembershipId) }]
      }),
    })
  }
  const permissionSets: RunningPermissionSet[] = []
  const assignments: RunningAssignment[] = []
  const arns = (
    await listAllPages(
      client,
      'sso-admin',
      'ListPermissionSets',
      { InstanceArn: instanceArn },
      'PermissionSets',
    )
  ).map(String)
  for (const arn of arns) {
    const input = { InstanceArn: instanceArn, PermissionSetArn: arn }
    const ps = ((await client.call('sso-admin', 'DescribePermissionSet', input, 'management'))
      .PermissionSet ?? {}) as Rec
    const managed = await list(
      'sso-admin',
      'ListManagedPoliciesInPermissionSet',
      input,
      'AttachedManagedPolicies',
    )
    const customer = await list(
      'sso-admin',
      'ListCustomerManagedPolicyReferencesInPermissionSet',
      input,
      'CustomerManagedPolicyReferences',
    )
    const inline = optional(
      (await client.call('sso-admin', 'GetInlinePolicyForPermissionSet', input, 'management'))
        .InlinePolicy,
    )
    let boundary: PermissionSetBoundary | undefined
    try {
      const b = ((
        await client.call(
          'sso-admin',
          'GetPermissionsBoundaryForPermissionSet',
          input,
          'management',
        )
      ).PermissionsBoundary ?? {}) as Rec
      const ref = b.CustomerManagedPolicyReference as Rec | undefined
      if (ref !== undefined)
        boundary = {
          kind: 'customer',
          reference: { name: str(ref.Name), path: str(ref.Path) || '/' },
        }
      else if (typeof b.ManagedPolicyArn === 'string')
        boundary = { kind: 'managed', arn: b.ManagedPolicyArn }
    } catch (error) {
      if (errorCode(error) !== 'ResourceNotFoundException') throw error
    }
    const tags = await list(
      'sso-admin',
      'ListTagsForResource',
      { InstanceArn: instanceArn, ResourceArn: arn },
      'Tags',
    )
    const provisionedTo = (
      await listAllPages(
        client,
        'sso-admin',
        'ListAccountsForProvisionedPermissionSet',
        input,
        'AccountIds',
      )
    ).map(String)
    permissionSets.push({
      arn,
      name: str(ps.Name),
      description: optional(ps.Description),
      sessionDuration: str(ps.SessionDuration) || 'PT1H',
      relayState: optional(ps.RelayState),
      managedPolicies: managed.map((p) => str(p.Arn)),
      customerManagedPolicies: customer.map((r) => ({
        name: str(r.Name),
        path: str(r.Path) || '/',
      })),
      inlinePolicy: inline,
      permissionsBoundary: boundary,
      tags: tags.map((t) => ({ Key: str(t.Key), Value: str(t.Value) })),
      provisionedTo,
    })
    for (const accountId of provisionedTo)
      for (const a of await list(
        'sso-admin',
        'ListAccountAssignments',
        { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: arn },
        'AccountAssignments',
      ))
        assignments.push({
          accountId,
          permissionSetArn: arn,
          principalType: a.PrincipalType === 'USER' ? 'USER' : 'GROUP',
          principalId: str(a.PrincipalId),
        })
  }
  return { instanceArn, identityStoreId, users, groups, permissionSets, assignments }
}
