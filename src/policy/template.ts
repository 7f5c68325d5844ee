/**
 * Policy variables in Resource and Condition values: `${aws:username}`, `${aws:PrincipalTag/team}`,
 * defaults `${aws:x, 'fallback'}`, and the escapes `${*}`, `${?}`, `${$}`. Only policies of version
 * 2012-10-17 expand them; in 2008-10-17 the text is literal.
 */
import { pushLiteral, pushPattern, type GlobPart } from './glob.ts'
import type { RequestContext } from './request-context.ts'

type Piece =
  | { readonly kind: 'pattern'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'variable'
      readonly key: string
      readonly lowerKey: string
      readonly fallback: string | undefined
    }

/** A value that may hold policy variables, parsed once. */
export interface Template {
  readonly pieces: readonly Piece[]
  /** True when the value has no variables: `text` and `parts` are then final. */
  readonly isStatic: boolean
  /** The value as plain text, with escapes applied (meaningful when static). */
  readonly text: string
  /** The value as a wildcard pattern, escapes literal (meaningful when static). */
  readonly parts: readonly GlobPart[]
}

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' }

function parseVariable(body: string): Piece {
  const inner = body.trim()
  const escaped = ESCAPES[inner]
  if (escaped !== undefined) return { kind: 'literal', text: escaped }
  const comma = inner.indexOf(',')
  let key = inner
  let fallback: string | undefined
  if (comma >= 0) {
    key = inner.slice(0, comma).trim()
    const rest = inner.slice(comma + 1).trim()
    fallback =
      rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'") ? rest.slice(1, -1) : rest
  }
  return { kind: 'variable', key, lowerKey: key.toLowerCase(), fallback }
}

/**
 * Parses a value for policy variables.
 * @example parseTemplate('home/${aws:username}/*', true).isStatic // false
 */
export function parseTemplate(value: string, variablesEnabled: boolean): Template {
  const pieces: Piece[] = []
  if (variablesEnabled) {
    let at = 0
    for (;;) {
      const open = value.indexOf('${', at)
      const close = open < 0 ? -1 : value.indexOf('}', open + 2)
      if (open < 0 || close < 0) break
      if (open > at) pieces.push({ kind: 'pattern', text: value.slice(at, open) })
      pieces.push(parseVariable(value.slice(open + 2, close)))
      at = close + 1
    }
    if (at < value.length) pieces.push({ kind: 'pattern', text: value.slice(at) })
  } else if (value !== '') {
    pieces.push({ kind: 'pattern', text: value })
  }
  const isStatic = pieces.every((p) => p.kind !== 'variable')
  const parts: GlobPart[] = []
  let text = ''
  if (isStatic) {
    for (const p of pieces) {
      text += p.text
      if (p.kind === 'literal') pushLiteral(parts, p.text)
      else pushPattern(parts, p.text)
    }
  }
  return { pieces, isStatic, text, parts }
}

function variableValue(p: Piece & { kind: 'variable' }, ctx: RequestContext): string | undefined {
  return ctx.getSingle(p.key, p.lowerKey) ?? p.fallback
}

/** The value as plain text for this request; undefined when a variable has no value. */
export function resolveText(t: Template, ctx: RequestContext): string | undefined {
  if (t.isStatic) return t.text
  let out = ''
  for (const p of t.pieces) {
    if (p.kind === 'variable') {
      const v = variableValue(p, ctx)
      if (v === undefined) return undefined
      out += v
    } else {
      out += p.text
    }
  }
  return out
}

/**
 * The value as a wildcard pattern for this request: wildcards written in the policy stay
 * wildcards, substituted values are literal. Undefined when a variable has no value.
 */
export function resolveParts(t: Template, ctx: RequestContext): readonly GlobPart[] | undefined {
  if (t.isStatic) return t.parts
  const parts: GlobPart[] = []
  for (const p of t.pieces) {
    if (p.kind === 'pattern') {
      pushPattern(parts, p.text)
    } else {
      const v = p.kind === 'literal' ? p.text : variableValue(p, ctx)
      if (v === undefined) return undefined
      pushLiteral(parts, v)
    }
  }
  return parts
}
