/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the generators need.
 * Deterministic: the same seed gives the same sequence on every machine.
 */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** Between min and max distinct elements of a list, in the list's order. */
  some<T>(items: readonly T[], min: number, max: number): T[]
}

/**
 * Creates a generator from a 32-bit seed.
 * @example
 * const rng = createRng(42)
 * rng.pick(['a', 'b'])
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    some: (items, min, max) => {
      const count = Math.min(items.length, min + int(max - min + 1))
      const chosen = new Set<number>()
      while (chosen.size < count) chosen.add(int(items.length))
      return [...chosen].sort((a, b) => a - b).map((i) => items[i] as (typeof items)[number])
    },
  }
}

/** The seed from the environment variable `name` (decimal), else `fallback`. */
export function seedFrom(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n))
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`)
  return n >>> 0
}
