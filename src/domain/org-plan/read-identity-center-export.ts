/**
 * Reads the organization's IAM Identity Center through identitystore and sso-admin (as the
 * management account) into the `identityCenter` section of an organization file: users (never a
 * password), groups with their members, permission sets with their policies, boundary and tags,
 * and the account assignments, one entry per group or user and permission set with its accounts.
 * Sorted by name, so two exports of one state are equal.
 */
import { awsManagedPolicyByName } from '../iam/aws-managed-policies.ts'
import { errorCode, type OrgFileClient, type OrgFileService } from '../org-file/org-file-client.ts'
import { decodeDocument } from '../org-file/policy-text.ts'
import type { RunningOrganization } from './running-organization.ts'

type Rec = Record<string, unknown>
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const recs = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : [])
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

async function all(
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
 * The `identityCenter` section, or undefined when there is no instance or it holds nothing.
 * @param fill writes account ids as `{{account:NAME}}` in the inline policies
 */
export async function readIdentityCenterSection(
  client: OrgFileClient,
  running: RunningOrganization,
  fill: (value: unknown) => unknown,
): Promise<Rec | undefined> {
  const instances = recs(
    (await client.call('sso-admin', 'ListInstances', {}, 'management')).Instances,
  )
  const instance = instances[0]
  if (instance === undefined) return undefined
  const InstanceArn = str(instance.InstanceArn)
  const IdentityStoreId = str(instance.IdentityStoreId)
  const users = recs(await all(client, 'identitystore', 'ListUsers', { IdentityStoreId }, 'Users'))
  const userNames = new Map(users.map((u) => [str(u.UserId), str(u.UserName)]))
  const groups = recs(
    await all(client, 'identitystore', 'ListGroups', { IdentityStoreId }, 'Groups'),
  )
  const groupNames = new Map(groups.map((g) => [str(g.GroupId), str(g.DisplayName)]))
  const section: Rec = {}
  const userItems = users
    .map((u) => {
      const name = (u.Name ?? {}) as Rec
      const item: Rec = {
        userName: str(u.UserName),
        name: { givenName: str(name.GivenName), familyName: str(name.FamilyName) },
      }
      const shown = `${str(name.GivenName)} ${str(name.FamilyName)}`
      if (str(u.DisplayName) !== '' && str(u.DisplayName) !== shown)
        item.displayName = u.DisplayName
      const emails = recs(u.Emails).map((e) => {
        if (e.Type === undefined && e.Primary !== true) return str(e.Value)
        const out: Rec = { value: str(e.Value) }
        if (typeof e.Type === 'string') out.type = e.Type
        if (e.Primary === true) out.primary = true
        return out
      })
      if (emails.length > 0) item.emails = emails
      return item
    })
    .sort((a, b) => byText(str(a.userName), str(b.userName)))
  if (userItems.length > 0) section.users = userItems
  const groupItems: Rec[] = []
  for (const g of groups) {
    const memberships = recs(
      await all(
        client,
        'identitystore',
        'ListGroupMemberships',
        { IdentityStoreId, GroupId: g.GroupId },
        'GroupMemberships',
      ),
    )
    const item: Rec = { name: str(g.DisplayName) }
    if (str(g.Description) !== '') item.description = g.Description
    const members = memberships
      .map((m) => userNames.get(str((m.MemberId as Rec | undefined)?.UserId)) ?? '')
      .filter((n) => n !== '')
      .sort(byText)
    if (members.length > 0) item.members = members
    groupItems.push(item)
  }
  groupItems.sort((a, b) => byText(str(a.name), str(b.name)))
  if (groupItems.length > 0) section.groups = groupItems
  const accountNames = new Map(running.accounts.map((a) => [a.id, a.name]))
  const sets: Rec[] = []
  const assignments = new Map<string, { entry: Rec; accounts: string[] }>()
  const arns = (
    await all(client, 'sso-admin', 'ListPermissionSets', { InstanceArn }, 'PermissionSets')
  ).map(String)
  for (const PermissionSetArn of arns) {
    const input = { InstanceArn, PermissionSetArn }
    const ps = ((await client.call('sso-admin', 'DescribePermissionSet', input, 'management'))
      .PermissionSet ?? {}) as Rec
    const name = str(ps.Name)
    const item: Rec = { name }
    if (str(ps.Description) !== '') item.description = ps.Description
    if (str(ps.SessionDuration) !== '' && ps.SessionDuration !== 'PT1H')
      item.sessionDuration = ps.SessionDuration
    if (str(ps.RelayState) !== '') item.relayState = ps.RelayState
    const managed = recs(
      await all(
        client,
        'sso-admin',
        'ListManagedPoliciesInPermissionSet',
        input,
        'AttachedManagedPolicies',
      ),
    )
      .map((p) => (awsManagedPolicyByName(str(p.Name))?.arn === p.Arn ? str(p.Name) : str(p.Arn)))
      .sort(byText)
    if (managed.length > 0) item.managedPolicies = managed
    const customer = recs(
      await all(
        client,
        'sso-admin',
        'ListCustomerManagedPolicyReferencesInPermissionSet',
        input,
        'CustomerManagedPolicyReferences',
      ),
    )
      .map((r) =>
        `${str(r.Path) === '' ? '' : str(r.Path)}${str(r.Name)}`.replace(/^\/(?=[^/]*$)/, ''),
      )
      .sort(byText)
    if (customer.length > 0) item.customerManagedPolicies = customer
    const inline = str(
      (await client.call('sso-admin', 'GetInlinePolicyForPermissionSet', input, 'management'))
        .InlinePolicy,
    )
    if (inline !== '') item.inlinePolicy = fill(decodeDocument(inline))
    try {
      const b = ((
        await client.call(
          'sso-admin',
          'GetPermissionsBoundaryForPermissionSet',
          input,
          'management',
        )
      ).PermissionsBoundary ?? {}) as Rec
      if (typeof b.ManagedPolicyArn === 'string') item.permissionsBoundary = b.ManagedPolicyArn
      const ref = b.CustomerManagedPolicyReference as Rec | undefined
      if (ref !== undefined)
        item.permissionsBoundary = {
          customerManagedPolicy: `${str(ref.Path) === '/' ? '' : str(ref.Path)}${str(ref.Name)}`,
        }
    } catch (error) {
      if (errorCode(error) !== 'ResourceNotFoundException') throw error
    }
    const tags = recs(
      await all(
        client,
        'sso-admin',
        'ListTagsForResource',
        { InstanceArn, ResourceArn: PermissionSetArn },
        'Tags',
      ),
    ).sort((a, b) => byText(str(a.Key), str(b.Key)))
    if (tags.length > 0) item.tags = Object.fromEntries(tags.map((t) => [str(t.Key), str(t.Value)]))
    sets.push(item)
    const accountIds = (
      await all(client, 'sso-admin', 'ListAccountsForProvisionedPermissionSet', input, 'AccountIds')
    ).map(String)
    for (const AccountId of accountIds) {
      const list = recs(
        await all(
          client,
          'sso-admin',
          'ListAccountAssignments',
          { InstanceArn, AccountId, PermissionSetArn },
          'AccountAssignments',
        ),
      )
      for (const a of list) {
        const group = a.PrincipalType === 'GROUP'
        const principal = (group ? groupNames : userNames).get(str(a.PrincipalId))
        const account = accountNames.get(AccountId)
        if (principal === undefined || account === undefined) continue
        const key = `${group ? 'group' : 'user'}\u0000${principal}\u0000${name}`
        let found = assignments.get(key)
        if (found === undefined) {
          found = {
            entry: { [group ? 'group' : 'user']: principal, permissionSet: name },
            accounts: [],
          }
          assignments.set(key, found)
        }
        if (!found.accounts.includes(account)) found.accounts.push(account)
      }
    }
  }
  sets.sort((a, b) => byText(str(a.name), str(b.name)))
  if (sets.length > 0) section.permissionSets = sets
  const assignmentItems = [...assignments.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([, { entry, accounts }]) => ({ ...entry, accounts: accounts.sort(byText) }))
  if (assignmentItems.length > 0) section.assignments = assignmentItems
  return Object.keys(section).length === 0 ? undefined : section
}
