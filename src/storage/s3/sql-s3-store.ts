import type { Kysely, Selectable } from 'kysely'
import type {
  BucketPatch,
  BucketRecord,
  ObjectListing,
  ObjectRecord,
  PartRecord,
  ReleasedBlobs,
  S3Store,
  UploadRecord,
} from '../../domain/s3/index.ts'
import type { PublicAccessBlock } from '../../domain/s3/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction } from '../sql/index.ts'
import type { S3ObjectTable, S3PartTable, S3Schema, S3UploadTable } from './s3-schema.ts'

type Db = Kysely<S3Schema>

/** The hex of a key's UTF-8 bytes: compares in S3's (byte) order under any collation. */
const hex = (key: string): string => Buffer.from(key, 'utf8').toString('hex')
const json = (v: unknown): string => JSON.stringify(v)
const record = (text: string): Record<string, string> => JSON.parse(text) as Record<string, string>

function toObject(r: Selectable<S3ObjectTable>): ObjectRecord {
  return {
    bucket: r.bucket,
    key: r.key,
    blobId: r.blob_id,
    size: Number(r.size),
    etag: r.etag,
    contentType: r.content_type,
    lastModified: Number(r.last_modified),
    metadata: record(r.metadata),
    headers: record(r.headers),
    tags: record(r.tags),
    ownerAccountId: r.owner_account_id,
    partsCount: Number(r.parts_count),
  }
}

function objectRow(o: ObjectRecord): S3ObjectTable {
  return {
    bucket: o.bucket,
    key_hex: hex(o.key),
    key: o.key,
    blob_id: o.blobId,
    size: o.size,
    etag: o.etag,
    content_type: o.contentType,
    last_modified: o.lastModified,
    metadata: json(o.metadata),
    headers: json(o.headers),
    tags: json(o.tags),
    owner_account_id: o.ownerAccountId,
    parts_count: o.partsCount,
  }
}

function toUpload(r: Selectable<S3UploadTable>): UploadRecord {
  return {
    uploadId: r.upload_id,
    bucket: r.bucket,
    key: r.key,
    initiated: Number(r.initiated),
    initiatorArn: r.initiator_arn,
    ownerAccountId: r.owner_account_id,
    contentType: r.content_type,
    metadata: record(r.metadata),
    headers: record(r.headers),
    tags: record(r.tags),
  }
}

const toPart = (r: Selectable<S3PartTable>): PartRecord => ({
  uploadId: r.upload_id,
  partNumber: Number(r.part_number),
  blobId: r.blob_id,
  size: Number(r.size),
  etag: r.etag,
  lastModified: Number(r.last_modified),
})

/**
 * S3's metadata over Kysely, in SQL that SQLite and PostgreSQL both run unchanged. A change and
 * the blobs it releases are decided in one transaction; the caller removes released blobs after
 * the commit (a crash in between leaves an unreferenced file, never a lost object).
 */
