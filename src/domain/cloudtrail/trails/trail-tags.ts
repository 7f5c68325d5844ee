/** Trail tags: the `TagsList` member, AWS's limits, and the condition keys a tagging request sets. */
import { cloudTrailErrors } from '../errors.ts'
import type { TrailTag } from './trail-store.ts'

/** Tags per trail (AWS's quota). */
export const MAX_TAGS = 50

/** Validates a `TagsList` ([{Key, Value}]); keys 1–128 characters, values up to 256. */
export function parseTagsList(raw: unknown, valuesRequired = false): TrailTag[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw))
    throw cloudTrailErrors.InvalidTagParameterException('TagsList must be a list.')
  if (raw.length > MAX_TAGS) {
    throw cloudTrailErrors.TagsLimitExceededException(
      `The number of tags exceeds the limit of ${MAX_TAGS} tags per resource.`,
    )
  }
  const seen = new Set<string>()
  return raw.map((item: unknown) => {
    const t = (item ?? {}) as Record<string, unknown>
    const key = t['Key']
    const value = t['Value'] ?? (valuesRequired ? undefined : '')
    if (typeof key !== 'string' || key.length < 1 || key.length > 128 || key.startsWith('aws:')) {
      throw cloudTrailErrors.InvalidTagParameterException(
        `Tag key must be 1 to 128 characters and must not start with aws: ${String(key)}`,
      )
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw cloudTrailErrors.InvalidTagParameterException(
        `Tag value must be at most 256 characters: ${String(value)}`,
      )
    }
    if (seen.has(key)) {
      throw cloudTrailErrors.InvalidTagParameterException(`Duplicate tag key: ${key}`)
    }
    seen.add(key)
    return { key, value }
  })
}

/** `aws:RequestTag/K` and `aws:TagKeys` for tags a request sets. */
export function tagContext(tags: readonly TrailTag[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.key) }
  for (const t of tags) context[`aws:RequestTag/${t.key}`] = t.value
  return context
}

/** Tags as the API returns them. */
export const tagsShape = (tags: readonly TrailTag[]) =>
  tags.map((t) => ({ Key: t.key, Value: t.value }))
