/**
 * Candidate request values for a condition, taken from the condition's own constants: a value that
 * satisfies it (and, for booleans, the other value too). The analysis tries them on the engine to
 * learn which context a decision needs; it never judges a condition itself.
 */
import type { Condition } from '../policy/index.ts'

/** A value to put in the request context, and how to show it to people. */
export interface Candidate {
  /** The value tried; undefined tries the key absent. */
  readonly probe: string | readonly string[] | undefined
  /** The constant as written in the policy (`10.0.0.0/8`, `SecureCart-Audit-2024`, `true`). */
  readonly display: string
}

/** A value no policy constant is likely to equal. */
const OTHER = 'xaccess-other-value'

/** A string matching a `StringLike`/`ArnLike` pattern: wildcards filled in. */
const fillWildcards = (pattern: string): string =>
  pattern
    .replace(/\*/g, 'x')
    .replace(/\?/g, 'x')
    .replace(/\$\{[^}]*\}/g, 'x')

/** The first address of a CIDR (or the address itself). */
function firstAddress(cidr: string): string {
  const slash = cidr.indexOf('/')
  return slash < 0 ? cidr : cidr.slice(0, slash)
}

const shiftDate = (value: string, seconds: number): string => {
  const n = Number(value)
  const t = Number.isFinite(n) && /^\d+$/.test(value) ? n * 1000 : Date.parse(value)
  return Number.isNaN(t) ? value : new Date(t + seconds * 1000).toISOString()
}

function candidatesOfValue(c: Condition, value: string): Candidate[] {
  const multi = c.qualifier !== undefined
  const wrap = (probe: string): string | readonly string[] => (multi ? [probe] : probe)
  const one = (probe: string, display = value): Candidate => ({ probe: wrap(probe), display })
  switch (c.operator) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase':
    case 'ArnEquals':
    case 'NumericEquals':
    case 'DateEquals':
    case 'BinaryEquals':
      return [one(value)]
    case 'StringLike':
    case 'ArnLike':
      return [one(fillWildcards(value))]
    case 'StringNotEquals':
    case 'StringNotEqualsIgnoreCase':
    case 'StringNotLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
    case 'NumericNotEquals':
    case 'DateNotEquals':
      return [one(OTHER, `not ${value}`), one(fillWildcards(value), fillWildcards(value))]
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
      return [one(String(Number(value) - 1), `< ${value}`)]
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return [one(String(Number(value) + 1), `> ${value}`)]
    case 'DateLessThan':
    case 'DateLessThanEquals':
      return [one(shiftDate(value, -1), `before ${value}`)]
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return [one(shiftDate(value, 1), `after ${value}`)]
    case 'Bool':
      return [
        one(value),
        one(
          value.toLowerCase() === 'true' ? 'false' : 'true',
          value.toLowerCase() === 'true' ? 'false' : 'true',
        ),
      ]
    case 'IpAddress':
      return [one(firstAddress(value))]
    case 'NotIpAddress':
      return [one('203.0.113.7', `not ${value}`), one(firstAddress(value), value)]
    case 'Null':
      return value.toLowerCase() === 'true'
        ? [{ probe: undefined, display: 'absent' }]
        : [one('present', 'present')]
  }
}

/** The candidates a condition suggests for its key. */
export function conditionCandidates(c: Condition): Candidate[] {
  const out: Candidate[] = []
  for (const v of c.values) out.push(...candidatesOfValue(c, v))
  if (c.ifExists || c.operator === 'Null') out.push({ probe: undefined, display: 'absent' })
  return out
}
