/**
 * Plans the file's Identity Center against the running one, resource by resource: users (by
 * user name: display name, name, emails), groups (description, members), permission sets
 * (description, session duration, relay state, managed policies, customer managed references,
 * inline policy, boundary, tags) and account assignments. Creations and updates are made by the
 * organization file's own Identity Center apply (so they have no calls here); with prune, what the
 * file no longer names carries its calls: memberships and permission set contents removed (the
 * set provisioned again), then assignments, permission sets and groups, then users deleted.
 */
import type { CallAs } from '../org-file/org-file-client.ts'
import {
  fillPlaceholders,
  type CustomerPolicyReference,
  type IdentityCenterSpec,
  type PermissionSetBoundary,
  type PermissionSetSpec,
  type PlaceholderValues,
} from '../org-file/index.ts'
import { decodeDocument, documentText, sameDocument } from '../org-file/policy-text.ts'
import { runSteps, type Step } from './change-steps.ts'
import type { ChangeTransaction, FieldChange, PlannedCall, ResourceChange } from './plan-model.ts'
import type { RunningIdentityCenter, RunningPermissionSet } from './running-identity-center.ts'

/** Phases of Identity Center changes (after IAM's deletions, which end at 7). */
export const IC_PHASE = {
  /** Creations and updates, made by applyIdentityCenter after the plan's calls. */
  additive: 8,
  /** Memberships and permission set contents removed. */
  pruneFields: 9,
  assignments: 10,
  setsAndGroups: 11,
  users: 12,
} as const

const as: CallAs = 'management'
const ssoAdmin = (operation: string, input: Record<string, unknown>): PlannedCall => ({
  service: 'sso-admin',
  operation,
  input,
  as,
})
const store = (operation: string, input: Record<string, unknown>): PlannedCall => ({
  service: 'identitystore',
  operation,
  input,
  as,
})
const refText = (r: CustomerPolicyReference) => `${r.path}${r.name}`
const boundaryText = (b: PermissionSetBoundary | undefined) =>
  b === undefined ? undefined : b.kind === 'managed' ? b.arn : `customer ${refText(b.reference)}`
const boundaryInput = (b: PermissionSetBoundary) =>
  b.kind === 'managed'
    ? { ManagedPolicyArn: b.arn }
    : { CustomerManagedPolicyReference: { Name: b.reference.name, Path: b.reference.path } }
const emailText = (e: { value: string; type: string | undefined; primary: boolean }) =>
  `${e.value}${e.type === undefined ? '' : ` (${e.type})`}${e.primary ? ' primary' : ''}`

/** Waits for an asynchronous sso-admin request (status Describe… until not IN_PROGRESS). */
async function settle(
  tx: ChangeTransaction,
  instanceArn: string,
  first: unknown,
  operation: string,
  idKey: string,
  key: string,
): Promise<void> {
  let status = (first ?? {}) as Record<string, unknown>
  for (let poll = 0; status.Status === 'IN_PROGRESS'; poll++) {
    if (poll > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * poll)))
    if (poll >= 120) throw new Error(`${operation} ${String(status.RequestId)} did not finish`)
    const out = await tx.client.call(
      'sso-admin',
      operation,
      { InstanceArn: instanceArn, [idKey]: status.RequestId },
      as,
    )
    status = (out[key] ?? {}) as Record<string, unknown>
  }
  if (status.Status === 'FAILED') throw new Error(String(status.FailureReason ?? 'FAILED'))
}

/** What the planner needs besides the two sides. */
export interface IdentityCenterPlanInput {
  readonly spec: IdentityCenterSpec
  /** Undefined when the organization has no Identity Center instance yet. */
  readonly running: RunningIdentityCenter | undefined
  readonly values: PlaceholderValues
  /** Account names by id. */
  readonly accountNames: ReadonlyMap<string, string>
  readonly prune: boolean
}

/**
 * The Identity Center changes.
 * @example const changes = planIdentityCenter({ spec: file.identityCenter, running: ic, values, accountNames, prune: false })
 */
