/**
 * The IAM half of a plan, for one account of the file: customer managed policies, groups, roles
 * and users created or brought to what the file says. Without prune the diff is additive, as
 * applying a file always was: what the file does not mention (another tag, inline policy,
 * attachment or group) stays.
 */
import type { FilePath } from '../org-file/file-problem.ts'
import type { CallAs } from '../org-file/org-file-client.ts'
import type {
  AccountSpec,
  GroupSpec,
  ManagedPolicySpec,
  OidcProviderSpec,
  PolicyRef,
  RoleSpec,
  UserSpec,
} from '../org-file/index.ts'
import { oidcProviderSteps } from '../org-file/apply-iam.ts'
import { oidcProviderIdentity } from '../org-file/org-file-model.ts'
import { fillPlaceholders, type PlaceholderValues } from '../org-file/placeholders.ts'
import { policyRefArn } from '../org-file/policy-refs.ts'
import { documentText, sameDocument } from '../org-file/policy-text.ts'
import {
  diffBoundary,
  diffPolicies,
  diffTags,
  iam,
  runSteps,
  type Diff,
  type Step,
} from './change-steps.ts'
import type { ResourceChange, ResourceKind } from './plan-model.ts'
import type { RunningIam } from './running-organization.ts'

/** One account to plan. */
export interface AccountPlanInput {
  readonly spec: AccountSpec
  /** Where the account sits in the file. */
  readonly at: FilePath
  /** Its id, or a stand-in when it is still to be created. */
  readonly accountId: string
  readonly as: CallAs
  readonly running: RunningIam
  readonly values: PlaceholderValues
  readonly prune: boolean
}

/** A role's maximum session duration when none is given (seconds). */
const DEFAULT_MAX_SESSION_DURATION = 3600

/**
 * Whether the file wants `path` for an entity that has `current`: a path the file gives other than
 * `/` always counts; the default `/` (also what an omitted path reads as) only with prune.
 */
export const pathChanges = (wanted: string, current: string, prune: boolean): boolean =>
  wanted !== current && (prune || wanted !== '/')

/** IAM keeps at most five versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5

const fill = <T>(value: T, input: AccountPlanInput): T => fillPlaceholders(value, input.values)

/** The changes to one account's IAM (deletions with prune come from planIamPrune). */
export function planAccountIam(input: AccountPlanInput): ResourceChange[] {
  const { spec } = input
  const paths = new Map(spec.policies.map((p) => [p.name, p.path]))
  const arn = (ref: PolicyRef) => fill(policyRefArn(ref, input.accountId, paths), input)
  const out: ResourceChange[] = []
  const push = (
    kind: ResourceKind,
    name: string,
    at: FilePath,
    phase: number,
    created: boolean,
    diff: Diff,
  ) => {
    if (diff.steps.length === 0) return
    out.push({
      action: created ? 'create' : 'update',
      kind,
      account: spec.name,
      name,
      at,
      fields: diff.fields,
      phase,
      run: runSteps(diff.steps),
    })
  }
  ;(spec.oidcProviders ?? []).forEach((p, i) => {
    const identity = oidcProviderIdentity(p.url)
    const created = !(input.running.oidcProviders?.has(identity) ?? false)
    const at = [...input.at, 'oidcProviders', i]
    push('oidcProvider', identity, at, 1, created, planOidcProvider(p, input))
  })
  spec.policies.forEach((p, i) => {
    const running = input.running.policies.get(p.name.toLowerCase())
    push('policy', p.name, [...input.at, 'policies', i], 1, !running, planPolicy(p, input))
  })
  spec.groups.forEach((g, i) => {
    const created = !input.running.groups.has(g.name.toLowerCase())
    push('group', g.name, [...input.at, 'groups', i], 2, created, planGroup(g, input, arn))
  })
  spec.roles.forEach((r, i) => {
    const created = !input.running.roles.has(r.name.toLowerCase())
    push('role', r.name, [...input.at, 'roles', i], 2, created, planRole(r, input, arn))
  })
  spec.users.forEach((u, i) => {
    const created = !input.running.users.has(u.name.toLowerCase())
    push('user', u.name, [...input.at, 'users', i], 3, created, planUser(u, input, arn))
  })
  return out
}

