/**
 * Reads the `identityCenter` section of an organization file: identity store users and groups,
 * group members, permission sets and account assignments. Names reference each other (a group's
 * members are user names, an assignment names a user or group, a permission set, accounts and
 * OUs); every reference that resolves to nothing is reported where it is written, with what was
 * expected.
 */
import { isReservedName } from '../identity-center/identity-store/identity-store-ids.ts'
import { validSessionDuration } from '../identity-center/sso-admin/session-duration.ts'
import { awsManagedPolicy, awsManagedPolicyByName } from '../iam/aws-managed-policies.ts'
import type { FilePath, ProblemSink } from './file-problem.ts'
import {
  isMapping,
  readBoolean,
  readList,
  readMapping,
  readString,
  readStringList,
  readTags,
  reportDuplicates,
  RULES,
  type TextRule,
} from './field-reader.ts'
import type {
  AccountAssignmentSpec,
  CustomerPolicyReference,
  IdentityCenterSpec,
  InitialPasswordSource,
  PermissionSetBoundary,
  PermissionSetSpec,
  PolicyDocument,
  SsoEmailSpec,
  SsoGroupSpec,
  SsoMembershipSpec,
  SsoPrincipalType,
  SsoUserSpec,
} from './org-file-model.ts'
import { readPolicyDocument, type DocumentContext } from './read-policy-document.ts'

/** The keys of the `identityCenter` mapping. */
export const IDENTITY_CENTER_KEYS = ['users', 'groups', 'permissionSets', 'assignments'] as const

