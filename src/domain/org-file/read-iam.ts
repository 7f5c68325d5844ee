import type { FilePath, ProblemSink } from './file-problem.ts'
import {
  readInteger,
  readList,
  readMapping,
  readString,
  readStringList,
  readTags,
  reportDuplicates,
  RULES,
} from './field-reader.ts'
import type {
  GroupSpec,
  IamSpec,
  InlinePolicySpec,
  ManagedPolicySpec,
  OidcProviderSpec,
  PolicyDocument,
  PolicyRef,
  RoleSpec,
  UserSpec,
} from './org-file-model.ts'
import { oidcProviderIdentity } from './org-file-model.ts'
import { readPolicyRef } from './policy-refs.ts'
import { readInstanceProfiles } from './read-instance-profiles.ts'
import { readPolicyDocument, type DocumentContext } from './read-policy-document.ts'
import { readTrustShorthand } from './read-trust.ts'

/** The IAM keys an account mapping may hold. */
export const IAM_KEYS = [
  'users',
  'groups',
  'roles',
  'policies',
  'oidcProviders',
  'instanceProfiles',
] as const

interface AccountScope {
  readonly name: string
  readonly policyNames: ReadonlySet<string>
  readonly ctx: DocumentContext
  readonly sink: ProblemSink
}

/** Reads the users, groups, roles and customer managed policies of one account. */
export function readIam(
  account: Record<string, unknown>,
  path: FilePath,
  accountName: string,
  sink: ProblemSink,
  ctx: DocumentContext,
): IamSpec {
  const policies = readItems(account, 'policies', path, sink, (obj, at) =>
    readManagedPolicy(obj, at, sink, ctx),
  )
  const scope: AccountScope = {
    name: accountName,
    policyNames: new Set(policies.map((p) => p.spec.name)),
    ctx,
    sink,
  }
  const groups = readItems(account, 'groups', path, sink, (obj, at) => readGroup(obj, at, scope))
  const roles = readItems(account, 'roles', path, sink, (obj, at) => readRole(obj, at, scope))
  const users = readItems(account, 'users', path, sink, (obj, at) => readUser(obj, at, scope))
  const oidcProviders = readItems(account, 'oidcProviders', path, sink, (obj, at) =>
    readOidcProvider(obj, at, sink),
  )
  reportDuplicates(
    oidcProviders.map((p) => ({
      name: oidcProviderIdentity(p.spec.url),
      path: [...p.path, 'url'],
    })),
    'OIDC provider',
    sink,
  )
  const groupNames = new Set(groups.map((g) => g.spec.name.toLowerCase()))
  for (const { spec, path: at } of users) {
    spec.groups.forEach((group, i) => {
      if (!groupNames.has(group.toLowerCase()))
        sink.add(
          [...at, 'groups', i],
          `group '${group}' is not declared in account '${accountName}'`,
        )
    })
  }
  reportDuplicates(names(policies), 'policy', sink)
  reportDuplicates(names(groups), 'group', sink, true)
  reportDuplicates(names(roles), 'role', sink, true)
  reportDuplicates(names(users), 'user', sink, true)
  const instanceProfiles = readInstanceProfiles(account, path, sink, {
    accountName,
    roles: roles.map((r) => r.spec.name),
  })
  return {
    users: users.map((u) => u.spec),
    groups: groups.map((g) => g.spec),
    roles: roles.map((r) => r.spec),
    policies: policies.map((p) => p.spec),
    ...(oidcProviders.length === 0 ? {} : { oidcProviders: oidcProviders.map((p) => p.spec) }),
    ...(instanceProfiles.length === 0 ? {} : { instanceProfiles }),
  }
}

const THUMBPRINT = /^[0-9a-fA-F]{40}$/

/** A provider URL as IAM takes it: https, or http on a loopback host (a local issuer). */
function providerUrlProblem(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a URL'
  }
  const loopback =
    parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  if (parsed.protocol !== 'https:' && !loopback) return "must start with 'https://'"
  if (parsed.search !== '' || parsed.hash !== '') return 'may hold no query or fragment'
  return undefined
}

