/** StringEquals, StringEqualsIgnoreCase and StringLike (their Not forms negate them). */
import { matchParts, partsMatcher } from '../glob.ts'
import { parseTemplate, resolveParts, resolveText } from '../template.ts'
import type { ValueTest } from './value-test.ts'

function equals(values: readonly string[], variables: boolean, fold: boolean): ValueTest {
  const norm = fold ? (s: string) => s.toLowerCase() : (s: string) => s
  const templates = values.map((v) => parseTemplate(v, variables))
  if (templates.every((t) => t.isStatic)) {
    const set = new Set(templates.map((t) => norm(t.text)))
    if (set.size === 1) {
      const only = set.values().next().value as string
      return fold ? (v) => v.toLowerCase() === only : (v) => v === only
    }
    return (v) => set.has(norm(v))
  }
  return (v, ctx) => {
    const value = norm(v)
    for (const t of templates) {
      const text = resolveText(t, ctx)
      if (text !== undefined && norm(text) === value) return true
    }
    return false
  }
}

/** StringEquals: exact, case-sensitive. */
export const stringEquals = (values: readonly string[], variables: boolean): ValueTest =>
  equals(values, variables, false)

/** StringEqualsIgnoreCase. */
export const stringEqualsIgnoreCase = (values: readonly string[], variables: boolean): ValueTest =>
  equals(values, variables, true)

/** StringLike: `*` and `?` wildcards, case-sensitive. */
export function stringLike(values: readonly string[], variables: boolean): ValueTest {
  const templates = values.map((v) => parseTemplate(v, variables))
  if (templates.every((t) => t.isStatic)) {
    const matchers = templates.map((t) => partsMatcher(t.parts))
    if (matchers.length === 1) return matchers[0]!
    return (v) => matchers.some((m) => m(v))
  }
  return (v, ctx) => {
    for (const t of templates) {
      const parts = resolveParts(t, ctx)
      if (parts !== undefined && matchParts(parts, v)) return true
    }
    return false
  }
}