export class SqlS3Store implements S3Store {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async createBucket(b: BucketRecord): Promise<boolean> {
    const result = await this.#db
      .insertInto('s3_bucket')
      .values({
        name: b.name,
        account_id: b.accountId,
        region: b.region,
        created_at: b.createdAt,
        policy: b.policy ?? null,
        public_access_block: b.publicAccessBlock === undefined ? null : json(b.publicAccessBlock),
        tags: b.tags === undefined ? null : json(b.tags),
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const r = await this.#db
      .selectFrom('s3_bucket')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst()
    return r === undefined ? undefined : toBucket(r)
  }

  async listBuckets(accountId: string): Promise<BucketRecord[]> {
    const rows = await this.#db
      .selectFrom('s3_bucket')
      .selectAll()
      .where('account_id', '=', accountId)
      .execute()
    return rows.map(toBucket).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  async deleteBucket(name: string): Promise<'removed' | 'missing' | 'not-empty'> {
    return inTransaction(this.#db, async (trx) => {
      const object = await trx
        .selectFrom('s3_object')
        .select('key_hex')
        .where('bucket', '=', name)
        .limit(1)
        .executeTakeFirst()
      const upload = await trx
        .selectFrom('s3_upload')
        .select('upload_id')
        .where('bucket', '=', name)
        .limit(1)
        .executeTakeFirst()
      if (object !== undefined || upload !== undefined) return 'not-empty'
      const result = await trx.deleteFrom('s3_bucket').where('name', '=', name).executeTakeFirst()
      return Number(result.numDeletedRows) > 0 ? 'removed' : 'missing'
    })
  }

  async updateBucket(name: string, patch: BucketPatch): Promise<boolean> {
    const set: Partial<Record<'policy' | 'public_access_block' | 'tags', string | null>> = {}
    if (patch.policy !== undefined) set.policy = patch.policy
    if (patch.publicAccessBlock !== undefined)
      set.public_access_block =
        patch.publicAccessBlock === null ? null : json(patch.publicAccessBlock)
    if (patch.tags !== undefined) set.tags = patch.tags === null ? null : json(patch.tags)
    if (Object.keys(set).length === 0) return (await this.getBucket(name)) !== undefined
    const result = await this.#db
      .updateTable('s3_bucket')
      .set(set)
      .where('name', '=', name)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async putObject(o: ObjectRecord): Promise<ReleasedBlobs> {
    return inTransaction(this.#db, async (trx) => {
      const old = await trx
        .selectFrom('s3_object')
        .select('blob_id')
        .where('bucket', '=', o.bucket)
        .where('key_hex', '=', hex(o.key))
        .executeTakeFirst()
      const row = objectRow(o)
      await trx
        .insertInto('s3_object')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['bucket', 'key_hex']).doUpdateSet({
            blob_id: row.blob_id,
            size: row.size,
            etag: row.etag,
            content_type: row.content_type,
            last_modified: row.last_modified,
            metadata: row.metadata,
            headers: row.headers,
            tags: row.tags,
            owner_account_id: row.owner_account_id,
            parts_count: row.parts_count,
          }),
        )
        .execute()
      return old === undefined || old.blob_id === o.blobId ? [] : [old.blob_id]
    })
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const r = await this.#db
      .selectFrom('s3_object')
      .selectAll()
      .where('bucket', '=', bucket)
      .where('key_hex', '=', hex(key))
      .executeTakeFirst()
    return r === undefined ? undefined : toObject(r)
  }

