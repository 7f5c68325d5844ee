/**
 * Delivery: every logging trail writes the events it covers as gzipped `{"Records": [...]}` log
 * files in CloudTrail's layout, and, with log file validation on, a signed digest file per
 * account and Region every `digestIntervalMs` (an hour by default) and a final one when logging
 * stops. It runs on a timer in the server, never on a request's path.
 *
 * Exactly once: each trail keeps, in the database, the last delivered seq of every audit chain.
 * A round reads the events after those cursors, writes its files (each atomically, under names
 * derived from the trail and the cursors it started from), then commits the new cursors with the
 * files' hashes in one transaction. A crash between the two redoes the round under the same names,
 * so a file is overwritten, never delivered twice, and nothing is skipped. A lease in the database
 * lets only one node deliver a trail at a time.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { CloudTrailRecord } from '../audit-record.ts'
import type { AuditStore } from '../audit-store.ts'
import { logFiles } from '../log-files.ts'
import type { StoredEvent } from '../stored-event.ts'
import { buildDigestFile, type TextSigner } from './digest-files.ts'
import { selectorsMatch } from './event-selectors.ts'
import type { TrailDeps } from './trail-access.ts'
import type { DeliveredLogFile, DigestHead, StoredTrail } from './trail-store.ts'

/** Where trails' files go: an S3-like bucket and key (a folder under the data dir, for now). */
export interface TrailDestination {
  /** Writes an object atomically, with its metadata (if any) beside it. */
  write(
    bucket: string,
    key: string,
    body: Buffer,
    metadata?: Readonly<Record<string, string>>,
  ): Promise<void>
}

/** Options of {@link TrailDelivery}. */
export interface TrailDeliveryOptions {
  readonly trails: TrailDeps['trails']
  readonly organizations: TrailDeps['organizations']
  readonly audit: AuditStore
  readonly destination: TrailDestination
  readonly signer: TextSigner
  /** Between rounds (default 60 s). */
  readonly intervalMs?: number
  /** Between digests of one chain (default one hour). */
  readonly digestIntervalMs?: number
  readonly now?: () => number
  /** Reports a failed round (the trail's status keeps the error too). */
  readonly onError?: (trailArn: string, error: unknown) => void
}

/** Events read per chain and round. */
const PAGE = 2_000

/** Pages read per chain and round, and records delivered per trail and round, at most. */
const MAX_PAGES = 25
const MAX_RECORDS = 20_000

/** How long delivery waits for a missing seq of a chain before passing it by. */
const GAP_GRACE_MS = 120_000

/** Event sources of global services (recorded in us-east-1). */
const GLOBAL_SOURCES = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'signin.amazonaws.com',
  'organizations.amazonaws.com',
])

/** Whether a trail covers an event: its accounts, Regions, logging period and selectors. */
export function trailCovers(
  stored: StoredTrail,
  record: CloudTrailRecord,
  eventTime: number,
  organizationOf: (accountId: string) => string | undefined,
): boolean {
  const { trail, status } = stored
  // Event times are kept to the second, as records show them: so is the logging period.
  if (status.startLoggingTime === undefined) return false
  if (eventTime < Math.floor(status.startLoggingTime / 1000) * 1000) return false
  if (
    !status.isLogging &&
    status.stopLoggingTime !== undefined &&
    eventTime > status.stopLoggingTime
  )
    return false
  if (trail.organizationId === undefined) {
    if (record.recipientAccountId !== trail.accountId) return false
  } else if (
    record.recipientAccountId !== trail.accountId &&
    organizationOf(record.recipientAccountId) !== trail.organizationId
  ) {
    return false
  }
  const global = GLOBAL_SOURCES.has(record.eventSource)
  if (global && !trail.includeGlobalServiceEvents) return false
  if (!trail.isMultiRegionTrail && record.awsRegion !== trail.homeRegion) return false
  return selectorsMatch(stored.selectors, record)
}

/** What decides which events a trail covers, as text to compare. */
const settingsOf = (t: StoredTrail): string =>
  JSON.stringify([
    t.trail,
    t.selectors,
    t.status.isLogging,
    t.status.startLoggingTime,
    t.status.stopLoggingTime,
  ])

