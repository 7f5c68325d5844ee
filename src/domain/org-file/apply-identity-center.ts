/**
 * Applies the `identityCenter` section of a file through identitystore and sso-admin, as the
 * management account: users (an initial password set once, when the user is created), groups,
 * memberships, permission sets with their policies, and account assignments. Idempotent: it
 * lists first, creates what is missing, updates what differs, and deletes nothing. A permission
 * set that changed is provisioned again to the accounts that hold it.
 */
import type { ApplyTally } from './apply-tally.ts'
import { errorCode, members, type OrgFileClient, type OrgFileService } from './org-file-client.ts'
import type {
  IdentityCenterSpec,
  InitialPasswordSource,
  PermissionSetSpec,
  SsoUserSpec,
  Tag,
} from './org-file-model.ts'
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts'
import { documentText, sameDocument } from './policy-text.ts'

/**
 * Where initial passwords come from. `passwordFor` is asked before a user is created and gives
 * the password to set (undefined: none); for a generated one it keeps it where the user will
 * find it first (the server writes a 0600 file), so nothing set is lost. It never logs it.
 * It throws when it cannot give one (an unset environment variable): the user is not created.
 */
export interface InitialPasswords {
  passwordFor(user: SsoUserSpec, source: InitialPasswordSource): string | undefined
}

type Row = Record<string, unknown>
const str = (value: unknown): string => (typeof value === 'string' ? value : '')

interface Scope {
  readonly client: OrgFileClient
  readonly tally: ApplyTally
  readonly instanceArn: string
  readonly storeId: string
}

async function call(scope: Scope, service: OrgFileService, operation: string, input: Row) {
  return scope.client.call(service, operation, input, 'management')
}

/** Every page of an identitystore or sso-admin list (`NextToken`). */
async function listAll(
  scope: Scope,
  service: OrgFileService,
  operation: string,
  input: Row,
  key: string,
): Promise<Row[]> {
  const out: Row[] = []
  let token: unknown
  do {
    const page = await call(
      scope,
      service,
      operation,
      token === undefined ? input : { ...input, NextToken: token },
    )
    const list = page[key]
    if (Array.isArray(list))
      out.push(
        ...(list as unknown[]).map((v) => (typeof v === 'string' ? { value: v } : (v as Row))),
      )
    token = page.NextToken ?? undefined
  } while (typeof token === 'string' && token !== '')
  return out
}

/** The accounts' ids by name, and the placeholder values for inline policies. */
export interface IdentityCenterTargets extends PlaceholderValues {
  readonly accountIds: ReadonlyMap<string, string>
}

/**
 * Applies `spec`. Stops at the first failed call; the error names the item.
 * @example await applyIdentityCenter(file.identityCenter, client, tally, state, passwords)
 */
export async function applyIdentityCenter(
  spec: IdentityCenterSpec,
  client: OrgFileClient,
  tally: ApplyTally,
  targets: IdentityCenterTargets,
  passwords: InitialPasswords | undefined,
): Promise<void> {
  const empty =
    spec.users.length + spec.groups.length + spec.permissionSets.length + spec.assignments.length
  if (empty === 0) return
  const instances = members(
    await client.call('sso-admin', 'ListInstances', {}, 'management'),
    'Instances',
  )
  const instance = instances[0]
  if (instance === undefined) throw new Error('the organization has no Identity Center instance')
  const scope: Scope = {
    client,
    tally,
    instanceArn: str(instance.InstanceArn),
    storeId: str(instance.IdentityStoreId),
  }
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(`applying Identity Center ${what}: ${reason}`, { cause: error })
    }
  }
  const userIds = await step('users', () => applyUsers(scope, spec.users, passwords))
  const groupIds = await step('groups', () => applyGroups(scope, spec))
  await step('memberships', () => applyMemberships(scope, spec, userIds, groupIds))
  const sets = await step('permission sets', () => applyPermissionSets(scope, spec, targets))
  await step('account assignments', () =>
    applyAssignments(scope, spec, targets, { users: userIds, groups: groupIds, sets }),
  )
}

