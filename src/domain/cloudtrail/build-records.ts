/**
 * The records of one call: who made it, what was asked and answered (secrets removed), in every
 * account the call concerns. A cross-account call (an AssumeRole of another account's role) is
 * recorded in the caller's account and in the resource's, there with the caller as an
 * `AWSAccount`; the copies share `requestID`, `eventTime` and one `sharedEventID`, each with its
 * own `eventID` (CloudTrail User Guide, "CloudTrail record contents", `sharedEventID`).
 */
import { randomUUID } from 'node:crypto'
import type { Caller, RequestInfo } from '../common/caller.ts'
import {
  cloudTrailTime,
  EVENT_VERSION,
  type CloudTrailRecord,
  type EventType,
  type RecordResource,
  type UserIdentity,
} from './audit-record.ts'
import { eventSourceOf, isReadOnly, recordedRegion } from './event-source.ts'
import { recordMembers, recordMessage } from './record-shapes.ts'
import { arnParts, resourceTypeOf } from './resource-type.ts'
import { awsAccountIdentityOf, userIdentityOf } from './user-identity.ts'

/** Services whose resources stay in their own account's trail only (the management account's). */
const NO_COPY_SERVICES = new Set(['organizations', 'sso-admin', 'identitystore', 'sso', 'signin'])

/** What happened in one call, as the dispatcher saw it. */
export interface AuditedCall {
  /** The service's signing name (`iam`, `sts`, …). */
  readonly service: string
  readonly operation: string
  readonly caller: Caller
  readonly request: RequestInfo
  /** The request's parameters as received (query parameters nested, or the JSON body). */
  readonly input: unknown
  /** The operation's output, or the error the caller got. */
  readonly outcome:
    | { readonly ok: true; readonly output: unknown }
    | { readonly ok: false; readonly code: string; readonly message: string }
  /** The resources the call was authorized on (ARNs, with their owning accounts). */
  readonly resources: readonly { readonly arn: string; readonly accountId?: string }[]
  /** True when the policy engine denied the call. */
  readonly denied?: boolean
  readonly eventType?: EventType
  readonly additionalEventData?: Readonly<Record<string, unknown>>
  /**
   * A data event (S3 object-level calls): `eventCategory` Data, `managementEvent` false; trails
   * log it only when their selectors select it, and LookupEvents never returns it.
   */
  readonly dataEvent?: boolean
}

function recordResources(call: AuditedCall): (RecordResource & { accountId: string })[] {
  const seen = new Set<string>()
  const out: (RecordResource & { accountId: string })[] = []
  for (const r of call.resources) {
    if (r.arn === '*' || seen.has(r.arn)) continue
    const parts = arnParts(r.arn)
    if (parts === undefined) continue
    seen.add(r.arn)
    const accountId = r.accountId ?? (parts.account === '' ? call.caller.accountId : parts.account)
    out.push({ ARN: r.arn, accountId, type: resourceTypeOf(r.arn) })
  }
  return out
}

/** Whether a call's response elements are recorded: not for read-only calls, but for STS's. */
const recordsResponse = (service: string, operation: string): boolean =>
  service === 'sts' || service === 'sso' || !isReadOnly(service, operation)

/**
 * Builds the records of a call: the first in the caller's account, then one per other account
 * that owns a resource of the call (for services whose calls AWS records in both accounts).
 */
export function buildRecords(call: AuditedCall): CloudTrailRecord[] {
  const { caller, request, service, operation, outcome } = call
  const resources = recordResources(call)
  const readOnly = isReadOnly(service, operation)
  // A refused STS call (by the engine or by STS's own rules) shows neither (issue 8, AWS's records).
  const deniedAssume =
    service === 'sts' && (call.denied === true || (!outcome.ok && outcome.code === 'AccessDenied'))
  // S3's records keep the request's own names (bucketName, key, Host, list-type, …).
  const requestParameters = deniedAssume
    ? null
    : service === 's3' && typeof call.input === 'object' && call.input !== null
      ? { ...(call.input as Record<string, unknown>) }
      : recordMembers(call.input)
  const responseElements =
    outcome.ok && recordsResponse(service, operation) ? recordMembers(outcome.output) : null
  const accounts = [caller.accountId]
  if (!NO_COPY_SERVICES.has(service)) {
    for (const r of resources) if (!accounts.includes(r.accountId)) accounts.push(r.accountId)
  }
  const shared = accounts.length > 1 ? randomUUID() : undefined
  const eventTime = cloudTrailTime(request.now)
  const claims = caller.session?.claims
  const sourceEventId = claims?.kind === 'role' ? claims.sourceEventId : undefined
  // A data event names the account on the bucket only, as AWS's S3 data event records do.
  const shown: RecordResource[] =
    call.dataEvent === true
      ? resources.map((r) =>
          r.type === 'AWS::S3::Object' ? { type: r.type, ARN: r.ARN } : { ...r },
        )
      : resources
  return accounts.map((accountId): CloudTrailRecord => {
    const own = accountId === caller.accountId
    const identity: UserIdentity = own ? userIdentityOf(caller) : awsAccountIdentityOf(caller)
    // Members in the order of AWS's example records.
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: identity,
      eventTime,
      eventSource: eventSourceOf(service),
      eventName: operation,
      awsRegion: recordedRegion(service, request.region),
      sourceIPAddress: request.sourceIp,
      userAgent: request.userAgent,
      ...(outcome.ok
        ? {}
        : { errorCode: outcome.code, errorMessage: recordMessage(outcome.message, call.input) }),
      requestParameters,
      responseElements,
      ...(call.additionalEventData === undefined
        ? {}
        : { additionalEventData: call.additionalEventData }),
      requestID: request.requestId,
      eventID: randomUUID(),
      readOnly,
      ...(shown.length === 0 ? {} : { resources: shown }),
      eventType: call.eventType ?? 'AwsApiCall',
      managementEvent: call.dataEvent !== true,
      recipientAccountId: accountId,
      ...(shared === undefined ? {} : { sharedEventID: shared }),
      eventCategory: call.dataEvent === true ? 'Data' : 'Management',
      // The session's origin, in the session's own account (AWS's readers ignore the field).
      ...(own && sourceEventId !== undefined ? { xaccessSourceEventID: sourceEventId } : {}),
    }
  })
}