/** A cheap first test on a stored event's index fields, before its record is parsed. */
function mayCover(stored: StoredTrail, e: StoredEvent): boolean {
  const { trail, status } = stored
  if (status.startLoggingTime === undefined) return false
  if (e.eventTime < Math.floor(status.startLoggingTime / 1000) * 1000) return false
  if (
    !status.isLogging &&
    status.stopLoggingTime !== undefined &&
    e.eventTime > status.stopLoggingTime
  )
    return false
  return trail.organizationId !== undefined || e.accountId === trail.accountId
}

/** Delivers every trail's files; {@link TrailDelivery.start} runs it on a timer. */
export class TrailDelivery {
  readonly #o: TrailDeliveryOptions
  readonly #owner = 'd-' + randomBytes(8).toString('hex')
  readonly #now: () => number
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #closed = false
  /** The trails whose lease this deliverer took (handed back on close). */
  readonly #leased = new Set<string>()

  constructor(options: TrailDeliveryOptions) {
    this.#o = options
    this.#now = options.now ?? Date.now
  }

  /** Runs a round every `intervalMs` until {@link close}. */
  start(): void {
    const every = this.#o.intervalMs ?? 60_000
    this.#timer = setInterval(() => void this.deliver(), every)
    this.#timer.unref()
  }

  /** Stops the timer, waits for a round under way and hands back its leases. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#closed = true
    await this.#running
    for (const arn of this.#leased) {
      await this.#o.trails.claimDelivery(arn, this.#owner, this.#now(), 0).catch(() => false)
    }
  }

  /** One round over every trail; a round already under way is awaited instead. */
  deliver(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    this.#running ??= this.#round().finally(() => (this.#running = undefined))
    return this.#running
  }

  async #round(): Promise<void> {
    let trails: StoredTrail[]
    let nodes: string[]
    try {
      trails = await this.#o.trails.allTrails()
      nodes = trails.length === 0 ? [] : await this.#o.audit.nodes()
    } catch (e) {
      this.#o.onError?.('*', e) // the next round tries again
      return
    }
    const orgs = new Map<string, string | undefined>()
    for (const stored of trails) {
      const now = this.#now()
      // Long enough for a round; short enough that a killed node's trails move on soon.
      const lease = Math.max(5_000, 3 * (this.#o.intervalMs ?? 60_000))
      try {
        if (!(await this.#o.trails.claimDelivery(stored.trail.arn, this.#owner, now, now + lease)))
          continue
        this.#leased.add(stored.trail.arn)
        const current = await this.#o.trails.getTrail(stored.trail.arn)
        if (current !== undefined) await this.#deliverTrail(current, nodes, orgs)
      } catch (e) {
        this.#o.onError?.(stored.trail.arn, e)
        await this.#o.trails
          .recordDeliveryError(stored.trail.arn, now, e instanceof Error ? e.message : String(e))
          .catch(() => {})
      }
    }
  }

  async #organizationsOf(
    records: readonly CloudTrailRecord[],
    orgs: Map<string, string | undefined>,
  ) {
    for (const r of records) {
      const id = r.recipientAccountId
      if (!orgs.has(id)) {
        orgs.set(id, (await this.#o.organizations.accountOrganization(id))?.organizationId)
      }
    }
  }

  async #deliverTrail(
    stored: StoredTrail,
    nodes: readonly string[],
    orgs: Map<string, string | undefined>,
  ): Promise<void> {
    const { trail } = stored
    const arn = trail.arn
    const start = await this.#o.trails.cursors(arn)
    const now = this.#now()
    const cursors: Record<string, number> = { ...start }
    const covered: CloudTrailRecord[] = []
    if (stored.status.startLoggingTime === undefined) return // never logged: nothing to read
    for (const node of nodes) {
      // Stop at a gap in the chain (a seq whose transaction has not committed yet) unless it
      // is older than GAP_GRACE_MS: what comes after it waits for it.
      let last = start[node] ?? 0
      for (let pages = 0; pages < MAX_PAGES && covered.length < MAX_RECORDS; pages++) {
        const page = await this.#o.audit.chain(node, last, PAGE)
        const taken = []
        let gap = false
        for (const e of page) {
          if (e.seq !== last + 1 && now - e.eventTime < GAP_GRACE_MS) {
            gap = true
            break
          }
          last = e.seq
          // Parse only what the trail may cover (its logging period, its account's events).
          if (mayCover(stored, e)) taken.push({ e, r: JSON.parse(e.record) as CloudTrailRecord })
        }
        if (trail.organizationId !== undefined)
          await this.#organizationsOf(
            taken.map((x) => x.r),
            orgs,
          )
        for (const { e, r } of taken) {
          if (trailCovers(stored, r, e.eventTime, (a) => orgs.get(a))) covered.push(r)
        }
        if (gap || page.length < PAGE) break
      }
      if (last !== (start[node] ?? 0)) cursors[node] = last
    }
    // INVARIANT: what was read is judged by the trail as it was while reading. A StartLogging,
    // StopLogging or change committed meanwhile (before events the pages hold) shows here: the
    // round is dropped, nothing committed, and the next one reads again.
    const after = await this.#o.trails.getTrail(arn)
    if (after === undefined || settingsOf(after) !== settingsOf(stored)) return
    const round = JSON.stringify(Object.entries(start).sort())
    const files = logFiles(covered, trail.s3KeyPrefix, {
      ...(trail.organizationId === undefined ? {} : { organizationId: trail.organizationId }),
      unique: (group) =>
        createHash('sha256')
          .update(`${arn}\n${round}\n${group}`)
          .digest('hex')
          .slice(0, 16)
          .toUpperCase(),
    })
    for (const f of files) await this.#o.destination.write(trail.s3BucketName, f.path, f.gzip)
    const delivered: DeliveredLogFile[] = files.map((f) => ({
      accountId: f.account,
      region: f.region,
      s3Bucket: trail.s3BucketName,
      s3Object: f.path,
      hashValue: f.sha256,
      oldestEventTime: f.oldestEventTime,
      newestEventTime: f.newestEventTime,
      deliveredAt: now,
    }))
    const digests = trail.logFileValidationEnabled
      ? await this.#digests(stored, delivered, now)
      : []
    const moved = Object.entries(cursors).some(([n, s]) => start[n] !== s)
    if (!moved && digests.length === 0) return
    await this.#o.trails.commitDelivery(arn, {
      cursors,
      files: delivered,
      digests: digests.map((head) => ({ head, sealedUpTo: head.endTime })),
      deliveredAt: now,
    })
  }

