/**
 * Where a cache reports its hits and misses (the server counts them for `/metrics`). Caches take
 * one optionally and report to {@link NO_CACHE_STATS} otherwise.
 */
export interface CacheStats {
  /** One lookup of `cache` answered from memory (`hit`) or read from the store (`miss`). */
  lookup(cache: string, result: 'hit' | 'miss'): void
}

/** Reports nowhere. */
export const NO_CACHE_STATS: CacheStats = { lookup: () => {} }