async function applyUsers(
  scope: Scope,
  users: readonly SsoUserSpec[],
  passwords: InitialPasswords | undefined,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  if (users.length === 0) return ids
  const existing = await listAll(
    scope,
    'identitystore',
    'ListUsers',
    { IdentityStoreId: scope.storeId },
    'Users',
  )
  const byName = new Map(existing.map((u) => [str(u.UserName).toLowerCase(), u]))
  for (const user of users) {
    const emails = user.emails.map((e) => ({
      Value: e.value,
      ...(e.type === undefined ? {} : { Type: e.type }),
      Primary: e.primary,
    }))
    const found = byName.get(user.userName.toLowerCase())
    if (found === undefined) {
      const source = user.initialPassword
      const password = source === undefined ? undefined : passwords?.passwordFor(user, source)
      const out = await call(scope, 'identitystore', 'CreateUser', {
        IdentityStoreId: scope.storeId,
        UserName: user.userName,
        DisplayName: user.displayName,
        Name: { GivenName: user.givenName, FamilyName: user.familyName },
        ...(emails.length === 0 ? {} : { Emails: emails }),
      })
      const userId = str(out.UserId)
      ids.set(user.userName, userId)
      scope.tally.create(`Identity Center: created user ${user.userName}`)
      if (password !== undefined) {
        await call(scope, 'identitystore', 'XaccessSetUserPassword', {
          IdentityStoreId: scope.storeId,
          UserId: userId,
          Password: password,
        })
        scope.tally.create(`Identity Center: set the initial password of user ${user.userName}`)
      }
      continue
    }
    const userId = str(found.UserId)
    ids.set(user.userName, userId)
    const operations: Row[] = []
    if (str(found.DisplayName) !== user.displayName)
      operations.push({ AttributePath: 'displayName', AttributeValue: user.displayName })
    const name = (found.Name ?? {}) as Row
    if (str(name.GivenName) !== user.givenName || str(name.FamilyName) !== user.familyName)
      operations.push({
        AttributePath: 'name',
        AttributeValue: { ...name, GivenName: user.givenName, FamilyName: user.familyName },
      })
    if (!sameEmails(found.Emails, emails))
      operations.push({ AttributePath: 'emails', AttributeValue: emails })
    if (operations.length === 0) {
      scope.tally.same()
      continue
    }
    await call(scope, 'identitystore', 'UpdateUser', {
      IdentityStoreId: scope.storeId,
      UserId: userId,
      Operations: operations,
    })
    const paths = operations.map((o) => o.AttributePath).join(', ')
    scope.tally.update(`Identity Center: updated user ${user.userName} (${paths})`)
  }
  return ids
}

function sameEmails(current: unknown, wanted: readonly Row[]): boolean {
  const list = Array.isArray(current) ? (current as Row[]) : []
  const key = (e: Row) => `${str(e.Value)}\n${str(e.Type)}\n${e.Primary === true}`
  return list.map(key).join('\n\n') === wanted.map(key).join('\n\n')
}

async function applyGroups(scope: Scope, spec: IdentityCenterSpec): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  if (spec.groups.length === 0) return ids
  const existing = await listAll(
    scope,
    'identitystore',
    'ListGroups',
    { IdentityStoreId: scope.storeId },
    'Groups',
  )
  const byName = new Map(existing.map((g) => [str(g.DisplayName), g]))
  for (const group of spec.groups) {
    const found = byName.get(group.displayName)
    if (found === undefined) {
      const out = await call(scope, 'identitystore', 'CreateGroup', {
        IdentityStoreId: scope.storeId,
        DisplayName: group.displayName,
        ...(group.description === undefined ? {} : { Description: group.description }),
      })
      ids.set(group.displayName, str(out.GroupId))
      scope.tally.create(`Identity Center: created group ${group.displayName}`)
      continue
    }
    ids.set(group.displayName, str(found.GroupId))
    if (group.description !== undefined && str(found.Description) !== group.description) {
      await call(scope, 'identitystore', 'UpdateGroup', {
        IdentityStoreId: scope.storeId,
        GroupId: str(found.GroupId),
        Operations: [{ AttributePath: 'description', AttributeValue: group.description }],
      })
      scope.tally.update(`Identity Center: updated group ${group.displayName} (description)`)
    } else scope.tally.same()
  }
  return ids
}