  /** Writes the digests that are due; returns their heads. */
  async #digests(
    stored: StoredTrail,
    fresh: readonly DeliveredLogFile[],
    now: number,
  ): Promise<DigestHead[]> {
    const { trail, status } = stored
    if (status.startLoggingTime === undefined) return []
    const every = this.#o.digestIntervalMs ?? 3_600_000
    const heads = await this.#o.trails.digestHeads(trail.arn)
    const pending = [...(await this.#o.trails.pendingFiles(trail.arn)), ...fresh]
    const chains = new Map<string, { accountId: string; region: string }>()
    const add = (accountId: string, region: string) =>
      chains.set(`${accountId}|${region}`, { accountId, region })
    add(trail.accountId, trail.homeRegion)
    for (const h of heads) add(h.accountId, h.region)
    for (const f of pending) add(f.accountId, f.region)
    const out: DigestHead[] = []
    for (const { accountId, region } of chains.values()) {
      const head = heads.find((h) => h.accountId === accountId && h.region === region)
      // A chain restarts (a starting digest) when logging restarted after its last digest.
      const previous =
        head !== undefined && head.endTime >= status.startLoggingTime ? head : undefined
      const start = previous?.endTime ?? status.startLoggingTime
      const final =
        !status.isLogging &&
        status.stopLoggingTime !== undefined &&
        (head?.endTime ?? 0) < status.stopLoggingTime
      if (!status.isLogging && !final) continue
      // A digest's name has its end time to the second: never two in one second of a chain.
      if (head !== undefined && Math.floor(now / 1000) <= Math.floor(head.endTime / 1000)) continue
      if (!final && now - start < every) continue
      const files = pending.filter((f) => f.accountId === accountId && f.region === region)
      const digest = buildDigestFile({
        trail,
        accountId,
        region,
        start,
        end: now,
        files,
        previous,
        signer: this.#o.signer,
      })
      await this.#o.destination.write(trail.s3BucketName, digest.path, digest.gzip, digest.metadata)
      out.push(digest.head)
    }
    return out
  }
}
