/**
 * An organization snapshot from a parsed organization file, with no server: what applying the file
 * to a fresh server would make. Accounts get stable ids derived from their names (a file names
 * accounts, never numbers them), the organization and OUs stable ids; `{{account:NAME}}` is
 * filled with those. As on a server, SCPs are enabled with `FullAWSAccess` on every node (RCPs
 * too, with `RCPFullAWSAccess`, when the file declares one), and every member account has
 * `OrganizationAccountAccessRole` trusting the management account with `AdministratorAccess`.
 * Identity Center's users, groups and assignments come with the `AWSReservedSSO_*` roles the
 * assignments provision.
 */
import type {
  OrganizationSnapshot,
  SnapshotAccount,
  SnapshotManagedPolicy,
  SnapshotOrgPolicy,
  SnapshotRole,
} from '../../analysis/index.ts'
import { awsManagedPolicy } from '../iam/aws-managed-policies.ts'
import type {
  AccountSpec,
  OrganizationFile,
  PolicyDocument,
  PolicyRef,
} from '../org-file/org-file-model.ts'
import { fillPlaceholders, type PlaceholderValues } from '../org-file/placeholders.ts'
import { identityCenterOfFile } from './org-file-identity-center.ts'

const ORGANIZATION_ID = 'o-orgfile0000'
const ROOT_ID = 'r-file'
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess'
const FULL_AWS_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
})
const RCP_FULL_AWS_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
})

/** A stable 12-digit id for an account name (FNV-1a), distinct from the ids already given. */
function accountId(name: string, taken: Set<string>): string {
  let h = 0x811c9dc5
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  let n = (h % 900_000_000) * 1000 + 100_000_000_000
  while (taken.has(String(n))) n++
  taken.add(String(n))
  return String(n)
}

const text = (d: PolicyDocument | string): string => (typeof d === 'string' ? d : JSON.stringify(d))

/** The account ids a snapshot of `file` gives, by account name. */
export function orgFileAccountIds(file: OrganizationFile): Map<string, string> {
  const taken = new Set<string>()
  const ids = new Map<string, string>()
  for (const a of [file.management, ...file.accounts]) ids.set(a.name, accountId(a.name, taken))
  return ids
}

