import type { Kysely } from 'kysely'
import type {
  DeliveredLogFile,
  DeliveryCommit,
  DigestHead,
  StoredTrail,
  TrailPatch,
  TrailRecord,
  TrailSelectors,
  TrailStore,
  TrailTag,
} from '../../domain/cloudtrail/trails/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction, withStoreErrors, type UniqueConstraint } from '../sql/index.ts'
import type { TrailsSchema, TrailStatusTable, TrailTable } from './trails-schema.ts'

type Db = Kysely<TrailsSchema>

const UNIQUE: readonly UniqueConstraint[] = [
  ['trail_pkey', 'trail.arn', 'trail.arn'],
  ['trail_account_name_key', 'trail.account_id, trail.name', 'trail.name'],
]

const num = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v))

/**
 * Trails over Kysely, in SQL that SQLite and PostgreSQL both run unchanged. A trail's selectors,
 * tags, status and delivery state live in tables of their own and go with it.
 *
 * @example createCloudTrailService({ store, trails: { trails: new SqlTrailStore(db), organizations } })
 */
export class SqlTrailStore implements TrailStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async createTrail(
    trail: TrailRecord,
    selectors: TrailSelectors,
    tags: readonly TrailTag[],
  ): Promise<void> {
    await withStoreErrors(UNIQUE, () =>
      inTransaction(this.#db, async (trx) => {
        await trx.insertInto('trail').values(toRow(trail)).execute()
        await trx
          .insertInto('trail_event_selectors')
          .values({ trail_arn: trail.arn, ...selectorRow(selectors) })
          .execute()
        await trx
          .insertInto('trail_status')
          .values({
            trail_arn: trail.arn,
            is_logging: 0,
            start_logging_time: null,
            stop_logging_time: null,
            latest_delivery_time: null,
            latest_digest_delivery_time: null,
            latest_delivery_attempt_time: null,
            latest_delivery_error: null,
            lease_owner: null,
            lease_until: 0,
          })
          .execute()
        if (tags.length > 0) {
          await trx
            .insertInto('trail_tag')
            .values(tags.map((t) => ({ trail_arn: trail.arn, tag_key: t.key, tag_value: t.value })))
            .execute()
        }
      }),
    )
  }

  async getTrail(arn: string): Promise<StoredTrail | undefined> {
    return (await this.#select((q) => q.where('trail.arn', '=', arn)))[0]
  }

  listTrails(accountId: string, organizationId: string | undefined): Promise<StoredTrail[]> {
    return this.#select((q) =>
      q.where(({ eb, or }) =>
        or([
          eb('trail.account_id', '=', accountId),
          ...(organizationId === undefined
            ? []
            : [eb('trail.organization_id', '=', organizationId)]),
        ]),
      ),
    )
  }

  allTrails(): Promise<StoredTrail[]> {
    return this.#select((q) => q)
  }

  async countTrails(accountId: string, homeRegion: string): Promise<number> {
    const row = await this.#db
      .selectFrom('trail')
      .select(({ fn }) => fn.countAll<number | string>().as('n'))
      .where('account_id', '=', accountId)
      .where('home_region', '=', homeRegion)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async updateTrail(arn: string, patch: TrailPatch): Promise<StoredTrail | undefined> {
    const set: Partial<TrailTable> = {}
    if (patch.s3BucketName !== undefined) set.s3_bucket_name = patch.s3BucketName
    if (patch.s3KeyPrefix !== undefined) set.s3_key_prefix = patch.s3KeyPrefix
    if (patch.includeGlobalServiceEvents !== undefined)
      set.include_global_service_events = patch.includeGlobalServiceEvents ? 1 : 0
    if (patch.isMultiRegionTrail !== undefined)
      set.is_multi_region_trail = patch.isMultiRegionTrail ? 1 : 0
    if (patch.logFileValidationEnabled !== undefined)
      set.log_file_validation_enabled = patch.logFileValidationEnabled ? 1 : 0
    if ('organizationId' in patch) set.organization_id = patch.organizationId ?? null
    if (Object.keys(set).length > 0) {
      await this.#db.updateTable('trail').set(set).where('arn', '=', arn).execute()
    }
    return this.getTrail(arn)
  }

  async deleteTrail(arn: string): Promise<boolean> {
    return inTransaction(this.#db, async (trx) => {
      for (const table of [
        'trail_digest_head',
        'trail_log_file',
        'trail_cursor',
        'trail_status',
        'trail_tag',
        'trail_event_selectors',
      ] as const) {
        await trx.deleteFrom(table).where('trail_arn', '=', arn).execute()
      }
      const r = await trx.deleteFrom('trail').where('arn', '=', arn).executeTakeFirst()
      return Number(r.numDeletedRows) > 0
    })
  }

  async setLogging(arn: string, logging: boolean, at: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('trail_status')
      .set(
        logging
          ? { is_logging: 1, start_logging_time: at }
          : { is_logging: 0, stop_logging_time: at },
      )
      .where('trail_arn', '=', arn)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async putSelectors(arn: string, selectors: TrailSelectors): Promise<boolean> {
    const r = await this.#db
      .updateTable('trail_event_selectors')
      .set(selectorRow(selectors))
      .where('trail_arn', '=', arn)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async addTags(arn: string, tags: readonly TrailTag[]): Promise<void> {
    if (tags.length === 0) return
    await this.#db
      .insertInto('trail_tag')
      .values(tags.map((t) => ({ trail_arn: arn, tag_key: t.key, tag_value: t.value })))
      .onConflict((oc) =>
        oc.columns(['trail_arn', 'tag_key']).doUpdateSet((eb) => ({
          tag_value: eb.ref('excluded.tag_value'),
        })),
      )
      .execute()
  }

  async removeTags(arn: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.#db
      .deleteFrom('trail_tag')
      .where('trail_arn', '=', arn)
      .where('tag_key', 'in', [...keys])
      .execute()
  }

  async listTags(arn: string): Promise<TrailTag[]> {
    const rows = await this.#db
      .selectFrom('trail_tag')
      .select(['tag_key', 'tag_value'])
      .where('trail_arn', '=', arn)
      .orderBy('tag_key')
      .execute()
    return rows.map((r) => ({ key: r.tag_key, value: r.tag_value }))
  }

  async claimDelivery(arn: string, owner: string, now: number, until: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('trail_status')
      .set({ lease_owner: owner, lease_until: until })
      .where('trail_arn', '=', arn)
      .where(({ eb, or }) => or([eb('lease_owner', '=', owner), eb('lease_until', '<', now)]))
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async cursors(arn: string): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('trail_cursor')
      .select(['node_id', 'last_seq'])
      .where('trail_arn', '=', arn)
      .execute()
    return Object.fromEntries(rows.map((r) => [r.node_id, Number(r.last_seq)]))
  }

  async pendingFiles(arn: string): Promise<DeliveredLogFile[]> {
    const rows = await this.#db
      .selectFrom('trail_log_file')
      .selectAll()
      .where('trail_arn', '=', arn)
      .orderBy('delivered_at')
      .orderBy('s3_object')
      .execute()
    return rows.map((r) => ({
      accountId: r.account_id,
      region: r.region,
      s3Bucket: r.s3_bucket,
      s3Object: r.s3_object,
      hashValue: r.hash_value,
      oldestEventTime: Number(r.oldest_event_time),
      newestEventTime: Number(r.newest_event_time),
      deliveredAt: Number(r.delivered_at),
    }))
  }

  async digestHeads(arn: string): Promise<DigestHead[]> {
    const rows = await this.#db
      .selectFrom('trail_digest_head')
      .selectAll()
      .where('trail_arn', '=', arn)
      .orderBy('account_id')
      .orderBy('region')
      .execute()
    return rows.map((r) => ({
      accountId: r.account_id,
      region: r.region,
      endTime: Number(r.end_time),
      s3Bucket: r.s3_bucket,
      s3Object: r.s3_object,
      hashValue: r.hash_value,
      signature: r.signature,
    }))
  }

  async commitDelivery(arn: string, commit: DeliveryCommit): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      for (const [node, seq] of Object.entries(commit.cursors)) {
        await trx
          .insertInto('trail_cursor')
          .values({ trail_arn: arn, node_id: node, last_seq: seq })
          .onConflict((oc) => oc.columns(['trail_arn', 'node_id']).doUpdateSet({ last_seq: seq }))
          .execute()
      }
      for (const f of commit.files) {
        const row = {
          trail_arn: arn,
          s3_object: f.s3Object,
          account_id: f.accountId,
          region: f.region,
          s3_bucket: f.s3Bucket,
          hash_value: f.hashValue,
          oldest_event_time: f.oldestEventTime,
          newest_event_time: f.newestEventTime,
          delivered_at: f.deliveredAt,
        }
        await trx
          .insertInto('trail_log_file')
          .values(row)
          .onConflict((oc) => oc.columns(['trail_arn', 's3_object']).doUpdateSet(row))
          .execute()
      }
      for (const { head, sealedUpTo } of commit.digests) {
        await trx
          .deleteFrom('trail_log_file')
          .where('trail_arn', '=', arn)
          .where('account_id', '=', head.accountId)
          .where('region', '=', head.region)
          .where('delivered_at', '<=', sealedUpTo)
          .execute()
        const row = {
          trail_arn: arn,
          account_id: head.accountId,
          region: head.region,
          end_time: head.endTime,
          s3_bucket: head.s3Bucket,
          s3_object: head.s3Object,
          hash_value: head.hashValue,
          signature: head.signature,
        }
        await trx
          .insertInto('trail_digest_head')
          .values(row)
          .onConflict((oc) => oc.columns(['trail_arn', 'account_id', 'region']).doUpdateSet(row))
          .execute()
      }
      const status: Partial<TrailStatusTable> = {
        latest_delivery_attempt_time: commit.deliveredAt,
        latest_delivery_error: null,
      }
      if (commit.files.length > 0) status.latest_delivery_time = commit.deliveredAt
      if (commit.digests.length > 0) status.latest_digest_delivery_time = commit.deliveredAt
      await trx.updateTable('trail_status').set(status).where('trail_arn', '=', arn).execute()
    })
  }

  async recordDeliveryError(arn: string, at: number, error: string): Promise<void> {
    await this.#db
      .updateTable('trail_status')
      .set({ latest_delivery_attempt_time: at, latest_delivery_error: error.slice(0, 1000) })
      .where('trail_arn', '=', arn)
      .execute()
  }

  async #select(
    filter: (q: ReturnType<typeof this.baseQuery>) => ReturnType<typeof this.baseQuery>,
  ): Promise<StoredTrail[]> {
    const rows = await filter(this.baseQuery()).orderBy('trail.arn').execute()
    return rows.map((r) => ({
      trail: fromRow(r),
      selectors: JSON.parse(r.document) as TrailSelectors,
      status: {
        isLogging: Number(r.is_logging) === 1,
        startLoggingTime: num(r.start_logging_time),
        stopLoggingTime: num(r.stop_logging_time),
        latestDeliveryTime: num(r.latest_delivery_time),
        latestDigestDeliveryTime: num(r.latest_digest_delivery_time),
        latestDeliveryAttemptTime: num(r.latest_delivery_attempt_time),
        latestDeliveryError: r.latest_delivery_error ?? undefined,
      },
    }))
  }

  /** A trail joined with its selectors and status. */
  private baseQuery() {
    return this.#db
      .selectFrom('trail')
      .innerJoin('trail_event_selectors as s', 's.trail_arn', 'trail.arn')
      .innerJoin('trail_status as st', 'st.trail_arn', 'trail.arn')
      .selectAll('trail')
      .select([
        's.document',
        'st.is_logging',
        'st.start_logging_time',
        'st.stop_logging_time',
        'st.latest_delivery_time',
        'st.latest_digest_delivery_time',
        'st.latest_delivery_attempt_time',
        'st.latest_delivery_error',
      ])
  }
}

