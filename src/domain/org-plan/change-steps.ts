/**
 * The calls of a change, known at plan time, each with its undo; and the field diffs that IAM
 * principals share (inline policies, managed policy attachments, tags, permissions boundary).
 */
import type { CallAs } from '../org-file/org-file-client.ts'
import type { Tag } from '../org-file/index.ts'
import { documentText, sameDocument } from '../org-file/policy-text.ts'
import type { ChangeTransaction, FieldChange, PlannedCall } from './plan-model.ts'
import type { InlinePolicies } from './running-organization.ts'

/** One call of a change and how to revert it. */
export interface Step {
  readonly call: PlannedCall
  readonly undo?: readonly PlannedCall[] | ((output: Record<string, unknown>) => PlannedCall[])
}

/** Runs steps in order through the transaction. */
export function runSteps(steps: readonly Step[]): (tx: ChangeTransaction) => Promise<void> {
  return async (tx) => {
    for (const step of steps) {
      const undo = step.undo
      await tx.call(
        step.call,
        undo === undefined ? undefined : typeof undo === 'function' ? undo : () => undo,
      )
    }
  }
}

/** An IAM call. */
export const iam = (
  operation: string,
  input: Record<string, unknown>,
  as: CallAs,
): PlannedCall => ({
  service: 'iam',
  operation,
  input,
  as,
})

/** The three principals that hold policies, with their operation names. */
export const HOLDER = {
  user: { key: 'UserName', noun: 'User' },
  group: { key: 'GroupName', noun: 'Group' },
  role: { key: 'RoleName', noun: 'Role' },
} as const
export type Holder = keyof typeof HOLDER

/** Fields and steps found so far for one resource. */
export interface Diff {
  readonly fields: FieldChange[]
  readonly steps: Step[]
}

/** What a holder has and should have, for the shared diffs. */
export interface HolderDiffInput {
  readonly kind: Holder
  readonly name: string
  readonly as: CallAs
  readonly prune: boolean
  readonly inline: ReadonlyMap<string, unknown>
  readonly current: InlinePolicies
  readonly arns: readonly string[]
  readonly attached: readonly string[]
}

/** Inline policies put or changed (and deleted with prune), managed policies attached (detached). */
export function diffPolicies(input: HolderDiffInput, diff: Diff): void {
  const { key, noun } = HOLDER[input.kind]
  const { as, name } = input
  for (const [policy, document] of input.inline) {
    const before = input.current.get(policy)
    if (before !== undefined && sameDocument(before, document)) continue
    diff.fields.push({
      field: `inlinePolicies.${policy}`,
      ...(before === undefined ? {} : { before }),
      after: document,
    })
    const put = (doc: unknown) =>
      iam(
        `Put${noun}Policy`,
        { [key]: name, PolicyName: policy, PolicyDocument: documentText(doc) },
        as,
      )
    diff.steps.push({
      call: put(document),
      undo: [
        before === undefined
          ? iam(`Delete${noun}Policy`, { [key]: name, PolicyName: policy }, as)
          : put(before),
      ],
    })
  }
  if (input.prune)
    for (const [policy, before] of input.current) {
      if (input.inline.has(policy)) continue
      diff.fields.push({ field: `inlinePolicies.${policy}`, before })
      diff.steps.push({
        call: iam(`Delete${noun}Policy`, { [key]: name, PolicyName: policy }, as),
        undo: [
          iam(
            `Put${noun}Policy`,
            { [key]: name, PolicyName: policy, PolicyDocument: documentText(before) },
            as,
          ),
        ],
      })
    }
  const attached = new Set(input.attached)
  for (const arn of input.arns) {
    if (attached.has(arn)) continue
    diff.fields.push({ field: 'managedPolicies', after: arn })
    diff.steps.push({
      call: iam(`Attach${noun}Policy`, { [key]: name, PolicyArn: arn }, as),
      undo: [iam(`Detach${noun}Policy`, { [key]: name, PolicyArn: arn }, as)],
    })
  }
  if (input.prune) {
    const wanted = new Set(input.arns)
    for (const arn of input.attached) {
      if (wanted.has(arn)) continue
      diff.fields.push({ field: 'managedPolicies', before: arn })
      diff.steps.push({
        call: iam(`Detach${noun}Policy`, { [key]: name, PolicyArn: arn }, as),
        undo: [iam(`Attach${noun}Policy`, { [key]: name, PolicyArn: arn }, as)],
      })
    }
  }
}

/** Tags added or changed (and removed with prune) on a user or role. */
export function diffTags(
  kind: 'user' | 'role',
  name: string,
  as: CallAs,
  wanted: readonly Tag[],
  current: readonly Tag[],
  prune: boolean,
  diff: Diff,
): void {
  const { key, noun } = HOLDER[kind]
  const have = new Map(current.map((t) => [t.Key, t.Value]))
  const changed = wanted.filter((t) => have.get(t.Key) !== t.Value)
  if (changed.length > 0) {
    for (const t of changed)
      diff.fields.push({
        field: `tags.${t.Key}`,
        ...(have.has(t.Key) ? { before: have.get(t.Key) } : {}),
        after: t.Value,
      })
    const restore = changed.filter((t) => have.has(t.Key))
    const added = changed.filter((t) => !have.has(t.Key))
    diff.steps.push({
      call: iam(`Tag${noun}`, { [key]: name, Tags: changed }, as),
      undo: [
        ...(added.length === 0
          ? []
          : [iam(`Untag${noun}`, { [key]: name, TagKeys: added.map((t) => t.Key) }, as)]),
        ...(restore.length === 0
          ? []
          : [
              iam(
                `Tag${noun}`,
                { [key]: name, Tags: restore.map((t) => ({ Key: t.Key, Value: have.get(t.Key) })) },
                as,
              ),
            ]),
      ],
    })
  }
  if (!prune) return
  const keys = new Set(wanted.map((t) => t.Key))
  const extra = current.filter((t) => !keys.has(t.Key))
  if (extra.length === 0) return
  for (const t of extra) diff.fields.push({ field: `tags.${t.Key}`, before: t.Value })
  diff.steps.push({
    call: iam(`Untag${noun}`, { [key]: name, TagKeys: extra.map((t) => t.Key) }, as),
    undo: [iam(`Tag${noun}`, { [key]: name, Tags: extra }, as)],
  })
}

/** The permissions boundary set (or, with prune, removed) on a user or role. */
export function diffBoundary(
  kind: 'user' | 'role',
  name: string,
  as: CallAs,
  wanted: string | undefined,
  current: string | undefined,
  prune: boolean,
  diff: Diff,
): void {
  const { key, noun } = HOLDER[kind]
  const put = (arn: string) =>
    iam(`Put${noun}PermissionsBoundary`, { [key]: name, PermissionsBoundary: arn }, as)
  const remove = iam(`Delete${noun}PermissionsBoundary`, { [key]: name }, as)
  if (wanted !== undefined && wanted !== current) {
    diff.fields.push({
      field: 'permissionsBoundary',
      ...(current === undefined ? {} : { before: current }),
      after: wanted,
    })
    diff.steps.push({ call: put(wanted), undo: [current === undefined ? remove : put(current)] })
  } else if (wanted === undefined && current !== undefined && prune) {
    diff.fields.push({ field: 'permissionsBoundary', before: current })
    diff.steps.push({ call: remove, undo: [put(current)] })
  }
}
