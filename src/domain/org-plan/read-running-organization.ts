/**
 * Reads a running organization through the API with list calls, page by page: the Organizations
 * tree (ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent from the root down),
 * the SCPs and RCPs (ListPolicies, DescribePolicy, ListTargetsForPolicy), and per account one
 * GetAccountAuthorizationDetails listing plus ListRoles (for descriptions and session durations,
 * which the details leave out), accounts read a few at a time.
 */
import {
  errorCode,
  listIam,
  listOrganizations,
  members,
  type CallAs,
  type OrgFileClient,
} from '../org-file/org-file-client.ts'
import {
  oidcProviderIdentity,
  ORG_POLICY_TYPES,
  type OrgPolicyType,
  type Tag,
} from '../org-file/index.ts'
import { decodeDocument } from '../org-file/policy-text.ts'
import { boundedPool } from './bounded-pool.ts'
import { readInstanceProfiles } from './plan-instance-profiles.ts'
import type {
  RunningAccount,
  RunningGroup,
  RunningIam,
  RunningOrganization,
  RunningOrgPolicy,
  RunningOu,
  RunningPolicy,
  RunningRole,
  RunningUser,
  RunningOidcProvider,
} from './running-organization.ts'

/** What to read. */
export interface ReadOptions {
  /**
   * Account ids whose IAM to read, or a function of the accounts found and the management
   * account's id that says which (default: every active account).
   */
  readonly iamAccounts?:
    | ReadonlySet<string>
    | ((accounts: readonly RunningAccount[], managementAccountId: string) => ReadonlySet<string>)
    | undefined
  /** Accounts read at once (default 8). */
  readonly concurrency?: number
  /** Told after each account's IAM is read. */
  readonly progress?: (done: number, total: number) => void
  readonly callerArn?: string | undefined
  /**
   * Also read customer managed policies' descriptions with GetPolicy where the details leave
   * them out (AWS's ListPolicies does; export needs them, plan does not compare them).
   */
  readonly policyDescriptions?: boolean
}

type Rec = Record<string, unknown>
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const recs = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : [])

const EMPTY: RunningOrganization = {
  exists: false,
  organizationId: '',
  managementAccountId: '',
  rootId: '',
  enabledPolicyTypes: new Set(),
  ous: [],
  accounts: [],
  policies: [],
  iam: new Map(),
  callerArn: undefined,
}

/**
 * Reads the organization `client` reaches.
 * @example const running = await readRunningOrganization(client, { concurrency: 8 })
 */
export async function readRunningOrganization(
  client: OrgFileClient,
  options: ReadOptions = {},
): Promise<RunningOrganization> {
  let org: Rec
  try {
    const out = await client.call('organizations', 'DescribeOrganization', {}, 'management')
    org = (out.Organization ?? {}) as Rec
  } catch (error) {
    if (errorCode(error) === 'AWSOrganizationsNotInUseException')
      return { ...EMPTY, callerArn: options.callerArn }
    throw error
  }
  const roots = members(await client.call('organizations', 'ListRoots', {}, 'management'), 'Roots')
  const root = roots[0] ?? {}
  const rootId = str(root.Id)
  const ous: RunningOu[] = []
  const accounts: RunningAccount[] = []
  const concurrency = options.concurrency ?? 8
  let level: { id: string; path: string }[] = [{ id: rootId, path: '' }]
  while (level.length > 0) {
    const read = await boundedPool(level, concurrency, async (parent) => {
      const children = await listOrganizations(
        client,
        'ListOrganizationalUnitsForParent',
        { ParentId: parent.id },
        'OrganizationalUnits',
      )
      const listed = await listOrganizations(
        client,
        'ListAccountsForParent',
        { ParentId: parent.id },
        'Accounts',
      )
      return { parent, children, listed }
    })
    level = []
    for (const { parent, children, listed } of read) {
      for (const ou of children) {
        const path = parent.path === '' ? str(ou.Name) : `${parent.path}/${str(ou.Name)}`
        ous.push({ id: str(ou.Id), name: str(ou.Name), path, parentId: parent.id })
        level.push({ id: str(ou.Id), path })
      }
      for (const a of listed)
        accounts.push({
          id: str(a.Id),
          name: str(a.Name),
          email: str(a.Email),
          status: str(a.Status) || 'ACTIVE',
          parentId: parent.id,
        })
    }
  }
  const policies = await readOrgPolicies(client, concurrency)
  const managementAccountId = str(org.MasterAccountId)
  const choose = options.iamAccounts
  const wanted =
    typeof choose === 'function'
      ? choose(accounts, managementAccountId)
      : (choose ?? new Set(accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id)))
  const ids = [...wanted]
  let done = 0
  const read = await boundedPool(ids, concurrency, async (id) => {
    const as: CallAs = id === managementAccountId ? 'management' : { accountId: id }
    const iam = await readAccountIam(client, as, options.policyDescriptions === true)
    options.progress?.(++done, ids.length)
    return iam
  })
  return {
    exists: true,
    organizationId: str(org.Id),
    managementAccountId,
    rootId,
    enabledPolicyTypes: new Set(
      recs(root.PolicyTypes)
        .filter((t) => t.Status === 'ENABLED')
        .map((t) => str(t.Type)),
    ),
    ous,
    accounts,
    policies,
    iam: new Map(ids.map((id, i) => [id, read[i]!])),
    callerArn: options.callerArn,
  }
}

