import { CompiledQuery, type Kysely, type SelectQueryBuilder } from 'kysely'
import type {
  AuditDigest,
  AuditStore,
  EventQuery,
  StoredEvent,
} from '../../domain/cloudtrail/index.ts'
import type { Schema } from '../schema.ts'
import { sqliteFileOf } from '../sqlite/index.ts'
import { digestRow, eventRow, resourceRows } from './audit-rows.ts'
import { SqliteAuditWriter } from './sqlite-audit-writer.ts'
import { ambient, inTransaction } from '../sql/index.ts'
import type {
  AuditDigestTable,
  AuditEventResourceTable,
  AuditEventTable,
  AuditSchema,
} from './audit-schema.ts'

type Db = Kysely<AuditSchema>

/** The rows `#insert` takes, by table. */
interface InsertRows {
  audit_event: AuditEventTable
  audit_event_resource: AuditEventResourceTable
}

/** A group commit as the journal holds it: its events and digest, and their JSON. */
export interface JournaledBatch {
  readonly events: readonly StoredEvent[]
  readonly digest?: AuditDigest | undefined
  /** The text of the journal frame that holds it (see `journal-payload.ts`). */
  readonly payload: Uint8Array
}

/** Rows per insert statement (SQLite allows 32 766 parameters; 15 columns a row). */
const CHUNK = 500

/**
 * The audit trail over Kysely, in SQL that SQLite and PostgreSQL both run unchanged. Events are
 * only inserted; each append (events and the digest sealing them) is one transaction. On a SQLite
 * file, group commits (appends outside a unit of work) go to a {@link SqliteAuditWriter} thread,
 * whose fsync never stops the event loop; a write call's records stay in its own transaction.
 *
 * @example new AuditTrail({ store: new SqlAuditStore(db), signer })
 */
export class SqlAuditStore implements AuditStore {
  readonly #db: Db
  /** Insert statements by table and number of rows (see `#insert`). */
  readonly #inserts = new Map<string, string>()

  /** The SQLite file, for the writer thread (undefined on PostgreSQL). */
  readonly #file: string | undefined
  #writer: SqliteAuditWriter | undefined

