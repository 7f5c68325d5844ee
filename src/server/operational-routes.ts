/**
 * The operator's routes, answered before anything else and without authentication:
 * - `GET /ready`: 200 `{"status":"ready"}` when the server takes work (the store is migrated and
 *   bootstrapped, the database answers, no shutdown under way); else 503 `{"status":"unavailable",
 *   "reason"}`, so a load balancer sends traffic elsewhere. `GET /health` (liveness) stays in the
 *   HTTP handler: 200 whenever the process answers.
 * - `GET /metrics`: Prometheus's text format (see ServerMetrics). It reveals operation names,
 *   error rates and sizes but no identifiers or secrets; still, by default only loopback clients
 *   may read it (`--metrics any` opens it to every client, for a scraper on another host;
 *   `--metrics off` answers 404).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServerMetrics } from './server-metrics.ts'

/** Who may read `/metrics`. */
export const METRICS_ACCESS = ['loopback', 'any', 'off'] as const
/** One of {@link METRICS_ACCESS}. */
export type MetricsAccess = (typeof METRICS_ACCESS)[number]

/** Whether the server takes work now, and why not. */
export type Readiness =
  { readonly ready: true } | { readonly ready: false; readonly reason: string }

export interface OperationalDeps {
  readonly readiness: () => Promise<Readiness>
  readonly metrics?: ServerMetrics
  /** Default `loopback`. */
  readonly metricsAccess?: MetricsAccess
}

/** Whether `address` is a loopback address (127.0.0.0/8, ::1, or either mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

/**
 * Answers `req` when it is one of the operator's routes and returns true; false otherwise.
 * @example if (await operational(req, res)) return
 */
export function createOperationalRoutes(
  deps: OperationalDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const access = deps.metricsAccess ?? 'loopback'
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const pathname = (req.url ?? '/').split('?', 1)[0]
    if (pathname === '/ready' || pathname === '/ready/') {
      let state: Readiness
      try {
        state = await deps.readiness()
      } catch (e) {
        state = { ready: false, reason: e instanceof Error ? e.message : String(e) }
      }
      if (state.ready) json(res, 200, { status: 'ready' })
      else json(res, 503, { status: 'unavailable', reason: state.reason })
      return true
    }
    if (pathname === '/metrics' && deps.metrics !== undefined && access !== 'off') {
      if (access === 'loopback' && !isLoopback(req.socket.remoteAddress)) {
        json(res, 403, { message: 'metrics are served to loopback clients only (--metrics any)' })
        return true
      }
      const text = await deps.metrics.text()
      res.writeHead(200, {
        'content-type': deps.metrics.contentType,
        'cache-control': 'no-store',
        'content-length': String(Buffer.byteLength(text)),
      })
      res.end(text)
      return true
    }
    return false
  }
}
