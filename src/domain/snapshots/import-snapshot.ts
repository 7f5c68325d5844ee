/**
 * An organization snapshot from an AWS import directory's files (see `import-layout.ts`), pure:
 * what `aws iam get-account-authorization-details` printed per account and what the Organizations
 * listings printed for the management account. Any part may be absent: a single account's
 * authorization details alone give that account outside any organization.
 *
 * Policy documents come as the CLI prints them (JSON objects) or as the raw API returns them
 * (RFC 3986 URL-encoded JSON text); both are read. SCPs (RCPs) apply when the root has the policy
 * type enabled and the import lists that type's policies; a policy listed without its
 * `describe-policy` file is left out. AWS-managed policies an entity names but the details omit
 * come from the AWS-managed policy catalogue. Identity Center comes from the `sso-admin` and
 * `identitystore` listings (see `import-identity-center.ts`).
 */
import type {
  OrganizationSnapshot,
  SnapshotAccount,
  SnapshotInlinePolicy,
  SnapshotManagedPolicy,
  SnapshotOrgPolicy,
  SnapshotOu,
  SnapshotRole,
  SnapshotUser,
  SnapshotGroup,
} from '../../analysis/index.ts'
import { awsManagedPolicy } from '../iam/aws-managed-policies.ts'
import { identityCenterFromImport } from './import-identity-center.ts'
import { IMPORT_POLICY_TYPES, type ImportFiles } from './import-layout.ts'

/** A file whose content is not what the AWS CLI prints for its command. */
export class ImportFormatError extends Error {}

type Json = Record<string, unknown>

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The object `v`, or an error naming the file and what was expected. */
function object(v: unknown, where: string): Json {
  if (!isObj(v)) throw new ImportFormatError(`${where}: expected a JSON object`)
  return v
}

/** The list at `key` of `v` (empty when absent); an error when it is not a list of objects. */
function list(v: Json, key: string, where: string): Json[] {
  const value = v[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every(isObj))
    throw new ImportFormatError(`${where}: '${key}' must be a list of objects`)
  return value
}

/** The string at `key`; an error naming the file when it is missing. */
function required(v: Json, key: string, where: string): string {
  const value = v[key]
  if (typeof value !== 'string') throw new ImportFormatError(`${where}: '${key}' is missing`)
  return value
}

/**
 * A policy document as JSON text: the CLI prints documents as objects, the raw API as URL-encoded
 * text.
 * @example
 * policyText('%7B%22Version%22%3A%222012-10-17%22%7D') // '{"Version":"2012-10-17"}'
 */
export function policyText(v: unknown, where: string): string {
  if (isObj(v)) return JSON.stringify(v)
  if (typeof v !== 'string') throw new ImportFormatError(`${where}: a policy document is missing`)
  const trimmed = v.trim()
  if (trimmed.startsWith('{')) return trimmed
  try {
    return decodeURIComponent(trimmed)
  } catch {
    throw new ImportFormatError(`${where}: a policy document is neither JSON nor URL-encoded JSON`)
  }
}

const tagsOf = (v: Json, where: string): Record<string, string> =>
  Object.fromEntries(list(v, 'Tags', where).map((t) => [String(t.Key), String(t.Value ?? '')]))

const inlineOf = (v: Json, key: string, where: string): SnapshotInlinePolicy[] =>
  list(v, key, where).map((p) => ({
    name: required(p, 'PolicyName', where),
    document: policyText(p.PolicyDocument, `${where}: ${String(p.PolicyName)}`),
  }))

const attachedOf = (v: Json, where: string): string[] =>
  list(v, 'AttachedManagedPolicies', where).map((p) => required(p, 'PolicyArn', where))

const boundaryOf = (v: Json): string | undefined =>
  isObj(v.PermissionsBoundary) ? str(v.PermissionsBoundary.PermissionsBoundaryArn) : undefined

