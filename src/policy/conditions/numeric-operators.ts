/** Numeric* and Date* operators: both compare numbers (dates as epoch milliseconds). */
import {
  EQ,
  GT,
  GTE,
  LT,
  LTE,
  type CompiledCondition,
  type ConditionValues,
} from './compiled-condition.ts'

export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte'

const COMPARISONS: Readonly<Record<Comparison, number>> = {
  eq: EQ,
  lt: LT,
  lte: LTE,
  gt: GT,
  gte: GTE,
}

/** Parses a decimal number as IAM writes them; undefined for anything else. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim()
  if (s === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** Parses an ISO 8601 date-time or epoch seconds into epoch milliseconds. */
export function parseDate(text: string): number | undefined {
  const s = text.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : ms
}

/** The policy's numbers (or dates) and how the request value compares with them. */
export function comparisonValues(
  values: readonly string[],
  cmp: Comparison,
  parse: (s: string) => number | undefined,
): ConditionValues {
  const numbers = values.map(parse).filter((n): n is number => n !== undefined)
  return { numbers, comparison: COMPARISONS[cmp] }
}

function compare(cmp: number, a: number, b: number): boolean {
  switch (cmp) {
    case LT:
      return a < b
    case LTE:
      return a <= b
    case GT:
      return a > b
    case GTE:
      return a >= b
    default:
      return a === b
  }
}

/** The request value (already parsed) compared with each policy value: `request < policy`. */
export function compareNumber(c: CompiledCondition, n: number | undefined): boolean {
  if (n === undefined) return false
  for (const w of c.numbers) if (compare(c.comparison, n, w)) return true
  return false
}
