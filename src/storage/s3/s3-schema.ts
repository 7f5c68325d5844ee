// Kysely's view of S3's tables, as migration 0012 creates them. Times and sizes are `bigint`
// (INTEGER in SQLite; strings from pg, hence `number | string`); JSON members are text.

type Big = number | string

/** Row of `s3_bucket`. */
export interface S3BucketTable {
  name: string
  account_id: string
  region: string
  created_at: Big
  policy: string | null
  public_access_block: string | null
  tags: string | null
}

/** Row of `s3_object`; `key_hex` is the hex of the key's UTF-8 bytes (byte order). */
export interface S3ObjectTable {
  bucket: string
  key_hex: string
  key: string
  blob_id: string
  size: Big
  etag: string
  content_type: string
  last_modified: Big
  metadata: string
  headers: string
  tags: string
  owner_account_id: string
  parts_count: number
}

/** Row of `s3_upload`. */
export interface S3UploadTable {
  upload_id: string
  bucket: string
  key_hex: string
  key: string
  initiated: Big
  initiator_arn: string
  owner_account_id: string
  content_type: string
  metadata: string
  headers: string
  tags: string
}

/** Row of `s3_part`. */
export interface S3PartTable {
  upload_id: string
  part_number: number
  blob_id: string
  size: Big
  etag: string
  last_modified: Big
}

/** Row of `s3_account_public_access_block`. */
export interface S3AccountPublicAccessBlockTable {
  account_id: string
  configuration: string
}

/** The tables, for `Kysely<S3Schema>`. */
export interface S3Schema {
  s3_bucket: S3BucketTable
  s3_object: S3ObjectTable
  s3_upload: S3UploadTable
  s3_part: S3PartTable
  s3_account_public_access_block: S3AccountPublicAccessBlockTable
}
