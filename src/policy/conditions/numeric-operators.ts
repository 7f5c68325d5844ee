/** Numeric* and Date* operators: both compare numbers (dates as epoch milliseconds). */
import type { ValueTest } from './value-test.ts'

export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte'

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

function comparer(cmp: Comparison): (a: number, b: number) => boolean {
  switch (cmp) {
    case 'eq':
      return (a, b) => a === b
    case 'lt':
      return (a, b) => a < b
    case 'lte':
      return (a, b) => a <= b
    case 'gt':
      return (a, b) => a > b
    case 'gte':
      return (a, b) => a >= b
  }
}

function numericFamily(parse: (s: string) => number | undefined) {
  return (cmp: Comparison) =>
    (values: readonly string[]): ValueTest => {
      const wanted = values.map(parse).filter((n): n is number => n !== undefined)
      const test = comparer(cmp)
      return (v) => {
        const n = parse(v)
        if (n === undefined) return false
        for (const w of wanted) if (test(n, w)) return true
        return false
      }
    }
}

/** Numeric operators: the request value compared with each policy value (`request < policy`). */
export const numeric = numericFamily(parseNumber)
/** Date operators: ISO 8601 or epoch seconds on either side. */
export const date = numericFamily(parseDate)