export function planIdentityCenter(input: IdentityCenterPlanInput): ResourceChange[] {
  const { spec, values, prune } = input
  const running: RunningIdentityCenter = input.running ?? {
    instanceArn: '',
    identityStoreId: '',
    users: [],
    groups: [],
    permissionSets: [],
    assignments: [],
  }
  const IdentityStoreId = running.identityStoreId
  const InstanceArn = running.instanceArn
  const changes: ResourceChange[] = []
  const add = (
    change: Omit<ResourceChange, 'phase' | 'fields'> & { fields: FieldChange[] },
    steps: Step[] = [],
  ) => {
    if (change.action === 'update' && change.fields.length === 0) return
    const pruning = steps.length > 0
    changes.push({
      ...change,
      phase:
        change.action === 'delete'
          ? change.kind === 'assignment'
            ? IC_PHASE.assignments
            : change.kind === 'ssoUser'
              ? IC_PHASE.users
              : IC_PHASE.setsAndGroups
          : pruning
            ? IC_PHASE.pruneFields
            : IC_PHASE.additive,
      ...(pruning ? { run: runSteps(steps) } : {}),
    })
  }

  // Users, by user name (Identity Center compares user names without case).
  const userByName = new Map(running.users.map((u) => [u.userName.toLowerCase(), u]))
  const wantedUsers = new Set<string>()
  spec.users.forEach((u, i) => {
    wantedUsers.add(u.userName.toLowerCase())
    const at = ['identityCenter', 'users', i]
    const found = userByName.get(u.userName.toLowerCase())
    const emails = u.emails.map(emailText)
    const name = `${u.givenName} ${u.familyName}`
    if (found === undefined) {
      add({
        action: 'create',
        kind: 'ssoUser',
        name: u.userName,
        at,
        fields: [
          { field: 'displayName', after: u.displayName },
          { field: 'name', after: name },
          ...(emails.length === 0 ? [] : [{ field: 'emails', after: emails.join(', ') }]),
          ...(u.initialPassword === undefined
            ? []
            : [
                {
                  field: 'initialPassword',
                  after:
                    u.initialPassword.kind === 'generate'
                      ? '(generated, never shown)'
                      : `(from $${u.initialPassword.variable})`,
                },
              ]),
        ],
      })
      return
    }
    const fields: FieldChange[] = []
    if (found.displayName !== u.displayName)
      fields.push({ field: 'displayName', before: found.displayName, after: u.displayName })
    const before = `${found.givenName} ${found.familyName}`
    if (found.givenName !== u.givenName || found.familyName !== u.familyName)
      fields.push({ field: 'name', before, after: name })
    const had = found.emails.map(emailText).join(', ')
    if (had !== emails.join(', '))
      fields.push({
        field: 'emails',
        ...(had === '' ? {} : { before: had }),
        ...(emails.length === 0 ? {} : { after: emails.join(', ') }),
      })
    add({ action: 'update', kind: 'ssoUser', name: u.userName, at, fields })
  })

  // Groups and their members.
  const groupByName = new Map(running.groups.map((g) => [g.displayName, g]))
  const members = new Map<string, string[]>()
  for (const m of spec.memberships)
    members.set(m.group, [...(members.get(m.group) ?? []), m.userName])
  spec.groups.forEach((g, i) => {
    const at = ['identityCenter', 'groups', i]
    const wanted = members.get(g.displayName) ?? []
    const found = groupByName.get(g.displayName)
    if (found === undefined) {
      add({
        action: 'create',
        kind: 'ssoGroup',
        name: g.displayName,
        at,
        fields: [
          ...(g.description === undefined ? [] : [{ field: 'description', after: g.description }]),
          ...wanted.map((m) => ({ field: 'members', after: m })),
        ],
      })
      return
    }
    const fields: FieldChange[] = []
    const steps: Step[] = []
    if (g.description !== undefined && found.description !== g.description)
      fields.push({
        field: 'description',
        ...(found.description === undefined ? {} : { before: found.description }),
        after: g.description,
      })
    const have = new Set(found.members.map((m) => m.userName.toLowerCase()))
    for (const m of wanted)
      if (!have.has(m.toLowerCase())) fields.push({ field: 'members', after: m })
    if (prune) {
      const keep = new Set(wanted.map((m) => m.toLowerCase()))
      for (const m of found.members) {
        if (keep.has(m.userName.toLowerCase())) continue
        fields.push({ field: 'members', before: m.userName })
        const userId = userByName.get(m.userName.toLowerCase())?.id ?? ''
        steps.push({
          call: store('DeleteGroupMembership', { IdentityStoreId, MembershipId: m.membershipId }),
          undo: [
            store('CreateGroupMembership', {
              IdentityStoreId,
              GroupId: found.id,
              MemberId: { UserId: userId },
            }),
          ],
        })
      }
    }
    add({ action: 'update', kind: 'ssoGroup', name: g.displayName, at, fields }, steps)
  })

  // Permission sets.
  const setByName = new Map(running.permissionSets.map((p) => [p.name, p]))
  spec.permissionSets.forEach((p, i) => {
    const at = ['identityCenter', 'permissionSets', i]
    const found = setByName.get(p.name)
    const inline =
      p.inlinePolicy === undefined ? undefined : fillPlaceholders(p.inlinePolicy, values)
    if (found === undefined) {
      add({
        action: 'create',
        kind: 'permissionSet',
        name: p.name,
        at,
        fields: setFields(p, inline),
      })
      return
    }
    const { fields, steps } = diffPermissionSet(p, inline, found, InstanceArn, prune)
    if (steps.length === 0 || found.provisionedTo.length === 0) {
      add({ action: 'update', kind: 'permissionSet', name: p.name, at, fields }, steps)
      return
    }
    // What the file drops is removed, then the set is provisioned again where it is provisioned.
    changes.push({
      action: 'update',
      kind: 'permissionSet',
      name: p.name,
      at,
      fields,
      phase: IC_PHASE.pruneFields,
      run: async (tx) => {
        await runSteps(steps)(tx)
        const out = await tx.call(
          ssoAdmin('ProvisionPermissionSet', {
            InstanceArn,
            PermissionSetArn: found.arn,
            TargetType: 'ALL_PROVISIONED_ACCOUNTS',
          }),
        )
        await settle(
          tx,
          InstanceArn,
          out.PermissionSetProvisioningStatus,
          'DescribePermissionSetProvisioningStatus',
          'ProvisionPermissionSetRequestId',
          'PermissionSetProvisioningStatus',
        )
      },
    })
  })

  // Account assignments.
  const principalNames = new Map<string, string>([
    ...running.users.map((u): [string, string] => [`USER ${u.id}`, u.userName.toLowerCase()]),
    ...running.groups.map((g): [string, string] => [`GROUP ${g.id}`, g.displayName]),
  ])
  const setNames = new Map(running.permissionSets.map((p) => [p.arn, p.name]))
  const key = (type: string, principal: string, set: string, account: string) =>
    `${type}\u0000${type === 'USER' ? principal.toLowerCase() : principal}\u0000${set}\u0000${account}`
  const existing = new Set<string>()
  for (const a of running.assignments) {
    const principal = principalNames.get(`${a.principalType} ${a.principalId}`)
    const set = setNames.get(a.permissionSetArn)
    const account = input.accountNames.get(a.accountId)
    if (principal !== undefined && set !== undefined && account !== undefined)
      existing.add(key(a.principalType, principal, set, account))
  }
  const wantedAssignments = new Set<string>()
  const label = (type: string, principal: string, set: string, account: string) =>
    `${set} to ${type === 'USER' ? 'user' : 'group'} ${principal} in ${account}`
  for (const a of spec.assignments) {
    const k = key(a.principalType, a.principalName, a.permissionSet, a.account)
    wantedAssignments.add(k)
    if (existing.has(k)) continue
    add({
      action: 'create',
      kind: 'assignment',
      name: label(a.principalType, a.principalName, a.permissionSet, a.account),
      at: ['identityCenter', 'assignments'],
      fields: [],
    })
  }
  if (!prune) return changes
  for (const a of running.assignments) {
    const principal = principalNames.get(`${a.principalType} ${a.principalId}`)
    const set = setNames.get(a.permissionSetArn)
    const account = input.accountNames.get(a.accountId)
    if (principal === undefined || set === undefined || account === undefined) continue
    if (wantedAssignments.has(key(a.principalType, principal, set, account))) continue
    const target = {
      InstanceArn,
      TargetId: a.accountId,
      TargetType: 'AWS_ACCOUNT',
      PermissionSetArn: a.permissionSetArn,
      PrincipalType: a.principalType,
      PrincipalId: a.principalId,
    }
    changes.push({
      action: 'delete',
      kind: 'assignment',
      name: label(a.principalType, principal, set, account),
      fields: [],
      phase: IC_PHASE.assignments,
      run: async (tx) => {
        const out = await tx.call(ssoAdmin('DeleteAccountAssignment', target), () => [
          ssoAdmin('CreateAccountAssignment', target),
        ])
        await settle(
          tx,
          InstanceArn,
          out.AccountAssignmentDeletionStatus,
          'DescribeAccountAssignmentDeletionStatus',
          'AccountAssignmentDeletionRequestId',
          'AccountAssignmentDeletionStatus',
        )
      },
    })
  }
  const wantedSets = new Set(spec.permissionSets.map((p) => p.name))
  for (const p of running.permissionSets)
    if (!wantedSets.has(p.name))
      add({ action: 'delete', kind: 'permissionSet', name: p.name, fields: [] }, [
        { call: ssoAdmin('DeletePermissionSet', { InstanceArn, PermissionSetArn: p.arn }) },
      ])
  const wantedGroups = new Set(spec.groups.map((g) => g.displayName))
  for (const g of running.groups)
    if (!wantedGroups.has(g.displayName))
      add({ action: 'delete', kind: 'ssoGroup', name: g.displayName, fields: [] }, [
        { call: store('DeleteGroup', { IdentityStoreId, GroupId: g.id }) },
      ])
  for (const u of running.users)
    if (!wantedUsers.has(u.userName.toLowerCase()))
      add({ action: 'delete', kind: 'ssoUser', name: u.userName, fields: [] }, [
        { call: store('DeleteUser', { IdentityStoreId, UserId: u.id }) },
      ])
  return changes
}

