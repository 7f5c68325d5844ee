/**
 * Keeps an analyzer's findings in step with the organization: each refresh analyzes the zone's
 * roles (external access) or the audit trail (unused access), then opens findings for new
 * accesses (archived at once when an archive rule matches), updates those whose details changed
 * (a condition added or removed), resolves those that no longer hold, and records the analyzed
 * resources. Every findings read refreshes first, so a read never shows a finding the current
 * policies contradict. Refreshes of one analyzer run one at a time.
 */
import { randomUUID } from 'node:crypto'
import { Evaluator, SnapshotIndex, type OrganizationSnapshot } from '../../../analysis/index.ts'
import type {
  AnalyzerStore,
  FindingStatus,
  StoredAnalyzedResource,
  StoredAnalyzer,
  StoredFinding,
} from '../analyzers/analyzer-store.ts'
import { bucketAccesses, type AnalyzableBucket } from './bucket-external-access.ts'
import { analyzeRoleExternalAccess, zoneAccounts, type ZoneOfTrust } from './external-access.ts'
import { matchesFilter } from './finding-filter.ts'
import type { DesiredFinding, DesiredResource } from './desired-finding.ts'
import type { UnusedAccessSource } from './unused-access.ts'
import { analyzeUnusedAccess } from './unused-access.ts'

/** What the findings need. */
export interface AnalyzerFindingsDeps {
  readonly store: AnalyzerStore
  /** The organization as it stands now. */
  readonly snapshot: () => Promise<OrganizationSnapshot>
  /** Moves on every IAM or Organizations write: an external access refresh is skipped while it stands still. */
  readonly generation?: { readonly current: number } | undefined
  /** When principals last acted (the audit trail), for unused access analyzers. */
  readonly usage?: UnusedAccessSource | undefined
  /** The S3 buckets of every account, with their policies and Block Public Access settings. */
  readonly buckets?:
    ((accountIds: readonly string[]) => Promise<readonly AnalyzableBucket[]>) | undefined
  readonly newId?: () => string
}

/** How long an unused access analysis stands while the policies do not change. */
export const UNUSED_ACCESS_TTL_MS = 60_000

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The findings of every analyzer, refreshed on demand. */
export class AnalyzerFindings {
  readonly #deps: AnalyzerFindingsDeps
  /** What each analyzer was last analyzed at: the policy generation (and, for unused access, its age and minute). */
  readonly #analyzedAt = new Map<string, string>()
  readonly #running = new Map<string, Promise<void>>()

  constructor(deps: AnalyzerFindingsDeps) {
    this.#deps = deps
  }

  /** Forgets what was analyzed for `arn` (the analyzer was deleted). */
  forget(arn: string): void {
    this.#analyzedAt.delete(arn)
  }

