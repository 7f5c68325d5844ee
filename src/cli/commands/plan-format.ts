/**
 * A plan for people (`+` create, `~` update with each field before and after, documents as a line
 * diff of their pretty JSON, `-` delete) and as JSON.
 */
import {
  addressOf,
  planCounts,
  type FieldChange,
  type Plan,
  type ResourceChange,
} from '../../domain/org-plan/index.ts'
import type { FilePath } from '../../domain/org-file/file-problem.ts'

type Position = (
  path: FilePath | undefined,
) => { file: string; line: number; column: number } | undefined

const SIGN = { create: '+', update: '~', delete: '-' } as const

const pretty = (value: unknown): string[] =>
  (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 2)).split('\n')

/** The lines of `a` and `b` marked kept (' '), removed ('-') or added ('+'), by longest common subsequence. */
export function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const out: string[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`  ${a[i++]}`)
      j++
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`)
    else out.push(`+ ${b[j++]}`)
  }
  return out
}

function fieldLines(f: FieldChange): string[] {
  const hasBefore = 'before' in f
  const hasAfter = 'after' in f
  const sign = hasBefore && hasAfter ? '~' : hasAfter ? '+' : '-'
  const structured = (v: unknown) => typeof v === 'object' && v !== null
  if (hasBefore && hasAfter) {
    if (structured(f.before) || structured(f.after))
      return [
        `${sign} ${f.field}:`,
        ...lineDiff(pretty(f.before), pretty(f.after)).map((l) => `  ${l}`),
      ]
    return [`${sign} ${f.field}: ${pretty(f.before).join('')} → ${pretty(f.after).join('')}`]
  }
  const value = hasAfter ? f.after : f.before
  if (structured(value)) return [`${sign} ${f.field}:`, ...pretty(value).map((l) => `    ${l}`)]
  return [`${sign} ${f.field}: ${pretty(value).join('')}`]
}

/** The plan for a terminal. */
export function formatPlan(plan: Plan, position: Position): string {
  const lines: string[] = []
  for (const c of plan.changes) {
    const at = position(c.at)
    lines.push(
      `${SIGN[c.action]} ${c.action} ${addressOf(c)}${at === undefined ? '' : `  (${at.file}:${at.line}:${at.column})`}`,
    )
    for (const f of c.fields) for (const l of fieldLines(f)) lines.push(`    ${l}`)
  }
  for (const note of plan.notes) lines.push(`note: ${note}`)
  const counts = planCounts(plan)
  if (plan.changes.length === 0) lines.push('No changes: the organization matches the file.')
  else
    lines.push(
      `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete.`,
    )
  return lines.join('\n') + '\n'
}

/** One change as JSON. */
export function changeJson(c: ResourceChange, position: Position): Record<string, unknown> {
  const at = position(c.at)
  return {
    action: c.action,
    kind: c.kind,
    ...(c.account === undefined ? {} : { account: c.account }),
    name: c.name,
    address: addressOf(c),
    ...(at === undefined ? {} : { file: at.file, line: at.line, column: at.column }),
    fields: c.fields,
  }
}

/** The plan as JSON: `{"changes": [...], "notes": [...], "summary": {create, update, delete}}`. */
export function planJson(plan: Plan, position: Position): Record<string, unknown> {
  return {
    changes: plan.changes.map((c) => changeJson(c, position)),
    notes: plan.notes,
    summary: planCounts(plan),
  }
}