async function applyMemberships(
  scope: Scope,
  spec: IdentityCenterSpec,
  userIds: ReadonlyMap<string, string>,
  groupIds: ReadonlyMap<string, string>,
): Promise<void> {
  const byGroup = new Map<string, string[]>()
  for (const m of spec.memberships)
    byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), m.userName])
  for (const [group, userNames] of byGroup) {
    const groupId = groupIds.get(group) ?? ''
    const current = await listAll(
      scope,
      'identitystore',
      'ListGroupMemberships',
      { IdentityStoreId: scope.storeId, GroupId: groupId },
      'GroupMemberships',
    )
    const have = new Set(current.map((m) => str(((m.MemberId ?? {}) as Row).UserId)))
    for (const userName of userNames) {
      const userId = userIds.get(userName) ?? ''
      if (have.has(userId)) {
        scope.tally.same()
        continue
      }
      await call(scope, 'identitystore', 'CreateGroupMembership', {
        IdentityStoreId: scope.storeId,
        GroupId: groupId,
        MemberId: { UserId: userId },
      })
      scope.tally.create(`Identity Center: added user ${userName} to group ${group}`)
    }
  }
}

async function applyPermissionSets(
  scope: Scope,
  spec: IdentityCenterSpec,
  values: PlaceholderValues,
): Promise<Map<string, string>> {
  const arns = new Map<string, string>()
  if (spec.permissionSets.length === 0) return arns
  const list = await listAll(
    scope,
    'sso-admin',
    'ListPermissionSets',
    { InstanceArn: scope.instanceArn },
    'PermissionSets',
  )
  const byName = new Map<string, Row>()
  for (const { value: arn } of list) {
    const out = await call(scope, 'sso-admin', 'DescribePermissionSet', {
      InstanceArn: scope.instanceArn,
      PermissionSetArn: arn,
    })
    const ps = (out.PermissionSet ?? {}) as Row
    byName.set(str(ps.Name).toLowerCase(), ps)
  }
  for (const set of spec.permissionSets) {
    const found = byName.get(set.name.toLowerCase())
    const before = scope.tally.created + scope.tally.updated
    let arn: string
    if (found === undefined) {
      const out = await call(scope, 'sso-admin', 'CreatePermissionSet', {
        InstanceArn: scope.instanceArn,
        Name: set.name,
        ...(set.description === undefined ? {} : { Description: set.description }),
        ...(set.sessionDuration === undefined ? {} : { SessionDuration: set.sessionDuration }),
        ...(set.relayState === undefined ? {} : { RelayState: set.relayState }),
        ...(set.tags.length === 0 ? {} : { Tags: set.tags }),
      })
      arn = str(((out.PermissionSet ?? {}) as Row).PermissionSetArn)
      scope.tally.create(`Identity Center: created permission set ${set.name}`)
    } else {
      arn = str(found.PermissionSetArn)
      await updatePermissionSet(scope, set, arn, found)
    }
    arns.set(set.name, arn)
    await applySetPolicies(scope, set, arn, found === undefined, values)
    const changed = scope.tally.created + scope.tally.updated > before
    if (found !== undefined && changed) await reprovision(scope, set.name, arn)
  }
  return arns
}

async function updatePermissionSet(scope: Scope, set: PermissionSetSpec, arn: string, found: Row) {
  const update: Row = {}
  if (set.description !== undefined && str(found.Description) !== set.description)
    update.Description = set.description
  if (set.sessionDuration !== undefined && str(found.SessionDuration) !== set.sessionDuration)
    update.SessionDuration = set.sessionDuration
  if (set.relayState !== undefined && str(found.RelayState) !== set.relayState)
    update.RelayState = set.relayState
  if (Object.keys(update).length > 0) {
    await call(scope, 'sso-admin', 'UpdatePermissionSet', {
      InstanceArn: scope.instanceArn,
      PermissionSetArn: arn,
      ...update,
    })
    scope.tally.update(
      `Identity Center: updated permission set ${set.name} (${Object.keys(update).join(', ')})`,
    )
  } else scope.tally.same()
  if (set.tags.length === 0) return
  const tags = await listAll(
    scope,
    'sso-admin',
    'ListTagsForResource',
    { InstanceArn: scope.instanceArn, ResourceArn: arn },
    'Tags',
  )
  const have = new Map(tags.map((t) => [str(t.Key), str(t.Value)]))
  const missing: Tag[] = set.tags.filter((t) => have.get(t.Key) !== t.Value)
  if (missing.length === 0) return
  await call(scope, 'sso-admin', 'TagResource', {
    InstanceArn: scope.instanceArn,
    ResourceArn: arn,
    Tags: missing,
  })
  scope.tally.update(`Identity Center: tagged permission set ${set.name}`)
}