/** What one account's get-account-authorization-details gives: IAM and its managed policies. */
function readAuthorizationDetails(
  accountId: string,
  details: unknown,
  managed: Map<string, SnapshotManagedPolicy>,
): SnapshotAccount['iam'] {
  const where = `accounts/${accountId}/get-account-authorization-details.json`
  const d = object(details, where)
  for (const p of list(d, 'Policies', where)) {
    const arn = required(p, 'Arn', where)
    // An AWS-managed policy repeats in every account that attaches it: the first copy is kept.
    if (managed.has(arn)) continue
    const versions = list(p, 'PolicyVersionList', where).map((v) => ({
      versionId: required(v, 'VersionId', where),
      document: policyText(v.Document, `${where}: ${arn} ${String(v.VersionId)}`),
    }))
    const defaultVersionId =
      str(p.DefaultVersionId) ??
      str(
        list(p, 'PolicyVersionList', where).find((v) => v.IsDefaultVersion === true)?.VersionId,
      ) ??
      'v1'
    const account = /^arn:[^:]+:iam::([^:]*):/.exec(arn)?.[1] ?? accountId
    managed.set(arn, {
      arn,
      name: required(p, 'PolicyName', where),
      accountId: account,
      defaultVersionId,
      versions,
    })
  }
  const users: SnapshotUser[] = list(d, 'UserDetailList', where).map((u) => ({
    name: required(u, 'UserName', where),
    arn: required(u, 'Arn', where),
    id: str(u.UserId) ?? '',
    path: str(u.Path) ?? '/',
    groups: Array.isArray(u.GroupList) ? u.GroupList.map(String) : [],
    inlinePolicies: inlineOf(u, 'UserPolicyList', where),
    attachedPolicies: attachedOf(u, where),
    permissionsBoundary: boundaryOf(u),
    tags: tagsOf(u, where),
  }))
  const groups: SnapshotGroup[] = list(d, 'GroupDetailList', where).map((g) => ({
    name: required(g, 'GroupName', where),
    arn: required(g, 'Arn', where),
    id: str(g.GroupId) ?? '',
    path: str(g.Path) ?? '/',
    inlinePolicies: inlineOf(g, 'GroupPolicyList', where),
    attachedPolicies: attachedOf(g, where),
  }))
  const roles: SnapshotRole[] = list(d, 'RoleDetailList', where).map((r) => ({
    name: required(r, 'RoleName', where),
    arn: required(r, 'Arn', where),
    id: str(r.RoleId) ?? '',
    path: str(r.Path) ?? '/',
    trustPolicy: policyText(r.AssumeRolePolicyDocument, `${where}: ${String(r.RoleName)}`),
    inlinePolicies: inlineOf(r, 'RolePolicyList', where),
    attachedPolicies: attachedOf(r, where),
    permissionsBoundary: boundaryOf(r),
    tags: tagsOf(r, where),
    instanceProfiles: list(r, 'InstanceProfileList', where).map((p) => required(p, 'Arn', where)),
  }))
  return { users, groups, roles }
}

/** The organization's id and management account from describe-organization, else the root's ARN. */
function organizationOf(
  files: ImportFiles,
): { id: string; managementAccountId: string; root: Json | undefined } | undefined {
  const org =
    files.describeOrganization === undefined
      ? undefined
      : object(
          object(files.describeOrganization, 'organizations/describe-organization.json')
            .Organization,
          'organizations/describe-organization.json: Organization',
        )
  const root =
    files.listRoots === undefined
      ? undefined
      : list(object(files.listRoots, 'organizations/list-roots.json'), 'Roots', 'list-roots')[0]
  // arn:aws:organizations::MANAGEMENT:root/o-ID/r-ID
  const rootArn = /^arn:[^:]+:organizations::(\d{12}):root\/(o-[^/]+)\//.exec(str(root?.Arn) ?? '')
  const id = str(org?.Id) ?? rootArn?.[2]
  const managementAccountId = str(org?.MasterAccountId) ?? rootArn?.[1]
  if (id === undefined || managementAccountId === undefined) return undefined
  return { id, managementAccountId, root }
}