async function readOrgPolicies(
  client: OrgFileClient,
  concurrency: number,
): Promise<RunningOrgPolicy[]> {
  const out: RunningOrgPolicy[] = []
  for (const type of ORG_POLICY_TYPES) {
    let list: Rec[]
    try {
      list = await listOrganizations(client, 'ListPolicies', { Filter: type }, 'Policies')
    } catch (error) {
      if (errorCode(error) === 'PolicyTypeNotEnabledException') continue
      throw error
    }
    const read = await boundedPool(list, concurrency, async (summary) => {
      const id = str(summary.Id)
      const described = await client.call(
        'organizations',
        'DescribePolicy',
        { PolicyId: id },
        'management',
      )
      const targets = await listOrganizations(
        client,
        'ListTargetsForPolicy',
        { PolicyId: id },
        'Targets',
      )
      return {
        id,
        name: str(summary.Name),
        type: type as OrgPolicyType,
        description: str(summary.Description),
        content: str((described.Policy as Rec | undefined)?.Content),
        awsManaged: summary.AwsManaged === true,
        targetIds: targets.map((t) => str(t.TargetId)),
      }
    })
    out.push(...read)
  }
  return out
}

const inlineOf = (list: unknown) =>
  new Map(recs(list).map((p) => [str(p.PolicyName), decodeDocument(p.PolicyDocument)]))
const attachedOf = (list: unknown) => recs(list).map((p) => str(p.PolicyArn))
const boundaryOf = (value: unknown) => {
  const arn = (value as Rec | undefined)?.PermissionsBoundaryArn
  return typeof arn === 'string' ? arn : undefined
}
const tagsOf = (list: unknown): Tag[] =>
  recs(list).map((t) => ({ Key: str(t.Key), Value: str(t.Value) }))