function readOidcProvider(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
): OidcProviderSpec | undefined {
  const obj = readMapping(value, path, sink, {
    required: ['url', 'clientIds'],
    optional: ['thumbprints', 'tags'],
  })
  if (obj === undefined) return undefined
  const url = readString(obj, 'url', path, sink, { min: 1, max: 255 })
  if (url !== undefined) {
    const problem = providerUrlProblem(url)
    if (problem !== undefined) sink.add([...path, 'url'], `the provider URL ${problem}`)
  }
  const clientIds = readStringList(obj, 'clientIds', path, sink, { min: 1, max: 255 })
  if (clientIds.length === 0) sink.add([...path, 'clientIds'], 'give at least one client id')
  if (clientIds.length > 100) sink.add([...path, 'clientIds'], 'at most 100 client ids')
  const thumbprints = readStringList(obj, 'thumbprints', path, sink)
  thumbprints.forEach((t, i) => {
    if (!THUMBPRINT.test(t))
      sink.add([...path, 'thumbprints', i], 'a thumbprint is 40 hexadecimal digits')
  })
  if (thumbprints.length > 5) sink.add([...path, 'thumbprints'], 'at most 5 thumbprints')
  const tags = readTags(obj, path, sink)
  if (url === undefined) return undefined
  return { url: url.replace(/\/+$/, ''), clientIds, thumbprints, tags }
}

interface Item<T> {
  readonly spec: T
  readonly path: FilePath
}

const names = <T extends { name: string }>(items: readonly Item<T>[]) =>
  items.map((i) => ({ name: i.spec.name, path: [...i.path, 'name'] }))

function readItems<T>(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  read: (value: unknown, at: FilePath) => T | undefined,
): Item<T>[] {
  const out: Item<T>[] = []
  readList(obj, key, path, sink).forEach((value, i) => {
    const at = [...path, key, i]
    const spec = read(value, at)
    if (spec !== undefined) out.push({ spec, path: at })
  })
  return out
}