  /**
   * Brings `analyzer`'s findings up to date with the organization at `now` (epoch ms); `force`
   * analyzes even when nothing changed since the last time.
   */
  async refresh(analyzer: StoredAnalyzer, now: number, force = false): Promise<void> {
    const previous = this.#running.get(analyzer.arn) ?? Promise.resolve()
    const next = previous.then(
      () => this.#refresh(analyzer, now, force),
      () => this.#refresh(analyzer, now, force),
    )
    this.#running.set(analyzer.arn, next)
    try {
      await next
    } finally {
      if (this.#running.get(analyzer.arn) === next) this.#running.delete(analyzer.arn)
    }
  }

  async #refresh(analyzer: StoredAnalyzer, now: number, force: boolean): Promise<void> {
    const unused = analyzer.type.endsWith('_UNUSED_ACCESS')
    const generation = this.#deps.generation?.current
    // External access changes only with the policies; unused access also with use, which the
    // audit trail records on every call: it is analyzed again at most once a minute (and at
    // once after a policy change, a new unusedAccessAge, or StartResourceScan).
    const mark =
      generation === undefined
        ? undefined
        : unused
          ? `${generation}:${analyzer.unusedAccessAge ?? ''}:${Math.floor(now / UNUSED_ACCESS_TTL_MS)}`
          : String(generation)
    if (!force && mark !== undefined && this.#analyzedAt.get(analyzer.arn) === mark) return
    const snapshot = await this.#deps.snapshot()
    const { findings, resources } = unused
      ? await analyzeUnusedAccess(snapshot, analyzer, now, this.#deps.usage)
      : externalAccessFindings(
          snapshot,
          analyzer,
          (await this.#deps.buckets?.([...zoneAccounts(snapshot, zoneOf(analyzer))])) ?? [],
        )
    await this.#reconcile(analyzer, findings, resources, now)
    if (mark !== undefined) this.#analyzedAt.set(analyzer.arn, mark)
  }

  async #reconcile(
    analyzer: StoredAnalyzer,
    desired: readonly DesiredFinding[],
    resources: readonly DesiredResource[],
    now: number,
  ): Promise<void> {
    const { store } = this.#deps
    const existing = await store.listFindings(analyzer.arn)
    // INVARIANT: one finding per key. Two nodes refreshing at once may each open one; the
    // oldest stays, the others are resolved (listFindings returns oldest first).
    const byKey = new Map<string, StoredFinding>()
    for (const f of existing) if (!byKey.has(f.key)) byKey.set(f.key, f)
    const rules = await store.listArchiveRules(analyzer.arn)
    const writes: StoredFinding[] = []
    const wanted = new Set<string>()
    for (const d of desired) {
      wanted.add(d.key)
      const old = byKey.get(d.key)
      if (old === undefined) {
        const fresh: StoredFinding = {
          id: this.#deps.newId?.() ?? randomUUID(),
          analyzerArn: analyzer.arn,
          ...d,
          status: 'ACTIVE',
          createdAt: now,
          analyzedAt: now,
          updatedAt: now,
        }
        const archived = rules.some((r) => matchesFilter(fresh, r.filter))
        writes.push(archived ? { ...fresh, status: 'ARCHIVED' } : fresh)
      } else if (old.status === 'RESOLVED' || !same(old.details, d.details)) {
        const reopened: FindingStatus =
          old.status !== 'RESOLVED'
            ? old.status
            : rules.some((r) => matchesFilter({ ...old, details: d.details }, r.filter))
              ? 'ARCHIVED'
              : 'ACTIVE'
        writes.push({
          ...old,
          details: d.details,
          status: reopened,
          analyzedAt: now,
          updatedAt: now,
        })
      }
    }
    for (const f of existing)
      if ((!wanted.has(f.key) || byKey.get(f.key) !== f) && f.status !== 'RESOLVED')
        writes.push({ ...f, status: 'RESOLVED', analyzedAt: now, updatedAt: now })
    await store.putFindings(writes)

    const after = new Map(existing.map((f) => [f.id, f]))
    for (const w of writes) after.set(w.id, w)
    const findingsOf = new Map<string, StoredFinding[]>()
    for (const f of after.values()) {
      const list = findingsOf.get(f.resource) ?? []
      list.push(f)
      findingsOf.set(f.resource, list)
    }
    const known = new Map(
      (await store.listAnalyzedResources(analyzer.arn)).map((r) => [r.resourceArn, r]),
    )
    const put: StoredAnalyzedResource[] = []
    for (const r of resources) {
      const open = (findingsOf.get(r.resourceArn) ?? []).filter((f) => f.status !== 'RESOLVED')
      const status: FindingStatus | undefined = open.some((f) => f.status === 'ACTIVE')
        ? 'ACTIVE'
        : open.length > 0
          ? 'ARCHIVED'
          : undefined
      const actions = [
        ...new Set(open.flatMap((f) => (f.details.action ?? []) as readonly string[])),
      ].sort()
      const isPublic = open.some((f) => f.details.isPublic === true)
      const old = known.get(r.resourceArn)
      if (
        old !== undefined &&
        old.status === status &&
        old.isPublic === isPublic &&
        same(old.actions, actions)
      )
        continue
      put.push({
        analyzerArn: analyzer.arn,
        ...r,
        createdAt: old?.createdAt ?? now,
        analyzedAt: now,
        updatedAt: now,
        isPublic,
        actions,
        sharedVia: [],
        status,
      })
    }
    const present = new Set(resources.map((r) => r.resourceArn))
    const removed = [...known.keys()].filter((arn) => !present.has(arn))
    await store.putAnalyzedResources(analyzer.arn, put, removed)
    const last = put.at(-1) ?? resources.at(-1)
    if (last !== undefined)
      await store.updateAnalyzer(analyzer.arn, {
        lastResourceAnalyzed: last.resourceArn,
        lastResourceAnalyzedAt: now,
      })
  }
}

/** The zone of trust of an external access analyzer. */
export function zoneOf(analyzer: StoredAnalyzer): ZoneOfTrust {
  return analyzer.type === 'ORGANIZATION' && analyzer.organizationId !== undefined
    ? { kind: 'organization', organizationId: analyzer.organizationId }
    : { kind: 'account', accountId: analyzer.accountId }
}

function externalAccessFindings(
  snapshot: OrganizationSnapshot,
  analyzer: StoredAnalyzer,
  buckets: readonly AnalyzableBucket[],
): { findings: DesiredFinding[]; resources: DesiredResource[] } {
  const zone = zoneOf(analyzer)
  const { roles, accesses } = analyzeRoleExternalAccess(snapshot, zone)
  const accounts = zoneAccounts(snapshot, zone)
  const inZone = buckets.filter((b) => accounts.has(b.accountId))
  const evaluator = inZone.length === 0 ? undefined : new Evaluator(new SnapshotIndex(snapshot))
  const bucketFound = inZone.flatMap((b) =>
    bucketAccesses(evaluator!, b, zone, accounts).map((a) => ({ a, type: 'AWS::S3::Bucket' })),
  )
  return {
    resources: [
      ...roles.map((r) => ({
        resourceArn: r.arn,
        resourceType: 'AWS::IAM::Role',
        resourceOwnerAccount: r.accountId,
      })),
      ...inZone.map((b) => ({
        resourceArn: `arn:aws:s3:::${b.name}`,
        resourceType: 'AWS::S3::Bucket',
        resourceOwnerAccount: b.accountId,
      })),
    ],
    findings: [...accesses.map((a) => ({ a, type: 'AWS::IAM::Role' })), ...bucketFound].map(
      ({ a, type }) => ({
        // Roles keep their key (action included); a bucket's finding is one per principal.
        key:
          type === 'AWS::IAM::Role'
            ? `${a.resource}\n${JSON.stringify(a.principal)}\n${a.action.join(',')}`
            : `${a.resource}\n${JSON.stringify(a.principal)}`,
        resource: a.resource,
        resourceType: type,
        resourceOwnerAccount: a.resourceOwnerAccount,
        findingType: 'ExternalAccess',
        details: {
          principal: a.principal,
          action: a.action,
          condition: a.condition,
          isPublic: a.isPublic,
        },
      }),
    ),
  }
}
