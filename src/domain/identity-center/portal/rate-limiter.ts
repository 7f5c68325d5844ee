/**
 * A token bucket per key, in memory (per node): enough to turn a runaway client into
 * `TooManyRequestsException` instead of load. Keys are hashes, never secrets.
 */
export interface RateLimit {
  /** Requests allowed at once. */
  readonly burst: number
  /** Requests per second refilled. */
  readonly perSecond: number
}

const MAX_KEYS = 10_000

/** Counts requests per key. */
export class RateLimiter {
  readonly #limit: RateLimit
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(limit: RateLimit = { burst: 40, perSecond: 20 }) {
    this.#limit = limit
  }

  /** Takes one request for `key` at `now`; false when the key is over its rate. */
  take(key: string, now: Date): boolean {
    const at = now.getTime()
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, at }
    const refill = ((at - bucket.at) / 1000) * this.#limit.perSecond
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + Math.max(0, refill))
    bucket.at = at
    if (this.#buckets.size >= MAX_KEYS && !this.#buckets.has(key)) this.#buckets.clear()
    this.#buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
