/**
 * Reading IAM request parameters with AWS's constraints and wordings: names, paths, paging
 * (`Marker`/`MaxItems`), tags, ARNs.
 */
import { InputReader, PATTERNS } from '../../common/input-reader.ts'
import type { PageRequest } from '../../common/page.ts'
import { iamErrors } from '../errors.ts'
import type { TagRecord } from '../iam-records.ts'

export { InputReader }

/** A required name of a user (64), role (64), group (128) or policy (128). */
export const readName = (r: InputReader, field: string, max: number): string =>
  r.string(field, { required: true, min: 1, max, pattern: PATTERNS.name })

/** An optional name. */
export const readOptionalName = (r: InputReader, field: string, max: number): string | undefined =>
  r.string(field, { min: 1, max, pattern: PATTERNS.name })

const PATH_RE = /^(?:\/|\/[\u0021-\u007E]+\/)$/

/** A path: `/` by default, else beginning and ending with `/` (AWS's wording when not). */
export function readPath(r: InputReader, field = 'Path'): string | undefined {
  const value = r.raw[field]
  if (value === undefined || value === null || value === '') return undefined
  const path = String(value)
  if (path.length > 512) {
    throw iamErrors.validation(
      "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
    )
  }
  if (!PATH_RE.test(path)) throw iamErrors.invalidPath()
  return path
}

/** `PathPrefix` of the List operations. */
export function readPathPrefix(r: InputReader): string | undefined {
  return r.string('PathPrefix', {
    min: 1,
    max: 512,
    pattern: [/^\/[\u0021-\u007E]*$/, '\\u002F[\\u0021-\\u007F]*'],
  })
}

/** `Marker` and `MaxItems` (1..1000, default 100) as a store page request. */
export function readPaging(r: InputReader): PageRequest {
  const maxItems = r.integer('MaxItems', { min: 1, max: 1000 })
  const marker = r.string('Marker', { min: 1, max: 320 })
  return {
    ...(maxItems === undefined ? {} : { maxResults: maxItems }),
    ...(marker === undefined ? {} : { nextToken: marker }),
  }
}

const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TAG_PATTERN_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+'
const TAG_VALUE_PATTERN_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*'
const one = (at: string, constraint: string) =>
  iamErrors.validation(
    `1 validation error detected: Value at '${at}' failed to satisfy constraint: ${constraint}`,
  )

/** `Tags` with AWS's checks (recorded wordings): at most 50, keys unique case-insensitively. */
export function readTags(raw: Readonly<Record<string, unknown>>, field = 'Tags'): TagRecord[] {
  const value = raw[field]
  if (value === undefined || value === null || value === '') return []
  const items = Array.isArray(value) ? value : [value]
  if (items.length > 50) throw one('tags', 'Member must have length less than or equal to 50')
  const out: TagRecord[] = []
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const t = (item ?? {}) as Record<string, unknown>
    const key = String(t.Key ?? '')
    const val = String(t.Value ?? '')
    const at = `tags.${i + 1}.member`
    if (key.length === 0) throw one(`${at}.key`, 'Member must not be null')
    if (key.length > 128)
      throw one(`${at}.key`, 'Member must have length less than or equal to 128')
    if (!TAG_PATTERN.test(key)) {
      throw one(`${at}.key`, `Member must satisfy regular expression pattern: ${TAG_PATTERN_TEXT}`)
    }
    if (val.length > 256)
      throw one(`${at}.value`, 'Member must have length less than or equal to 256')
    if (!TAG_VALUE_PATTERN.test(val)) {
      throw one(
        `${at}.value`,
        `Member must satisfy regular expression pattern: ${TAG_VALUE_PATTERN_TEXT}`,
      )
    }
    if (seen.has(key.toLowerCase())) throw iamErrors.duplicateTagKeys()
    seen.add(key.toLowerCase())
    out.push({ key, value: val })
  })
  return out
}

/** `TagKeys` of the Untag operations (recorded wordings). */
export function readTagKeys(raw: Readonly<Record<string, unknown>>): string[] {
  const value = raw.TagKeys
  if (value === undefined || value === null || value === '') {
    throw one('tagKeys', 'Member must not be null')
  }
  const keys = (Array.isArray(value) ? value : [value]).map((k) => String(k))
  if (keys.length > 50) throw one('tagKeys', 'Member must have length less than or equal to 50')
  for (const key of keys) {
    if (key.length < 1 || key.length > 128 || !TAG_PATTERN.test(key)) {
      throw one(
        'tagKeys',
        `Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG_PATTERN_TEXT}, Member must not be null]`,
      )
    }
  }
  return keys
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy(\/[\u0021-\u007E]*)?\/[\w+=,.@-]+$/

/** A managed policy ARN (`PolicyArn`): ValidationError "ARN X is not valid." otherwise. */
export function readPolicyArn(r: InputReader, field = 'PolicyArn'): string {
  const arn = r.string(field, { required: true, min: 20, max: 2048 })
  r.done()
  if (!POLICY_ARN.test(arn)) throw iamErrors.invalidArn(arn)
  return arn
}

/** A permissions boundary ARN: InvalidInput "ARN X is not valid." otherwise (recorded). */
export function checkBoundaryArn(arn: string): string {
  if (!POLICY_ARN.test(arn)) throw iamErrors.invalidBoundaryArn(arn)
  return arn
}

/** The condition keys a request's tags set: `aws:RequestTag/K` and `aws:TagKeys`. */
export function tagContext(tags: readonly TagRecord[]): Record<string, string | string[]> {
  if (tags.length === 0) return {}
  const ctx: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.key) }
  for (const t of tags) ctx[`aws:RequestTag/${t.key}`] = t.value
  return ctx
}

/** The condition keys of a request creating a tagged user or role: its tags and its boundary. */
export const creationContext = (
  tags: readonly TagRecord[],
  boundary: string | undefined,
): Record<string, string | string[]> => ({
  ...tagContext(tags),
  ...(boundary === undefined ? {} : { 'iam:PermissionsBoundary': boundary }),
})
