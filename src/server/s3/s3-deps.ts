/** What the S3 operations work with. */
import type { Readable } from 'node:stream'
import type { PolicyGeneration } from '../../domain/authorization/policy-generation.ts'
import type { BlobStore, S3Access, S3Store } from '../../domain/s3/index.ts'

export interface S3Deps {
  readonly store: S3Store
  readonly blobs: BlobStore
  readonly access: S3Access
  /** Bumped when a bucket policy or public access block changes (compiled policies expire). */
  readonly generation: PolicyGeneration
}

/** What an operation answers: XML, an empty body, or a stream the handler pipes out. */
export type S3Answer =
  | {
      readonly status: number
      readonly headers?: Readonly<Record<string, string>>
      readonly xml?: string
      readonly json?: string
    }
  | {
      readonly status: number
      readonly headers: Readonly<Record<string, string>>
      readonly stream: Readable
    }
