/**
 * Matching an ARN against a pattern: each of the first five colon-separated parts is matched on
 * its own, the resource part last, so `*` never spans a colon before the resource part. A value
 * that is not an ARN is matched against the whole pattern.
 */
import { splitArn } from './arn.ts'
import { matchParts, matchText, STAR, TextPattern } from './glob.ts'
import type { RequestContext } from './request-context.ts'
import { parseTemplate, resolveParts, type Template } from './template.ts'

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

/** A wildcard pattern that may hold policy variables: static text is compiled once. */
export class VariablePattern {
  readonly template: Template
  /** The compiled pattern when the template has no variables. */
  readonly fixed: TextPattern | undefined

  constructor(template: Template) {
    this.template = template
    this.fixed = template.isStatic ? new TextPattern(template.parts) : undefined
  }
}

/** True when `text` matches the pattern with this request's variables substituted. */
export function matchVariable(p: VariablePattern, text: string, ctx: RequestContext): boolean {
  if (p.fixed !== undefined) return matchText(p.fixed, text)
  const parts = resolveParts(p.template, ctx)
  return parts !== undefined && matchParts(parts, text)
}

const ANY = 0
/** The whole value against the whole pattern. */
const WHOLE = 1
/** A literal head of five parts, then the whole pattern. */
const PREFIXED = 2
/** Part by part. */
const SPLIT = 3

/** A compiled ARN pattern (as in Resource, NotResource and the Arn condition operators). */
export class ArnPattern {
  readonly kind: number
  readonly whole: VariablePattern
  readonly prefix: string
  /** The six parts, for SPLIT. */
  readonly segments: readonly VariablePattern[]
  // The last answer, for the request (`RequestContext.epoch`) that asked it: one request tests
  // its resource against the same pattern in several statements. Never reused across requests.
  epoch = -1
  value = ''
  result = false

  constructor(
    kind: number,
    whole: VariablePattern,
    prefix: string,
    segments: readonly VariablePattern[],
  ) {
    this.kind = kind
    this.whole = whole
    this.prefix = prefix
    this.segments = segments
  }
}

/**
 * True when `value` matches the pattern for this request.
 * @example matchArn(compileArnPattern('arn:aws:s3:::bucket/*', true), 'arn:aws:s3:::bucket/k', ctx) // true
 */
export function matchArn(p: ArnPattern, value: string, ctx: RequestContext): boolean {
  if (p.kind === ANY) return true
  if (p.epoch === ctx.epoch && p.value === value) return p.result
  const result = matchOnce(p, value, ctx)
  p.epoch = ctx.epoch
  p.value = value
  p.result = result
  return result
}

function matchOnce(p: ArnPattern, value: string, ctx: RequestContext): boolean {
  switch (p.kind) {
    case WHOLE:
      return matchVariable(p.whole, value, ctx)
    case PREFIXED:
      return value.startsWith(p.prefix) && matchVariable(p.whole, value, ctx)
  }
  const v = splitArn(value)
  if (v === undefined) return matchVariable(p.whole, value, ctx)
  const s = p.segments
  return (
    matchVariable(s[5]!, v[5]!, ctx) &&
    matchVariable(s[4]!, v[4]!, ctx) &&
    matchVariable(s[2]!, v[2]!, ctx) &&
    matchVariable(s[3]!, v[3]!, ctx) &&
    matchVariable(s[1]!, v[1]!, ctx) &&
    matchVariable(s[0]!, v[0]!, ctx)
  )
}

/** Compiled patterns by text, shared by the statements of one policy set. */
export type ArnPatternCache = Map<string, ArnPattern>

/**
 * Compiles an ARN pattern, once per policy set when given a cache.
 * @param variablesEnabled whether policy variables expand (version 2012-10-17)
 */
export function compileArnPattern(
  pattern: string,
  variablesEnabled: boolean,
  cache?: ArnPatternCache,
): ArnPattern {
  if (cache === undefined) return compileOnce(pattern, variablesEnabled)
  const key = (variablesEnabled ? 'v' : 'l') + pattern
  let compiled = cache.get(key)
  if (compiled === undefined) {
    compiled = compileOnce(pattern, variablesEnabled)
    cache.set(key, compiled)
  }
  return compiled
}

function compileOnce(pattern: string, variablesEnabled: boolean): ArnPattern {
  const template = parseTemplate(pattern, variablesEnabled)
  const whole = new VariablePattern(template)
  if (template.isStatic && template.parts.length === 1 && template.parts[0] === STAR) {
    return new ArnPattern(ANY, whole, '', [])
  }
  const segments = splitPattern(pattern)
  if (segments === undefined) return new ArnPattern(WHOLE, whole, '', [])
  // With no wildcard or variable before the resource part, the first five parts are literal and
  // hold exactly five colons, so matching the whole string is the same as matching part by part.
  const head = segments.slice(0, 5)
  if (head.every((seg) => !/[*?]|\$\{/.test(seg))) {
    if (template.isStatic) return new ArnPattern(WHOLE, whole, '', [])
    return new ArnPattern(PREFIXED, whole, head.join(':') + ':', [])
  }
  const parts = segments.map((s) => new VariablePattern(parseTemplate(s, variablesEnabled)))
  return new ArnPattern(SPLIT, whole, '', parts)
}
