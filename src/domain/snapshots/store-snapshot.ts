/**
 * An organization snapshot read from a server's store through the domain's storage ports
 * (Organizations, IAM, sso-admin, identity store). Reads only.
 */
import type {
  OrganizationSnapshot,
  SnapshotAccount,
  SnapshotAssignment,
  SnapshotIdentityCenter,
  SnapshotManagedPolicy,
  SnapshotOrgPolicy,
  SnapshotOu,
  SnapshotRole,
} from '../../analysis/index.ts'
import type { IamStore } from '../iam/iam-store.ts'
import type { InstanceProfileStore } from '../iam/instance-profile-store.ts'
import type { IamSecurityStore } from '../iam/security/iam-security-store.ts'
import { awsManagedPolicy, isAwsManagedArn } from '../iam/aws-managed-policies.ts'
import { allTags, readAllPages, tagMap } from '../iam/iam-store-reads.ts'
import type { SsoAdminStore } from '../identity-center/sso-admin/sso-admin-store.ts'
import type { IdentityStoreStore } from '../identity-center/identity-store/identity-store-store.ts'
import { readAll } from '../organizations/org-tree.ts'
import type { OrganizationsStore } from '../organizations/organizations-store.ts'
import { enabledPolicyTypes } from '../organizations/policy-type-switch.ts'

/** The stores a snapshot is read from; Identity Center is optional. */
export interface SnapshotStores {
  readonly organizations: OrganizationsStore
  readonly iam: IamStore
  /** The instance profiles holding each role; without it, roles' profiles are unknown. */
  readonly instanceProfiles?: InstanceProfileStore | undefined
  /** Login profiles and MFA devices; without it, users' console passwords and MFA are unknown. */
  readonly security?: IamSecurityStore | undefined
  readonly ssoAdmin?: SsoAdminStore | undefined
  readonly identityStore?: IdentityStoreStore | undefined
}

/** Reads the (first) organization of a store, with every account's IAM and Identity Center. */
export async function loadStoreSnapshot(
  stores: SnapshotStores,
  source = 'store',
): Promise<OrganizationSnapshot> {
  const orgs = stores.organizations
  const organization = (await orgs.listOrganizations())[0]
  if (organization === undefined) {
    return {
      source,
      organization: undefined,
      organizationalUnits: [],
      accounts: [],
      organizationPolicies: [],
      managedPolicies: [],
      identityCenter: undefined,
    }
  }
  const root = (await readAll((page) => orgs.listRoots(organization.id, page)))[0]
  const enabled = root === undefined ? [] : await enabledPolicyTypes(orgs, root.id)
  const ous: SnapshotOu[] = []
  const queue = root === undefined ? [] : [root.id]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const ou of await readAll((p) => orgs.listOrganizationalUnitsForParent(parent, p))) {
      ous.push({ id: ou.id, name: ou.name, parentId: parent })
      queue.push(ou.id)
    }
  }
  const policies: SnapshotOrgPolicy[] = []
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    for (const summary of await readAll((p) => orgs.listPolicies(organization.id, type, p))) {
      const policy = await orgs.getPolicy(summary.id)
      if (policy === undefined) continue
      const targets = await readAll((p) => orgs.listTargetsForPolicy(summary.id, p))
      policies.push({
        id: policy.id,
        name: policy.name,
        type: type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp',
        document: policy.content,
        targets: targets.map((t) => t.targetId),
      })
    }
  }
  const referenced = new Set<string>()
  const accounts: SnapshotAccount[] = []
  for (const account of await readAll((p) => orgs.listAccounts(organization.id, p))) {
    const rootKeys = await readAllPages((p) => stores.iam.listAccessKeys(account.id, null, p))
    accounts.push({
      id: account.id,
      name: account.name,
      parentId: account.parentId,
      iam: await accountIam(stores, account.id, referenced),
      rootAccessKeys: rootKeys.filter((k) => k.status === 'Active').map((k) => k.accessKeyId),
    })
  }
  const managedPolicies: SnapshotManagedPolicy[] = []
  for (const arn of referenced) {
    const p = await managedPolicy(stores.iam, arn)
    if (p !== undefined) managedPolicies.push(p)
  }
  return {
    source,
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      rootId: root?.id ?? '',
      scpEnabled: enabled.includes('SERVICE_CONTROL_POLICY'),
      rcpEnabled: enabled.includes('RESOURCE_CONTROL_POLICY'),
    },
    organizationalUnits: ous,
    accounts,
    organizationPolicies: policies,
    managedPolicies,
    identityCenter: await identityCenter(stores, organization.managementAccountId, accounts),
  }
}

