/**
 * An account's `instanceProfiles`: each `{name, path?, role?, tags?}`, the role one of the same
 * account's roles (IAM lets an instance profile hold one role).
 * @example
 * instanceProfiles:
 *   - name: web
 *     role: web-server
 */
import type { FilePath, ProblemSink } from './file-problem.ts'
import {
  readList,
  readMapping,
  readString,
  readTags,
  reportDuplicates,
  RULES,
} from './field-reader.ts'
import type { InstanceProfileSpec } from './org-file-model.ts'

/** The account the profiles belong to: its name and the names of its roles. */
export interface InstanceProfileScope {
  readonly accountName: string
  readonly roles: readonly string[]
}

/** The instance profiles of the account mapping `account` at `path`. */
export function readInstanceProfiles(
  account: Record<string, unknown>,
  path: FilePath,
  sink: ProblemSink,
  scope: InstanceProfileScope,
): InstanceProfileSpec[] {
  const out: { spec: InstanceProfileSpec; path: FilePath }[] = []
  const roles = new Map(scope.roles.map((r) => [r.toLowerCase(), r]))
  readList(account, 'instanceProfiles', path, sink).forEach((value, i) => {
    const at = [...path, 'instanceProfiles', i]
    const obj = readMapping(value, at, sink, {
      required: ['name'],
      optional: ['path', 'role', 'tags'],
    })
    if (obj === undefined) return
    const name = readString(obj, 'name', at, sink, RULES.iamLongName)
    const profilePath = readString(obj, 'path', at, sink, RULES.iamPath) ?? '/'
    let role = readString(obj, 'role', at, sink, RULES.iamName)
    if (role !== undefined) {
      const declared = roles.get(role.toLowerCase())
      if (declared === undefined) {
        const known = scope.roles.length === 0 ? 'none' : scope.roles.join(', ')
        sink.add(
          [...at, 'role'],
          `role '${role}' is not declared in account '${scope.accountName}' (expected one of: ${known})`,
        )
      }
      role = declared ?? role
    }
    const tags = readTags(obj, at, sink)
    if (name === undefined) return
    out.push({ spec: { name, path: profilePath, role, tags }, path: at })
  })
  reportDuplicates(
    out.map((p) => ({ name: p.spec.name, path: [...p.path, 'name'] })),
    'instance profile',
    sink,
    true,
  )
  return out.map((p) => p.spec)
}