function selectorRow(s: TrailSelectors): { kind: string; document: string } {
  return { kind: s.kind, document: JSON.stringify(s) }
}

function toRow(t: TrailRecord): TrailTable {
  return {
    arn: t.arn,
    account_id: t.accountId,
    name: t.name,
    home_region: t.homeRegion,
    s3_bucket_name: t.s3BucketName,
    s3_key_prefix: t.s3KeyPrefix,
    include_global_service_events: t.includeGlobalServiceEvents ? 1 : 0,
    is_multi_region_trail: t.isMultiRegionTrail ? 1 : 0,
    organization_id: t.organizationId ?? null,
    log_file_validation_enabled: t.logFileValidationEnabled ? 1 : 0,
    created_at: t.createdAt,
  }
}

function fromRow(r: TrailTable): TrailRecord {
  return {
    arn: r.arn,
    accountId: r.account_id,
    name: r.name,
    homeRegion: r.home_region,
    s3BucketName: r.s3_bucket_name,
    s3KeyPrefix: r.s3_key_prefix,
    includeGlobalServiceEvents: Number(r.include_global_service_events) === 1,
    isMultiRegionTrail: Number(r.is_multi_region_trail) === 1,
    organizationId: r.organization_id ?? undefined,
    logFileValidationEnabled: Number(r.log_file_validation_enabled) === 1,
    createdAt: Number(r.created_at),
  }
}
