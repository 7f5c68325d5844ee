import type { OrganizationState } from './apply-organization.ts'
import type { ApplyTally } from './apply-tally.ts'
import { listOrganizations, type OrgFileClient } from './org-file-client.ts'
import type { OrganizationFile, OrgPolicySpec } from './org-file-model.ts'
import { fillPlaceholders } from './placeholders.ts'
import { documentText, sameDocument } from './policy-text.ts'

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * Creates or updates each SCP and RCP of the file (content and description) and attaches it to
 * its targets. Attachments the file does not mention are left alone, FullAWSAccess included.
 */
export async function applyOrgPolicies(
  file: OrganizationFile,
  client: OrgFileClient,
  tally: ApplyTally,
  state: OrganizationState,
): Promise<void> {
  const existing = new Map<string, Map<string, Record<string, unknown>>>()
  for (const spec of file.policies) {
    let ofType = existing.get(spec.type)
    if (ofType === undefined) {
      const list = await listOrganizations(
        client,
        'ListPolicies',
        { Filter: spec.type },
        'Policies',
      )
      ofType = new Map(list.map((p) => [str(p.Name), p]))
      existing.set(spec.type, ofType)
    }
    const content = documentText(fillPlaceholders(spec.content, state))
    const found = ofType.get(spec.name)
    const policyId =
      found === undefined
        ? await createPolicy(client, tally, spec, content)
        : await updatePolicy(client, tally, spec, content, str(found.Id))
    await attachTargets(client, tally, spec, policyId, state)
  }
}

async function createPolicy(
  client: OrgFileClient,
  tally: ApplyTally,
  spec: OrgPolicySpec,
  content: string,
): Promise<string> {
  const out = await client.call(
    'organizations',
    'CreatePolicy',
    { Content: content, Description: spec.description, Name: spec.name, Type: spec.type },
    'management',
  )
  const summary = ((out.Policy as Record<string, unknown> | undefined)?.PolicySummary ??
    {}) as Record<string, unknown>
  const id = str(summary.Id)
  tally.create(`created ${label(spec)} ${spec.name} (${id})`)
  return id
}

async function updatePolicy(
  client: OrgFileClient,
  tally: ApplyTally,
  spec: OrgPolicySpec,
  content: string,
  policyId: string,
): Promise<string> {
  const out = await client.call(
    'organizations',
    'DescribePolicy',
    { PolicyId: policyId },
    'management',
  )
  const policy = (out.Policy ?? {}) as Record<string, unknown>
  const summary = (policy.PolicySummary ?? {}) as Record<string, unknown>
  const contentDiffers = !sameDocument(policy.Content, content)
  const descriptionDiffers = str(summary.Description) !== spec.description
  if (!contentDiffers && !descriptionDiffers) {
    tally.same()
    return policyId
  }
  const input: Record<string, unknown> = { PolicyId: policyId }
  if (contentDiffers) input.Content = content
  if (descriptionDiffers) input.Description = spec.description
  await client.call('organizations', 'UpdatePolicy', input, 'management')
  const what = [contentDiffers ? 'content' : '', descriptionDiffers ? 'description' : '']
  tally.update(`updated ${label(spec)} ${spec.name} (${what.filter(Boolean).join(', ')})`)
  return policyId
}

async function attachTargets(
  client: OrgFileClient,
  tally: ApplyTally,
  spec: OrgPolicySpec,
  policyId: string,
  state: OrganizationState,
): Promise<void> {
  const wanted: { id: string; label: string }[] = []
  if (spec.targets.root) wanted.push({ id: state.rootId, label: 'the root' })
  for (const ou of spec.targets.ous)
    wanted.push({ id: state.ouIds.get(ou) ?? '', label: `OU ${ou}` })
  for (const name of spec.targets.accounts)
    wanted.push({ id: state.accountIds.get(name) ?? '', label: `account ${name}` })
  if (wanted.length === 0) return
  const targets = await listOrganizations(
    client,
    'ListTargetsForPolicy',
    { PolicyId: policyId },
    'Targets',
  )
  const attached = new Set(targets.map((t) => str(t.TargetId)))
  for (const target of wanted) {
    if (attached.has(target.id)) {
      tally.same()
      continue
    }
    await client.call(
      'organizations',
      'AttachPolicy',
      { PolicyId: policyId, TargetId: target.id },
      'management',
    )
    tally.create(`attached ${label(spec)} ${spec.name} to ${target.label}`)
  }
}

function label(spec: OrgPolicySpec): string {
  return spec.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'
}