/** Builds the snapshot of an import directory's files. */
export function snapshotFromImport(files: ImportFiles): OrganizationSnapshot {
  const org = organizationOf(files)
  const rootId =
    str(org?.root?.Id) ?? [...files.ousForParent.keys()].find((k) => k.startsWith('r-'))
  // The tree, parents before children, from the root down; then any parent the walk missed.
  const ous: SnapshotOu[] = []
  const parents: string[] = rootId === undefined ? [] : [rootId]
  const seen = new Set(parents)
  const walk = (parent: string) => {
    const listing = files.ousForParent.get(parent)
    if (listing === undefined) return
    const where = `organizations/list-organizational-units-for-parent/${parent}.json`
    for (const ou of list(object(listing, where), 'OrganizationalUnits', where)) {
      const id = required(ou, 'Id', where)
      if (seen.has(id)) continue
      seen.add(id)
      ous.push({ id, name: str(ou.Name) ?? id, parentId: parent })
      parents.push(id)
    }
  }
  for (let i = 0; i < parents.length; i++) walk(parents[i]!)
  for (const parent of files.ousForParent.keys()) {
    if (!seen.has(parent)) {
      seen.add(parent)
      parents.push(parent)
      for (let i = parents.length - 1; i < parents.length; i++) walk(parents[i]!)
    }
  }
  const placed = new Map<string, { name: string; parentId: string }>()
  for (const parent of [...parents, ...files.accountsForParent.keys()]) {
    const listing = files.accountsForParent.get(parent)
    if (listing === undefined) continue
    const where = `organizations/list-accounts-for-parent/${parent}.json`
    for (const a of list(object(listing, where), 'Accounts', where)) {
      const id = required(a, 'Id', where)
      if (!placed.has(id)) placed.set(id, { name: str(a.Name) ?? id, parentId: parent })
    }
  }
  const managed = new Map<string, SnapshotManagedPolicy>()
  const accountIds = [...placed.keys()]
  if (org !== undefined && !placed.has(org.managementAccountId))
    accountIds.unshift(org.managementAccountId)
  const listedIds = new Set(accountIds)
  for (const id of files.authorizationDetails.keys()) if (!listedIds.has(id)) accountIds.push(id)
  const listed: SnapshotAccount[] = accountIds.map((id) => {
    const details = files.authorizationDetails.get(id)
    return {
      id,
      name: placed.get(id)?.name ?? id,
      parentId: placed.get(id)?.parentId ?? (org !== undefined ? rootId : undefined),
      iam:
        details === undefined
          ? { users: [], groups: [], roles: [] }
          : readAuthorizationDetails(id, details, managed),
    }
  })
  const ic = identityCenterFromImport(files.identityCenter, listed)
  const accounts = listed.map((a) => {
    const built = ic.builtRoles.get(a.id)
    return built === undefined ? a : { ...a, iam: { ...a.iam, roles: [...a.iam.roles, ...built] } }
  })
  // AWS-managed policies named but not in the details: from the catalogue.
  for (const a of accounts) {
    const entities = [...a.iam.users, ...a.iam.groups, ...a.iam.roles]
    const named = entities.flatMap((e) => [
      ...e.attachedPolicies,
      ...('permissionsBoundary' in e && typeof e.permissionsBoundary === 'string'
        ? [e.permissionsBoundary]
        : []),
    ])
    for (const arn of named) {
      if (managed.has(arn)) continue
      const p = awsManagedPolicy(arn)
      if (p === undefined) continue
      managed.set(arn, {
        arn,
        name: p.name,
        accountId: 'aws',
        defaultVersionId: p.defaultVersionId,
        versions: p.versions.map((v) => ({ versionId: v.versionId, document: v.document })),
      })
    }
  }
  const enabledOnRoot = (type: string): boolean => {
    if (org?.root === undefined) return true
    return list(org.root, 'PolicyTypes', 'organizations/list-roots.json').some(
      (t) => t.Type === type && t.Status === 'ENABLED',
    )
  }
  const enabled = (type: (typeof IMPORT_POLICY_TYPES)[number]) =>
    org !== undefined && files.listPolicies.has(type) && enabledOnRoot(type)
  const policies: SnapshotOrgPolicy[] = []
  const policyIds = new Set<string>()
  for (const type of IMPORT_POLICY_TYPES) {
    const listing = files.listPolicies.get(type)
    if (listing === undefined || !enabled(type)) continue
    const where = `organizations/list-policies/${type}.json`
    for (const summary of list(object(listing, where), 'Policies', where)) {
      const id = required(summary, 'Id', where)
      const policy = orgPolicy(files, id, type)
      if (policy !== undefined && !policyIds.has(id)) {
        policyIds.add(id)
        policies.push(policy)
      }
    }
  }
  return {
    source: files.source,
    organization:
      org === undefined || rootId === undefined
        ? undefined
        : {
            id: org.id,
            managementAccountId: org.managementAccountId,
            rootId,
            scpEnabled: enabled('SERVICE_CONTROL_POLICY'),
            rcpEnabled: enabled('RESOURCE_CONTROL_POLICY'),
          },
    organizationalUnits: ous,
    accounts,
    organizationPolicies: policies,
    managedPolicies: [...managed.values()],
    identityCenter: ic.identityCenter,
  }
}

/** One listed SCP or RCP with its content and targets; undefined without its describe-policy. */
function orgPolicy(
  files: ImportFiles,
  id: string,
  type: (typeof IMPORT_POLICY_TYPES)[number],
): SnapshotOrgPolicy | undefined {
  const described = files.describePolicy.get(id)
  if (described === undefined) return undefined
  const where = `organizations/describe-policy/${id}.json`
  const policy = object(object(described, where).Policy, `${where}: Policy`)
  const summary = isObj(policy.PolicySummary) ? policy.PolicySummary : {}
  const targetsFile = files.targetsForPolicy.get(id)
  const targetsWhere = `organizations/list-targets-for-policy/${id}.json`
  const targets =
    targetsFile === undefined
      ? []
      : list(object(targetsFile, targetsWhere), 'Targets', targetsWhere).map((t) =>
          required(t, 'TargetId', targetsWhere),
        )
  return {
    id,
    name: str(summary.Name) ?? id,
    type: type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp',
    document: policyText(policy.Content, where),
    targets,
  }
}
