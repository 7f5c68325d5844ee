/**
 * Matching an ARN against a pattern: each of the first five colon-separated parts is matched on
 * its own, the resource part last, so `*` never spans a colon before the resource part. A value
 * that is not an ARN is matched against the whole pattern.
 */
import { splitArn } from './arn.ts'
import { matchParts, partsMatcher, STAR, type Matcher } from './glob.ts'
import type { RequestContext } from './request-context.ts'
import { parseTemplate, resolveParts, type Template } from './template.ts'

/** A compiled ARN pattern: true when `value` matches for this request. */
export type ArnMatcher = (value: string, ctx: RequestContext) => boolean

/** Splits at the first five colons that stand outside `${…}`. */
function splitPattern(pattern: string): string[] | undefined {
  const out: string[] = []
  let start = 0
  let depth = 0
  for (let i = 0; i < pattern.length && out.length < 5; i++) {
    const ch = pattern[i]
    if (ch === '$' && pattern[i + 1] === '{') depth++
    else if (ch === '}' && depth > 0) depth--
    else if (ch === ':' && depth === 0) {
      out.push(pattern.slice(start, i))
      start = i + 1
    }
  }
  if (out.length < 5) return undefined
  out.push(pattern.slice(start))
  return out
}

function staticMatcher(t: Template): Matcher {
  return partsMatcher(t.parts)
}

function segmentTest(t: Template): (seg: string, ctx: RequestContext) => boolean {
  if (t.isStatic) {
    const m = staticMatcher(t)
    return (seg) => m(seg)
  }
  return (seg, ctx) => {
    const parts = resolveParts(t, ctx)
    return parts !== undefined && matchParts(parts, seg)
  }
}

/**
 * Compiles an ARN pattern (as in Resource, NotResource and the Arn condition operators).
 * @example compileArnPattern('arn:aws:s3:::bucket/*', true)('arn:aws:s3:::bucket/k', ctx) // true
 */
export function compileArnPattern(pattern: string, variablesEnabled: boolean): ArnMatcher {
  const whole = parseTemplate(pattern, variablesEnabled)
  if (whole.isStatic && whole.parts.length === 1 && whole.parts[0] === STAR) return () => true
  const wholeTest = segmentTest(whole)
  const segments = splitPattern(pattern)
  if (segments === undefined) return (value, ctx) => wholeTest(value, ctx)
  // With no wildcard or variable before the resource part, the first five parts are literal and
  // hold exactly five colons, so matching the whole string is the same as matching part by part.
  const head = segments.slice(0, 5)
  if (head.every((seg) => !/[*?]|\$\{/.test(seg))) {
    const prefix = head.join(':') + ':'
    if (whole.isStatic) return staticMatcher(whole)
    return (value, ctx) => value.startsWith(prefix) && wholeTest(value, ctx)
  }
  const tests = segments.map((s) => segmentTest(parseTemplate(s, variablesEnabled)))
  const [t0, t1, t2, t3, t4, t5] = tests as [
    ReturnType<typeof segmentTest>,
    ReturnType<typeof segmentTest>,
    ReturnType<typeof segmentTest>,
    ReturnType<typeof segmentTest>,
    ReturnType<typeof segmentTest>,
    ReturnType<typeof segmentTest>,
  ]
  return (value, ctx) => {
    const v = splitArn(value)
    if (v === undefined) return wholeTest(value, ctx)
    return (
      t5(v[5]!, ctx) &&
      t4(v[4]!, ctx) &&
      t2(v[2]!, ctx) &&
      t3(v[3]!, ctx) &&
      t1(v[1]!, ctx) &&
      t0(v[0]!, ctx)
    )
  }
}
