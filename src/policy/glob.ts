/**
 * Wildcard patterns as IAM writes them: `*` matches any run of characters (none included), `?`
 * exactly one. Patterns are compiled once into parts; matching never builds a RegExp.
 */

/** A multi-character wildcard in a compiled pattern. */
export const STAR = 0
/** A single-character wildcard in a compiled pattern. */
export const ONE = 1
/** A literal run of text, or a wildcard. */
export type GlobPart = string | typeof STAR | typeof ONE

/** Splits a pattern into literal runs and wildcards. */
export function globParts(pattern: string): GlobPart[] {
  const parts: GlobPart[] = []
  let start = 0
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch !== '*' && ch !== '?') continue
    // Slices, not a string grown a character at a time: the literals stay flat for matching.
    if (i > start) parts.push(pattern.slice(start, i))
    start = i + 1
    if (ch === '?') parts.push(ONE)
    else if (parts[parts.length - 1] !== STAR) parts.push(STAR)
  }
  if (start < pattern.length) parts.push(pattern.slice(start))
  return parts
}

/** Appends literal text to a parts list, merging with a preceding literal. */
export function pushLiteral(parts: GlobPart[], text: string): void {
  if (text === '') return
  const last = parts[parts.length - 1]
  if (typeof last === 'string') parts[parts.length - 1] = last + text
  else parts.push(text)
}

/** Appends a wildcard pattern's parts to a parts list, merging adjacent literals. */
export function pushPattern(parts: GlobPart[], pattern: string): void {
  for (const g of globParts(pattern)) {
    if (typeof g === 'string') pushLiteral(parts, g)
    else parts.push(g)
  }
}

/**
 * True when `lit` (not empty) stands in `text` at `pos`. Cheaper than `startsWith` in V8: the last
 * character rejects most misses (ARNs share long heads), and a hit compares with one `===`.
 */
export function hasLiteralAt(text: string, lit: string, pos: number): boolean {
  const end = pos + lit.length
  if (pos < 0 || end > text.length) return false
  if (text.charCodeAt(end - 1) !== lit.charCodeAt(lit.length - 1)) return false
  return (pos === 0 && end === text.length ? text : text.slice(pos, end)) === lit
}

/** True when `text` matches the compiled pattern. Backtracks only to the last `*`. */
export function matchParts(parts: readonly GlobPart[], text: string): boolean {
  let ti = 0
  let pos = 0
  let starTi = -1
  let starPos = 0
  const n = parts.length
  for (;;) {
    if (ti < n) {
      const part = parts[ti]!
      if (part === STAR) {
        starTi = ti
        starPos = pos
        ti++
        continue
      }
      if (part === ONE) {
        if (pos < text.length) {
          pos++
          ti++
          continue
        }
      } else if (hasLiteralAt(text, part, pos)) {
        pos += part.length
        ti++
        continue
      }
    } else if (pos === text.length) {
      return true
    }
    if (starTi < 0 || starPos >= text.length) return false
    starPos++
    pos = starPos
    ti = starTi + 1
  }
}

/** A compiled matcher for a fixed pattern. */
export type Matcher = (text: string) => boolean

/** The shapes a pattern compiles to; the common ones skip the general matcher. */
const ANY = 0
const EXACT = 1
const PREFIX = 2
const SUFFIX = 3
const CONTAINS = 4
const GENERAL = 5

/**
 * A wildcard pattern compiled once into plain data. Every pattern has this one shape, so the
 * call sites that match it stay monomorphic however many patterns a policy set holds.
 */
export class TextPattern {
  readonly kind: number
  /** The literal that EXACT, PREFIX, SUFFIX and CONTAINS compare with. */
  readonly text: string
  readonly parts: readonly GlobPart[]

  constructor(parts: readonly GlobPart[]) {
    const [a, b, c] = parts
    let kind = GENERAL
    let text = ''
    if (parts.length === 0) kind = EXACT
    else if (parts.length === 1 && a === STAR) kind = ANY
    else if (parts.length === 1 && typeof a === 'string') [kind, text] = [EXACT, a]
    else if (parts.length === 2 && typeof a === 'string' && b === STAR) [kind, text] = [PREFIX, a]
    else if (parts.length === 2 && a === STAR && typeof b === 'string') [kind, text] = [SUFFIX, b]
    else if (parts.length === 3 && a === STAR && typeof b === 'string' && c === STAR)
      [kind, text] = [CONTAINS, b]
    this.kind = kind
    this.text = text
    this.parts = parts
  }
}

/** True when `text` matches the compiled pattern. */
export function matchText(p: TextPattern, text: string): boolean {
  switch (p.kind) {
    case ANY:
      return true
    case EXACT:
      return text === p.text
    case PREFIX:
      return hasLiteralAt(text, p.text, 0)
    case SUFFIX:
      return hasLiteralAt(text, p.text, text.length - p.text.length)
    case CONTAINS:
      return text.includes(p.text)
    default:
      return matchParts(p.parts, text)
  }
}

/** Compiles a wildcard pattern into data for `matchText`. */
export const textPattern = (pattern: string): TextPattern => new TextPattern(globParts(pattern))

/**
 * Compiles a wildcard pattern into a function (for code off the hot path).
 * @example compileGlob('s3:get*', true)('S3:GetObject') // true
 */
export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  if (!ignoreCase) {
    const p = textPattern(pattern)
    return (t) => matchText(p, t)
  }
  const p = textPattern(pattern.toLowerCase())
  return (t) => matchText(p, t.toLowerCase())
}
