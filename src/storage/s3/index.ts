// S3's SQL store and its tables.
export type { S3Schema } from './s3-schema.ts'
export { SqlS3Store } from './sql-s3-store.ts'
export { FileBlobStore, BLOBS_FOLDER } from './file-blob-store.ts'