  /** Works on `db` (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#db = db as unknown as Db
    this.#file = sqliteFileOf(db)
  }

  async append(
    events: readonly StoredEvent[],
    digest?: AuditDigest,
    options: { readonly inUnit?: boolean; readonly direct?: boolean } = {},
  ): Promise<void> {
    await this.appendAll(events, digest === undefined ? [] : [digest], options.inUnit === true)
  }

  /**
   * Appends events and any number of digests in one transaction (the journal's indexer moves
   * many group commits at once); `inUnit` as for `append`.
   */
  async appendAll(
    events: readonly StoredEvent[],
    digests: readonly AuditDigest[],
    inUnit = false,
  ): Promise<void> {
    // INVARIANT: a group commit writes on its own connection, never in a write call's unit.
    if (!inUnit && this.#file !== undefined) {
      this.#writer ??= new SqliteAuditWriter(this.#file)
      return this.#writer.append(events, digests)
    }
    const db = inUnit ? ambient(this.#db) : this.#db
    await inTransaction(db, async (trx) => {
      for (let i = 0; i < events.length; i += CHUNK) {
        const part = events.slice(i, i + CHUNK)
        await this.#insert(trx, 'audit_event', part.map(eventRow))
        const resources = part.flatMap(resourceRows)
        for (let j = 0; j < resources.length; j += CHUNK) {
          await this.#insert(trx, 'audit_event_resource', resources.slice(j, j + CHUNK))
        }
      }
      for (const digest of digests) {
        await trx.insertInto('audit_digest').values(digestRow(digest)).execute()
      }
    })
  }

  /**
   * Appends journaled group commits, in order, in one transaction. On a SQLite file the writer
   * thread decodes their frames' texts, off the event loop, and the rows never cross between
   * threads; that transaction does not wait for the disk (see {@link syncJournaled}). Elsewhere
   * the decoded events and digests are inserted, durably.
   */
  async appendJournaled(batches: readonly JournaledBatch[]): Promise<void> {
    if (this.#file !== undefined) {
      this.#writer ??= new SqliteAuditWriter(this.#file)
      return this.#writer.appendPayloads(batches.map((b) => b.payload))
    }
    const events: StoredEvent[] = []
    const digests: AuditDigest[] = []
    for (const b of batches) {
      events.push(...b.events)
      if (b.digest !== undefined) digests.push(b.digest)
    }
    await this.appendAll(events, digests)
  }

  /**
   * Resolves once what {@link appendJournaled} committed is on disk (it may commit without
   * waiting for the disk: the journal holds those events durably until then).
   */
  async syncJournaled(): Promise<void> {
    await this.#writer?.sync()
  }

  /** Stops the writer thread, if one started; queries still work. */
  async close(): Promise<void> {
    const writer = this.#writer
    this.#writer = undefined
    await writer?.close()
  }

  /**
   * Inserts rows (every one with the same columns, in the same order) with a statement compiled
   * once per table and number of rows: the hot path of every call, where building and compiling
   * the query each time cost more than SQLite's own work.
   */
  async #insert<T extends keyof InsertRows>(
    trx: Db,
    table: T,
    rows: readonly InsertRows[T][],
  ): Promise<void> {
    if (rows.length === 0) return
    const columns = Object.keys(rows[0]!) as (keyof InsertRows[T])[]
    const key = `${table}/${rows.length}`
    let text = this.#inserts.get(key)
    if (text === undefined) {
      const compiled = trx
        .insertInto(table)
        .values(rows as never)
        .compile()
      // INVARIANT: one parameter per row and column, row by row (else the text is not reusable).
      if (compiled.parameters.length !== rows.length * columns.length) {
        await trx.executeQuery(compiled)
        return
      }
      this.#inserts.set(key, (text = compiled.sql))
    }
    const parameters: unknown[] = []
    for (const row of rows) for (const column of columns) parameters.push(row[column])
    await trx.executeQuery(CompiledQuery.raw(text, parameters))
  }

