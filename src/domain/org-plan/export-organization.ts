/**
 * Writes a running organization as an organization file that applies back to the same state:
 * account ids become `{{account:NAME}}` and the organization's id `{{organizationId}}`, AWS
 * managed policies and the account's own customer managed policies are named by name, documents
 * are YAML mappings, and everything is sorted by name so that two exports of one state are equal.
 * Roles AWS services and Identity Center own are left out (they are not the file's to make).
 */
import { stringify } from 'yaml'
import { awsManagedPolicyByName } from '../iam/aws-managed-policies.ts'
import { decodeDocument } from '../org-file/policy-text.ts'
import type {
  RunningAccount,
  RunningIam,
  RunningOrganization,
  RunningOu,
} from './running-organization.ts'
import { exportInstanceProfiles } from './plan-instance-profiles.ts'
import { isReservedRolePath } from './running-organization.ts'

type Rec = Record<string, unknown>
const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0

/**
 * Writes account ids as `{{account:NAME}}` and the organization's id as `{{organizationId}}` in
 * every string (and key) of a value.
 */
export function placeholderWriter(running: RunningOrganization): (value: unknown) => unknown {
  const ids = new Map(running.accounts.map((a) => [a.id, a.name]))
  const withPlaceholders = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value
        .replace(/(?<!\d)\d{12}(?!\d)/g, (id) => {
          const name = ids.get(id)
          return name === undefined ? id : `{{account:${name}}}`
        })
        .replaceAll(running.organizationId || '\u0000', '{{organizationId}}')
    if (Array.isArray(value)) return value.map(withPlaceholders)
    if (typeof value === 'object' && value !== null) {
      const out: Rec = {}
      for (const [k, v] of Object.entries(value))
        out[String(withPlaceholders(k))] = withPlaceholders(v)
      return out
    }
    return value
  }
  return withPlaceholders
}

/**
 * The file as data (what {@link exportOrganizationText} prints); `identityCenter` is the section
 * read by readIdentityCenterSection, when there is one.
 */
export function exportOrganization(running: RunningOrganization, identityCenter?: Rec): Rec {
  const withPlaceholders = placeholderWriter(running)
  const active = running.accounts.filter((a) => a.status === 'ACTIVE')
  const management = active.find((a) => a.id === running.managementAccountId)
  const account = (a: RunningAccount, member: boolean): Rec => {
    const out: Rec = { name: a.name, email: a.email }
    if (member && a.parentId !== running.rootId) {
      const ou = running.ous.find((o) => o.id === a.parentId)
      if (ou !== undefined) out.ou = ou.path
    }
    const iam = running.iam.get(a.id)
    if (iam !== undefined) Object.assign(out, exportIam(iam, a.id, withPlaceholders))
    return out
  }
  const file: Rec = {}
  if (management !== undefined)
    file.organization = { managementAccount: account(management, false) }
  const ous = ouTree(running.ous, running.rootId)
  if (ous.length > 0) file.organizationalUnits = ous
  const members = active.filter((a) => a.id !== running.managementAccountId).sort(byName)
  if (members.length > 0) file.accounts = members.map((a) => account(a, true))
  const labelOf = (id: string): [string, string] | undefined => {
    if (id === running.rootId) return ['root', '']
    const ou = running.ous.find((o) => o.id === id)
    if (ou !== undefined) return ['ous', ou.path]
    const acc = running.accounts.find((x) => x.id === id)
    return acc === undefined ? undefined : ['accounts', acc.name]
  }
  for (const [type, key] of [
    ['SERVICE_CONTROL_POLICY', 'serviceControlPolicies'],
    ['RESOURCE_CONTROL_POLICY', 'resourceControlPolicies'],
  ] as const) {
    const list = running.policies.filter((p) => p.type === type && !p.awsManaged).sort(byName)
    if (list.length === 0) continue
    file[key] = list.map((p) => {
      const out: Rec = { name: p.name }
      if (p.description !== '') out.description = p.description
      const targets: { root?: boolean; ous?: string[]; accounts?: string[] } = {}
      const lists = targets as Record<string, string[]>
      for (const id of p.targetIds) {
        const label = labelOf(id)
        if (label === undefined) continue
        if (label[0] === 'root') targets.root = true
        else (lists[label[0]] ??= []).push(label[1])
      }
      targets.ous?.sort()
      targets.accounts?.sort()
      if (Object.keys(targets).length > 0) out.targets = targets
      out.content = withPlaceholders(decodeDocument(p.content) ?? p.content)
      return out
    })
  }
  if (identityCenter !== undefined) file.identityCenter = identityCenter
  return file
}

/**
 * The organization file's text. Written with YAML 1.1's quoting, so that strings such as
 * `'2012-10-17'` or `'yes'` stay strings for every YAML reader.
 */
export function exportOrganizationText(running: RunningOrganization, identityCenter?: Rec): string {
  const schema =
    '# yaml-language-server: $schema=https://xaccess.dev/schemas/organization.schema.json\n'
  return `${schema}${stringify(exportOrganization(running, identityCenter), { lineWidth: 0, version: '1.1' })}`
}

