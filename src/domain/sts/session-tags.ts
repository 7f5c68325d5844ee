/**
 * Session tags: the Tags and TransitiveTagKeys of AssumeRole, checked as AWS checks them (keys
 * are case-insensitive), and carried through role chaining (a calling session's transitive tags
 * pass to the new session and cannot be overridden).
 */
import type { RoleSessionClaims } from '../common/caller.ts'
import { stsErrors } from './errors.ts'

/** One tag as the request gives it. */
export interface SessionTag {
  readonly Key: string
  readonly Value: string
}

/** The tags of a new session. */
export interface SessionTagSet {
  readonly tags: Readonly<Record<string, string>>
  /** Spelled as the tag keys are. */
  readonly transitiveTagKeys: readonly string[]
}

/**
 * Checks the request's own tags: no two keys differing only in case, every transitive key one of
 * the tags. Returns the transitive keys spelled as the tags spell them.
 */
export function checkRequestTags(
  tags: readonly SessionTag[],
  transitiveTagKeys: readonly string[],
): string[] {
  const byLower = new Map<string, string>()
  for (const t of tags) {
    const lower = t.Key.toLowerCase()
    if (byLower.has(lower)) throw stsErrors.duplicateTagKeys()
    byLower.set(lower, t.Key)
  }
  const out: string[] = []
  for (const k of transitiveTagKeys) {
    const key = byLower.get(k.toLowerCase())
    if (key === undefined) throw stsErrors.transitiveKeyNotInTags()
    if (!out.includes(key)) out.push(key)
  }
  return out
}

/**
 * The tags of the new session: the calling role session's transitive tags, then the request's.
 * A request tag whose key is a transitive key of the calling session is refused.
 */
export function sessionTagSet(
  tags: readonly SessionTag[],
  transitiveTagKeys: readonly string[],
  parent: RoleSessionClaims | undefined,
): SessionTagSet {
  const out: Record<string, string> = {}
  const transitive: string[] = []
  const inherited = new Set<string>()
  for (const key of parent?.transitiveTagKeys ?? []) {
    const value = parent?.tags[key]
    if (value === undefined) continue
    out[key] = value
    transitive.push(key)
    inherited.add(key.toLowerCase())
  }
  for (const t of tags) {
    if (inherited.has(t.Key.toLowerCase())) throw stsErrors.transitiveKeyConflict()
    out[t.Key] = t.Value
  }
  for (const k of transitiveTagKeys) if (!transitive.includes(k)) transitive.push(k)
  return { tags: out, transitiveTagKeys: transitive }
}

/** `aws:RequestTag/…`, `aws:TagKeys` and `sts:TransitiveTagKeys` for the request's tags. */
export function tagContext(
  tags: readonly SessionTag[],
  transitiveTagKeys: readonly string[],
): Record<string, string | string[]> {
  if (tags.length === 0) return {}
  const ctx: Record<string, string | string[]> = {}
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value
  ctx['aws:TagKeys'] = tags.map((t) => t.Key)
  if (transitiveTagKeys.length > 0) ctx['sts:TransitiveTagKeys'] = [...transitiveTagKeys]
  return ctx
}