function planOidcProvider(spec: OidcProviderSpec, input: AccountPlanInput): Diff {
  const diff: Diff = { fields: [], steps: [] }
  const { as } = input
  const identity = oidcProviderIdentity(spec.url)
  const arn = `arn:aws:iam::${input.accountId}:oidc-provider/${identity}`
  const running = input.running.oidcProviders?.get(identity)
  if (running === undefined) {
    diff.fields.push({ field: 'url', after: spec.url })
    diff.fields.push({ field: 'clientIds', after: spec.clientIds })
    diff.fields.push({ field: 'thumbprints', after: spec.thumbprints })
    if (spec.tags.length > 0) diff.fields.push({ field: 'tags', after: spec.tags })
    const create: Record<string, unknown> = {
      Url: spec.url,
      ClientIDList: spec.clientIds,
      ThumbprintList: spec.thumbprints,
    }
    if (spec.tags.length > 0) create.Tags = spec.tags
    diff.steps.push({
      call: iam('CreateOpenIDConnectProvider', create, as),
      undo: (out) => [
        iam(
          'DeleteOpenIDConnectProvider',
          { OpenIDConnectProviderArn: out.OpenIDConnectProviderArn ?? arn },
          as,
        ),
      ],
    })
    return diff
  }
  const steps = oidcProviderSteps(spec, running.arn, {
    ClientIDList: running.clientIds,
    ThumbprintList: running.thumbprints,
  })
  if (steps.length === 0) return diff
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x))
  if (!sameSet(running.clientIds, spec.clientIds))
    diff.fields.push({ field: 'clientIds', before: running.clientIds, after: spec.clientIds })
  const lower = (l: readonly string[]) => l.map((t) => t.toLowerCase())
  if (!sameSet(lower(running.thumbprints), lower(spec.thumbprints)))
    diff.fields.push({ field: 'thumbprints', before: running.thumbprints, after: spec.thumbprints })
  const undo: Record<string, (i: Record<string, unknown>) => ReturnType<typeof iam>> = {
    AddClientIDToOpenIDConnectProvider: (i) =>
      iam('RemoveClientIDFromOpenIDConnectProvider', i, as),
    RemoveClientIDFromOpenIDConnectProvider: (i) =>
      iam('AddClientIDToOpenIDConnectProvider', i, as),
    UpdateOpenIDConnectProviderThumbprint: () =>
      iam(
        'UpdateOpenIDConnectProviderThumbprint',
        { OpenIDConnectProviderArn: running.arn, ThumbprintList: running.thumbprints },
        as,
      ),
  }
  for (const step of steps)
    diff.steps.push({
      call: iam(step.operation, step.input, as),
      undo: [undo[step.operation]!(step.input)],
    })
  return diff
}

function planPolicy(spec: ManagedPolicySpec, input: AccountPlanInput): Diff {
  const diff: Diff = { fields: [], steps: [] }
  const { as } = input
  const document = fill(spec.document, input)
  const running = input.running.policies.get(spec.name.toLowerCase())
  if (running === undefined) {
    diff.fields.push({ field: 'path', after: spec.path })
    if (spec.description !== undefined)
      diff.fields.push({ field: 'description', after: spec.description })
    diff.fields.push({ field: 'document', after: document })
    const create: Record<string, unknown> = {
      PolicyName: spec.name,
      Path: spec.path,
      PolicyDocument: documentText(document),
    }
    if (spec.description !== undefined) create.Description = spec.description
    diff.steps.push({
      call: iam('CreatePolicy', create, as),
      undo: (out) => [
        iam('DeletePolicy', { PolicyArn: (out.Policy as { Arn?: unknown } | undefined)?.Arn }, as),
      ],
    })
    return diff
  }
  if (sameDocument(running.document, document)) return diff
  diff.fields.push({ field: 'document', before: running.document, after: document })
  const old = running.versionIds.filter((v) => v !== running.defaultVersionId)
  if (running.versionIds.length >= MAX_POLICY_VERSIONS && old[0] !== undefined)
    diff.steps.push({
      call: iam('DeletePolicyVersion', { PolicyArn: running.arn, VersionId: old[0] }, as),
    })
  diff.steps.push({
    call: iam(
      'CreatePolicyVersion',
      { PolicyArn: running.arn, PolicyDocument: documentText(document), SetAsDefault: true },
      as,
    ),
    undo: (out) => [
      iam(
        'SetDefaultPolicyVersion',
        { PolicyArn: running.arn, VersionId: running.defaultVersionId },
        as,
      ),
      iam(
        'DeletePolicyVersion',
        {
          PolicyArn: running.arn,
          VersionId: (out.PolicyVersion as { VersionId?: unknown } | undefined)?.VersionId,
        },
        as,
      ),
    ],
  })
  return diff
}

