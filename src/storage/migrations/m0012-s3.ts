import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * S3 metadata: buckets (policy, public access block and tags as JSON), objects, multipart uploads
 * and their parts, and the account-level public access block. Object bytes live in files under
 * the data dir (see FileBlobStore); `blob_id` names them. Keys are also kept as the hex of their
 * UTF-8 bytes (`key_hex`): listing in S3's byte order then works whatever the database collation.
 * Times are epoch ms.
 */
export const m0012S3: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('s3_bucket')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('policy', 'text')
      .addColumn('public_access_block', 'text')
      .addColumn('tags', 'text')
      .execute()
    await db.schema
      .createIndex('s3_bucket_account_idx')
      .on('s3_bucket')
      .column('account_id')
      .execute()

    await db.schema
      .createTable('s3_object')
      .addColumn('bucket', 'text', (c) => c.notNull().references('s3_bucket.name'))
      .addColumn('key_hex', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('blob_id', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('last_modified', 'bigint', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('owner_account_id', 'text', (c) => c.notNull())
      .addColumn('parts_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('s3_object_pkey', ['bucket', 'key_hex'])
      .execute()

    await db.schema
      .createTable('s3_upload')
      .addColumn('upload_id', 'text', (c) => c.primaryKey())
      .addColumn('bucket', 'text', (c) => c.notNull().references('s3_bucket.name'))
      .addColumn('key_hex', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('initiated', 'bigint', (c) => c.notNull())
      .addColumn('initiator_arn', 'text', (c) => c.notNull())
      .addColumn('owner_account_id', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('s3_upload_bucket_idx')
      .on('s3_upload')
      .columns(['bucket', 'key_hex', 'upload_id'])
      .execute()

    await db.schema
      .createTable('s3_part')
      .addColumn('upload_id', 'text', (c) =>
        c.notNull().references('s3_upload.upload_id').onDelete('cascade'),
      )
      .addColumn('part_number', 'integer', (c) => c.notNull())
      .addColumn('blob_id', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('last_modified', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('s3_part_pkey', ['upload_id', 'part_number'])
      .execute()

    await db.schema
      .createTable('s3_account_public_access_block')
      .addColumn('account_id', 'text', (c) => c.primaryKey())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      's3_account_public_access_block',
      's3_part',
      's3_upload',
      's3_object',
      's3_bucket',
    ]) {
      await db.schema.dropTable(table).execute()
    }
  },
}
