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
  let literal = ''
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (literal !== '') parts.push(literal)
      literal = ''
      if (ch === '?') parts.push(ONE)
      else if (parts[parts.length - 1] !== STAR) parts.push(STAR)
    } else {
      literal += ch
    }
  }
  if (literal !== '') parts.push(literal)
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
      } else if (text.startsWith(part, pos)) {
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

/** A compiled matcher for a fixed pattern, with fast paths for the common shapes. */
export type Matcher = (text: string) => boolean

/** Compiles parts into the fastest matcher for their shape. */
export function partsMatcher(parts: readonly GlobPart[]): Matcher {
  const [a, b, c] = parts
  switch (parts.length) {
    case 0:
      return (t) => t === ''
    case 1:
      if (a === STAR) return () => true
      if (typeof a === 'string') return (t) => t === a
      break
    case 2:
      if (typeof a === 'string' && b === STAR) return (t) => t.startsWith(a)
      if (a === STAR && typeof b === 'string') return (t) => t.endsWith(b)
      break
    case 3:
      if (a === STAR && typeof b === 'string' && c === STAR) return (t) => t.includes(b)
      break
  }
  return (t) => matchParts(parts, t)
}

/**
 * Compiles a wildcard pattern.
 * @example compileGlob('s3:get*', true)('S3:GetObject') // true
 */
export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  if (!ignoreCase) return partsMatcher(globParts(pattern))
  const inner = partsMatcher(globParts(pattern.toLowerCase()))
  return (t) => inner(t.toLowerCase())
}
