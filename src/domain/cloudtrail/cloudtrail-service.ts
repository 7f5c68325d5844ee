/**
 * The AWS CloudTrail service (JSON 1.1, `CloudTrail_20131101.Op`, signing name `cloudtrail`):
 * LookupEvents over the audit trail, and trails (trails/), authorized like every call.
 */
import type { ServiceDefinition } from '../common/operation.ts'
import type { AuditStore } from './audit-store.ts'
import { cloudTrailErrors } from './errors.ts'
import { lookupEventsOperation } from './lookup-events.ts'
import { trailOperations, trailSettingsOperations, type TrailDeps } from './trails/index.ts'

/** What the CloudTrail service is built from. */
export interface CloudTrailDeps {
  readonly store: AuditStore
  readonly now?: () => number
  /** The trails' store and the organizations (without them, no trail operation is served). */
  readonly trails?: Omit<TrailDeps, 'now'>
}

/**
 * The CloudTrail service definition the server dispatches to.
 * @example createCloudTrailService({ store: new SqlAuditStore(db) }).operations.LookupEvents
 */
export function createCloudTrailService(deps: CloudTrailDeps): ServiceDefinition {
  const trails =
    deps.trails === undefined
      ? undefined
      : { ...deps.trails, ...(deps.now === undefined ? {} : { now: deps.now }) }
  return {
    name: 'cloudtrail',
    accessDenied: (message) => cloudTrailErrors.AccessDeniedException(message),
    operations: {
      LookupEvents: lookupEventsOperation(deps),
      ...(trails === undefined
        ? {}
        : { ...trailOperations(trails), ...trailSettingsOperations(trails) }),
    },
  }
}
