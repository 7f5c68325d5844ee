/**
 * Word tests (automata) for the patterns the engine matches: IAM wildcards (`*`, `?`) over a whole
 * string, optionally ignoring case, and ARN patterns matched part by part as the engine's
 * `matchArn` does (the first five colon-separated parts each on their own, unless the pattern or
 * the value is not an ARN). Built from the engine's own parsers (`globParts`, `parseTemplate`),
 * so a pattern means here what it means to the engine.
 */
import { globParts, ONE, STAR, type GlobPart } from '../../policy/glob.ts'
import { parseTemplate } from '../../policy/template.ts'
import type { WordTest } from './word-classes.ts'

/** One position of a compiled pattern. */
type Atom =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'star' | 'one'; readonly noColon: boolean }

function atomsOf(parts: readonly GlobPart[], noColon: boolean, ignoreCase: boolean): Atom[] {
  const atoms: Atom[] = []
  for (const p of parts) {
    if (p === STAR) atoms.push({ kind: 'star', noColon })
    else if (p === ONE) atoms.push({ kind: 'one', noColon })
    else for (const ch of p) atoms.push({ kind: 'char', ch: ignoreCase ? ch.toLowerCase() : ch })
  }
  return atoms
}

/** Positions reachable without reading (a star may match nothing). */
function closure(atoms: readonly Atom[], positions: Iterable<number>): number[] {
  const out = new Set<number>()
  for (let p of positions) {
    out.add(p)
    while (p < atoms.length && atoms[p]!.kind === 'star') out.add(++p)
  }
  return [...out].sort((a, b) => a - b)
}

function stepAtoms(
  atoms: readonly Atom[],
  state: readonly number[],
  ch: string,
  ignoreCase: boolean,
): number[] {
  const c = ignoreCase ? ch.toLowerCase() : ch
  const next: number[] = []
  for (const p of state) {
    if (p >= atoms.length) continue
    const a = atoms[p]!
    if (a.kind === 'char') {
      if (a.ch === c) next.push(p + 1)
    } else if (!(a.noColon && ch === ':')) {
      next.push(a.kind === 'star' ? p : p + 1)
    }
  }
  return closure(atoms, next)
}

/** True when the state accepts every continuation (it stands on a final, unrestricted star). */
const stuckOnFinalStar = (atoms: readonly Atom[], state: readonly number[]) => {
  const last = atoms[atoms.length - 1]
  return (
    last !== undefined && last.kind === 'star' && !last.noColon && state.includes(atoms.length - 1)
  )
}

/** The characters a state tells apart: the literals it may read next, and a colon where it counts. */
function relevantAt(
  atoms: readonly Atom[],
  state: readonly number[],
  ignoreCase: boolean,
  into: Set<string>,
): Set<string> {
  for (const p of state) {
    const a = atoms[p]
    if (a === undefined) continue
    if (a.kind === 'char') {
      into.add(a.ch)
      if (ignoreCase) {
        into.add(a.ch.toUpperCase())
        into.add(a.ch.toLowerCase())
      }
    } else if (a.noColon) into.add(':')
  }
  return into
}

function alphabetOf(atoms: readonly Atom[], ignoreCase: boolean): Set<string> {
  const out = new Set<string>()
  for (const a of atoms) {
    if (a.kind !== 'char') continue
    out.add(a.ch)
    if (ignoreCase) {
      out.add(a.ch.toUpperCase())
      out.add(a.ch.toLowerCase())
    }
  }
  return out
}

/** A test over glob parts (as `globParts` or a static template gives them). */
export function partsTest(
  parts: readonly GlobPart[],
  options: { readonly ignoreCase?: boolean } = {},
): WordTest<readonly number[]> {
  const ignoreCase = options.ignoreCase === true
  const atoms = atomsOf(parts, false, ignoreCase)
  return {
    start: closure(atoms, [0]),
    step: (s, ch) => stepAtoms(atoms, s, ch, ignoreCase),
    accepts: (s) => s.includes(atoms.length),
    key: (s) => s.join(','),
    settled: (s) => (s.length === 0 ? 'reject' : stuckOnFinalStar(atoms, s) ? 'accept' : undefined),
    alphabet: alphabetOf(atoms, ignoreCase),
  }
}