async function accountIam(stores: SnapshotStores, accountId: string, referenced: Set<string>) {
  const store = stores.iam
  const profiles = stores.instanceProfiles
  const security = stores.security
  const consoleOf = async (userId: string) => {
    if (security === undefined) return {}
    const login = await security.getLoginProfile(accountId, userId)
    const mfa = await readAllPages((p) => security.listMfaDevicesForUser(accountId, userId, p))
    return { consolePassword: login !== undefined, mfaDevices: mfa.length }
  }
  const profilesOf = async (roleId: string): Promise<string[] | undefined> => {
    if (profiles === undefined) return undefined
    const list = await readAllPages((p) => profiles.listInstanceProfilesForRole(roleId, p))
    return list.map((p) => p.arn)
  }
  const attached = async (type: 'user' | 'group' | 'role', id: string) => {
    const arns = await readAllPages((p) => store.listAttachedPolicyArns({ type, id }, p))
    for (const arn of arns) referenced.add(arn)
    return arns
  }
  const inline = async (type: 'user' | 'group' | 'role', id: string) =>
    (await store.listInlinePolicies({ type, id })).map((p) => ({
      name: p.name,
      document: p.document,
    }))
  const boundary = (arn: string | null) => {
    if (arn === null) return undefined
    referenced.add(arn)
    return arn
  }
  const users = []
  for (const u of await readAllPages((p) => store.listUsers(accountId, {}, p))) {
    const groups = await readAllPages((p) => store.listGroupsForUser(u.id, p))
    users.push({
      name: u.name,
      arn: u.arn,
      id: u.id,
      path: u.path,
      groups: groups.map((g) => g.name),
      inlinePolicies: await inline('user', u.id),
      attachedPolicies: await attached('user', u.id),
      permissionsBoundary: boundary(u.permissionsBoundaryArn),
      tags: tagMap(await allTags(store, u.id)),
      ...(await consoleOf(u.id)),
    })
  }
  const groups = []
  for (const g of await readAllPages((p) => store.listGroups(accountId, {}, p))) {
    groups.push({
      name: g.name,
      arn: g.arn,
      id: g.id,
      path: g.path,
      inlinePolicies: await inline('group', g.id),
      attachedPolicies: await attached('group', g.id),
    })
  }
  const roles: SnapshotRole[] = []
  for (const r of await readAllPages((p) => store.listRoles(accountId, {}, p))) {
    roles.push({
      name: r.name,
      arn: r.arn,
      id: r.id,
      path: r.path,
      trustPolicy: r.trustPolicy,
      inlinePolicies: await inline('role', r.id),
      attachedPolicies: await attached('role', r.id),
      permissionsBoundary: boundary(r.permissionsBoundaryArn),
      tags: tagMap(await allTags(store, r.id)),
      instanceProfiles: await profilesOf(r.id),
    })
  }
  return { users, groups, roles }
}

async function managedPolicy(
  store: IamStore,
  arn: string,
): Promise<SnapshotManagedPolicy | undefined> {
  if (isAwsManagedArn(arn)) {
    const p = awsManagedPolicy(arn)
    if (p === undefined) return undefined
    return {
      arn,
      name: p.name,
      accountId: 'aws',
      defaultVersionId: p.defaultVersionId,
      versions: p.versions.map((v) => ({ versionId: v.versionId, document: v.document })),
    }
  }
  const p = await store.getManagedPolicy(arn)
  if (p === undefined) return undefined
  const versions = await store.listPolicyVersions(arn)
  return {
    arn,
    name: p.name,
    accountId: p.accountId,
    defaultVersionId: p.defaultVersionId,
    versions: versions.map((v) => ({ versionId: v.versionId, document: v.document })),
  }
}

async function identityCenter(
  stores: SnapshotStores,
  managementAccountId: string,
  accounts: readonly SnapshotAccount[],
): Promise<SnapshotIdentityCenter | undefined> {
  const { ssoAdmin, identityStore } = stores
  if (ssoAdmin === undefined || identityStore === undefined) return undefined
  const instance = await ssoAdmin.getInstanceByManagementAccount(managementAccountId)
  if (instance === undefined) return undefined
  const isid = instance.identityStoreId
  const users = await readAllPages((p) => identityStore.listUsers(isid, {}, p))
  const groups = []
  for (const g of await readAllPages((p) => identityStore.listGroups(isid, {}, p))) {
    const members = await readAllPages((p) =>
      identityStore.listMembershipsOfGroup(isid, g.groupId, p),
    )
    groups.push({
      id: g.groupId,
      displayName: g.displayName,
      memberIds: members.map((m) => m.userId),
    })
  }
  const sets = await readAllPages((p) => ssoAdmin.listPermissionSets(instance.instanceArn, p))
  const assignments: SnapshotAssignment[] = []
  const provisionedRoles = []
  for (const account of accounts) {
    const roleArns = new Map(account.iam.roles.map((r) => [r.name, r.arn]))
    for (const set of sets) {
      const listed = await readAllPages((p) =>
        ssoAdmin.listAssignments(instance.instanceArn, account.id, set.arn, p),
      )
      for (const a of listed) {
        assignments.push({
          accountId: a.accountId,
          permissionSetArn: a.permissionSetArn,
          principalType: a.principalType,
          principalId: a.principalId,
        })
      }
    }
    const provisioned = await readAllPages((p) =>
      ssoAdmin.listProvisionedToAccount(instance.instanceArn, account.id, undefined, p),
    )
    for (const p of provisioned) {
      const roleArn = roleArns.get(p.roleName)
      if (roleArn !== undefined) {
        provisionedRoles.push({
          permissionSetArn: p.permissionSetArn,
          accountId: p.accountId,
          roleArn,
        })
      }
    }
  }
  return {
    instanceArn: instance.instanceArn,
    identityStoreId: isid,
    users: users.map((u) => ({ id: u.userId, userName: u.userName })),
    groups,
    permissionSets: sets.map((s) => ({ arn: s.arn, name: s.name })),
    assignments,
    provisionedRoles,
  }
}