/** Identity Center's own limits on names and fields (identitystore and sso-admin API models). */
const IC_RULES = {
  userName: { min: 1, max: 128, pattern: [/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'no spaces'] },
  displayName: { min: 1, max: 1024 },
  personName: { min: 1, max: 1024 },
  groupName: { min: 1, max: 1024 },
  permissionSetName: { min: 1, max: 32, pattern: [/^[\w+=,.@-]+$/, 'letters, digits and +=,.@_-'] },
  permissionSetDescription: { min: 1, max: 700 },
  relayState: { min: 1, max: 240 },
  envVariable: { min: 1, max: 255, pattern: [/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'] },
} as const satisfies Record<string, TextRule>

const EMPTY: IdentityCenterSpec = {
  users: [],
  groups: [],
  memberships: [],
  permissionSets: [],
  assignments: [],
}

/** What assignments may point at: the file's accounts (name → OU path) and OUs. */
export interface AssignmentTargets {
  /** Account name → the OU path it sits in (undefined: under the root). */
  readonly accountOus: ReadonlyMap<string, string | undefined>
  readonly ouPaths: ReadonlySet<string>
}

interface Named<T> {
  readonly spec: T
  readonly path: FilePath
}

const expected = (what: string, names: Iterable<string>): string => {
  const list = [...names]
  return list.length === 0
    ? `the file declares no ${what}`
    : `expected one of: ${list.slice(0, 20).join(', ')}${list.length > 20 ? ', …' : ''}`
}

/** Reads `identityCenter`; empty lists when absent. */
export function readIdentityCenter(
  top: Record<string, unknown>,
  sink: ProblemSink,
  ctx: DocumentContext,
  targets: AssignmentTargets,
): IdentityCenterSpec {
  const raw = top.identityCenter
  if (raw === undefined || raw === null) return EMPTY
  const at: FilePath = ['identityCenter']
  const ic = readMapping(raw, at, sink, { required: [], optional: [...IDENTITY_CENTER_KEYS] })
  if (ic === undefined) return EMPTY
  const users = items(ic, 'users', at, sink, (v, p) => readUser(v, p, sink))
  const userNames = new Set(users.map((u) => u.spec.userName))
  const memberships: SsoMembershipSpec[] = []
  const groups = items(ic, 'groups', at, sink, (v, p) => {
    const obj = readMapping(v, p, sink, {
      required: ['name'],
      optional: ['description', 'members'],
    })
    if (obj === undefined) return undefined
    const displayName = readString(obj, 'name', p, sink, IC_RULES.groupName)
    if (displayName !== undefined && isReservedName(displayName))
      sink.add([...p, 'name'], `'${displayName}' is a name Identity Center reserves`)
    const description = readString(obj, 'description', p, sink, { min: 0, max: 1024 })
    const members = readStringList(obj, 'members', p, sink)
    members.forEach((member, i) => {
      if (!userNames.has(member))
        sink.add(
          [...p, 'members', i],
          `user '${member}' is not declared under identityCenter.users (${expected('users', userNames)})`,
        )
    })
    reportDuplicates(
      members.map((m, i) => ({ name: m, path: [...p, 'members', i] })),
      'member',
      sink,
    )
    if (displayName === undefined) return undefined
    for (const userName of new Set(members)) memberships.push({ group: displayName, userName })
    return { displayName, description } satisfies SsoGroupSpec
  })
  const permissionSets = items(ic, 'permissionSets', at, sink, (v, p) =>
    readPermissionSet(v, p, sink, ctx),
  )
  reportDuplicates(
    users.map((u) => ({ name: u.spec.userName, path: [...u.path, 'userName'] })),
    'user name',
    sink,
    true,
  )
  reportDuplicates(
    groups.map((g) => ({ name: g.spec.displayName, path: [...g.path, 'name'] })),
    'group name',
    sink,
  )
  reportDuplicates(
    permissionSets.map((s) => ({ name: s.spec.name, path: [...s.path, 'name'] })),
    'permission set name',
    sink,
    true,
  )
  const known = {
    users: userNames,
    groups: new Set(groups.map((g) => g.spec.displayName)),
    permissionSets: new Set(permissionSets.map((s) => s.spec.name)),
  }
  const assignments = readAssignments(ic, at, sink, known, targets)
  return {
    users: users.map((u) => u.spec),
    groups: groups.map((g) => g.spec),
    memberships,
    permissionSets: permissionSets.map((s) => s.spec),
    assignments,
  }
}

function items<T>(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  read: (value: unknown, at: FilePath) => T | undefined,
): Named<T>[] {
  const out: Named<T>[] = []
  readList(obj, key, path, sink).forEach((value, i) => {
    const at = [...path, key, i]
    const spec = read(value, at)
    if (spec !== undefined) out.push({ spec, path: at })
  })
  return out
}

function readUser(value: unknown, path: FilePath, sink: ProblemSink): SsoUserSpec | undefined {
  const obj = readMapping(value, path, sink, {
    required: ['userName', 'name'],
    optional: ['displayName', 'emails', 'initialPassword'],
  })
  if (obj === undefined) return undefined
  const userName = readString(obj, 'userName', path, sink, IC_RULES.userName)
  if (userName !== undefined && isReservedName(userName))
    sink.add([...path, 'userName'], `'${userName}' is a name Identity Center reserves`)
  let givenName: string | undefined
  let familyName: string | undefined
  if (obj.name !== undefined && obj.name !== null) {
    const name = readMapping(obj.name, [...path, 'name'], sink, {
      required: ['givenName', 'familyName'],
      optional: [],
    })
    if (name !== undefined) {
      givenName = readString(name, 'givenName', [...path, 'name'], sink, IC_RULES.personName)
      familyName = readString(name, 'familyName', [...path, 'name'], sink, IC_RULES.personName)
    }
  }
  const displayName = readString(obj, 'displayName', path, sink, IC_RULES.displayName)
  const emails = readEmails(obj, path, sink)
  const initialPassword = readInitialPassword(obj, path, sink)
  if (userName === undefined || givenName === undefined || familyName === undefined)
    return undefined
  return {
    userName,
    displayName: displayName ?? `${givenName} ${familyName}`,
    givenName,
    familyName,
    emails,
    initialPassword,
  }
}

function readEmails(obj: Record<string, unknown>, path: FilePath, sink: ProblemSink) {
  const out: SsoEmailSpec[] = []
  readList(obj, 'emails', path, sink).forEach((item, i) => {
    const at = [...path, 'emails', i]
    if (typeof item === 'string') {
      const ok = sink.problems.length
      readString({ value: item }, 'value', at, sink, RULES.email)
      if (sink.problems.length === ok) out.push({ value: item, type: 'work', primary: i === 0 })
      return
    }
    const email = readMapping(item, at, sink, {
      required: ['value'],
      optional: ['type', 'primary'],
    })
    if (email === undefined) return
    const value = readString(email, 'value', at, sink, { min: 3, max: 1024 })
    const type = readString(email, 'type', at, sink, { min: 1, max: 1024 })
    const primary = readBoolean(email, 'primary', at, sink, false)
    if (value !== undefined) out.push({ value, type, primary })
  })
  if (out.filter((e) => e.primary).length > 1)
    sink.add([...path, 'emails'], 'at most one email may be primary')
  return out
}

function readInitialPassword(
  obj: Record<string, unknown>,
  path: FilePath,
  sink: ProblemSink,
): InitialPasswordSource | undefined {
  const value = obj.initialPassword
  if (value === undefined || value === null) return undefined
  const at = [...path, 'initialPassword']
  if (value === 'generate') return { kind: 'generate' }
  if (isMapping(value)) {
    const env = readMapping(value, at, sink, { required: ['env'], optional: [] })
    const variable = env && readString(env, 'env', at, sink, IC_RULES.envVariable)
    return variable === undefined ? undefined : { kind: 'env', variable }
  }
  sink.add(at, "expected 'generate' or {env: VARIABLE}: a file never holds a password itself")
  return undefined
}

function readPermissionSet(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  ctx: DocumentContext,
): PermissionSetSpec | undefined {
  const obj = readMapping(value, path, sink, {
    required: ['name'],
    optional: [
      'description',
      'sessionDuration',
      'relayState',
      'managedPolicies',
      'customerManagedPolicies',
      'inlinePolicy',
      'permissionsBoundary',
      'tags',
    ],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, sink, IC_RULES.permissionSetName)
  const description = readString(obj, 'description', path, sink, IC_RULES.permissionSetDescription)
  const sessionDuration = readString(obj, 'sessionDuration', path, sink)
  if (sessionDuration !== undefined && !validSessionDuration(sessionDuration))
    sink.add(
      [...path, 'sessionDuration'],
      `'${sessionDuration}' is not valid: expected an ISO 8601 duration from PT1H to PT12H (e.g. PT8H)`,
    )
  const relayState = readString(obj, 'relayState', path, sink, IC_RULES.relayState)
  const managedPolicies: string[] = []
  readStringList(obj, 'managedPolicies', path, sink).forEach((text, i) => {
    const arn = awsManagedArn(text, [...path, 'managedPolicies', i], sink)
    if (arn !== undefined) managedPolicies.push(arn)
  })
  const customerManagedPolicies: CustomerPolicyReference[] = []
  readStringList(obj, 'customerManagedPolicies', path, sink).forEach((text, i) => {
    const ref = customerRef(text, [...path, 'customerManagedPolicies', i], sink)
    if (ref !== undefined) customerManagedPolicies.push(ref)
  })
  if (managedPolicies.length + customerManagedPolicies.length > 20)
    sink.add(path, 'at most 20 managed and customer managed policies together')
  const inlinePolicy =
    obj.inlinePolicy === undefined || obj.inlinePolicy === null
      ? undefined
      : (readPolicyDocument(obj.inlinePolicy, [...path, 'inlinePolicy'], sink, 'identity', ctx) as
          PolicyDocument | undefined)
  const permissionsBoundary = readBoundary(obj, path, sink)
  const tags = readTags(obj, path, sink)
  if (name === undefined) return undefined
  return {
    name,
    description,
    sessionDuration,
    relayState,
    managedPolicies,
    customerManagedPolicies,
    inlinePolicy,
    permissionsBoundary,
    tags,
  }
}

/** An AWS managed policy by name or ARN; permission sets attach no other kind as "managed". */
function awsManagedArn(text: string, at: FilePath, sink: ProblemSink): string | undefined {
  if (text.startsWith('arn:')) {
    if (awsManagedPolicy(text) !== undefined) return text
    sink.add(at, `'${text}' is not an AWS managed policy ARN (arn:aws:iam::aws:policy/…)`)
    return undefined
  }
  const found = awsManagedPolicyByName(text)
  if (found !== undefined) return found.arn
  sink.add(
    at,
    `'${text}' is not an AWS managed policy (for a policy of the accounts, use customerManagedPolicies)`,
  )
  return undefined
}

/** `Name` or `/path/Name`: a customer managed policy expected in each assigned account. */
function customerRef(
  text: string,
  at: FilePath,
  sink: ProblemSink,
): CustomerPolicyReference | undefined {
  const slash = text.lastIndexOf('/')
  const name = text.slice(slash + 1)
  const path = slash < 0 ? '/' : text.slice(0, slash + 1)
  const before = sink.problems.length
  readString({ name }, 'name', at, sink, RULES.iamLongName)
  if (slash >= 0) readString({ path }, 'path', at, sink, RULES.iamPath)
  return sink.problems.length > before ? undefined : { name, path }
}

function readBoundary(
  obj: Record<string, unknown>,
  path: FilePath,
  sink: ProblemSink,
): PermissionSetBoundary | undefined {
  const value = obj.permissionsBoundary
  if (value === undefined || value === null) return undefined
  const at = [...path, 'permissionsBoundary']
  if (typeof value === 'string') {
    const arn = awsManagedArn(value, at, sink)
    return arn === undefined ? undefined : { kind: 'managed', arn }
  }
  const b = readMapping(value, at, sink, { required: ['customerManagedPolicy'], optional: [] })
  const text = b && readString(b, 'customerManagedPolicy', at, sink)
  const reference =
    text === undefined ? undefined : customerRef(text, [...at, 'customerManagedPolicy'], sink)
  return reference === undefined ? undefined : { kind: 'customer', reference }
}

interface KnownNames {
  readonly users: ReadonlySet<string>
  readonly groups: ReadonlySet<string>
  readonly permissionSets: ReadonlySet<string>
}

function readAssignments(
  ic: Record<string, unknown>,
  at: FilePath,
  sink: ProblemSink,
  known: KnownNames,
  targets: AssignmentTargets,
): AccountAssignmentSpec[] {
  const out: AccountAssignmentSpec[] = []
  const seen = new Set<string>()
  readList(ic, 'assignments', at, sink).forEach((value, i) => {
    const path = [...at, 'assignments', i]
    const obj = readMapping(value, path, sink, {
      required: ['permissionSet'],
      optional: ['group', 'user', 'accounts', 'ous'],
    })
    if (obj === undefined) return
    const hasGroup = obj.group !== undefined && obj.group !== null
    const hasUser = obj.user !== undefined && obj.user !== null
    if (hasGroup === hasUser) {
      sink.add(
        path,
        hasGroup ? "give either 'group' or 'user', not both" : "give 'group' or 'user'",
      )
      return
    }
    const principalType: SsoPrincipalType = hasGroup ? 'GROUP' : 'USER'
    const key = hasGroup ? 'group' : 'user'
    const principalName = readString(obj, key, path, sink)
    if (principalName !== undefined) {
      const names = hasGroup ? known.groups : known.users
      if (!names.has(principalName))
        sink.add(
          [...path, key],
          `${key} '${principalName}' is not declared under identityCenter.${key}s (${expected(`${key}s`, names)})`,
        )
    }
    const permissionSet = readString(obj, 'permissionSet', path, sink)
    if (permissionSet !== undefined && !known.permissionSets.has(permissionSet))
      sink.add(
        [...path, 'permissionSet'],
        `permission set '${permissionSet}' is not declared under identityCenter.permissionSets (${expected('permission sets', known.permissionSets)})`,
      )
    const accounts = readStringList(obj, 'accounts', path, sink)
    accounts.forEach((name, j) => {
      if (!targets.accountOus.has(name))
        sink.add(
          [...path, 'accounts', j],
          `account '${name}' is not declared in the file (${expected('accounts', targets.accountOus.keys())})`,
        )
    })
    const ous = readStringList(obj, 'ous', path, sink)
    ous.forEach((ou, j) => {
      if (!targets.ouPaths.has(ou))
        sink.add(
          [...path, 'ous', j],
          `OU '${ou}' is not declared under organizationalUnits (${expected('OUs', targets.ouPaths)})`,
        )
    })
    if (accounts.length + ous.length === 0)
      sink.add(path, "an assignment needs 'accounts' (names) or 'ous' (paths), or both")
    if (principalName === undefined || permissionSet === undefined) return
    const inOus = [...targets.accountOus]
      .filter(([, ou]) => ou !== undefined && ous.some((o) => ou === o || ou.startsWith(`${o}/`)))
      .map(([name]) => name)
    for (const account of [...accounts, ...inOus]) {
      const id = `${principalType}\n${principalName}\n${permissionSet}\n${account}`
      if (seen.has(id) || !targets.accountOus.has(account)) continue
      seen.add(id)
      out.push({ principalType, principalName, permissionSet, account })
    }
  })
  return out
}
