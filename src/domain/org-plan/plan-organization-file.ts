/**
 * Plans an organization file against a running organization: every resource the file names that
 * is missing or differs, and with prune every resource it no longer names. The same plan drives
 * `xaccess plan` (shown) and `xaccess apply` (run), so what apply does is what plan said.
 */
import type { FilePath } from '../org-file/file-problem.ts'
import type { CallAs } from '../org-file/org-file-client.ts'
import type { OrganizationFile, OuSpec } from '../org-file/index.ts'
import type { PlaceholderValues } from '../org-file/placeholders.ts'
import { planAccountIam, planIamNotes } from './plan-iam.ts'
import { planIdentityCenter } from './plan-identity-center.ts'
import { planInstanceProfiles } from './plan-instance-profiles.ts'
import { callerPrincipal, planIamPrune } from './plan-iam-prune.ts'
import type { Plan, ResourceChange } from './plan-model.ts'
import { planOrgPolicies, type TargetNames } from './plan-org-policies.ts'
import { NO_IAM, type RunningOrganization } from './running-organization.ts'

/** How to plan. */
export interface PlanOptions {
  /** Also delete what the file no longer names. */
  readonly prune: boolean
}

/** The stand-in for an id that exists only once applied. */
export const knownAfterApply = (what: string): string => `(${what}, known after apply)`

/** The OU's place in the file: `organizationalUnits[1].children[0]`. */
function ouPositions(ous: readonly OuSpec[]): Map<string, FilePath> {
  const out = new Map<string, FilePath>()
  const counts = new Map<string, number>()
  for (const ou of ous) {
    const parent = ou.parentPath ?? ''
    const i = counts.get(parent) ?? 0
    counts.set(parent, i + 1)
    const base =
      ou.parentPath === undefined ? ['organizationalUnits'] : [...out.get(parent)!, 'children']
    out.set(ou.path, [...base, i])
  }
  return out
}

/**
 * The plan; `running` must hold the IAM of every account of the file that exists.
 * @example
 * const plan = planOrganizationFile(parsed.file, await readRunningOrganization(client), { prune: false })
 */