const inlineMap = (list: readonly { name: string; document: unknown }[], input: AccountPlanInput) =>
  new Map(list.map((p) => [p.name, fill(p.document, input)]))

function planGroup(spec: GroupSpec, input: AccountPlanInput, arn: (r: PolicyRef) => string) {
  const diff: Diff = { fields: [], steps: [] }
  const { as } = input
  const running = input.running.groups.get(spec.name.toLowerCase())
  if (running === undefined) {
    diff.fields.push({ field: 'path', after: spec.path })
    diff.steps.push({
      call: iam('CreateGroup', { GroupName: spec.name, Path: spec.path }, as),
      undo: [iam('DeleteGroup', { GroupName: spec.name }, as)],
    })
  } else if (pathChanges(spec.path, running.path, input.prune)) {
    diff.fields.push({ field: 'path', before: running.path, after: spec.path })
    const move = (path: string) => iam('UpdateGroup', { GroupName: spec.name, NewPath: path }, as)
    diff.steps.push({ call: move(spec.path), undo: [move(running.path)] })
  }
  diffPolicies(
    {
      kind: 'group',
      name: spec.name,
      as,
      prune: input.prune,
      inline: inlineMap(spec.inlinePolicies, input),
      current: running?.inline ?? new Map(),
      arns: spec.managedPolicies.map(arn),
      attached: running?.attached ?? [],
    },
    diff,
  )
  return diff
}