function ouTree(ous: readonly RunningOu[], rootId: string): Rec[] {
  const children = (parentId: string): Rec[] =>
    ous
      .filter((o) => o.parentId === parentId)
      .sort(byName)
      .map((o) => {
        const kids = children(o.id)
        return kids.length === 0 ? { name: o.name } : { name: o.name, children: kids }
      })
  return children(rootId)
}

function exportIam(iam: RunningIam, accountId: string, fill: (v: unknown) => unknown): Rec {
  const own = new Map([...iam.policies.values()].map((p) => [p.arn, p.name]))
  const ownNames = new Set([...iam.policies.values()].map((p) => p.name))
  const ref = (arn: string): string => {
    const mine = own.get(arn)
    if (mine !== undefined) return mine
    const name = arn.slice(arn.lastIndexOf('/') + 1)
    if (arn.startsWith('arn:aws:iam::aws:') && !ownNames.has(name))
      if (awsManagedPolicyByName(name)?.arn === arn) return name
    return String(fill(arn))
  }
  const refs = (arns: readonly string[]) => arns.map(ref).sort()
  const inline = (map: ReadonlyMap<string, unknown>) =>
    [...map.keys()].sort().map((name) => ({ name, document: fill(map.get(name)) }))
  const tags = (list: readonly { Key: string; Value: string }[]) =>
    Object.fromEntries(
      [...list].sort((a, b) => (a.Key < b.Key ? -1 : 1)).map((t) => [t.Key, t.Value]),
    )
  const common = (
    out: Rec,
    e: { path: string; inline: ReadonlyMap<string, unknown>; attached: readonly string[] },
  ) => {
    if (e.path !== '/') out.path = e.path
    if (e.inline.size > 0) out.inlinePolicies = inline(e.inline)
    if (e.attached.length > 0) out.managedPolicies = refs(e.attached)
  }
  const out: Rec = {}
  const policies = [...iam.policies.values()].sort(byName).map((p) => {
    const o: Rec = { name: p.name }
    if (p.path !== '/') o.path = p.path
    if (p.description !== '') o.description = p.description
    o.document = fill(p.document)
    return o
  })
  if (policies.length > 0) out.policies = policies
  const groups = [...iam.groups.values()].sort(byName).map((g) => {
    const o: Rec = { name: g.name }
    common(o, g)
    return o
  })
  if (groups.length > 0) out.groups = groups
  const roles = [...iam.roles.values()]
    .filter((r) => !isReservedRolePath(r.path))
    .sort(byName)
    .map((r) => {
      const o: Rec = { name: r.name }
      if (r.path !== '/') o.path = r.path
      if (r.description !== '') o.description = r.description
      o.trustPolicy = fill(r.trust)
      if (r.maxSessionDuration !== 3600) o.maxSessionDuration = r.maxSessionDuration
      if (r.inline.size > 0) o.inlinePolicies = inline(r.inline)
      if (r.attached.length > 0) o.managedPolicies = refs(r.attached)
      if (r.boundary !== undefined) o.permissionsBoundary = ref(r.boundary)
      if (r.tags.length > 0) o.tags = tags(r.tags)
      return o
    })
  if (roles.length > 0) out.roles = roles
  const users = [...iam.users.values()].sort(byName).map((u) => {
    const o: Rec = { name: u.name }
    if (u.path !== '/') o.path = u.path
    if (u.groups.length > 0) o.groups = [...u.groups].sort()
    if (u.inline.size > 0) o.inlinePolicies = inline(u.inline)
    if (u.attached.length > 0) o.managedPolicies = refs(u.attached)
    if (u.boundary !== undefined) o.permissionsBoundary = ref(u.boundary)
    if (u.tags.length > 0) o.tags = tags(u.tags)
    return o
  })
  if (users.length > 0) out.users = users
  const instanceProfiles = exportInstanceProfiles(iam)
  if (instanceProfiles !== undefined) out.instanceProfiles = instanceProfiles
  const providers = [...(iam.oidcProviders?.values() ?? [])]
    .map((p) => {
      // AWS answers the URL without its scheme; the file's URL has one (http only for a local
      // issuer on a loopback host, as IAM accepts).
      const loopback = /^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(p.url)
      const scheme = loopback ? 'http' : 'https'
      const o: Rec = { url: /^[a-z]+:\/\//i.test(p.url) ? p.url : `${scheme}://${p.url}` }
      o.clientIds = [...p.clientIds]
      if (p.thumbprints.length > 0) o.thumbprints = [...p.thumbprints]
      if (p.tags.length > 0) o.tags = tags(p.tags)
      return o
    })
    .sort((a, b) => (String(a.url) < String(b.url) ? -1 : 1))
  if (providers.length > 0) out.oidcProviders = providers
  void accountId
  void common
  return out
}
