/**
 * Latency sampling for the scale benchmark: per-page timings of a full paginated listing, repeated
 * calls, and GetCallerIdentity from another thread (caller-identity-worker.ts).
 */
import { Worker } from 'node:worker_threads'
import type { Credentials } from './scale-clients.ts'

/** Latencies of one measure, ms. */
export interface Sample {
  readonly latencies: readonly number[]
  /** Items returned in total (paginated listings). */
  readonly items?: number
  /** Wall time of the whole measure, ms. */
  readonly totalMs: number
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** The q-quantile (0 … 1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/** Page samples a listing gives at least: a short listing is repeated until it has as many. */
export const MIN_PAGE_SAMPLES = 20

/**
 * Times every page of a full listing: `page(token)` fetches one page and answers its item count
 * and the next token. The first page is fetched once untimed (warm-up); a listing of fewer than
 * {@link MIN_PAGE_SAMPLES} pages is repeated until it has that many samples. `gapMs`: an untimed
 * pause between pages (to stay under a rate limit). `items`: the items of one full listing.
 */
export async function everyPage(
  page: (token: string | undefined) => Promise<{ items: number; next: string | undefined }>,
  gapMs = 0,
): Promise<Sample> {
  const latencies: number[] = []
  let items: number | undefined
  await page(undefined)
  const start = performance.now()
  do {
    let listed = 0
    let token: string | undefined
    do {
      if (gapMs > 0) await sleep(gapMs)
      const t = performance.now()
      const r = await page(token)
      latencies.push(performance.now() - t)
      listed += r.items
      token = r.next
    } while (token !== undefined && token !== '')
    items ??= listed
  } while (latencies.length < MIN_PAGE_SAMPLES)
  return { latencies, items, totalMs: performance.now() - start }
}

/** Times `count` calls of `call(i)`, one after another (`gapMs` apart, untimed). */
export async function repeated(
  count: number,
  call: (i: number) => Promise<unknown>,
  gapMs = 0,
): Promise<Sample> {
  const latencies: number[] = []
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    if (gapMs > 0 && i > 0) await sleep(gapMs)
    const t = performance.now()
    await call(i)
    latencies.push(performance.now() - t)
  }
  return { latencies, totalMs: performance.now() - start }
}

/**
 * GetCallerIdentity from another thread, one call after another, while `during` runs (or `count`
 * calls when `during` is absent).
 */
export async function callerIdentityProbe(
  url: string,
  credentials: Credentials,
  options: { count: number; during?: () => Promise<unknown> },
): Promise<Sample> {
  const worker = new Worker(new URL('./caller-identity-worker.ts', import.meta.url), {
    workerData: { url, credentials, count: options.count },
  })
  const messages: { ready?: boolean; latencies?: number[] }[] = []
  let wake: (() => void) | undefined
  worker.on('message', (m: { ready?: boolean; latencies?: number[] }) => {
    messages.push(m)
    wake?.()
  })
  const failed = new Promise<never>((_, fail) => worker.once('error', fail))
  const next = async () => {
    while (messages.length === 0)
      await Promise.race([new Promise<void>((ok) => (wake = ok)), failed])
    return messages.shift()!
  }
  await next() // ready
  const start = performance.now()
  if (options.during !== undefined) {
    await options.during()
    worker.postMessage('stop')
  }
  const { latencies } = await next()
  const totalMs = performance.now() - start
  await worker.terminate()
  return { latencies: latencies ?? [], totalMs }
}

/** Runs `call` from `inFlight` loops for `ms`; answers calls per second and latencies. */
export async function throughput(
  inFlight: number,
  ms: number,
  call: (i: number) => Promise<unknown>,
): Promise<Sample & { perSecond: number }> {
  const latencies: number[] = []
  let n = 0
  const start = performance.now()
  const deadline = start + ms
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now()
      await call(n++)
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, loop))
  const totalMs = performance.now() - start
  return { latencies, totalMs, perSecond: (latencies.length * 1000) / totalMs }
}