async function applySetPolicies(
  scope: Scope,
  set: PermissionSetSpec,
  arn: string,
  created: boolean,
  values: PlaceholderValues,
) {
  const target = { InstanceArn: scope.instanceArn, PermissionSetArn: arn }
  const label = `permission set ${set.name}`
  if (set.managedPolicies.length > 0) {
    const have = created
      ? new Set<string>()
      : new Set(
          (
            await listAll(
              scope,
              'sso-admin',
              'ListManagedPoliciesInPermissionSet',
              target,
              'AttachedManagedPolicies',
            )
          ).map((p) => str(p.Arn)),
        )
    for (const policyArn of set.managedPolicies) {
      if (have.has(policyArn)) {
        scope.tally.same()
        continue
      }
      await call(scope, 'sso-admin', 'AttachManagedPolicyToPermissionSet', {
        ...target,
        ManagedPolicyArn: policyArn,
      })
      scope.tally.create(`Identity Center: attached ${policyArn} to ${label}`)
    }
  }
  if (set.customerManagedPolicies.length > 0) {
    const current = created
      ? []
      : await listAll(
          scope,
          'sso-admin',
          'ListCustomerManagedPolicyReferencesInPermissionSet',
          target,
          'CustomerManagedPolicyReferences',
        )
    const have = new Set(current.map((r) => `${str(r.Path) || '/'}${str(r.Name)}`))
    for (const ref of set.customerManagedPolicies) {
      if (have.has(`${ref.path}${ref.name}`)) {
        scope.tally.same()
        continue
      }
      await call(scope, 'sso-admin', 'AttachCustomerManagedPolicyReferenceToPermissionSet', {
        ...target,
        CustomerManagedPolicyReference: { Name: ref.name, Path: ref.path },
      })
      scope.tally.create(
        `Identity Center: attached customer managed policy ${ref.path}${ref.name} to ${label}`,
      )
    }
  }
  if (set.inlinePolicy !== undefined) {
    const document = documentText(fillPlaceholders(set.inlinePolicy, values))
    const current = created
      ? {}
      : await call(scope, 'sso-admin', 'GetInlinePolicyForPermissionSet', target)
    if (typeof current.InlinePolicy === 'string' && sameDocument(current.InlinePolicy, document))
      scope.tally.same()
    else {
      await call(scope, 'sso-admin', 'PutInlinePolicyToPermissionSet', {
        ...target,
        InlinePolicy: document,
      })
      if (current.InlinePolicy === undefined)
        scope.tally.create(`Identity Center: put the inline policy of ${label}`)
      else scope.tally.update(`Identity Center: updated the inline policy of ${label}`)
    }
  }
  const boundary = set.permissionsBoundary
  if (boundary !== undefined) {
    const wanted =
      boundary.kind === 'managed'
        ? { ManagedPolicyArn: boundary.arn }
        : {
            CustomerManagedPolicyReference: {
              Name: boundary.reference.name,
              Path: boundary.reference.path,
            },
          }
    let current: Row | undefined
    if (!created) {
      try {
        current = (await call(scope, 'sso-admin', 'GetPermissionsBoundaryForPermissionSet', target))
          .PermissionsBoundary as Row | undefined
      } catch (error) {
        if (errorCode(error) !== 'ResourceNotFoundException') throw error
      }
    }
    if (current !== undefined && sameBoundary(current, wanted)) scope.tally.same()
    else {
      await call(scope, 'sso-admin', 'PutPermissionsBoundaryToPermissionSet', {
        ...target,
        PermissionsBoundary: wanted,
      })
      const line = `Identity Center: set the permissions boundary of ${label}`
      if (current === undefined) scope.tally.create(line)
      else scope.tally.update(line)
    }
  }
}

function sameBoundary(current: Row, wanted: Row): boolean {
  const ref = (b: Row) => {
    const c = (b.CustomerManagedPolicyReference ?? undefined) as Row | undefined
    return c === undefined
      ? `managed ${str(b.ManagedPolicyArn)}`
      : `customer ${str(c.Path) || '/'}${str(c.Name)}`
  }
  return ref(current) === ref(wanted)
}