  async deleteObject(bucket: string, key: string): Promise<ReleasedBlobs> {
    return inTransaction(this.#db, async (trx) => {
      const old = await trx
        .selectFrom('s3_object')
        .select('blob_id')
        .where('bucket', '=', bucket)
        .where('key_hex', '=', hex(key))
        .executeTakeFirst()
      if (old === undefined) return []
      await trx
        .deleteFrom('s3_object')
        .where('bucket', '=', bucket)
        .where('key_hex', '=', hex(key))
        .execute()
      return [old.blob_id]
    })
  }

  async listObjects(bucket: string, listing: ObjectListing): Promise<ObjectRecord[]> {
    const prefixHex = hex(listing.prefix)
    const afterHex = hex(listing.after)
    let q = this.#db.selectFrom('s3_object').selectAll().where('bucket', '=', bucket)
    if (afterHex > prefixHex) q = q.where('key_hex', '>', afterHex)
    else if (prefixHex !== '') q = q.where('key_hex', '>=', prefixHex)
    if (prefixHex !== '') q = q.where('key_hex', 'like', `${prefixHex}%`)
    const rows = await q.orderBy('key_hex').limit(listing.limit).execute()
    return rows.map(toObject)
  }

  async setObjectTags(
    bucket: string,
    key: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('s3_object')
      .set({ tags: json(tags) })
      .where('bucket', '=', bucket)
      .where('key_hex', '=', hex(key))
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async createUpload(u: UploadRecord): Promise<void> {
    await this.#db
      .insertInto('s3_upload')
      .values({
        upload_id: u.uploadId,
        bucket: u.bucket,
        key_hex: hex(u.key),
        key: u.key,
        initiated: u.initiated,
        initiator_arn: u.initiatorArn,
        owner_account_id: u.ownerAccountId,
        content_type: u.contentType,
        metadata: json(u.metadata),
        headers: json(u.headers),
        tags: json(u.tags),
      })
      .execute()
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    const r = await this.#db
      .selectFrom('s3_upload')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('bucket', '=', bucket)
      .executeTakeFirst()
    return r === undefined ? undefined : toUpload(r)
  }

  async listUploads(
    bucket: string,
    o: { prefix: string; afterKey: string; afterUploadId: string; limit: number },
  ): Promise<UploadRecord[]> {
    const prefixHex = hex(o.prefix)
    const afterHex = hex(o.afterKey)
    let q = this.#db.selectFrom('s3_upload').selectAll().where('bucket', '=', bucket)
    if (prefixHex !== '') q = q.where('key_hex', 'like', `${prefixHex}%`)
    if (afterHex !== '')
      q = q.where((eb) =>
        eb.or([
          eb('key_hex', '>', afterHex),
          eb.and([eb('key_hex', '=', afterHex), eb('upload_id', '>', o.afterUploadId)]),
        ]),
      )
    const rows = await q.orderBy('key_hex').orderBy('upload_id').limit(o.limit).execute()
    return rows.map(toUpload)
  }

  async putPart(p: PartRecord): Promise<ReleasedBlobs | undefined> {
    return inTransaction(this.#db, async (trx) => {
      const upload = await trx
        .selectFrom('s3_upload')
        .select('upload_id')
        .where('upload_id', '=', p.uploadId)
        .executeTakeFirst()
      if (upload === undefined) return undefined
      const old = await trx
        .selectFrom('s3_part')
        .select('blob_id')
        .where('upload_id', '=', p.uploadId)
        .where('part_number', '=', p.partNumber)
        .executeTakeFirst()
      const row = {
        upload_id: p.uploadId,
        part_number: p.partNumber,
        blob_id: p.blobId,
        size: p.size,
        etag: p.etag,
        last_modified: p.lastModified,
      }
      await trx
        .insertInto('s3_part')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['upload_id', 'part_number']).doUpdateSet({
            blob_id: row.blob_id,
            size: row.size,
            etag: row.etag,
            last_modified: row.last_modified,
          }),
        )
        .execute()
      return old === undefined ? [] : [old.blob_id]
    })
  }

  async listParts(uploadId: string, afterPart: number, limit: number): Promise<PartRecord[]> {
    const rows = await this.#db
      .selectFrom('s3_part')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('part_number', '>', afterPart)
      .orderBy('part_number')
      .limit(limit)
      .execute()
    return rows.map(toPart)
  }

  async deleteUpload(uploadId: string): Promise<ReleasedBlobs | undefined> {
    return inTransaction(this.#db, async (trx) => {
      const parts = await trx
        .selectFrom('s3_part')
        .select('blob_id')
        .where('upload_id', '=', uploadId)
        .execute()
      await trx.deleteFrom('s3_part').where('upload_id', '=', uploadId).execute()
      const result = await trx
        .deleteFrom('s3_upload')
        .where('upload_id', '=', uploadId)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) return undefined
      return parts.map((p) => p.blob_id)
    })
  }

  async completeUpload(
    uploadId: string,
    object: ObjectRecord,
    keepBlobs: readonly string[],
  ): Promise<ReleasedBlobs | undefined> {
    return inTransaction(this.#db, async (trx) => {
      const parts = await trx
        .selectFrom('s3_part')
        .select('blob_id')
        .where('upload_id', '=', uploadId)
        .execute()
      await trx.deleteFrom('s3_part').where('upload_id', '=', uploadId).execute()
      const result = await trx
        .deleteFrom('s3_upload')
        .where('upload_id', '=', uploadId)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) return undefined
      const replaced = await new SqlS3Store(trx).putObject(object)
      const keep = new Set(keepBlobs)
      return [...parts.map((p) => p.blob_id).filter((b) => !keep.has(b)), ...replaced]
    })
  }

  async getAccountPublicAccessBlock(accountId: string): Promise<PublicAccessBlock | undefined> {
    const r = await this.#db
      .selectFrom('s3_account_public_access_block')
      .select('configuration')
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return r === undefined ? undefined : (JSON.parse(r.configuration) as PublicAccessBlock)
  }

  async putAccountPublicAccessBlock(
    accountId: string,
    block: PublicAccessBlock | null,
  ): Promise<void> {
    if (block === null) {
      await this.#db
        .deleteFrom('s3_account_public_access_block')
        .where('account_id', '=', accountId)
        .execute()
      return
    }
    await this.#db
      .insertInto('s3_account_public_access_block')
      .values({ account_id: accountId, configuration: json(block) })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ configuration: json(block) }))
      .execute()
  }
}

function toBucket(r: {
  name: string
  account_id: string
  region: string
  created_at: number | string
  policy: string | null
  public_access_block: string | null
  tags: string | null
}): BucketRecord {
  return {
    name: r.name,
    accountId: r.account_id,
    region: r.region,
    createdAt: Number(r.created_at),
    policy: r.policy ?? undefined,
    publicAccessBlock:
      r.public_access_block === null
        ? undefined
        : (JSON.parse(r.public_access_block) as PublicAccessBlock),
    tags: r.tags === null ? undefined : record(r.tags),
  }
}
