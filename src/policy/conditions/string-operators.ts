/** StringEquals, StringEqualsIgnoreCase and StringLike (their Not forms negate them). */
import { matchVariable, VariablePattern } from '../arn-pattern.ts'
import type { RequestContext } from '../request-context.ts'
import { parseTemplate, resolveText } from '../template.ts'
import type { CompiledCondition, ConditionValues } from './compiled-condition.ts'

/** The values of StringEquals (lower-cased for StringEqualsIgnoreCase). */
export function stringEqualsValues(
  values: readonly string[],
  variables: boolean,
  ignoreCase: boolean,
): ConditionValues {
  const templates = values.map((v) => parseTemplate(v, variables))
  const fixed = templates.filter((t) => t.isStatic)
  const strings = new Set(fixed.map((t) => (ignoreCase ? t.text.toLowerCase() : t.text)))
  const dynamic = templates.filter((t) => !t.isStatic)
  const single = strings.size === 1 && dynamic.length === 0 ? [...strings][0] : undefined
  return { strings, single, templates: dynamic }
}

/** StringEquals: exact, case-sensitive; StringEqualsIgnoreCase when `ignoreCase`. */
export function stringEquals(
  c: CompiledCondition,
  value: string,
  ctx: RequestContext,
  ignoreCase: boolean,
): boolean {
  const v = ignoreCase ? value.toLowerCase() : value
  if (c.single !== undefined) return v === c.single
  if (c.strings.has(v)) return true
  for (const t of c.templates) {
    const text = resolveText(t, ctx)
    if (text !== undefined && (ignoreCase ? text.toLowerCase() : text) === v) return true
  }
  return false
}

/** The values of StringLike: `*` and `?` wildcards, case-sensitive. */
export const stringLikeValues = (
  values: readonly string[],
  variables: boolean,
): ConditionValues => ({
  patterns: values.map((v) => new VariablePattern(parseTemplate(v, variables))),
})

/** StringLike. */
export function stringLike(c: CompiledCondition, value: string, ctx: RequestContext): boolean {
  for (const p of c.patterns) if (matchVariable(p, value, ctx)) return true
  return false
}