function readManagedPolicy(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  ctx: DocumentContext,
): ManagedPolicySpec | undefined {
  const obj = readMapping(value, path, sink, {
    required: ['name', 'document'],
    optional: ['path', 'description'],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, sink, RULES.iamLongName)
  const policyPath = readString(obj, 'path', path, sink, RULES.iamPath) ?? '/'
  const description = readString(obj, 'description', path, sink, RULES.description)
  const document = readDocument(obj.document, [...path, 'document'], sink, ctx, 'identity')
  if (name === undefined || document === undefined) return undefined
  return { name, path: policyPath, description, document }
}

function readDocument(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  ctx: DocumentContext,
  type: 'identity' | 'trust',
): PolicyDocument | undefined {
  if (value === undefined || value === null) return undefined
  return readPolicyDocument(value, path, sink, type, ctx) as PolicyDocument | undefined
}

function readInline(obj: Record<string, unknown>, path: FilePath, scope: AccountScope) {
  const { sink, ctx } = scope
  const out = readItems(obj, 'inlinePolicies', path, sink, (value, at) => {
    const item = readMapping(value, at, sink, { required: ['name', 'document'], optional: [] })
    if (item === undefined) return undefined
    const name = readString(item, 'name', at, sink, RULES.iamLongName)
    const document = readDocument(item.document, [...at, 'document'], sink, ctx, 'identity')
    if (name === undefined || document === undefined) return undefined
    return { name, document } satisfies InlinePolicySpec
  })
  reportDuplicates(names(out), 'inline policy', sink)
  return out.map((i) => i.spec)
}

function readRefs(obj: Record<string, unknown>, path: FilePath, scope: AccountScope): PolicyRef[] {
  const refs: PolicyRef[] = []
  readStringList(obj, 'managedPolicies', path, scope.sink).forEach((text, i) => {
    const ref = readPolicyRef(text, [...path, 'managedPolicies', i], scope.sink, scope)
    if (ref !== undefined) refs.push(ref)
  })
  if (refs.length > 20) scope.sink.add([...path, 'managedPolicies'], 'at most 20 managed policies')
  return refs
}

function readBoundary(obj: Record<string, unknown>, path: FilePath, scope: AccountScope) {
  const text = readString(obj, 'permissionsBoundary', path, scope.sink)
  if (text === undefined) return undefined
  return readPolicyRef(text, [...path, 'permissionsBoundary'], scope.sink, scope)
}

function readGroup(value: unknown, path: FilePath, scope: AccountScope): GroupSpec | undefined {
  const obj = readMapping(value, path, scope.sink, {
    required: ['name'],
    optional: ['path', 'inlinePolicies', 'managedPolicies'],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, scope.sink, RULES.iamLongName)
  const groupPath = readString(obj, 'path', path, scope.sink, RULES.iamPath) ?? '/'
  const inlinePolicies = readInline(obj, path, scope)
  const managedPolicies = readRefs(obj, path, scope)
  if (name === undefined) return undefined
  return { name, path: groupPath, inlinePolicies, managedPolicies }
}

function readUser(value: unknown, path: FilePath, scope: AccountScope): UserSpec | undefined {
  const { sink } = scope
  const obj = readMapping(value, path, sink, {
    required: ['name'],
    optional: [
      'path',
      'groups',
      'inlinePolicies',
      'managedPolicies',
      'permissionsBoundary',
      'tags',
    ],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, sink, RULES.iamName)
  const userPath = readString(obj, 'path', path, sink, RULES.iamPath) ?? '/'
  const groups = readStringList(obj, 'groups', path, sink, RULES.iamLongName)
  const inlinePolicies = readInline(obj, path, scope)
  const managedPolicies = readRefs(obj, path, scope)
  const permissionsBoundary = readBoundary(obj, path, scope)
  const tags = readTags(obj, path, sink)
  if (name === undefined) return undefined
  return {
    name,
    path: userPath,
    groups,
    inlinePolicies,
    managedPolicies,
    permissionsBoundary,
    tags,
  }
}

function readRole(value: unknown, path: FilePath, scope: AccountScope): RoleSpec | undefined {
  const { sink } = scope
  const obj = readMapping(value, path, sink, {
    required: ['name'],
    optional: [
      'path',
      'description',
      'trust',
      'trustPolicy',
      'maxSessionDuration',
      'inlinePolicies',
      'managedPolicies',
      'permissionsBoundary',
      'tags',
    ],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, sink, RULES.iamName)
  const rolePath = readString(obj, 'path', path, sink, RULES.iamPath) ?? '/'
  const description = readString(obj, 'description', path, sink, RULES.description)
  const trustPolicy = readRoleTrust(obj, path, scope)
  const maxSessionDuration = readInteger(obj, 'maxSessionDuration', path, sink, {
    min: 3600,
    max: 43200,
  })
  const inlinePolicies = readInline(obj, path, scope)
  const managedPolicies = readRefs(obj, path, scope)
  const permissionsBoundary = readBoundary(obj, path, scope)
  const tags = readTags(obj, path, sink)
  if (name === undefined || trustPolicy === undefined) return undefined
  return {
    name,
    path: rolePath,
    description,
    trustPolicy,
    maxSessionDuration,
    inlinePolicies,
    managedPolicies,
    permissionsBoundary,
    tags,
  }
}

function readRoleTrust(obj: Record<string, unknown>, path: FilePath, scope: AccountScope) {
  const { sink, ctx } = scope
  const hasShort = obj.trust !== undefined && obj.trust !== null
  const hasFull = obj.trustPolicy !== undefined && obj.trustPolicy !== null
  if (hasShort === hasFull) {
    sink.add(
      path,
      hasShort
        ? "give either 'trust' (shorthand) or 'trustPolicy' (a full document), not both"
        : "a role needs 'trust' (e.g. {accounts: [Infra]}) or 'trustPolicy' (a full document)",
    )
    return undefined
  }
  if (hasFull) return readDocument(obj.trustPolicy, [...path, 'trustPolicy'], sink, ctx, 'trust')
  const before = sink.problems.length
  const doc = readTrustShorthand(obj.trust, [...path, 'trust'], sink, ctx.accountNames)
  if (doc === undefined || sink.problems.length > before) return undefined
  return readDocument(doc, [...path, 'trust'], sink, ctx, 'trust')
}
