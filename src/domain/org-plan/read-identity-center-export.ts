/**
 * The organization's IAM Identity Center (read by {@link readRunningIdentityCenter}) as the
 * `identityCenter` section of an organization file: users (never a password), groups with their
 * members, permission sets with their policies, boundary and tags, and the account assignments,
 * one entry per group or user and permission set with its accounts. Sorted by name, so two
 * exports of one state are equal.
 */
import { awsManagedPolicy } from '../iam/aws-managed-policies.ts'
import type { OrgFileClient } from '../org-file/org-file-client.ts'
import { decodeDocument } from '../org-file/policy-text.ts'
import { readRunningIdentityCenter } from './read-running-identity-center.ts'
import type { RunningIdentityCenter, RunningPermissionSet } from './running-identity-center.ts'
import type { RunningOrganization } from './running-organization.ts'

type Rec = Record<string, unknown>
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
/** `path` + `name`, without the leading `/` of the root path. */
const pathName = (r: { readonly path: string; readonly name: string }) =>
  `${r.path === '/' ? '' : r.path}${r.name}`

/**
 * The `identityCenter` section, or undefined when there is no instance or it holds nothing.
 * @param fill writes account ids as `{{account:NAME}}` in the inline policies
 */
export async function readIdentityCenterSection(
  client: OrgFileClient,
  running: RunningOrganization,
  fill: (value: unknown) => unknown,
): Promise<Rec | undefined> {
  const ic = await readRunningIdentityCenter(client)
  return ic === undefined ? undefined : identityCenterSection(ic, running, fill)
}

/** The section of a running Identity Center (pure). */
export function identityCenterSection(
  ic: RunningIdentityCenter,
  running: RunningOrganization,
  fill: (value: unknown) => unknown,
): Rec | undefined {
  const section: Rec = {}
  const users = ic.users
    .map((u) => {
      const item: Rec = {
        userName: u.userName,
        name: { givenName: u.givenName, familyName: u.familyName },
      }
      if (u.displayName !== '' && u.displayName !== `${u.givenName} ${u.familyName}`)
        item.displayName = u.displayName
      const emails = u.emails.map((e) => {
        if (e.type === undefined && !e.primary) return e.value
        const out: Rec = { value: e.value }
        if (e.type !== undefined) out.type = e.type
        if (e.primary) out.primary = true
        return out
      })
      if (emails.length > 0) item.emails = emails
      return item
    })
    .sort((a, b) => byText(String(a.userName), String(b.userName)))
  if (users.length > 0) section.users = users
  const groups = ic.groups
    .map((g) => {
      const item: Rec = { name: g.displayName }
      if (g.description !== undefined) item.description = g.description
      const members = g.members.map((m) => m.userName).sort(byText)
      if (members.length > 0) item.members = members
      return item
    })
    .sort((a, b) => byText(String(a.name), String(b.name)))
  if (groups.length > 0) section.groups = groups
  const sets = ic.permissionSets
    .map((ps) => permissionSetItem(ps, fill))
    .sort((a, b) => byText(String(a.name), String(b.name)))
  if (sets.length > 0) section.permissionSets = sets
  const assignments = assignmentItems(ic, running)
  if (assignments.length > 0) section.assignments = assignments
  return Object.keys(section).length === 0 ? undefined : section
}

function permissionSetItem(ps: RunningPermissionSet, fill: (value: unknown) => unknown): Rec {
  const item: Rec = { name: ps.name }
  if (ps.description !== undefined) item.description = ps.description
  if (ps.sessionDuration !== 'PT1H') item.sessionDuration = ps.sessionDuration
  if (ps.relayState !== undefined) item.relayState = ps.relayState
  const managed = ps.managedPolicies.map((arn) => awsManagedPolicy(arn)?.name ?? arn).sort(byText)
  if (managed.length > 0) item.managedPolicies = managed
  const customer = ps.customerManagedPolicies.map(pathName).sort(byText)
  if (customer.length > 0) item.customerManagedPolicies = customer
  if (ps.inlinePolicy !== undefined) item.inlinePolicy = fill(decodeDocument(ps.inlinePolicy))
  const boundary = ps.permissionsBoundary
  if (boundary?.kind === 'managed') item.permissionsBoundary = boundary.arn
  if (boundary?.kind === 'customer')
    item.permissionsBoundary = { customerManagedPolicy: pathName(boundary.reference) }
  const tags = [...ps.tags].sort((a, b) => byText(a.Key, b.Key))
  if (tags.length > 0) item.tags = Object.fromEntries(tags.map((t) => [t.Key, t.Value]))
  return item
}

/** One entry per principal and permission set, with the names of its accounts. */
function assignmentItems(ic: RunningIdentityCenter, running: RunningOrganization): Rec[] {
  const userNames = new Map(ic.users.map((u) => [u.id, u.userName]))
  const groupNames = new Map(ic.groups.map((g) => [g.id, g.displayName]))
  const setNames = new Map(ic.permissionSets.map((ps) => [ps.arn, ps.name]))
  const accountNames = new Map(running.accounts.map((a) => [a.id, a.name]))
  const entries = new Map<string, { entry: Rec; accounts: string[] }>()
  for (const a of ic.assignments) {
    const group = a.principalType === 'GROUP'
    const principal = (group ? groupNames : userNames).get(a.principalId)
    const account = accountNames.get(a.accountId)
    const name = setNames.get(a.permissionSetArn)
    if (principal === undefined || account === undefined || name === undefined) continue
    const key = `${group ? 'group' : 'user'}\u0000${principal}\u0000${name}`
    let found = entries.get(key)
    if (found === undefined) {
      found = {
        entry: { [group ? 'group' : 'user']: principal, permissionSet: name },
        accounts: [],
      }
      entries.set(key, found)
    }
    if (!found.accounts.includes(account)) found.accounts.push(account)
  }
  return [...entries.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([, { entry, accounts }]) => ({ ...entry, accounts: accounts.sort(byText) }))
}
