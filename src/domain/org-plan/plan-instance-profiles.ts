/**
 * Instance profiles of an account: read (ListInstanceProfiles, every page, and each profile's
 * tags), planned (created with their role, a role swapped, tags added; with prune a role, tags
 * or a whole profile the file no longer names removed) and exported. IAM sets a profile's path
 * only when it creates it, so a path change is a note.
 */
import { listIam, type CallAs, type OrgFileClient } from '../org-file/org-file-client.ts'
import type { FilePath } from '../org-file/file-problem.ts'
import type { AccountSpec, InstanceProfileSpec, Tag } from '../org-file/index.ts'
import { iam, runSteps, type Diff } from './change-steps.ts'
import { pathChanges } from './plan-iam.ts'
import type { ResourceChange } from './plan-model.ts'
import {
  isReservedRolePath,
  type RunningIam,
  type RunningInstanceProfile,
} from './running-organization.ts'

type Rec = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const recs = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : [])

/** The account's instance profiles by lower-case name. */
export async function readInstanceProfiles(
  client: OrgFileClient,
  as: CallAs,
): Promise<Map<string, RunningInstanceProfile>> {
  const out = new Map<string, RunningInstanceProfile>()
  const listed = await listIam(
    client,
    'ListInstanceProfiles',
    { MaxItems: 1000 },
    'InstanceProfiles',
    as,
  )
  for (const p of listed) {
    const name = str(p.InstanceProfileName)
    // ListInstanceProfiles leaves tags out, as AWS does.
    const tags = await listIam(
      client,
      'ListInstanceProfileTags',
      { InstanceProfileName: name, MaxItems: 1000 },
      'Tags',
      as,
    )
    out.set(name.toLowerCase(), {
      name,
      path: str(p.Path) || '/',
      arn: str(p.Arn),
      roles: recs(p.Roles).map((r) => str(r.RoleName)),
      tags: tags.map((t) => ({ Key: str(t.Key), Value: str(t.Value) })),
    })
  }
  return out
}

/** One account's instance profiles to plan. */
export interface InstanceProfilePlanInput {
  readonly spec: AccountSpec
  /** Where the account sits in the file. */
  readonly at: FilePath
  readonly as: CallAs
  readonly running: RunningIam
  readonly prune: boolean
}

/** Instance profiles run after roles (2) are made, and go before roles are deleted (5). */
const CREATE_PHASE = 3
const DELETE_PHASE = 4

/** The changes to an account's instance profiles, and the notes of what cannot be changed. */
export function planInstanceProfiles(input: InstanceProfilePlanInput): {
  changes: ResourceChange[]
  notes: string[]
} {
  const { spec, as, prune } = input
  const running = input.running.instanceProfiles ?? new Map<string, RunningInstanceProfile>()
  const changes: ResourceChange[] = []
  const notes: string[] = []
  const wanted = spec.instanceProfiles ?? []
  wanted.forEach((p, i) => {
    const current = running.get(p.name.toLowerCase())
    const diff = current === undefined ? createDiff(p, as) : updateDiff(p, current, as, prune)
    if (current !== undefined && pathChanges(p.path, current.path, prune))
      notes.push(
        `instance profile ${spec.name}/${p.name}: path ${current.path} → ${p.path} not applied: ` +
          `IAM sets an instance profile's path only when it creates it (remove it from the file, ` +
          `apply --prune, then add it back)`,
      )
    if (diff.steps.length === 0) return
    changes.push({
      action: current === undefined ? 'create' : 'update',
      kind: 'instanceProfile',
      account: spec.name,
      name: p.name,
      at: [...input.at, 'instanceProfiles', i],
      fields: diff.fields,
      phase: CREATE_PHASE,
      run: runSteps(diff.steps),
    })
  })
  if (!prune) return { changes, notes }
  const named = new Set(wanted.map((p) => p.name.toLowerCase()))
  const reserved = new Set(
    [...input.running.roles.values()].filter((r) => isReservedRolePath(r.path)).map((r) => r.name),
  )
  for (const [key, profile] of running) {
    // Profiles the file does not name go, except those holding a role an AWS service owns.
    if (named.has(key) || profile.roles.some((r) => reserved.has(r))) continue
    const steps: Diff['steps'] = profile.roles.map((role) => {
      const roleInput = { InstanceProfileName: profile.name, RoleName: role }
      return {
        call: iam('RemoveRoleFromInstanceProfile', roleInput, as),
        undo: [iam('AddRoleToInstanceProfile', roleInput, as)],
      }
    })
    steps.push({
      call: iam('DeleteInstanceProfile', { InstanceProfileName: profile.name }, as),
      undo: [
        iam('CreateInstanceProfile', createInput(profile.name, profile.path, profile.tags), as),
      ],
    })
    changes.push({
      action: 'delete',
      kind: 'instanceProfile',
      account: spec.name,
      name: profile.name,
      fields: profile.roles.map((role) => ({ field: 'role', before: role })),
      phase: DELETE_PHASE,
      run: runSteps(steps),
    })
  }
  return { changes, notes }
}

