import type { ApplyTally } from './apply-tally.ts'
import { listIam, type CallAs, type OrgFileClient } from './org-file-client.ts'
import type { InlinePolicySpec, PolicyRef } from './org-file-model.ts'
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts'
import { policyRefArn } from './policy-refs.ts'
import { documentText, sameDocument } from './policy-text.ts'

/** Where IAM work for one account happens, and what it needs to resolve names. */
export interface IamScope {
  readonly client: OrgFileClient
  readonly tally: ApplyTally
  readonly as: CallAs
  readonly accountId: string
  /** How log lines name the account: `Dev (123456789012)`. */
  readonly label: string
  /** Customer managed policy name → path, in this account. */
  readonly customerPaths: ReadonlyMap<string, string>
  readonly values: PlaceholderValues
}

/** The three IAM principals that hold policies, with their operation names. */
export const HOLDERS = {
  user: { key: 'UserName', noun: 'User' },
  group: { key: 'GroupName', noun: 'Group' },
  role: { key: 'RoleName', noun: 'Role' },
} as const
export type HolderKind = keyof typeof HOLDERS

/** The ARN of a policy reference in this account, placeholders filled. */
export function refArn(scope: IamScope, ref: PolicyRef): string {
  return fillPlaceholders(policyRefArn(ref, scope.accountId, scope.customerPaths), scope.values)
}

/**
 * Puts each inline policy that is missing or different; other inline policies stay. `fresh`
 * skips the lookups for an entity just created.
 */
export async function applyInlinePolicies(
  scope: IamScope,
  kind: HolderKind,
  name: string,
  policies: readonly InlinePolicySpec[],
  fresh: boolean,
): Promise<void> {
  if (policies.length === 0) return
  const { key, noun } = HOLDERS[kind]
  const existing = fresh
    ? []
    : await listIam<string>(
        scope.client,
        `List${noun}Policies`,
        { [key]: name },
        'PolicyNames',
        scope.as,
      )
  for (const policy of policies) {
    const document = fillPlaceholders(policy.document, scope.values)
    let verb = 'added'
    if (existing.includes(policy.name)) {
      const out = await scope.client.call(
        'iam',
        `Get${noun}Policy`,
        { [key]: name, PolicyName: policy.name },
        scope.as,
      )
      if (sameDocument(out.PolicyDocument, document)) {
        scope.tally.same()
        continue
      }
      verb = 'updated'
    }
    await scope.client.call(
      'iam',
      `Put${noun}Policy`,
      { [key]: name, PolicyName: policy.name, PolicyDocument: documentText(document) },
      scope.as,
    )
    const line = `${scope.label}: ${verb} inline policy ${policy.name} of ${kind} ${name}`
    if (verb === 'added') scope.tally.create(line)
    else scope.tally.update(line)
  }
}

/** Attaches each managed policy not yet attached; other attachments stay. */
export async function applyManagedPolicies(
  scope: IamScope,
  kind: HolderKind,
  name: string,
  refs: readonly PolicyRef[],
  fresh: boolean,
): Promise<void> {
  if (refs.length === 0) return
  const { key, noun } = HOLDERS[kind]
  const attached = fresh
    ? []
    : await listIam(
        scope.client,
        `ListAttached${noun}Policies`,
        { [key]: name },
        'AttachedPolicies',
        scope.as,
      )
  const arns = new Set(attached.map((p) => p.PolicyArn))
  for (const ref of refs) {
    const arn = refArn(scope, ref)
    if (arns.has(arn)) {
      scope.tally.same()
      continue
    }
    await scope.client.call('iam', `Attach${noun}Policy`, { [key]: name, PolicyArn: arn }, scope.as)
    scope.tally.create(`${scope.label}: attached ${arn} to ${kind} ${name}`)
  }
}

/** Adds or changes the tags the file gives; tags it does not mention stay. */
export async function applyTags(
  scope: IamScope,
  kind: 'user' | 'role',
  name: string,
  wanted: readonly { Key: string; Value: string }[],
  current: unknown,
): Promise<boolean> {
  const have = new Map(
    (Array.isArray(current) ? (current as { Key?: unknown; Value?: unknown }[]) : []).map((t) => [
      t.Key,
      t.Value,
    ]),
  )
  const missing = wanted.filter((t) => have.get(t.Key) !== t.Value)
  if (missing.length === 0) return false
  const { key, noun } = HOLDERS[kind]
  await scope.client.call('iam', `Tag${noun}`, { [key]: name, Tags: missing }, scope.as)
  scope.tally.update(
    `${scope.label}: tagged ${kind} ${name} (${missing.map((t) => t.Key).join(', ')})`,
  )
  return true
}