  async query(q: EventQuery): Promise<StoredEvent[]> {
    let query: SelectQueryBuilder<AuditSchema, 'audit_event', object> =
      this.#db.selectFrom('audit_event')
    if (q.accountId !== undefined) query = query.where('audit_event.account_id', '=', q.accountId)
    if (q.startTime !== undefined) query = query.where('audit_event.event_time', '>=', q.startTime)
    if (q.endTime !== undefined) query = query.where('audit_event.event_time', '<=', q.endTime)
    if (q.errorsOnly === true) query = query.where('audit_event.error_code', 'is not', null)
    if (q.principalArn !== undefined)
      query = query.where('audit_event.principal_arn', '=', q.principalArn)
    const a = q.attribute
    if (a !== undefined) {
      if (a.key === 'ResourceName' || a.key === 'ResourceType') {
        const column = a.key === 'ResourceName' ? 'resource_name' : 'resource_type'
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('audit_event_resource as r')
              .select('r.seq')
              .whereRef('r.node_id', '=', 'audit_event.node_id')
              .whereRef('r.seq', '=', 'audit_event.seq')
              .where(`r.${column}`, '=', a.value),
          ),
        )
      } else if (a.key === 'ReadOnly') {
        query = query.where('audit_event.read_only', '=', a.value === 'true' ? 1 : 0)
      } else {
        const column = (
          {
            EventId: 'event_id',
            EventName: 'event_name',
            Username: 'username',
            EventSource: 'event_source',
            AccessKeyId: 'access_key_id',
          } as const
        )[a.key]
        query = query.where(`audit_event.${column}`, '=', a.value)
      }
    }
    const b = q.before
    if (b !== undefined) {
      query = query.where(({ eb, or, and }) =>
        or([
          eb('audit_event.event_time', '<', b.eventTime),
          and([
            eb('audit_event.event_time', '=', b.eventTime),
            or([
              eb('audit_event.node_id', '<', b.nodeId),
              and([eb('audit_event.node_id', '=', b.nodeId), eb('audit_event.seq', '<', b.seq)]),
            ]),
          ]),
        ]),
      )
    }
    const rows = await query
      .selectAll('audit_event')
      .orderBy('audit_event.event_time', 'desc')
      .orderBy('audit_event.node_id', 'desc')
      .orderBy('audit_event.seq', 'desc')
      .limit(q.limit)
      .execute()
    return this.#withResources(rows)
  }

  async nodes(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('audit_event')
      .select('node_id')
      .distinct()
      .union(this.#db.selectFrom('audit_digest').select('node_id').distinct())
      .execute()
    return [...new Set(rows.map((r) => r.node_id))].sort()
  }

  async chain(nodeId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.#db
      .selectFrom('audit_event')
      .selectAll()
      .where('node_id', '=', nodeId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute()
    return this.#withResources(rows)
  }

  async chainEnd(
    nodeId: string,
  ): Promise<{ seq: number; hash: string; eventTime: number } | undefined> {
    const row = await this.#db
      .selectFrom('audit_event')
      .select(['seq', 'hash', 'event_time'])
      .where('node_id', '=', nodeId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row && { seq: Number(row.seq), hash: row.hash, eventTime: Number(row.event_time) }
  }

  async lastDigest(nodeId: string): Promise<AuditDigest | undefined> {
    const row = await this.#db
      .selectFrom('audit_digest')
      .selectAll()
      .where('node_id', '=', nodeId)
      .orderBy('digest_seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row && toDigest(row)
  }

  async digests(nodeId: string): Promise<AuditDigest[]> {
    const rows = await this.#db
      .selectFrom('audit_digest')
      .selectAll()
      .where('node_id', '=', nodeId)
      .orderBy('digest_seq')
      .execute()
    return rows.map(toDigest)
  }

  async #withResources(rows: AuditEventTable[]): Promise<StoredEvent[]> {
    if (rows.length === 0) return []
    const byKey = new Map<string, { type: string; name: string }[]>()
    const nodes = [...new Set(rows.map((r) => r.node_id))]
    const seqs = rows.map((r) => Number(r.seq))
    const resources = await this.#db
      .selectFrom('audit_event_resource')
      .selectAll()
      .where('node_id', 'in', nodes)
      .where('seq', 'in', seqs)
      .orderBy('ordinal')
      .execute()
    for (const r of resources) {
      const key = `${r.node_id}/${Number(r.seq)}`
      let list = byKey.get(key)
      if (list === undefined) byKey.set(key, (list = []))
      list.push({ type: r.resource_type, name: r.resource_name })
    }
    return rows.map((r) => fromRow(r, byKey.get(`${r.node_id}/${Number(r.seq)}`) ?? []))
  }
}

function fromRow(r: AuditEventTable, resources: { type: string; name: string }[]): StoredEvent {
  return {
    nodeId: r.node_id,
    seq: Number(r.seq),
    accountId: r.account_id,
    eventTime: Number(r.event_time),
    eventId: r.event_id,
    eventName: r.event_name,
    eventSource: r.event_source,
    readOnly: Number(r.read_only) === 1,
    username: r.username,
    accessKeyId: r.access_key_id,
    principalArn: r.principal_arn,
    errorCode: r.error_code,
    record: r.record,
    prevHash: r.prev_hash,
    hash: r.hash,
    resources,
  }
}

function toDigest(r: AuditDigestTable): AuditDigest {
  return {
    nodeId: r.node_id,
    digestSeq: Number(r.digest_seq),
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    lastHash: r.last_hash,
    createdAt: Number(r.created_at),
    previousSignature: r.previous_signature,
    publicKeyFingerprint: r.public_key_fingerprint,
    signature: r.signature,
  }
}