const createInput = (name: string, path: string, tags: readonly Tag[]): Rec => ({
  InstanceProfileName: name,
  Path: path,
  ...(tags.length === 0 ? {} : { Tags: tags }),
})

function createDiff(p: InstanceProfileSpec, as: CallAs): Diff {
  const diff: Diff = { fields: [{ field: 'path', after: p.path }], steps: [] }
  diff.steps.push({
    call: iam('CreateInstanceProfile', createInput(p.name, p.path, p.tags), as),
    undo: [iam('DeleteInstanceProfile', { InstanceProfileName: p.name }, as)],
  })
  for (const t of p.tags) diff.fields.push({ field: `tags.${t.Key}`, after: t.Value })
  if (p.role !== undefined) addRole(diff, p.name, p.role, as)
  return diff
}

function addRole(diff: Diff, profile: string, role: string, as: CallAs): void {
  const input = { InstanceProfileName: profile, RoleName: role }
  diff.fields.push({ field: 'role', after: role })
  diff.steps.push({
    call: iam('AddRoleToInstanceProfile', input, as),
    undo: [iam('RemoveRoleFromInstanceProfile', input, as)],
  })
}

function updateDiff(
  p: InstanceProfileSpec,
  current: RunningInstanceProfile,
  as: CallAs,
  prune: boolean,
): Diff {
  const diff: Diff = { fields: [], steps: [] }
  const name = p.name
  const has = (role: string) => current.roles.some((r) => r.toLowerCase() === role.toLowerCase())
  // A profile holds one role: another role in the file replaces it; none removes it with prune.
  if (p.role === undefined ? prune : !has(p.role))
    for (const role of current.roles) {
      const input = { InstanceProfileName: name, RoleName: role }
      diff.fields.push({ field: 'role', before: role })
      diff.steps.push({
        call: iam('RemoveRoleFromInstanceProfile', input, as),
        undo: [iam('AddRoleToInstanceProfile', input, as)],
      })
    }
  if (p.role !== undefined && !has(p.role)) addRole(diff, name, p.role, as)
  const have = new Map(current.tags.map((t) => [t.Key, t.Value]))
  const changed = p.tags.filter((t) => have.get(t.Key) !== t.Value)
  if (changed.length > 0) {
    for (const t of changed)
      diff.fields.push({
        field: `tags.${t.Key}`,
        ...(have.has(t.Key) ? { before: have.get(t.Key) } : {}),
        after: t.Value,
      })
    const added = changed.filter((t) => !have.has(t.Key)).map((t) => t.Key)
    const restore = current.tags.filter((t) => changed.some((c) => c.Key === t.Key))
    diff.steps.push({
      call: iam('TagInstanceProfile', { InstanceProfileName: name, Tags: changed }, as),
      undo: [
        ...(added.length === 0
          ? []
          : [iam('UntagInstanceProfile', { InstanceProfileName: name, TagKeys: added }, as)]),
        ...(restore.length === 0
          ? []
          : [iam('TagInstanceProfile', { InstanceProfileName: name, Tags: restore }, as)]),
      ],
    })
  }
  if (prune) {
    const keep = new Set(p.tags.map((t) => t.Key))
    const removed = current.tags.filter((t) => !keep.has(t.Key))
    if (removed.length > 0) {
      for (const t of removed) diff.fields.push({ field: `tags.${t.Key}`, before: t.Value })
      diff.steps.push({
        call: iam(
          'UntagInstanceProfile',
          { InstanceProfileName: name, TagKeys: removed.map((t) => t.Key) },
          as,
        ),
        undo: [iam('TagInstanceProfile', { InstanceProfileName: name, Tags: removed }, as)],
      })
    }
  }
  return diff
}

/** The account's instance profiles as the file writes them (sorted; defaults left out). */
export function exportInstanceProfiles(running: RunningIam): Record<string, unknown>[] | undefined {
  const profiles = [...(running.instanceProfiles?.values() ?? [])]
    .filter(
      (p) =>
        !p.roles.some((r) => isReservedRolePath(running.roles.get(r.toLowerCase())?.path ?? '/')),
    )
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((p) => {
      const o: Record<string, unknown> = { name: p.name }
      if (p.path !== '/') o.path = p.path
      if (p.roles[0] !== undefined) o.role = p.roles[0]
      if (p.tags.length > 0)
        o.tags = Object.fromEntries(
          [...p.tags].sort((a, b) => (a.Key < b.Key ? -1 : 1)).map((t) => [t.Key, t.Value]),
        )
      return o
    })
  return profiles.length === 0 ? undefined : profiles
}