/** One account's IAM: GetAccountAuthorizationDetails and ListRoles, every page. */
export async function readAccountIam(
  client: OrgFileClient,
  as: CallAs,
  descriptions = false,
): Promise<RunningIam> {
  const details = { users: [] as Rec[], groups: [] as Rec[], roles: [] as Rec[], pols: [] as Rec[] }
  let marker: unknown
  for (;;) {
    const input: Rec = { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], MaxItems: 1000 }
    if (marker !== undefined) input.Marker = marker
    const page = await client.call('iam', 'GetAccountAuthorizationDetails', input, as)
    details.users.push(...members(page, 'UserDetailList'))
    details.groups.push(...members(page, 'GroupDetailList'))
    details.roles.push(...members(page, 'RoleDetailList'))
    details.pols.push(...members(page, 'Policies'))
    const truncated = page.IsTruncated === true || page.IsTruncated === 'true'
    if (!truncated || typeof page.Marker !== 'string') break
    marker = page.Marker
  }
  const listed = await listIam(client, 'ListRoles', { MaxItems: 1000 }, 'Roles', as)
  const roleInfo = new Map(listed.map((r) => [str(r.RoleName).toLowerCase(), r]))
  const users = new Map<string, RunningUser>()
  for (const u of details.users)
    users.set(str(u.UserName).toLowerCase(), {
      name: str(u.UserName),
      path: str(u.Path) || '/',
      arn: str(u.Arn),
      groups: recs(u.GroupList).map(String),
      inline: inlineOf(u.UserPolicyList),
      attached: attachedOf(u.AttachedManagedPolicies),
      boundary: boundaryOf(u.PermissionsBoundary),
      tags: tagsOf(u.Tags),
    })
  const groups = new Map<string, RunningGroup>()
  for (const g of details.groups)
    groups.set(str(g.GroupName).toLowerCase(), {
      name: str(g.GroupName),
      path: str(g.Path) || '/',
      inline: inlineOf(g.GroupPolicyList),
      attached: attachedOf(g.AttachedManagedPolicies),
    })
  const roles = new Map<string, RunningRole>()
  for (const r of details.roles) {
    const info = roleInfo.get(str(r.RoleName).toLowerCase()) ?? {}
    roles.set(str(r.RoleName).toLowerCase(), {
      name: str(r.RoleName),
      path: str(r.Path) || '/',
      arn: str(r.Arn),
      description: str(info.Description ?? r.Description),
      maxSessionDuration: Number(info.MaxSessionDuration ?? r.MaxSessionDuration ?? 3600),
      trust: decodeDocument(r.AssumeRolePolicyDocument),
      inline: inlineOf(r.RolePolicyList),
      attached: attachedOf(r.AttachedManagedPolicies),
      boundary: boundaryOf(r.PermissionsBoundary),
      tags: tagsOf(r.Tags),
    })
  }
  const policies = new Map<string, RunningPolicy>()
  for (const p of details.pols) {
    const versions = recs(p.PolicyVersionList)
    const current = versions.find((v) => v.IsDefaultVersion === true) ?? versions[0] ?? {}
    const number = (v: Rec) => Number(str(v.VersionId).replace(/^v/, ''))
    let description = str(p.Description)
    if (descriptions && description === '') {
      const got = await client.call('iam', 'GetPolicy', { PolicyArn: p.Arn }, as)
      description = str((got.Policy as Rec | undefined)?.Description)
    }
    policies.set(str(p.PolicyName).toLowerCase(), {
      name: str(p.PolicyName),
      path: str(p.Path) || '/',
      arn: str(p.Arn),
      description,
      document: decodeDocument(current.Document),
      defaultVersionId: str(p.DefaultVersionId) || str(current.VersionId),
      versionIds: versions.sort((a, b) => number(a) - number(b)).map((v) => str(v.VersionId)),
    })
  }
  return {
    users,
    groups,
    roles,
    policies,
    oidcProviders: await readOidcProviders(client, as),
    instanceProfiles: await readInstanceProfiles(client, as),
  }
}

/** The account's OIDC providers: ListOpenIDConnectProviders, then each one's details. */
async function readOidcProviders(
  client: OrgFileClient,
  as: CallAs,
): Promise<Map<string, RunningOidcProvider>> {
  const listed = await client.call('iam', 'ListOpenIDConnectProviders', {}, as)
  const out = new Map<string, RunningOidcProvider>()
  for (const entry of members(listed, 'OpenIDConnectProviderList')) {
    const arn = str(entry.Arn)
    const got = await client.call(
      'iam',
      'GetOpenIDConnectProvider',
      { OpenIDConnectProviderArn: arn },
      as,
    )
    const url = str(got.Url)
    const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
    out.set(oidcProviderIdentity(url), {
      arn,
      url,
      clientIds: strings(got.ClientIDList),
      thumbprints: strings(got.ThumbprintList),
      tags: tagsOf(got.Tags),
    })
  }
  return out
}
