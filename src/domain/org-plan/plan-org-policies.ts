/**
 * The SCPs and RCPs of a plan: created or updated (content, description) and attached to their
 * targets; with prune, detached from targets the file does not list, and deleted when the file
 * no longer names them. AWS-managed policies (FullAWSAccess) are never touched.
 */
import type { OrganizationFile, OrgPolicySpec } from '../org-file/index.ts'
import { fillPlaceholders, type PlaceholderValues } from '../org-file/placeholders.ts'
import { decodeDocument, documentText, sameDocument } from '../org-file/policy-text.ts'
import type { FieldChange, PlannedCall, ResourceChange } from './plan-model.ts'
import type { RunningOrganization } from './running-organization.ts'

/** Labels and ids of the places policies attach to. */
export interface TargetNames {
  /** 'root', `OU PATH` or `account NAME` → id (undefined when still to be created). */
  readonly idOf: (label: string) => string | undefined
  /** id → label. */
  readonly labelOf: (id: string) => string
}

const org = (operation: string, input: Record<string, unknown>): PlannedCall => ({
  service: 'organizations',
  operation,
  input,
  as: 'management',
})

const kindOf = (type: OrgPolicySpec['type']) => (type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp')

/** The changes to organization policies. */
export function planOrgPolicies(
  file: OrganizationFile,
  running: RunningOrganization,
  values: PlaceholderValues,
  names: TargetNames,
  prune: boolean,
): ResourceChange[] {
  const out: ResourceChange[] = []
  const existing = new Map(
    running.policies.filter((p) => !p.awsManaged).map((p) => [`${p.type}/${p.name}`, p]),
  )
  const counters = { SERVICE_CONTROL_POLICY: 0, RESOURCE_CONTROL_POLICY: 0 }
  for (const spec of file.policies) {
    const index = counters[spec.type]++
    const listKey =
      spec.type === 'SERVICE_CONTROL_POLICY' ? 'serviceControlPolicies' : 'resourceControlPolicies'
    const content = documentText(fillPlaceholders(spec.content, values))
    const labels = [
      ...(spec.targets.root ? ['root'] : []),
      ...spec.targets.ous.map((p) => `OU ${p}`),
      ...spec.targets.accounts.map((a) => `account ${a}`),
    ]
    const found = existing.get(`${spec.type}/${spec.name}`)
    existing.delete(`${spec.type}/${spec.name}`)
    const fields: FieldChange[] = []
    const base = {
      kind: kindOf(spec.type),
      name: spec.name,
      at: [listKey, index],
      phase: 1,
    } as const
    if (found === undefined) {
      fields.push({ field: 'description', after: spec.description })
      fields.push({ field: 'content', after: decodeDocument(content) })
      for (const l of labels) fields.push({ field: 'targets', after: l })
      out.push({
        ...base,
        action: 'create',
        fields,
        run: async (tx) => {
          const created = await tx.call(
            org('CreatePolicy', {
              Content: content,
              Description: spec.description,
              Name: spec.name,
              Type: spec.type,
            }),
            (o) => [org('DeletePolicy', { PolicyId: policyIdOf(o) })],
          )
          const id = policyIdOf(created)
          for (const l of labels) {
            const input = { PolicyId: id, TargetId: names.idOf(l) ?? '' }
            await tx.call(org('AttachPolicy', input), () => [org('DetachPolicy', input)])
          }
        },
      })
      continue
    }
    const update: Record<string, unknown> = {}
    const previous: Record<string, unknown> = {}
    if (!sameDocument(found.content, content)) {
      fields.push({
        field: 'content',
        before: decodeDocument(found.content),
        after: decodeDocument(content),
      })
      update.Content = content
      previous.Content = found.content
    }
    if (found.description !== spec.description) {
      fields.push({ field: 'description', before: found.description, after: spec.description })
      update.Description = spec.description
      previous.Description = found.description
    }
    const calls: { call: PlannedCall; undo: PlannedCall }[] = []
    if (Object.keys(update).length > 0)
      calls.push({
        call: org('UpdatePolicy', { PolicyId: found.id, ...update }),
        undo: org('UpdatePolicy', { PolicyId: found.id, ...previous }),
      })
    const attached = new Set(found.targetIds)
    const wantedIds = new Set<string>()
    for (const l of labels) {
      const id = names.idOf(l)
      if (id !== undefined) wantedIds.add(id)
      if (id !== undefined && attached.has(id)) continue
      fields.push({ field: 'targets', after: l })
      const input = { PolicyId: found.id, TargetId: id ?? '' }
      calls.push({ call: org('AttachPolicy', input), undo: org('DetachPolicy', input) })
    }
    if (prune)
      for (const id of found.targetIds) {
        if (wantedIds.has(id)) continue
        fields.push({ field: 'targets', before: names.labelOf(id) })
        const input = { PolicyId: found.id, TargetId: id }
        calls.push({ call: org('DetachPolicy', input), undo: org('AttachPolicy', input) })
      }
    if (calls.length === 0) continue
    out.push({
      ...base,
      action: 'update',
      fields,
      run: async (tx) => {
        for (const c of calls) await tx.call(c.call, () => [c.undo])
      },
    })
  }
  if (prune)
    for (const policy of existing.values())
      out.push({
        action: 'delete',
        kind: kindOf(policy.type),
        name: policy.name,
        fields: policy.targetIds.map((id) => ({ field: 'targets', before: names.labelOf(id) })),
        phase: 6,
        run: async (tx) => {
          for (const id of policy.targetIds) {
            const input = { PolicyId: policy.id, TargetId: id }
            await tx.call(org('DetachPolicy', input), () => [org('AttachPolicy', input)])
          }
          await tx.call(org('DeletePolicy', { PolicyId: policy.id }))
        },
      })
  return out
}

function policyIdOf(output: Record<string, unknown>): string {
  const policy = output.Policy as { PolicySummary?: { Id?: unknown } } | undefined
  const id = policy?.PolicySummary?.Id
  return typeof id === 'string' ? id : ''
}
