/**
 * Wires the S3 endpoint over the store's database: the SQL metadata store, the blob files under
 * `<data-dir>/s3`, the access evaluator (the same policy sources and generation as every other
 * service) and the audit trail, behind the two questions the HTTP handler asks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Kysely } from 'kysely'
import { AccessEvaluator } from '../../domain/authorization/access-evaluator.ts'
import type { PolicyGeneration } from '../../domain/authorization/policy-generation.ts'
import type { AuditTrail } from '../../domain/cloudtrail/index.ts'
import { IamIdentityPolicySource } from '../../domain/iam/index.ts'
import { OrgPolicySource } from '../../domain/organizations/index.ts'
import { S3Access } from '../../domain/s3/index.ts'
import { SqlIamStore, SqlOrganizationsStore, type Schema } from '../../storage/index.ts'
import { FileBlobStore, SqlS3Store } from '../../storage/s3/index.ts'
import type { Authenticator } from '../authenticate.ts'
import type { ServerLog } from '../server-log.ts'
import { createS3Handler } from './s3-handler.ts'
import { isS3Request } from './s3-route.ts'
import { S3TrailDestination } from './s3-trail-destination.ts'
import type { TrailDestination } from '../../domain/cloudtrail/trails/index.ts'

/** The S3 endpoint as the HTTP handler sees it. */
export interface S3Endpoint {
  /** True when the request is S3's whatever its path (signed for s3, or `<bucket>.localhost`). */
  handles(req: IncomingMessage): boolean
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Trail delivery into this endpoint's buckets, else into `fallback`. */
  trailDestination(fallback: TrailDestination): TrailDestination
}

/** Builds the S3 endpoint. */
export function createS3Endpoint(deps: {
  readonly db: Kysely<Schema>
  /** The folder of object bytes (`<data-dir>/s3` by default; shared by several nodes). */
  readonly blobsDir: string
  readonly generation: PolicyGeneration
  readonly authenticator: Authenticator
  readonly audit: AuditTrail | undefined
  readonly log: ServerLog
}): S3Endpoint {
  const store = new SqlS3Store(deps.db)
  const organizations = new OrgPolicySource(new SqlOrganizationsStore(deps.db))
  const evaluator = new AccessEvaluator({
    identities: new IamIdentityPolicySource(new SqlIamStore(deps.db)),
    organizations,
    generation: deps.generation,
  })
  const audit = deps.audit
  const blobs = new FileBlobStore(deps.blobsDir)
  const access = new S3Access({ evaluator, organizations, store })
  const handle = createS3Handler({
    store,
    blobs,
    access,
    generation: deps.generation,
    authenticator: deps.authenticator,
    log: deps.log,
    ...(audit === undefined ? {} : { record: (records, at) => audit.record(records, at) }),
  })
  return {
    handles: isS3Request,
    handle,
    trailDestination: (fallback) => new S3TrailDestination({ store, blobs, access, fallback }),
  }
}
