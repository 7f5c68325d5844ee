/**
 * Identity Center from an import directory's `sso-admin` and `identitystore` files (as the AWS CLI
 * prints them): the instance, users, groups with their members, permission sets and account
 * assignments. The roles assignments provision are the `AWSReservedSSO_<Name>_<hex>` roles that
 * each account's authorization details list under `/aws-reserved/sso.amazonaws.com/`; where an
 * assigned account's details lack it (IAM not collected, or collected before the provisioning),
 * the role is built from the permission set's own files (managed, customer managed and inline policies,
 * boundary), so the analysis sees what the assignment gives.
 */
import type {
  SnapshotAccount,
  SnapshotAssignment,
  SnapshotIdentityCenter,
  SnapshotProvisionedRole,
  SnapshotRole,
} from '../../analysis/index.ts'
import { IMPORT_LAYOUT, instanceIdOf, permissionSetIdOf } from './import-layout.ts'
import type { ImportIdentityCenterFiles } from './import-layout.ts'

/** A file whose content is not what the AWS CLI prints for its command. */
export class IdentityCenterImportError extends Error {}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function object(v: unknown, where: string): Json {
  if (!isObj(v)) throw new IdentityCenterImportError(`${where}: expected a JSON object`)
  return v
}

function list(v: Json, key: string, where: string): Json[] {
  const value = v[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every(isObj))
    throw new IdentityCenterImportError(`${where}: '${key}' must be a list of objects`)
  return value
}

function required(v: Json, key: string, where: string): string {
  const value = v[key]
  if (typeof value !== 'string')
    throw new IdentityCenterImportError(`${where}: '${key}' is missing`)
  return value
}

const RESERVED_PATH = '/aws-reserved/sso.amazonaws.com/'
/** The trust policy a role built from a permission set gets: Identity Center only. */
const RESERVED_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'sso.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
})

/** The Identity Center snapshot, and roles built for assignments whose account lacks them. */
export interface ImportedIdentityCenter {
  readonly identityCenter: SnapshotIdentityCenter | undefined
  /** By account id: roles to add to that account. */
  readonly builtRoles: ReadonlyMap<string, readonly SnapshotRole[]>
}

/** Reads Identity Center from the files; undefined without a `list-instances` file. */
export function identityCenterFromImport(
  files: ImportIdentityCenterFiles | undefined,
  accounts: readonly SnapshotAccount[],
): ImportedIdentityCenter {
  const builtRoles = new Map<string, SnapshotRole[]>()
  if (files?.listInstances === undefined) return { identityCenter: undefined, builtRoles }
  const instancesAt = IMPORT_LAYOUT.listInstances
  const instance = list(object(files.listInstances, instancesAt), 'Instances', instancesAt)[0]
  if (instance === undefined) return { identityCenter: undefined, builtRoles }
  const instanceArn = required(instance, 'InstanceArn', instancesAt)
  const storeId = required(instance, 'IdentityStoreId', instancesAt)

  const usersAt = IMPORT_LAYOUT.users(storeId)
  const usersFile = files.users.get(storeId)
  const users =
    usersFile === undefined
      ? []
      : list(object(usersFile, usersAt), 'Users', usersAt).map((u) => ({
          id: required(u, 'UserId', usersAt),
          userName: required(u, 'UserName', usersAt),
        }))
  const groupsAt = IMPORT_LAYOUT.groups(storeId)
  const groupsFile = files.groups.get(storeId)
  const groups =
    groupsFile === undefined
      ? []
      : list(object(groupsFile, groupsAt), 'Groups', groupsAt).map((g) => {
          const id = required(g, 'GroupId', groupsAt)
          const at = IMPORT_LAYOUT.groupMemberships(id)
          const members = files.groupMemberships.get(id)
          return {
            id,
            displayName: str(g.DisplayName) ?? id,
            memberIds:
              members === undefined
                ? []
                : list(object(members, at), 'GroupMemberships', at)
                    .map((m) => (isObj(m.MemberId) ? str(m.MemberId.UserId) : undefined))
                    .filter((id): id is string => id !== undefined),
          }
        })

  const setsAt = IMPORT_LAYOUT.permissionSets(instanceIdOf(instanceArn))
  const setsFile = files.permissionSets.get(instanceIdOf(instanceArn))
  const setArns = setsFile === undefined ? [] : arnList(object(setsFile, setsAt), setsAt)
  const permissionSets = setArns.map((arn) => {
    const id = permissionSetIdOf(arn)
    const at = IMPORT_LAYOUT.describePermissionSet(id)
    const described = files.describePermissionSet.get(id)
    const set = described === undefined ? {} : object(object(described, at).PermissionSet, at)
    return { arn, name: str(set.Name) ?? id }
  })
  const nameOf = new Map(permissionSets.map((p) => [p.arn, p.name]))

  const assignments: SnapshotAssignment[] = []
  for (const [key, content] of files.accountAssignments) {
    const at = `sso-admin/list-account-assignments/${key}.json`
    for (const a of list(object(content, at), 'AccountAssignments', at)) {
      const principalType = required(a, 'PrincipalType', at)
      if (principalType !== 'USER' && principalType !== 'GROUP')
        throw new IdentityCenterImportError(`${at}: PrincipalType '${principalType}' is unknown`)
      assignments.push({
        accountId: required(a, 'AccountId', at),
        permissionSetArn: required(a, 'PermissionSetArn', at),
        principalType,
        principalId: required(a, 'PrincipalId', at),
      })
    }
  }

  const provisionedRoles: SnapshotProvisionedRole[] = []
  const done = new Set<string>()
  for (const a of assignments) {
    const key = `${a.permissionSetArn}\n${a.accountId}`
    if (done.has(key)) continue
    done.add(key)
    const account = accounts.find((x) => x.id === a.accountId)
    const name = nameOf.get(a.permissionSetArn)
    if (account === undefined || name === undefined) continue
    const prefix = `AWSReservedSSO_${name}_`
    let role = account.iam.roles.find(
      (r) => r.name.startsWith(prefix) && r.path.startsWith(RESERVED_PATH),
    )
    if (role === undefined) {
      // Not in the account's details (IAM not collected, or not provisioned when it was): the
      // role the assignment provisions, from the permission set's files.
      role = builtRole(files, a.permissionSetArn, name, a.accountId)
      builtRoles.set(a.accountId, [...(builtRoles.get(a.accountId) ?? []), role])
    }
    if (role !== undefined)
      provisionedRoles.push({
        permissionSetArn: a.permissionSetArn,
        accountId: a.accountId,
        roleArn: role.arn,
      })
  }
  return {
    identityCenter: {
      instanceArn,
      identityStoreId: storeId,
      users,
      groups,
      permissionSets,
      assignments,
      provisionedRoles,
    },
    builtRoles,
  }
}

