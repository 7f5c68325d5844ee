/**
 * Events reported outside the dispatcher: what the unsigned routes do (sso-oidc, the sso portal
 * API, access portal and console sign-ins, Switch Role). The domain says what happened, already
 * shaped (no secret in it); the server adds the request's facts (time, address, user agent,
 * request id) and writes the records before it answers, as it does for dispatched calls.
 */
import { randomUUID } from 'node:crypto'
import type { RequestInfo } from '../common/caller.ts'
import {
  cloudTrailTime,
  EVENT_VERSION,
  type CloudTrailRecord,
  type EventType,
  type UserIdentity,
} from './audit-record.ts'

/** One resource of an event; `accountId` defaults to the recipient account. */
export interface AuditEventResource {
  readonly ARN: string
  readonly accountId?: string
  readonly type: string
}

/** One event, as the domain reports it. */
export interface AuditEvent {
  /** Chosen beforehand when something must point to the event (a session's claims). */
  readonly eventID?: string
  readonly eventSource: string
  readonly eventName: string
  /**
   * Who; an `Unknown` identity without `accountId` gets the recipient's. Absent: `Unknown` in the
   * recipient account (an anonymous caller, such as sso-oidc's RegisterClient).
   */
  readonly userIdentity?: UserIdentity
  /** The account whose trail holds the event; by default the organization's management account. */
  readonly recipientAccountId?: string
  /** By default us-east-1, where sign-in and Identity Center events of xaccess are recorded. */
  readonly awsRegion?: string
  readonly requestParameters: Readonly<Record<string, unknown>> | null
  readonly responseElements: Readonly<Record<string, unknown>> | null
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly additionalEventData?: Readonly<Record<string, unknown>>
  readonly serviceEventDetails?: Readonly<Record<string, unknown>>
  readonly readOnly: boolean
  readonly resources?: readonly AuditEventResource[]
  readonly eventType: EventType
  /** For a role session that Identity Center's GetRoleCredentials opened: that event's id. */
  readonly xaccessSourceEventID?: string
  /** `Data` for a data event (an anonymous S3 object-level call); Management by default. */
  readonly eventCategory?: 'Management' | 'Data'
}

/** Where the domain reports the events of one request (the server collects and writes them). */
export interface AuditEvents {
  /** Reports an event; answers its eventID. */
  emit(event: AuditEvent): string
}

/** Reports nowhere (tests and callers without a trail); still answers fresh eventIDs. */
export const noAuditEvents: AuditEvents = { emit: (event) => event.eventID ?? randomUUID() }

/**
 * The events of one request, in order, each with its eventID fixed when reported.
 * @example
 * const events = new CollectedAuditEvents()
 * await oidc.registerClient(input, now, events)
 * await audit.record(events.records(request, managementAccountId), request.now.getTime())
 */
export class CollectedAuditEvents implements AuditEvents {
  readonly #events: (AuditEvent & { readonly eventID: string })[] = []

  emit(event: AuditEvent): string {
    const eventID = event.eventID ?? randomUUID()
    this.#events.push({ ...event, eventID })
    return eventID
  }

  /** How many events were reported. */
  get size(): number {
    return this.#events.length
  }

  /** The records of the events, for a request, with `defaultAccountId` as the usual recipient. */
  records(request: RequestInfo, defaultAccountId: string): CloudTrailRecord[] {
    return this.#events.map((e) => recordOfEvent(e, request, defaultAccountId))
  }
}

/** The CloudTrail record of an event (members in the order of AWS's example records). */
export function recordOfEvent(
  event: AuditEvent,
  request: RequestInfo,
  defaultAccountId: string,
): CloudTrailRecord {
  const recipient = event.recipientAccountId ?? defaultAccountId
  const given = event.userIdentity
  const userIdentity: UserIdentity =
    given === undefined
      ? { type: 'Unknown', accountId: recipient }
      : given.type === 'Unknown' && given.accountId === undefined
        ? { ...given, accountId: recipient }
        : given
  const data = event.eventCategory === 'Data'
  const resources = (event.resources ?? []).map((r) =>
    data && r.type === 'AWS::S3::Object'
      ? { type: r.type, ARN: r.ARN }
      : { ARN: r.ARN, accountId: r.accountId ?? recipient, type: r.type },
  )
  return {
    eventVersion: EVENT_VERSION,
    userIdentity,
    eventTime: cloudTrailTime(request.now),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion ?? 'us-east-1',
    sourceIPAddress: request.sourceIp,
    userAgent: request.userAgent,
    ...(event.errorCode === undefined ? {} : { errorCode: event.errorCode }),
    ...(event.errorMessage === undefined ? {} : { errorMessage: event.errorMessage }),
    requestParameters: event.requestParameters,
    responseElements: event.responseElements,
    ...(event.additionalEventData === undefined
      ? {}
      : { additionalEventData: event.additionalEventData }),
    requestID: request.requestId,
    eventID: event.eventID ?? randomUUID(),
    readOnly: event.readOnly,
    ...(resources.length === 0 ? {} : { resources }),
    eventType: event.eventType,
    managementEvent: !data,
    recipientAccountId: recipient,
    eventCategory: data ? 'Data' : 'Management',
    ...(event.serviceEventDetails === undefined
      ? {}
      : { serviceEventDetails: event.serviceEventDetails }),
    ...(event.xaccessSourceEventID === undefined
      ? {}
      : { xaccessSourceEventID: event.xaccessSourceEventID }),
  }
}