/** Provisions a changed permission set again wherever it is provisioned. */
async function reprovision(scope: Scope, name: string, arn: string): Promise<void> {
  const accounts = await listAll(
    scope,
    'sso-admin',
    'ListAccountsForProvisionedPermissionSet',
    { InstanceArn: scope.instanceArn, PermissionSetArn: arn },
    'AccountIds',
  )
  if (accounts.length === 0) return
  const out = await call(scope, 'sso-admin', 'ProvisionPermissionSet', {
    InstanceArn: scope.instanceArn,
    PermissionSetArn: arn,
    TargetType: 'ALL_PROVISIONED_ACCOUNTS',
  })
  const status = await settled(
    scope,
    out.PermissionSetProvisioningStatus,
    'DescribePermissionSetProvisioningStatus',
    'ProvisionPermissionSetRequestId',
    'PermissionSetProvisioningStatus',
  )
  if (status.Status === 'FAILED')
    throw new Error(`provisioning permission set ${name} failed: ${str(status.FailureReason)}`)
  scope.tally.update(
    `Identity Center: provisioned permission set ${name} again in ${accounts.length} account(s)`,
  )
}

/** Waits (polling the Describe…Status operation) until an asynchronous sso-admin request ends. */
async function settled(
  scope: Scope,
  first: unknown,
  operation: string,
  idKey: string,
  key: string,
): Promise<Row> {
  let status = (first ?? {}) as Row
  for (let poll = 0; status.Status === 'IN_PROGRESS'; poll++) {
    if (poll > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * poll)))
    if (poll >= 120) throw new Error(`${operation} ${str(status.RequestId)} did not finish`)
    const out = await call(scope, 'sso-admin', operation, {
      InstanceArn: scope.instanceArn,
      [idKey]: status.RequestId,
    })
    status = (out[key] ?? {}) as Row
  }
  return status
}

interface Ids {
  readonly users: ReadonlyMap<string, string>
  readonly groups: ReadonlyMap<string, string>
  readonly sets: ReadonlyMap<string, string>
}

async function applyAssignments(
  scope: Scope,
  spec: IdentityCenterSpec,
  targets: IdentityCenterTargets,
  ids: Ids,
): Promise<void> {
  const byTarget = new Map<string, (typeof spec.assignments)[number][]>()
  for (const a of spec.assignments) {
    const key = `${a.permissionSet}\n${a.account}`
    byTarget.set(key, [...(byTarget.get(key) ?? []), a])
  }
  for (const list of byTarget.values()) {
    const first = list[0]!
    const accountId = targets.accountIds.get(first.account) ?? ''
    const setArn = ids.sets.get(first.permissionSet) ?? ''
    const current = await listAll(
      scope,
      'sso-admin',
      'ListAccountAssignments',
      { InstanceArn: scope.instanceArn, AccountId: accountId, PermissionSetArn: setArn },
      'AccountAssignments',
    )
    const have = new Set(current.map((a) => `${str(a.PrincipalType)}\n${str(a.PrincipalId)}`))
    for (const a of list) {
      const principalId =
        (a.principalType === 'USER' ? ids.users : ids.groups).get(a.principalName) ?? ''
      if (have.has(`${a.principalType}\n${principalId}`)) {
        scope.tally.same()
        continue
      }
      const out = await call(scope, 'sso-admin', 'CreateAccountAssignment', {
        InstanceArn: scope.instanceArn,
        TargetId: accountId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: setArn,
        PrincipalType: a.principalType,
        PrincipalId: principalId,
      })
      const status = await settled(
        scope,
        out.AccountAssignmentCreationStatus,
        'DescribeAccountAssignmentCreationStatus',
        'AccountAssignmentCreationRequestId',
        'AccountAssignmentCreationStatus',
      )
      const who = `${a.principalType === 'USER' ? 'user' : 'group'} ${a.principalName}`
      if (status.Status === 'FAILED')
        throw new Error(
          `assigning ${a.permissionSet} to ${who} in ${a.account} failed: ${str(status.FailureReason)}`,
        )
      scope.tally.create(
        `Identity Center: assigned ${a.permissionSet} to ${who} in account ${a.account}`,
      )
    }
  }
}