/** `PermissionSets` of list-permission-sets: a list of ARNs. */
function arnList(v: Json, where: string): string[] {
  const value = v.PermissionSets
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string'))
    throw new IdentityCenterImportError(`${where}: 'PermissionSets' must be a list of ARNs`)
  return value
}

/** The role a permission set provisions in an account, from its files. */
function builtRole(
  files: ImportIdentityCenterFiles,
  arn: string,
  name: string,
  accountId: string,
): SnapshotRole {
  const id = permissionSetIdOf(arn)
  const customer = (r: Json) =>
    `arn:aws:iam::${accountId}:policy${str(r.Path) ?? '/'}${str(r.Name) ?? ''}`
  const managedAt = IMPORT_LAYOUT.managedPolicies(id)
  const managed = files.managedPolicies.get(id)
  const customerAt = IMPORT_LAYOUT.customerPolicies(id)
  const customers = files.customerPolicies.get(id)
  const inlineFile = files.inlinePolicy.get(id)
  const inline =
    inlineFile === undefined
      ? undefined
      : str(object(inlineFile, IMPORT_LAYOUT.inlinePolicy(id)).InlinePolicy)
  const boundaryFile = files.permissionsBoundary.get(id)
  const boundary =
    boundaryFile === undefined
      ? undefined
      : object(
          object(boundaryFile, IMPORT_LAYOUT.permissionsBoundary(id)).PermissionsBoundary,
          IMPORT_LAYOUT.permissionsBoundary(id),
        )
  const roleName = `AWSReservedSSO_${name}_${id.replace(/^ps-/, '').padEnd(16, '0').slice(0, 16)}`
  return {
    name: roleName,
    arn: `arn:aws:iam::${accountId}:role${RESERVED_PATH}${roleName}`,
    id: '',
    path: RESERVED_PATH,
    trustPolicy: RESERVED_TRUST,
    inlinePolicies:
      inline === undefined || inline.trim() === ''
        ? []
        : [{ name: 'AwsSSOInlinePolicy', document: inline }],
    attachedPolicies: [
      ...(managed === undefined
        ? []
        : list(object(managed, managedAt), 'AttachedManagedPolicies', managedAt).map((p) =>
            required(p, 'Arn', managedAt),
          )),
      ...(customers === undefined
        ? []
        : list(object(customers, customerAt), 'CustomerManagedPolicyReferences', customerAt).map(
            customer,
          )),
    ],
    permissionsBoundary:
      boundary === undefined
        ? undefined
        : (str(boundary.ManagedPolicyArn) ??
          (isObj(boundary.CustomerManagedPolicyReference)
            ? customer(boundary.CustomerManagedPolicyReference)
            : undefined)),
    tags: {},
    instanceProfiles: [],
  }
}
