import type { FilePath, ProblemSink } from './file-problem.ts'
import type { Tag } from './org-file-model.ts'

/** Length and shape limits of a string field, with the shape described for messages. */
export interface TextRule {
  readonly min?: number
  readonly max?: number
  readonly pattern?: readonly [RegExp, string]
}

/** IAM names, paths and other shapes AWS enforces, checked early so a file fails before apply. */
export const RULES = {
  iamName: { min: 1, max: 64, pattern: [/^[\w+=,.@-]+$/, 'letters, digits and +=,.@_-'] },
  iamLongName: { min: 1, max: 128, pattern: [/^[\w+=,.@-]+$/, 'letters, digits and +=,.@_-'] },
  iamPath: {
    min: 1,
    max: 512,
    pattern: [/^(?:\/|\/[\u0021-\u007e]+\/)$/, "'/' or a path that starts and ends with '/'"],
  },
  description: { max: 1000 },
  ouName: { min: 1, max: 128, pattern: [/^[^/]+$/, "a name without '/'"] },
  accountName: { min: 1, max: 50, pattern: [/^[\u0020-\u007e]+$/, 'printable ASCII'] },
  email: { min: 6, max: 64, pattern: [/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an email address'] },
  orgPolicyName: { min: 1, max: 128 },
  orgPolicyDescription: { max: 512 },
} as const satisfies Record<string, TextRule>

/** A plain mapping (not a list, not a scalar). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (isMapping(value)) return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

/**
 * Reads a mapping, reporting unknown keys and missing required ones.
 * @returns the mapping, or undefined when `value` is not one (already reported)
 */
export function readMapping(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  keys: { readonly required: readonly string[]; readonly optional: readonly string[] },
): Record<string, unknown> | undefined {
  if (!isMapping(value)) {
    sink.add(path, `expected a mapping, found ${describe(value)}`)
    return undefined
  }
  const known = [...keys.required, ...keys.optional]
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      sink.add([...path, key], `unknown key '${key}' (expected one of: ${known.join(', ')})`)
  }
  for (const key of keys.required) {
    if (!Object.hasOwn(value, key) || value[key] === null)
      sink.add(path, `missing required key '${key}'`)
  }
  return value
}

/** Reads a string field; `undefined` when absent (or wrong, which is reported). */
export function readString(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  rule: TextRule = {},
): string | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  const at = [...path, key]
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' ? ` (quote it: '${String(value)}')` : ''
    sink.add(at, `expected a string, found ${describe(value)}${hint}`)
    return undefined
  }
  checkText(value, at, sink, rule)
  return value
}

/** Checks a string against a rule, reporting each violation. */
export function checkText(value: string, at: FilePath, sink: ProblemSink, rule: TextRule): void {
  if (rule.min !== undefined && value.length < rule.min)
    sink.add(at, `must have at least ${rule.min} character(s)`)
  if (rule.max !== undefined && value.length > rule.max)
    sink.add(at, `must have at most ${rule.max} characters, has ${value.length}`)
  if (rule.pattern !== undefined && value.length > 0 && !rule.pattern[0].test(value))
    sink.add(at, `'${value}' is not valid: expected ${rule.pattern[1]}`)
}

/** Reads a list field; absent reads as empty. */
export function readList(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
): readonly unknown[] {
  const value = obj[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    sink.add([...path, key], `expected a list, found ${describe(value)}`)
    return []
  }
  return value
}

/** Reads a list of strings; wrong items are reported and left out. */
export function readStringList(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  rule: TextRule = {},
): string[] {
  const out: string[] = []
  readList(obj, key, path, sink).forEach((item, i) => {
    const at = [...path, key, i]
    if (typeof item !== 'string') {
      const hint = typeof item === 'number' ? ` (quote it: '${String(item)}')` : ''
      sink.add(at, `expected a string, found ${describe(item)}${hint}`)
      return
    }
    checkText(item, at, sink, rule)
    out.push(item)
  })
  return out
}

/** Reads a boolean field; absent reads as `fallback`. */
export function readBoolean(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  fallback: boolean,
): boolean {
  const value = obj[key]
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'boolean') {
    sink.add([...path, key], `expected true or false, found ${describe(value)}`)
    return fallback
  }
  return value
}

/** Reads an integer field within bounds; undefined when absent or wrong. */
export function readInteger(
  obj: Record<string, unknown>,
  key: string,
  path: FilePath,
  sink: ProblemSink,
  bounds: { readonly min: number; readonly max: number },
): number | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    sink.add([...path, key], `expected a whole number, found ${describe(value)}`)
    return undefined
  }
  if (value < bounds.min || value > bounds.max) {
    sink.add([...path, key], `must be between ${bounds.min} and ${bounds.max}, is ${value}`)
    return undefined
  }
  return value
}

/** Reads `tags: {Key: Value, …}` into IAM tags (at most 50; keys 1–128, values 0–256). */
export function readTags(
  obj: Record<string, unknown>,
  path: FilePath,
  sink: ProblemSink,
): readonly Tag[] {
  const value = obj.tags
  if (value === undefined || value === null) return []
  const at = [...path, 'tags']
  if (!isMapping(value)) {
    sink.add(at, `expected a mapping of tag keys to values, found ${describe(value)}`)
    return []
  }
  const tags: Tag[] = []
  for (const [key, raw] of Object.entries(value)) {
    const v = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw
    if (typeof v !== 'string') {
      sink.add([...at, key], `expected a string, found ${describe(raw)}`)
      continue
    }
    checkText(key, [...at, key], sink, { min: 1, max: 128 })
    checkText(v, [...at, key], sink, { max: 256 })
    tags.push({ Key: key, Value: v })
  }
  if (tags.length > 50) sink.add(at, `at most 50 tags, found ${tags.length}`)
  return tags
}

/** Reports the second and later uses of each name in a list. */
export function reportDuplicates(
  names: readonly { readonly name: string; readonly path: FilePath }[],
  what: string,
  sink: ProblemSink,
  caseInsensitive = false,
): void {
  const seen = new Set<string>()
  for (const { name, path } of names) {
    const key = caseInsensitive ? name.toLowerCase() : name
    if (seen.has(key)) sink.add(path, `duplicate ${what} '${name}'`)
    seen.add(key)
  }
}
