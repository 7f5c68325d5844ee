/**
 * Reads an AWS import directory (the layout of `IMPORT_LAYOUT`) into its parsed files; the
 * conversion to a snapshot is `snapshotFromImport`, pure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { OrganizationSnapshot } from '../../analysis/index.ts'
import {
  IMPORT_LAYOUT,
  IMPORT_POLICY_TYPES,
  snapshotFromImport,
  type ImportFiles,
  type ImportIdentityCenterFiles,
  type ImportPolicyType,
} from '../../domain/snapshots/index.ts'

/** The parsed JSON of `dir/rel`, undefined when the file does not exist. */
function readJson(dir: string, rel: string): unknown {
  const file = join(dir, rel)
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`, { cause: e })
  }
}

/** Every `<id>.json` of a folder, parsed, by id. */
function readFolder(dir: string, rel: string): Map<string, unknown> {
  const folder = join(dir, rel)
  const out = new Map<string, unknown>()
  if (!existsSync(folder)) return out
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.json')) continue
    out.set(name.slice(0, -'.json'.length), readJson(folder, name))
  }
  return out
}

/** Every `<account>/<id>.json` of a folder, parsed, by `account/id`. */
function readNestedFolder(dir: string, rel: string): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const folder = join(dir, rel)
  if (!existsSync(folder)) return out
  for (const sub of readdirSync(folder).sort()) {
    if (!statSync(join(folder, sub)).isDirectory()) continue
    for (const [id, value] of readFolder(dir, `${rel}/${sub}`)) out.set(`${sub}/${id}`, value)
  }
  return out
}

/** The Identity Center files (`sso-admin/…`, `identitystore/…`), when the import has them. */
function identityCenterFiles(dir: string): { identityCenter?: ImportIdentityCenterFiles } {
  const listInstances = readJson(dir, IMPORT_LAYOUT.listInstances)
  if (listInstances === undefined) return {}
  const L = IMPORT_LAYOUT
  return {
    identityCenter: {
      listInstances,
      permissionSets: readFolder(dir, L.permissionSetsDir),
      describePermissionSet: readFolder(dir, L.describePermissionSetDir),
      managedPolicies: readFolder(dir, L.managedPoliciesDir),
      inlinePolicy: readFolder(dir, L.inlinePolicyDir),
      customerPolicies: readFolder(dir, L.customerPoliciesDir),
      permissionsBoundary: readFolder(dir, L.permissionsBoundaryDir),
      accountAssignments: readNestedFolder(dir, L.accountAssignmentsDir),
      users: readFolder(dir, L.usersDir),
      groups: readFolder(dir, L.groupsDir),
      groupMemberships: readFolder(dir, L.groupMembershipsDir),
    },
  }
}

/** Reads the files of an import directory; an error when `dir` is not a directory. */
export function readImportDirectory(dir: string): ImportFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`cannot read ${dir}: not a directory`)
  const accounts = join(dir, IMPORT_LAYOUT.accountsDir)
  const accountIds = existsSync(accounts)
    ? readdirSync(accounts)
        .sort()
        .filter((id) => existsSync(join(dir, IMPORT_LAYOUT.authorizationDetails(id))))
    : []
  const known = new Set(accountIds)
  // Parsed when asked, never kept: a thousand accounts' files hold gigabytes of repeated
  // AWS-managed policy versions, of which the snapshot keeps one copy.
  const authorizationDetails: ImportFiles['authorizationDetails'] = {
    size: accountIds.length,
    keys: () => accountIds.values(),
    get: (id) =>
      known.has(id) ? readJson(dir, IMPORT_LAYOUT.authorizationDetails(id)) : undefined,
  }
  const listPolicies = new Map<ImportPolicyType, unknown>()
  for (const type of IMPORT_POLICY_TYPES) {
    const listing = readJson(dir, IMPORT_LAYOUT.listPolicies(type))
    if (listing !== undefined) listPolicies.set(type, listing)
  }
  const files: ImportFiles = {
    source: `import ${dir}`,
    authorizationDetails,
    describeOrganization: readJson(dir, IMPORT_LAYOUT.describeOrganization),
    listRoots: readJson(dir, IMPORT_LAYOUT.listRoots),
    ousForParent: readFolder(dir, IMPORT_LAYOUT.ousForParentDir),
    accountsForParent: readFolder(dir, IMPORT_LAYOUT.accountsForParentDir),
    listPolicies,
    describePolicy: readFolder(dir, IMPORT_LAYOUT.describePolicyDir),
    targetsForPolicy: readFolder(dir, IMPORT_LAYOUT.targetsForPolicyDir),
    ...identityCenterFiles(dir),
  }
  if (
    files.authorizationDetails.size === 0 &&
    files.describeOrganization === undefined &&
    files.listRoots === undefined &&
    files.accountsForParent.size === 0
  ) {
    throw new Error(
      `${dir} holds no import: expected ${IMPORT_LAYOUT.authorizationDetails('<account-id>')} or organizations/…`,
    )
  }
  return files
}

/** The snapshot of an import directory. */
export function loadImportSnapshot(dir: string): OrganizationSnapshot {
  return snapshotFromImport(readImportDirectory(dir))
}