export function planOrganizationFile(
  file: OrganizationFile,
  running: RunningOrganization,
  options: PlanOptions,
): Plan {
  const changes: ResourceChange[] = []
  const notes: string[] = []
  const accountByName = new Map(running.accounts.map((a) => [a.name, a]))
  const ouByPath = new Map(running.ous.map((o) => [o.path.toLowerCase(), o]))
  const accountIds = new Map<string, string>()
  accountIds.set(
    file.management.name,
    running.exists ? running.managementAccountId : knownAfterApply(`${file.management.name}'s id`),
  )
  for (const a of file.accounts)
    accountIds.set(a.name, accountByName.get(a.name)?.id ?? knownAfterApply(`${a.name}'s id`))
  const values: PlaceholderValues = {
    accountIds,
    organizationId: running.exists ? running.organizationId : knownAfterApply('organization id'),
  }
  if (!running.exists)
    changes.push({
      action: 'create',
      kind: 'organization',
      name: 'organization',
      fields: [{ field: 'featureSet', after: 'ALL' }],
      phase: 0,
    })
  const positions = ouPositions(file.organizationalUnits)
  for (const ou of file.organizationalUnits) {
    if (ouByPath.has(ou.path.toLowerCase())) continue
    changes.push({
      action: 'create',
      kind: 'ou',
      name: ou.path,
      at: positions.get(ou.path)!,
      fields: [],
      phase: 0,
    })
  }
  const parentLabel = (parentId: string) =>
    parentId === running.rootId
      ? 'root'
      : (running.ous.find((o) => o.id === parentId)?.path ?? parentId)
  file.accounts.forEach((a, i) => {
    const found = accountByName.get(a.name)
    const at = ['accounts', i]
    const wanted = a.ou ?? 'root'
    if (found === undefined) {
      changes.push({
        action: 'create',
        kind: 'account',
        name: a.name,
        at,
        phase: 0,
        fields: [
          { field: 'email', after: a.email },
          { field: 'ou', after: wanted },
        ],
      })
      return
    }
    const wantedId = a.ou === undefined ? running.rootId : ouByPath.get(a.ou.toLowerCase())?.id
    if (wantedId !== found.parentId)
      changes.push({
        action: 'update',
        kind: 'account',
        name: a.name,
        at,
        phase: 0,
        fields: [{ field: 'ou', before: parentLabel(found.parentId), after: wanted }],
      })
  })
  const named = new Set([file.management.name, ...file.accounts.map((a) => a.name)])
  for (const a of running.accounts)
    if (!named.has(a.name) && a.id !== running.managementAccountId)
      notes.push(
        `account ${a.name} (${a.id}) is not in the file: accounts are never closed or removed by apply`,
      )
  const enabled = running.enabledPolicyTypes
  for (const type of new Set(file.policies.map((p) => p.type)))
    if (!enabled.has(type))
      changes.push({
        action: 'update',
        kind: 'policyType',
        name: type,
        phase: 0,
        fields: [{ field: 'root', after: 'ENABLED' }],
      })
  if (options.prune) {
    const wanted = new Set(file.organizationalUnits.map((o) => o.path.toLowerCase()))
    for (const ou of [...running.ous].reverse()) {
      if (wanted.has(ou.path.toLowerCase())) continue
      changes.push({
        action: 'delete',
        kind: 'ou',
        name: ou.path,
        fields: [],
        phase: 7,
        run: async (tx) => {
          await tx.call({
            service: 'organizations',
            operation: 'DeleteOrganizationalUnit',
            input: { OrganizationalUnitId: ou.id },
            as: 'management',
          })
        },
      })
    }
  }
  const names: TargetNames = {
    idOf: (label) => {
      if (label === 'root') return running.rootId || undefined
      if (label.startsWith('OU ')) return ouByPath.get(label.slice(3).toLowerCase())?.id
      return accountByName.get(label.slice('account '.length))?.id
    },
    labelOf: (id) => {
      if (id === running.rootId) return 'root'
      const ou = running.ous.find((o) => o.id === id)
      if (ou !== undefined) return `OU ${ou.path}`
      const account = running.accounts.find((a) => a.id === id)
      return `account ${account?.name ?? id}`
    },
  }
  changes.push(...planOrgPolicies(file, running, values, names, options.prune))
  const caller = callerPrincipal(running.callerArn)
  const entries: [typeof file.management, FilePath][] = [
    [file.management, ['organization', 'managementAccount']],
    ...file.accounts.map((a, i): [typeof a, FilePath] => [a, ['accounts', i]]),
  ]
  for (const [spec, at] of entries) {
    const management = spec === file.management
    const existing = management ? running.exists : accountByName.has(spec.name)
    const accountId = accountIds.get(spec.name)!
    const as: CallAs = management ? 'management' : { accountId }
    const iam = existing ? (running.iam.get(accountId) ?? NO_IAM) : NO_IAM
    changes.push(
      ...planAccountIam({ spec, at, accountId, as, running: iam, values, prune: options.prune }),
    )
    if (options.prune && existing) changes.push(...planIamPrune(spec, accountId, as, iam, caller))
    notes.push(...planIamNotes(spec, iam, options.prune))
    const profiles = planInstanceProfiles({ spec, at, as, running: iam, prune: options.prune })
    changes.push(...profiles.changes)
    notes.push(...profiles.notes)
  }
  if (running.identityCenter !== undefined)
    changes.push(
      ...planIdentityCenter({
        spec: file.identityCenter,
        running: running.identityCenter ?? undefined,
        values,
        accountNames: new Map(running.accounts.map((a) => [a.id, a.name])),
        prune: options.prune,
      }),
    )
  changes.sort((a, b) => a.phase - b.phase)
  return { changes, notes }
}
