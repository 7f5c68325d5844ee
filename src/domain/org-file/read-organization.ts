import type { FilePath, ProblemSink } from './file-problem.ts'
import {
  isMapping,
  readBoolean,
  readList,
  readMapping,
  readString,
  readStringList,
  reportDuplicates,
  RULES,
} from './field-reader.ts'
import type {
  AccountSpec,
  OrgPolicySpec,
  OrgPolicyType,
  OuSpec,
  PolicyTargets,
} from './org-file-model.ts'
import { IAM_KEYS, readIam } from './read-iam.ts'
import { readPolicyDocument, type DocumentContext } from './read-policy-document.ts'

/** The top-level keys of an organization file. */
export const TOP_KEYS = [
  'organization',
  'organizationalUnits',
  'accounts',
  'serviceControlPolicies',
  'resourceControlPolicies',
  'identityCenter',
] as const

/** AWS Organizations allows OUs five levels deep under the root. */
const MAX_OU_DEPTH = 5

/** Every account name the file declares (management first), read leniently before the real pass. */
export function declaredAccountNames(top: Record<string, unknown>): string[] {
  const out: string[] = []
  const org = top.organization
  if (isMapping(org) && isMapping(org.managementAccount)) {
    const name = org.managementAccount.name
    if (typeof name === 'string') out.push(name)
  }
  if (Array.isArray(top.accounts))
    for (const a of top.accounts) if (isMapping(a) && typeof a.name === 'string') out.push(a.name)
  return out
}

/** Reads the OU tree into a flat list, parents first. */
export function readOus(top: Record<string, unknown>, sink: ProblemSink): OuSpec[] {
  const out: OuSpec[] = []
  const walk = (
    list: readonly unknown[],
    at: FilePath,
    parent: string | undefined,
    depth: number,
  ) => {
    const siblings: { name: string; path: FilePath }[] = []
    list.forEach((value, i) => {
      const path = [...at, i]
      const obj = readMapping(value, path, sink, { required: ['name'], optional: ['children'] })
      if (obj === undefined) return
      const name = readString(obj, 'name', path, sink, RULES.ouName)
      if (name === undefined) return
      if (depth > MAX_OU_DEPTH) {
        sink.add(path, `OUs nest at most ${MAX_OU_DEPTH} levels under the root`)
        return
      }
      siblings.push({ name, path: [...path, 'name'] })
      const ouPath = parent === undefined ? name : `${parent}/${name}`
      out.push({ path: ouPath, name, parentPath: parent })
      walk(readList(obj, 'children', path, sink), [...path, 'children'], ouPath, depth + 1)
    })
    reportDuplicates(siblings, 'OU name under the same parent', sink, true)
  }
  walk(readList(top, 'organizationalUnits', [], sink), ['organizationalUnits'], undefined, 1)
  return out
}

/** Reads the management account (under `organization`) or a member account. */
export function readAccount(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  ctx: DocumentContext,
  ouPaths: ReadonlySet<string> | undefined,
): AccountSpec | undefined {
  const obj = readMapping(value, path, sink, {
    required: ['name', 'email'],
    optional: [...(ouPaths === undefined ? [] : ['ou']), ...IAM_KEYS],
  })
  if (obj === undefined) return undefined
  const name = readString(obj, 'name', path, sink, RULES.accountName)
  const email = readString(obj, 'email', path, sink, RULES.email)
  const ou = ouPaths === undefined ? undefined : readString(obj, 'ou', path, sink)
  if (ou !== undefined && ouPaths !== undefined && !ouPaths.has(ou))
    sink.add([...path, 'ou'], `OU '${ou}' is not declared under organizationalUnits`)
  if (name === undefined || email === undefined) return undefined
  return { name, email, ou, ...readIam(obj, path, name, sink, ctx) }
}

/** Reads the SCPs or RCPs of the file with their targets. */
export function readOrgPolicies(
  top: Record<string, unknown>,
  key: 'serviceControlPolicies' | 'resourceControlPolicies',
  sink: ProblemSink,
  ctx: DocumentContext,
  ouPaths: ReadonlySet<string>,
): OrgPolicySpec[] {
  const type: OrgPolicyType =
    key === 'serviceControlPolicies' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY'
  const out: OrgPolicySpec[] = []
  const seen: { name: string; path: FilePath }[] = []
  readList(top, key, [], sink).forEach((value, i) => {
    const path = [key, i]
    const obj = readMapping(value, path, sink, {
      required: ['name', 'content'],
      optional: ['description', 'targets'],
    })
    if (obj === undefined) return
    const name = readString(obj, 'name', path, sink, RULES.orgPolicyName)
    const description = readString(obj, 'description', path, sink, RULES.orgPolicyDescription)
    const engineType = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'
    const content =
      obj.content === undefined || obj.content === null
        ? undefined
        : readPolicyDocument(obj.content, [...path, 'content'], sink, engineType, ctx, true)
    const targets = readTargets(obj, path, sink, ctx, ouPaths)
    if (name === undefined || content === undefined) return
    seen.push({ name, path: [...path, 'name'] })
    out.push({ name, description: description ?? '', type, content, targets })
  })
  reportDuplicates(seen, 'policy name', sink)
  return out
}

function readTargets(
  obj: Record<string, unknown>,
  path: FilePath,
  sink: ProblemSink,
  ctx: DocumentContext,
  ouPaths: ReadonlySet<string>,
): PolicyTargets {
  if (obj.targets === undefined || obj.targets === null)
    return { root: false, ous: [], accounts: [] }
  const at = [...path, 'targets']
  const t = readMapping(obj.targets, at, sink, {
    required: [],
    optional: ['root', 'ous', 'accounts'],
  })
  if (t === undefined) return { root: false, ous: [], accounts: [] }
  const root = readBoolean(t, 'root', at, sink, false)
  const ous = readStringList(t, 'ous', at, sink)
  ous.forEach((ou, i) => {
    if (!ouPaths.has(ou))
      sink.add([...at, 'ous', i], `OU '${ou}' is not declared under organizationalUnits`)
  })
  const accounts = readStringList(t, 'accounts', at, sink)
  accounts.forEach((name, i) => {
    if (!ctx.accountNames.has(name))
      sink.add([...at, 'accounts', i], `account '${name}' is not declared in the file`)
  })
  return { root, ous, accounts }
}
