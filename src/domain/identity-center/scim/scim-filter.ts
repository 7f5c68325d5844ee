/**
 * SCIM filters as IAM Identity Center accepts them: `attribute eq "value"` comparisons joined
 * by `and`, nothing else (no `or`, `not`, `co`, `sw`, …).
 */
import { scimErrors } from './scim-error.ts'

/** One `attribute eq "value"` of a filter; the attribute as written (compare case-insensitively). */
export interface ScimEquality {
  readonly attribute: string
  readonly value: string
}

const EQUALITY = /^([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"$/i

/**
 * The comparisons of a filter, all of which must hold.
 * @example parseScimFilter('userName eq "alice"') // [{ attribute: 'userName', value: 'alice' }]
 */
export function parseScimFilter(filter: string): ScimEquality[] {
  const parts = filter.trim().split(/\s+and\s+/i)
  return parts.map((part) => {
    const m = EQUALITY.exec(part.trim())
    if (m === null) throw scimErrors.invalidFilter(filter)
    let value: string
    try {
      value = JSON.parse(`"${m[2]!}"`) as string
    } catch {
      throw scimErrors.invalidFilter(filter)
    }
    return { attribute: m[1]!, value }
  })
}