/** The snapshot of an organization file. */
export function snapshotFromOrganizationFile(file: OrganizationFile): OrganizationSnapshot {
  const ids = orgFileAccountIds(file)
  const values: PlaceholderValues = { accountIds: ids, organizationId: ORGANIZATION_ID }
  const fill = <T>(v: T): T => fillPlaceholders(v, values)
  const ouIds = new Map<string, string>()
  file.organizationalUnits.forEach((ou, i) =>
    ouIds.set(ou.path, `ou-file-${String(i + 1).padStart(8, '0')}`),
  )
  const ous = file.organizationalUnits.map((ou) => ({
    id: ouIds.get(ou.path)!,
    name: ou.name,
    parentId: ou.parentPath === undefined ? ROOT_ID : ouIds.get(ou.parentPath)!,
  }))
  const managementId = ids.get(file.management.name)!
  const managed = new Map<string, SnapshotManagedPolicy>()
  const customer = new Map<string, string>()
  const ref = (account: string, r: PolicyRef): string => {
    if (r.kind === 'customer')
      return customer.get(`${account}/${r.name}`) ?? `arn:aws:iam::${account}:policy/${r.name}`
    const arn = fill(r.arn)
    if (!managed.has(arn)) {
      const p = awsManagedPolicy(arn)
      if (p !== undefined) {
        managed.set(arn, {
          arn,
          name: p.name,
          accountId: 'aws',
          defaultVersionId: p.defaultVersionId,
          versions: p.versions.map((v) => ({ versionId: v.versionId, document: v.document })),
        })
      }
    }
    return arn
  }
  const ic = identityCenterOfFile(file.identityCenter, {
    accountIds: ids,
    fill,
    awsPolicy: (arn) => ref('', { kind: 'arn', arn }),
  })
  const accountOf = (spec: AccountSpec, member: boolean): SnapshotAccount => {
    const id = ids.get(spec.name)!
    for (const p of spec.policies) {
      const arn = `arn:aws:iam::${id}:policy${p.path}${p.name}`
      const document = text(fill(p.document))
      managed.set(arn, {
        arn,
        name: p.name,
        accountId: id,
        defaultVersionId: 'v1',
        versions: [{ versionId: 'v1', document }],
      })
      customer.set(`${id}/${p.name}`, arn)
    }
    const inline = (list: readonly { name: string; document: PolicyDocument }[]) =>
      list.map((p) => ({ name: p.name, document: text(fill(p.document)) }))
    const tags = (list: readonly { Key: string; Value: string }[]) =>
      Object.fromEntries(list.map((t) => [t.Key, t.Value]))
    const roles: SnapshotRole[] = spec.roles.map((r) => ({
      name: r.name,
      arn: `arn:aws:iam::${id}:role${r.path}${r.name}`,
      id: '',
      path: r.path,
      trustPolicy: text(fill(r.trustPolicy)),
      inlinePolicies: inline(r.inlinePolicies),
      attachedPolicies: r.managedPolicies.map((m) => ref(id, m)),
      permissionsBoundary: r.permissionsBoundary && ref(id, r.permissionsBoundary),
      tags: tags(r.tags),
      instanceProfiles: (spec.instanceProfiles ?? [])
        .filter((p) => p.role?.toLowerCase() === r.name.toLowerCase())
        .map((p) => `arn:aws:iam::${id}:instance-profile${p.path}${p.name}`),
    }))
    if (member && !roles.some((r) => r.name === 'OrganizationAccountAccessRole')) {
      roles.push({
        name: 'OrganizationAccountAccessRole',
        arn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
        id: '',
        path: '/',
        trustPolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${managementId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        inlinePolicies: [],
        attachedPolicies: [
          ref(id, { kind: 'aws', name: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS }),
        ],
        permissionsBoundary: undefined,
        tags: {},
        instanceProfiles: [],
      })
    }
    roles.push(...(ic.roles.get(id) ?? []))
    return {
      id,
      name: spec.name,
      parentId: spec.ou === undefined ? ROOT_ID : ouIds.get(spec.ou),
      iam: {
        users: spec.users.map((u) => ({
          name: u.name,
          arn: `arn:aws:iam::${id}:user${u.path}${u.name}`,
          id: '',
          path: u.path,
          groups: u.groups,
          inlinePolicies: inline(u.inlinePolicies),
          attachedPolicies: u.managedPolicies.map((m) => ref(id, m)),
          permissionsBoundary: u.permissionsBoundary && ref(id, u.permissionsBoundary),
          tags: tags(u.tags),
        })),
        groups: spec.groups.map((g) => ({
          name: g.name,
          arn: `arn:aws:iam::${id}:group${g.path}${g.name}`,
          id: '',
          path: g.path,
          inlinePolicies: inline(g.inlinePolicies),
          attachedPolicies: g.managedPolicies.map((m) => ref(id, m)),
        })),
        roles,
      },
    }
  }
  const accounts = [
    accountOf(file.management, false),
    ...file.accounts.map((a) => accountOf(a, true)),
  ]
  const rcpEnabled = file.policies.some((p) => p.type === 'RESOURCE_CONTROL_POLICY')
  const everyNode = [ROOT_ID, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)]
  const policies: SnapshotOrgPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      type: 'scp',
      document: FULL_AWS_ACCESS,
      targets: everyNode,
    },
    ...(rcpEnabled
      ? [
          {
            id: 'p-RCPFullAWSAccess',
            name: 'RCPFullAWSAccess',
            type: 'rcp' as const,
            document: RCP_FULL_AWS_ACCESS,
            targets: everyNode,
          },
        ]
      : []),
    ...file.policies.map((p, i) => ({
      id: `p-file-${i + 1}`,
      name: p.name,
      type: p.type === 'SERVICE_CONTROL_POLICY' ? ('scp' as const) : ('rcp' as const),
      document: text(fill(p.content)),
      targets: [
        ...(p.targets.root ? [ROOT_ID] : []),
        ...p.targets.ous.map((path) => ouIds.get(path)!),
        ...p.targets.accounts.map((name) => ids.get(name)!),
      ],
    })),
  ]
  return {
    source: `file ${file.fileName}`,
    organization: {
      id: ORGANIZATION_ID,
      managementAccountId: managementId,
      rootId: ROOT_ID,
      scpEnabled: true,
      rcpEnabled,
    },
    organizationalUnits: ous,
    accounts,
    organizationPolicies: policies,
    managedPolicies: [...managed.values()],
    identityCenter: ic.identityCenter,
  }
}
