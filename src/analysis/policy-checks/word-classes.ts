/**
 * The classes of strings a finite set of string predicates tells apart, with one representative
 * string per class. Each predicate is a finite automaton (a {@link WordTest}); the product of all
 * of them is explored breadth first over an alphabet of every character the predicates mention
 * plus one fresh character, which stands for all the characters none of them mentions. Every
 * reachable product state is visited, so every class that any string falls into gets a
 * representative: the partition is exact, not sampled.
 */

/** A string predicate as a deterministic automaton over opaque states. */
export interface WordTest<S = unknown> {
  readonly start: S
  step(state: S, ch: string): S
  accepts(state: S): boolean
  /** A key that identifies the state (equal keys, equal futures). */
  key(state: S): string
  /**
   * Whether the state's answer can no longer change: 'reject' (dead) or 'accept' (accepts every
   * continuation); undefined while it still depends on what follows.
   */
  settled(state: S): 'accept' | 'reject' | undefined
  /**
   * The characters this state tells apart from a fresh one (any character outside them behaves
   * like a character no test mentions). Defaults to the whole alphabet.
   */
  relevant?(state: S): Iterable<string>
  /** The characters the predicate tells apart from any other. */
  readonly alphabet: ReadonlySet<string>
}

/** One class: a representative string and the predicates (by index) it satisfies. */
export interface WordClass {
  readonly word: string
  readonly accepted: readonly number[]
}

/** The classes, or `complete: false` when the exploration hit its limit. */
export interface WordPartition {
  readonly classes: readonly WordClass[]
  readonly complete: boolean
}

/** Characters tried as the fresh one, in order. */
const FRESH = 'xzqjkw0123456789_-.abcdefghilmnoprstuvy'

/** A character none of the predicates mentions (lower case when `lower`). */
export function freshCharacter(alphabet: ReadonlySet<string>): string {
  for (const ch of FRESH) if (!alphabet.has(ch) && !alphabet.has(ch.toUpperCase())) return ch
  for (let code = 0x100; ; code++) {
    const ch = String.fromCharCode(code)
    if (!alphabet.has(ch)) return ch
  }
}

/** A test's states interned as small numbers, with its transitions remembered. */
class InternedTest {
  readonly test: WordTest
  readonly states: unknown[] = []
  readonly ids = new Map<string, number>()
  readonly transitions: Map<string, number>[] = []
  readonly accepting: boolean[] = []
  readonly fates: ('accept' | 'reject' | undefined)[] = []
  readonly relevant: string[][] = []
  readonly lower: boolean

  constructor(test: WordTest, lower: boolean) {
    this.test = test
    this.lower = lower
  }

  intern(state: unknown): number {
    const k = this.test.key(state)
    let id = this.ids.get(k)
    if (id === undefined) {
      id = this.states.length
      this.ids.set(k, id)
      this.states.push(state)
      this.transitions.push(new Map())
      this.accepting.push(this.test.accepts(state))
      this.fates.push(this.test.settled(state))
      const rel = this.test.relevant?.(state) ?? this.test.alphabet
      const chars = new Set<string>()
      for (const ch of rel) chars.add(this.lower ? ch.toLowerCase() : ch)
      this.relevant.push([...chars])
    }
    return id
  }

  step(id: number, ch: string): number {
    const t = this.transitions[id]!
    let next = t.get(ch)
    if (next === undefined) {
      next = this.intern(this.test.step(this.states[id], ch))
      t.set(ch, next)
    }
    return next
  }
}

interface Node {
  /** Live tests: index and interned state, in test order. */
  readonly live: readonly (readonly [number, number])[]
  /** Tests settled to accept. */
  readonly settledAccept: readonly number[]
  readonly word: string
}

/**
 * Partitions all strings by which of `tests` accept them. At each product state only the
 * characters some live test tells apart are tried, plus the fresh character for all the others.
 * @param maxStates exploration limit; past it the partition is reported incomplete
 * @param lowerOnly the strings are lower case (actions): the alphabet is lowered
 */
export function partitionWords(
  tests: readonly WordTest[],
  maxStates = 20000,
  lowerOnly = false,
): WordPartition {
  const alphabet = new Set<string>()
  for (const t of tests)
    for (const ch of t.alphabet) alphabet.add(lowerOnly ? ch.toLowerCase() : ch)
  const fresh = freshCharacter(alphabet)
  const interned = tests.map((t) => new InternedTest(t, lowerOnly))
  const place = (i: number, id: number, live: [number, number][], acc: number[]): void => {
    const fate = interned[i]!.fates[id]
    if (fate === 'accept') acc.push(i)
    else if (fate === undefined) live.push([i, id])
  }
  const startLive: [number, number][] = []
  const startAcc: number[] = []
  interned.forEach((t, i) => place(i, t.intern(t.test.start), startLive, startAcc))
  const nodeKey = (n: Node): string => {
    let k = n.settledAccept.join(',') + '|'
    for (const [i, id] of n.live) k += `${i}:${id};`
    return k
  }
  const start: Node = { live: startLive, settledAccept: startAcc, word: '' }
  const seen = new Set<string>([nodeKey(start)])
  const bySignature = new Map<string, WordClass>()
  const queue: Node[] = [start]
  let complete = true
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!
    queue[head] = undefined as unknown as Node
    const accepted = [...node.settledAccept]
    for (const [i, id] of node.live) if (interned[i]!.accepting[id]) accepted.push(i)
    accepted.sort((a, b) => a - b)
    const signature = accepted.join(',')
    if (!bySignature.has(signature)) bySignature.set(signature, { word: node.word, accepted })
    if (node.live.length === 0) continue
    const letters = new Set<string>([fresh])
    for (const [i, id] of node.live) for (const ch of interned[i]!.relevant[id]!) letters.add(ch)
    for (const ch of letters) {
      const live: [number, number][] = []
      const acc = [...node.settledAccept]
      for (const [i, id] of node.live) place(i, interned[i]!.step(id, ch), live, acc)
      acc.sort((a, b) => a - b)
      const next: Node = { live, settledAccept: acc, word: node.word + ch }
      const k = nodeKey(next)
      if (seen.has(k)) continue
      if (seen.size >= maxStates) {
        complete = false
        break
      }
      seen.add(k)
      queue.push(next)
    }
    if (!complete) break
  }
  return { classes: [...bySignature.values()], complete }
}