function planRole(spec: RoleSpec, input: AccountPlanInput, arn: (r: PolicyRef) => string) {
  const diff: Diff = { fields: [], steps: [] }
  const { as } = input
  const name = spec.name
  const trust = fill(spec.trustPolicy, input)
  const boundary = spec.permissionsBoundary && arn(spec.permissionsBoundary)
  const running = input.running.roles.get(name.toLowerCase())
  if (running === undefined) {
    const create: Record<string, unknown> = {
      RoleName: name,
      Path: spec.path,
      AssumeRolePolicyDocument: documentText(trust),
    }
    diff.fields.push({ field: 'path', after: spec.path }, { field: 'trustPolicy', after: trust })
    if (spec.description !== undefined) {
      create.Description = spec.description
      diff.fields.push({ field: 'description', after: spec.description })
    }
    if (spec.maxSessionDuration !== undefined) {
      create.MaxSessionDuration = spec.maxSessionDuration
      diff.fields.push({ field: 'maxSessionDuration', after: spec.maxSessionDuration })
    }
    if (boundary !== undefined) {
      create.PermissionsBoundary = boundary
      diff.fields.push({ field: 'permissionsBoundary', after: boundary })
    }
    if (spec.tags.length > 0) {
      create.Tags = spec.tags
      for (const t of spec.tags) diff.fields.push({ field: `tags.${t.Key}`, after: t.Value })
    }
    diff.steps.push({
      call: iam('CreateRole', create, as),
      undo: [iam('DeleteRole', { RoleName: name }, as)],
    })
  } else {
    if (!sameDocument(running.trust, trust)) {
      diff.fields.push({ field: 'trustPolicy', before: running.trust, after: trust })
      const update = (doc: unknown) =>
        iam('UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: documentText(doc) }, as)
      diff.steps.push({ call: update(trust), undo: [update(running.trust)] })
    }
    const update: Record<string, unknown> = {}
    const previous: Record<string, unknown> = {}
    // With prune, what the file omits is IAM's default: no description, one hour.
    const description = spec.description ?? (input.prune ? '' : undefined)
    if (description !== undefined && running.description !== description) {
      diff.fields.push(
        description === ''
          ? { field: 'description', before: running.description }
          : { field: 'description', before: running.description, after: description },
      )
      // UpdateRoleDescription takes an empty description as none (as Terraform sends it).
      const describe = (text: string) =>
        iam('UpdateRoleDescription', { RoleName: name, Description: text }, as)
      diff.steps.push({ call: describe(description), undo: [describe(running.description)] })
    }
    const duration =
      spec.maxSessionDuration ?? (input.prune ? DEFAULT_MAX_SESSION_DURATION : undefined)
    if (duration !== undefined && running.maxSessionDuration !== duration) {
      diff.fields.push({
        field: 'maxSessionDuration',
        before: running.maxSessionDuration,
        after: duration,
      })
      update.MaxSessionDuration = duration
      previous.MaxSessionDuration = running.maxSessionDuration
    }
    if (Object.keys(update).length > 0)
      diff.steps.push({
        call: iam('UpdateRole', { RoleName: name, ...update }, as),
        undo: [iam('UpdateRole', { RoleName: name, ...previous }, as)],
      })
    diffBoundary('role', name, as, boundary, running.boundary, input.prune, diff)
    diffTags('role', name, as, spec.tags, running.tags, input.prune, diff)
  }
  diffPolicies(
    {
      kind: 'role',
      name,
      as,
      prune: input.prune,
      inline: inlineMap(spec.inlinePolicies, input),
      current: running?.inline ?? new Map(),
      arns: spec.managedPolicies.map(arn),
      attached: running?.attached ?? [],
    },
    diff,
  )
  return diff
}

function planUser(spec: UserSpec, input: AccountPlanInput, arn: (r: PolicyRef) => string) {
  const diff: Diff = { fields: [], steps: [] }
  const { as } = input
  const name = spec.name
  const boundary = spec.permissionsBoundary && arn(spec.permissionsBoundary)
  const running = input.running.users.get(name.toLowerCase())
  if (running === undefined) {
    const create: Record<string, unknown> = { UserName: name, Path: spec.path }
    diff.fields.push({ field: 'path', after: spec.path })
    if (boundary !== undefined) {
      create.PermissionsBoundary = boundary
      diff.fields.push({ field: 'permissionsBoundary', after: boundary })
    }
    if (spec.tags.length > 0) {
      create.Tags = spec.tags
      for (const t of spec.tags) diff.fields.push({ field: `tags.${t.Key}`, after: t.Value })
    }
    diff.steps.push({
      call: iam('CreateUser', create, as),
      undo: [iam('DeleteUser', { UserName: name }, as)],
    })
  } else {
    if (pathChanges(spec.path, running.path, input.prune)) {
      diff.fields.push({ field: 'path', before: running.path, after: spec.path })
      const move = (path: string) => iam('UpdateUser', { UserName: name, NewPath: path }, as)
      diff.steps.push({ call: move(spec.path), undo: [move(running.path)] })
    }
    diffBoundary('user', name, as, boundary, running.boundary, input.prune, diff)
    diffTags('user', name, as, spec.tags, running.tags, input.prune, diff)
  }
  const member = new Set((running?.groups ?? []).map((g) => g.toLowerCase()))
  const membership = (op: string, group: string): Step['call'] =>
    iam(op, { GroupName: group, UserName: name }, as)
  for (const group of spec.groups) {
    if (member.has(group.toLowerCase())) continue
    diff.fields.push({ field: 'groups', after: group })
    diff.steps.push({
      call: membership('AddUserToGroup', group),
      undo: [membership('RemoveUserFromGroup', group)],
    })
  }
  if (input.prune && running !== undefined) {
    const wanted = new Set(spec.groups.map((g) => g.toLowerCase()))
    for (const group of running.groups) {
      if (wanted.has(group.toLowerCase())) continue
      diff.fields.push({ field: 'groups', before: group })
      diff.steps.push({
        call: membership('RemoveUserFromGroup', group),
        undo: [membership('AddUserToGroup', group)],
      })
    }
  }
  diffPolicies(
    {
      kind: 'user',
      name,
      as,
      prune: input.prune,
      inline: inlineMap(spec.inlinePolicies, input),
      current: running?.inline ?? new Map(),
      arns: spec.managedPolicies.map(arn),
      attached: running?.attached ?? [],
    },
    diff,
  )
  return diff
}

/**
 * What the file wants of an account's IAM that IAM cannot change in place, as notes: the path of
 * a role or of a customer managed policy (set at creation only; AWS offers no update).
 */
export function planIamNotes(spec: AccountSpec, running: RunningIam, prune: boolean): string[] {
  const notes: string[] = []
  const note = (kind: string, name: string, before: string, after: string) =>
    notes.push(
      `${kind} ${spec.name}/${name}: path ${before} → ${after} not applied: IAM sets a ${kind}'s ` +
        `path only when it creates it (remove it from the file, apply --prune, then add it back)`,
    )
  for (const r of spec.roles) {
    const current = running.roles.get(r.name.toLowerCase())
    if (current !== undefined && pathChanges(r.path, current.path, prune))
      note('role', r.name, current.path, r.path)
  }
  for (const p of spec.policies) {
    const current = running.policies.get(p.name.toLowerCase())
    if (current !== undefined && pathChanges(p.path, current.path, prune))
      note('policy', p.name, current.path, p.path)
  }
  return notes
}
