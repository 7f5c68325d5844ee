/**
 * SCIM PATCH (RFC 7644 §3.5.2) on a resource's JSON, for the operations Okta and Entra ID send:
 * `replace` without a path and an object value (`{"active": false}`, keys may be dotted such as
 * `name.givenName`), and `add`/`replace`/`remove` with a path `attr`, `attr.sub`,
 * `attr[type eq "work"]` or `attr[type eq "work"].sub`. Operation names are case-insensitive
 * (Entra ID writes `Replace`). Paths into the enterprise extension are accepted and dropped.
 */
import { scimErrors } from './scim-error.ts'
import { SCIM_ENTERPRISE_SCHEMA } from './scim-user.ts'

/** The schema of a PATCH request body. */
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

/** One PATCH operation. */
export interface ScimPatchOperation {
  readonly op: 'add' | 'replace' | 'remove'
  readonly path: string | undefined
  readonly value: unknown
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The operations of a PATCH body. */
export function readPatchOperations(body: unknown): ScimPatchOperation[] {
  if (!isObject(body) || !Array.isArray(body.Operations))
    throw scimErrors.invalidSyntax('The request body must have an Operations array.')
  return body.Operations.map((raw: unknown) => {
    if (!isObject(raw) || typeof raw.op !== 'string')
      throw scimErrors.invalidSyntax('Each operation must have an op.')
    const op = raw.op.toLowerCase()
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw scimErrors.invalidSyntax(`Unknown op '${raw.op}'.`)
    if (raw.path !== undefined && typeof raw.path !== 'string')
      throw scimErrors.invalidPath(String(raw.path))
    const path = raw.path === undefined || raw.path === '' ? undefined : raw.path
    if (path === undefined && op === 'remove') throw scimErrors.invalidPath('')
    return { op, path, value: raw.value }
  })
}

interface ParsedPath {
  readonly attribute: string
  readonly filter?: { readonly attribute: string; readonly value: string }
  readonly sub?: string
}

const PATH =
  /^([A-Za-z][\w-]*)(?:\[\s*([A-Za-z][\w-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\])?(?:\.([A-Za-z][\w-]*))?$/i

/** A path, or undefined for one into the enterprise extension. */
export function parsePath(path: string): ParsedPath | undefined {
  if (path.startsWith(`${SCIM_ENTERPRISE_SCHEMA}:`)) return undefined
  const core = path.startsWith('urn:ietf:params:scim:schemas:core:2.0:User:')
    ? path.slice('urn:ietf:params:scim:schemas:core:2.0:User:'.length)
    : path
  const m = PATH.exec(core)
  if (m === null) throw scimErrors.invalidPath(path)
  return {
    attribute: m[1]!,
    ...(m[2] === undefined ? {} : { filter: { attribute: m[2], value: m[3]! } }),
    ...(m[4] === undefined ? {} : { sub: m[4] }),
  }
}

/** The key of `obj` that is `name` case-insensitively (SCIM attribute names are). */
function keyOf(obj: Json, name: string): string {
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
}

function applyOne(resource: Json, op: ScimPatchOperation['op'], path: string, value: unknown) {
  const p = parsePath(path)
  if (p === undefined) return
  const key = keyOf(resource, p.attribute)
  if (p.filter === undefined) {
    if (p.sub === undefined) {
      const existing = resource[key]
      if (op === 'remove') delete resource[key]
      // A complex attribute: the sub-attributes given replace theirs, the others stay.
      else if (isObject(value) && isObject(existing)) resource[key] = { ...existing, ...value }
      else resource[key] = value
      return
    }
    const parent = isObject(resource[key]) ? (resource[key] as Json) : {}
    if (op === 'remove') delete parent[keyOf(parent, p.sub)]
    else parent[keyOf(parent, p.sub)] = value
    resource[key] = parent
    return
  }
  const list = Array.isArray(resource[key]) ? (resource[key] as unknown[]) : []
  const f = p.filter
  const matches = (e: unknown) =>
    isObject(e) && String(e[keyOf(e, f.attribute)]) === JSON.parse(`"${f.value}"`)
  if (op === 'remove') {
    if (p.sub === undefined) resource[key] = list.filter((e) => !matches(e))
    else for (const e of list) if (matches(e)) delete (e as Json)[keyOf(e as Json, p.sub)]
    return
  }
  let target = list.find(matches) as Json | undefined
  if (target === undefined) {
    target = { [f.attribute]: JSON.parse(`"${f.value}"`) as string }
    list.push(target)
  }
  if (p.sub === undefined) {
    if (!isObject(value)) throw scimErrors.invalidValue(`${path} needs an object value.`)
    Object.assign(target, value)
  } else target[keyOf(target, p.sub)] = value
  resource[key] = list
}

/**
 * Applies PATCH operations to a copy of `resource` (a SCIM User as {@link toScimUser} gives it)
 * and returns the copy.
 */
export function applyScimPatch(resource: Json, operations: readonly ScimPatchOperation[]): Json {
  const out = structuredClone(resource)
  for (const { op, path, value } of operations) {
    if (path !== undefined) {
      applyOne(out, op, path, value)
      continue
    }
    if (!isObject(value))
      throw scimErrors.invalidValue('An operation without a path needs an object value.')
    for (const [k, v] of Object.entries(value)) applyOne(out, op, k, v)
  }
  return out
}
