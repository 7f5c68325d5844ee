/**
 * The Identity Center assignments `xaccess aws-config` writes profiles for, read through the
 * sso-admin, identitystore and organizations APIs: every (account, permission set) pair that has
 * an assignment in the organization, or only those of one user (directly or through a group).
 */
import { AwsCallError, type AwsJsonClient } from './aws-json-client.ts'

/** The Identity Center instance of the caller's organization. */
export interface SsoInstance {
  readonly instanceArn: string
  readonly identityStoreId: string
}

/** One account and permission set a profile is written for. */
export interface SsoAssignment {
  readonly accountId: string
  readonly accountName: string
  readonly permissionSetArn: string
  readonly permissionSetName: string
  /** Whom it is assigned to, for the printout: `user alice`, `group Developers`, … */
  readonly assignedTo: readonly string[]
}

/** Raised for a missing instance or user; the message says what is wrong. */
export class AssignmentLookupError extends Error {
  override readonly name = 'AssignmentLookupError'
}

interface Assignment {
  readonly AccountId: string
  readonly PermissionSetArn: string
  readonly PrincipalType: 'USER' | 'GROUP'
  readonly PrincipalId: string
}

/** The organization's Identity Center instance (the first ListInstances returns). */
export async function findInstance(client: AwsJsonClient): Promise<SsoInstance> {
  const instances = await client.all<{ InstanceArn: string; IdentityStoreId: string }>(
    'sso-admin',
    'ListInstances',
    {},
    'Instances',
  )
  const first = instances[0]
  if (first === undefined) {
    throw new AssignmentLookupError(
      `no IAM Identity Center instance at ${client.endpoint}: ListInstances returned none`,
    )
  }
  return { instanceArn: first.InstanceArn, identityStoreId: first.IdentityStoreId }
}

/** The id of the identity-store user named `userName`. */
export async function findUserId(
  client: AwsJsonClient,
  identityStoreId: string,
  userName: string,
): Promise<string> {
  try {
    const found = await client.call('identitystore', 'GetUserId', {
      IdentityStoreId: identityStoreId,
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName },
      },
    })
    return String(found.UserId)
  } catch (e) {
    if (e instanceof AwsCallError && e.code === 'ResourceNotFoundException') {
      throw new AssignmentLookupError(
        `no user named '${userName}' in identity store ${identityStoreId}`,
      )
    }
    throw e
  }
}

/**
 * The assignments to write profiles for, sorted by account name then permission set name.
 * With `userName`, those of that user and of the groups they belong to; else all of them.
 */
export async function listAssignments(
  client: AwsJsonClient,
  instance: SsoInstance,
  userName?: string,
): Promise<SsoAssignment[]> {
  const raw =
    userName === undefined
      ? await allAssignments(client, instance)
      : await userAssignments(client, instance, userName)
  const accountNames = await accountNamesOf(client)
  const label = principalLabels(client, instance.identityStoreId)
  const setNames = new Map<string, string>()
  const byPair = new Map<string, { a: Assignment; to: string[] }>()
  for (const a of raw) {
    const key = `${a.AccountId} ${a.PermissionSetArn}`
    const entry = byPair.get(key) ?? { a, to: [] }
    entry.to.push(await label(a.PrincipalType, a.PrincipalId))
    byPair.set(key, entry)
  }
  const out: SsoAssignment[] = []
  for (const { a, to } of byPair.values()) {
    let name = setNames.get(a.PermissionSetArn)
    if (name === undefined) {
      const described = await client.call('sso-admin', 'DescribePermissionSet', {
        InstanceArn: instance.instanceArn,
        PermissionSetArn: a.PermissionSetArn,
      })
      name = String(described.PermissionSet?.Name ?? a.PermissionSetArn.split('/').pop())
      setNames.set(a.PermissionSetArn, name)
    }
    out.push({
      accountId: a.AccountId,
      accountName: accountNames.get(a.AccountId) ?? a.AccountId,
      permissionSetArn: a.PermissionSetArn,
      permissionSetName: name,
      assignedTo: to,
    })
  }
  return out.sort(
    (x, y) =>
      x.accountName.localeCompare(y.accountName) ||
      x.permissionSetName.localeCompare(y.permissionSetName),
  )
}

async function allAssignments(client: AwsJsonClient, instance: SsoInstance) {
  const out: Assignment[] = []
  const InstanceArn = instance.instanceArn
  const sets = await client.all<string>(
    'sso-admin',
    'ListPermissionSets',
    { InstanceArn },
    'PermissionSets',
  )
  for (const PermissionSetArn of sets) {
    const accounts = await client.all<string>(
      'sso-admin',
      'ListAccountsForProvisionedPermissionSet',
      { InstanceArn, PermissionSetArn },
      'AccountIds',
    )
    for (const AccountId of accounts) {
      out.push(
        ...(await client.all<Assignment>(
          'sso-admin',
          'ListAccountAssignments',
          { InstanceArn, AccountId, PermissionSetArn },
          'AccountAssignments',
        )),
      )
    }
  }
  return out
}

async function userAssignments(client: AwsJsonClient, instance: SsoInstance, userName: string) {
  const userId = await findUserId(client, instance.identityStoreId, userName)
  const memberships = await client.all<{ GroupId: string }>(
    'identitystore',
    'ListGroupMembershipsForMember',
    { IdentityStoreId: instance.identityStoreId, MemberId: { UserId: userId } },
    'GroupMemberships',
  )
  const principals: Array<['USER' | 'GROUP', string]> = [
    ['USER', userId],
    ...memberships.map((m): ['GROUP', string] => ['GROUP', m.GroupId]),
  ]
  const out: Assignment[] = []
  for (const [PrincipalType, PrincipalId] of principals) {
    const page = await client.all<Assignment>(
      'sso-admin',
      'ListAccountAssignmentsForPrincipal',
      { InstanceArn: instance.instanceArn, PrincipalType, PrincipalId },
      'AccountAssignments',
    )
    out.push(...page.map((a) => ({ ...a, PrincipalType, PrincipalId })))
  }
  return out
}

/** `user NAME` / `group NAME` of a principal (its id when it cannot be described), cached. */
function principalLabels(client: AwsJsonClient, identityStoreId: string) {
  const cache = new Map<string, Promise<string>>()
  const describe = async (type: 'USER' | 'GROUP', id: string) => {
    try {
      if (type === 'USER') {
        const user = await client.call('identitystore', 'DescribeUser', {
          IdentityStoreId: identityStoreId,
          UserId: id,
        })
        return `user ${String(user.UserName ?? id)}`
      }
      const group = await client.call('identitystore', 'DescribeGroup', {
        IdentityStoreId: identityStoreId,
        GroupId: id,
      })
      return `group ${String(group.DisplayName ?? id)}`
    } catch (e) {
      if (e instanceof AwsCallError) return `${type.toLowerCase()} ${id}`
      throw e
    }
  }
  return (type: 'USER' | 'GROUP', id: string): Promise<string> => {
    let label = cache.get(`${type} ${id}`)
    if (label === undefined) {
      label = describe(type, id)
      cache.set(`${type} ${id}`, label)
    }
    return label
  }
}

/** Account names by id; an empty map when the caller may not list the organization's accounts. */
async function accountNamesOf(client: AwsJsonClient): Promise<Map<string, string>> {
  try {
    const accounts = await client.all<{ Id: string; Name: string }>(
      'organizations',
      'ListAccounts',
      {},
      'Accounts',
    )
    return new Map(accounts.map((a) => [a.Id, a.Name]))
  } catch (e) {
    if (e instanceof AwsCallError && e.status < 500) return new Map()
    throw e
  }
}