/** The fields of a permission set to create. */
function setFields(p: PermissionSetSpec, inline: unknown): FieldChange[] {
  return [
    ...(p.description === undefined ? [] : [{ field: 'description', after: p.description }]),
    { field: 'sessionDuration', after: p.sessionDuration ?? 'PT1H' },
    ...(p.relayState === undefined ? [] : [{ field: 'relayState', after: p.relayState }]),
    ...p.managedPolicies.map((arn) => ({ field: 'managedPolicies', after: arn })),
    ...p.customerManagedPolicies.map((r) => ({
      field: 'customerManagedPolicies',
      after: refText(r),
    })),
    ...(inline === undefined ? [] : [{ field: 'inlinePolicy', after: inline }]),
    ...(p.permissionsBoundary === undefined
      ? []
      : [{ field: 'permissionsBoundary', after: boundaryText(p.permissionsBoundary) }]),
    ...p.tags.map((t) => ({ field: `tags.${t.Key}`, after: t.Value })),
  ]
}

/** A permission set's changed fields; with prune, the calls that remove what the file drops. */
function diffPermissionSet(
  p: PermissionSetSpec,
  inline: unknown,
  found: RunningPermissionSet,
  InstanceArn: string,
  prune: boolean,
): { fields: FieldChange[]; steps: Step[] } {
  const fields: FieldChange[] = []
  const steps: Step[] = []
  const target = { InstanceArn, PermissionSetArn: found.arn }
  const scalar = (field: string, wanted: string | undefined, have: string | undefined) => {
    if (wanted !== undefined && wanted !== have)
      fields.push({ field, ...(have === undefined ? {} : { before: have }), after: wanted })
  }
  scalar('description', p.description, found.description)
  scalar('sessionDuration', p.sessionDuration, found.sessionDuration)
  scalar('relayState', p.relayState, found.relayState)
  const managed = new Set(found.managedPolicies)
  for (const arn of p.managedPolicies)
    if (!managed.has(arn)) fields.push({ field: 'managedPolicies', after: arn })
  const refs = new Set(found.customerManagedPolicies.map(refText))
  for (const r of p.customerManagedPolicies)
    if (!refs.has(refText(r))) fields.push({ field: 'customerManagedPolicies', after: refText(r) })
  if (
    inline !== undefined &&
    (found.inlinePolicy === undefined || !sameDocument(found.inlinePolicy, inline))
  )
    fields.push({
      field: 'inlinePolicy',
      ...(found.inlinePolicy === undefined ? {} : { before: decodeDocument(found.inlinePolicy) }),
      after: inline,
    })
  const wantedBoundary = boundaryText(p.permissionsBoundary)
  const haveBoundary = boundaryText(found.permissionsBoundary)
  if (wantedBoundary !== undefined && wantedBoundary !== haveBoundary)
    fields.push({
      field: 'permissionsBoundary',
      ...(haveBoundary === undefined ? {} : { before: haveBoundary }),
      after: wantedBoundary,
    })
  const tags = new Map(found.tags.map((t) => [t.Key, t.Value]))
  for (const t of p.tags)
    if (tags.get(t.Key) !== t.Value)
      fields.push({
        field: `tags.${t.Key}`,
        ...(tags.has(t.Key) ? { before: tags.get(t.Key) } : {}),
        after: t.Value,
      })
  if (!prune) return { fields, steps }
  const wantedManaged = new Set(p.managedPolicies)
  for (const arn of found.managedPolicies)
    if (!wantedManaged.has(arn)) {
      fields.push({ field: 'managedPolicies', before: arn })
      steps.push({
        call: ssoAdmin('DetachManagedPolicyFromPermissionSet', {
          ...target,
          ManagedPolicyArn: arn,
        }),
        undo: [
          ssoAdmin('AttachManagedPolicyToPermissionSet', { ...target, ManagedPolicyArn: arn }),
        ],
      })
    }
  const wantedRefs = new Set(p.customerManagedPolicies.map(refText))
  for (const r of found.customerManagedPolicies)
    if (!wantedRefs.has(refText(r))) {
      fields.push({ field: 'customerManagedPolicies', before: refText(r) })
      const ref = { ...target, CustomerManagedPolicyReference: { Name: r.name, Path: r.path } }
      steps.push({
        call: ssoAdmin('DetachCustomerManagedPolicyReferenceFromPermissionSet', ref),
        undo: [ssoAdmin('AttachCustomerManagedPolicyReferenceToPermissionSet', ref)],
      })
    }
  if (inline === undefined && found.inlinePolicy !== undefined) {
    fields.push({ field: 'inlinePolicy', before: decodeDocument(found.inlinePolicy) })
    steps.push({
      call: ssoAdmin('DeleteInlinePolicyFromPermissionSet', target),
      undo: [
        ssoAdmin('PutInlinePolicyToPermissionSet', {
          ...target,
          InlinePolicy: documentText(found.inlinePolicy),
        }),
      ],
    })
  }
  if (p.permissionsBoundary === undefined && found.permissionsBoundary !== undefined) {
    fields.push({ field: 'permissionsBoundary', before: haveBoundary })
    steps.push({
      call: ssoAdmin('DeletePermissionsBoundaryFromPermissionSet', target),
      undo: [
        ssoAdmin('PutPermissionsBoundaryToPermissionSet', {
          ...target,
          PermissionsBoundary: boundaryInput(found.permissionsBoundary),
        }),
      ],
    })
  }
  const wantedKeys = new Set(p.tags.map((t) => t.Key))
  const extra = found.tags.filter((t) => !wantedKeys.has(t.Key))
  if (extra.length > 0) {
    for (const t of extra) fields.push({ field: `tags.${t.Key}`, before: t.Value })
    steps.push({
      call: ssoAdmin('UntagResource', {
        InstanceArn,
        ResourceArn: found.arn,
        TagKeys: extra.map((t) => t.Key),
      }),
      undo: [ssoAdmin('TagResource', { InstanceArn, ResourceArn: found.arn, Tags: extra })],
    })
  }
  return { fields, steps }
}