/**
 * A wildcard pattern over whole strings.
 * @example globTest('s3:get*') accepts 's3:get', 's3:getobject'
 */
export const globTest = (pattern: string, ignoreCase = false): WordTest =>
  partsTest(globParts(ignoreCase ? pattern.toLowerCase() : pattern), { ignoreCase }) as WordTest

/** A string equal to `value` (with `ignoreCase`, equal ignoring case). */
export const equalsTest = (value: string, ignoreCase = false): WordTest =>
  partsTest(value === '' ? [] : [ignoreCase ? value.toLowerCase() : value], {
    ignoreCase,
  }) as WordTest

/** Splits at the first five colons outside `${…}`, as the engine's ARN patterns do. */
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

interface ArnState {
  readonly split: readonly number[]
  readonly whole: readonly number[]
  /** Colons read, up to 5. */
  readonly colons: number
  /** How much of `arn:` the value starts with (4: all of it), or -1 when it does not. */
  readonly head: number
}

const ARN_HEAD = 'arn:'

/**
 * An ARN pattern as Resource, NotResource and the Arn condition operators match it. Undefined
 * when the pattern holds policy variables (their value depends on the request).
 */
export function arnTest(pattern: string, variables: boolean): WordTest | undefined {
  const template = parseTemplate(pattern, variables)
  if (!template.isStatic) return undefined
  const wholeAtoms = atomsOf(template.parts, false, false)
  const segments = splitPattern(pattern)
  const anyPattern = template.parts.length === 1 && template.parts[0] === STAR
  const literalHead =
    segments !== undefined && segments.slice(0, 5).every((seg) => !/[*?]|\$\{/.test(seg))
  if (anyPattern || segments === undefined || literalHead) {
    return partsTest(template.parts)
  }
  const splitAtoms: Atom[] = []
  segments.forEach((seg, i) => {
    splitAtoms.push(...atomsOf(parseTemplate(seg, variables).parts, i < 5, false))
    if (i < 5) splitAtoms.push({ kind: 'char', ch: ':' })
  })
  const alphabet = new Set([...alphabetOf(wholeAtoms, false), ...alphabetOf(splitAtoms, false)])
  for (const ch of ARN_HEAD) alphabet.add(ch)
  const test: WordTest<ArnState> = {
    start: { split: closure(splitAtoms, [0]), whole: closure(wholeAtoms, [0]), colons: 0, head: 0 },
    step: (s, ch) => {
      const colons = ch === ':' ? Math.min(5, s.colons + 1) : s.colons
      const head = s.head < 0 || s.head === 4 ? s.head : ARN_HEAD[s.head] === ch ? s.head + 1 : -1
      // Only one reading remains once the value's shape is known: part by part for an ARN (it
      // starts with `arn:` and has five colons), whole for anything else.
      return {
        split: head === -1 ? [] : stepAtoms(splitAtoms, s.split, ch, false),
        whole: head === 4 && colons >= 5 ? [] : stepAtoms(wholeAtoms, s.whole, ch, false),
        colons,
        head,
      }
    },
    accepts: (s) =>
      s.colons >= 5 && s.head === 4
        ? s.split.includes(splitAtoms.length)
        : s.whole.includes(wholeAtoms.length),
    key: (s) => `${s.split.join(',')}/${s.whole.join(',')}/${s.colons}/${s.head}`,
    settled: (s) => {
      if (s.split.length === 0 && s.whole.length === 0) return 'reject'
      if (s.head === -1 && s.whole.length === 0) return 'reject'
      if (s.head === 4 && s.colons >= 5 && s.split.length === 0) return 'reject'
      if (s.head === 4 && s.colons >= 5 && stuckOnFinalStar(splitAtoms, s.split)) return 'accept'
      if (s.head === -1 && stuckOnFinalStar(wholeAtoms, s.whole)) return 'accept'
      return undefined
    },
    relevant: (s) => {
      const out = relevantAt(splitAtoms, s.split, false, new Set([':']))
      relevantAt(wholeAtoms, s.whole, false, out)
      if (s.head >= 0 && s.head < 4) out.add(ARN_HEAD[s.head]!)
      return out
    },
    alphabet,
  }
  return test as WordTest
}
