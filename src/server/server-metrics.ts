/**
 * The server's Prometheus metrics (prom-client), served at `GET /metrics` in the text format:
 * requests by service, operation and status, their latency, authorization decisions by outcome,
 * cache hits and misses, the database pool's use, and Node's own (event-loop delay, heap, CPU,
 * handles) from prom-client's default collectors.
 *
 * @example
 * const metrics = new ServerMetrics({ pool: () => poolUse(db) })
 * metrics.request('sts', 'AssumeRole', 200, 0.0012)
 * res.end(await metrics.text())
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { CacheStats } from '../domain/common/cache-stats.ts'

/** How busy a connection pool is. */
export interface PoolUse {
  /** Connections open. */
  readonly total: number
  /** Open connections not in use. */
  readonly idle: number
  /** Callers waiting for a connection. */
  readonly waiting: number
}

/** Upper bounds of the latency buckets, in seconds (0.5 ms to 10 s). */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]

/** One server's metrics, in a registry of its own (several servers may share a process). */
export class ServerMetrics implements CacheStats {
  readonly registry = new Registry()
  readonly #requests: Counter<'service' | 'operation' | 'status'>
  readonly #latency: Histogram<'service' | 'operation'>
  readonly #decisions: Counter<'decision'>
  readonly #cache: Counter<'cache' | 'result'>

  /** `pool` reads the database pool's use at each scrape (absent for SQLite's one connection). */
  constructor(options: { readonly pool?: () => PoolUse | undefined } = {}) {
    const registers = [this.registry]
    this.#requests = new Counter({
      name: 'xaccess_requests_total',
      help: 'HTTP requests answered, by AWS service, operation and HTTP status.',
      labelNames: ['service', 'operation', 'status'],
      registers,
    })
    this.#latency = new Histogram({
      name: 'xaccess_request_duration_seconds',
      help: 'Time from a request arriving to its response being written, by service and operation.',
      labelNames: ['service', 'operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    })
    this.#decisions = new Counter({
      name: 'xaccess_authorization_decisions_total',
      help: 'Authorization decisions of the policy engine on API calls, by outcome.',
      labelNames: ['decision'],
      registers,
    })
    this.#cache = new Counter({
      name: 'xaccess_cache_lookups_total',
      help: 'Cache lookups, by cache and result (hit or miss).',
      labelNames: ['cache', 'result'],
      registers,
    })
    const pool = options.pool
    if (pool !== undefined) {
      new Gauge({
        name: 'xaccess_db_pool_connections',
        help: 'Database pool connections, by state (total, idle, waiting callers).',
        labelNames: ['state'],
        registers,
        collect() {
          const use = pool()
          if (use === undefined) return
          this.set({ state: 'total' }, use.total)
          this.set({ state: 'idle' }, use.idle)
          this.set({ state: 'waiting' }, use.waiting)
        },
      })
    }
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 })
  }

  /** Counts one answered request and its latency. */
  request(service: string, operation: string, status: number, seconds: number): void {
    this.#requests.inc({ service, operation, status: String(status) })
    this.#latency.observe({ service, operation }, seconds)
  }

  /** Counts one authorization decision. */
  decision(outcome: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'): void {
    this.#decisions.inc({ decision: outcome })
  }

  lookup(cache: string, result: 'hit' | 'miss'): void {
    this.#cache.inc({ cache, result })
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType
  }

  /** Every metric in Prometheus's text format. */
  text(): Promise<string> {
    return this.registry.metrics()
  }
}
