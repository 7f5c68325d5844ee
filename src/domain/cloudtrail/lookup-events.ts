/**
 * LookupEvents: an account's own events, newest first, for the last 90 days; at most one of the
 * eight lookup attributes; MaxResults 1–50 (default 50); a NextToken only with the parameters that
 * produced it (AWS CloudTrail API Reference, LookupEvents).
 */
import { createHash } from 'node:crypto'
import { operation, type CallContext } from '../common/operation.ts'
import type { CloudTrailRecord } from './audit-record.ts'
import {
  LOOKUP_ATTRIBUTE_KEYS,
  type AuditStore,
  type EventCursor,
  type LookupAttributeKey,
} from './audit-store.ts'
import { cloudTrailErrors } from './errors.ts'
import type { StoredEvent } from './stored-event.ts'
import { lookupUserName } from './user-identity.ts'

/** How far back LookupEvents reaches. */
export const LOOKUP_WINDOW_MS = 90 * 24 * 60 * 60 * 1000

/** Validated LookupEvents input. */
export interface LookupEventsInput {
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string }
  readonly startTime?: number
  readonly endTime?: number
  readonly maxResults: number
  readonly nextToken?: string
}

/** One event of the response. */
export interface LookupEvent {
  readonly EventId: string
  readonly EventName: string
  readonly ReadOnly: string
  readonly AccessKeyId?: string
  readonly EventTime: Date
  readonly EventSource: string
  readonly Username?: string
  readonly Resources: readonly { ResourceType: string; ResourceName: string }[]
  readonly CloudTrailEvent: string
}

/** A JSON timestamp (epoch seconds, or an ISO string) in epoch ms, or NaN. */
function timeOf(v: unknown): number {
  if (typeof v === 'number') return v * 1000
  if (typeof v === 'string') return /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v)
  return Number.NaN
}

/** Parses and validates the raw input. */
export function parseLookupEvents(raw: Readonly<Record<string, unknown>>): LookupEventsInput {
  const attrs = raw['LookupAttributes']
  let attribute: LookupEventsInput['attribute']
  if (attrs !== undefined && attrs !== null) {
    if (!Array.isArray(attrs)) {
      throw cloudTrailErrors.InvalidLookupAttributesException('LookupAttributes must be a list.')
    }
    if (attrs.length > 1) {
      throw cloudTrailErrors.InvalidLookupAttributesException(
        'You cannot specify more than one lookup attribute.',
      )
    }
    const a = attrs[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | undefined
    if (a !== undefined) {
      const key = a.AttributeKey
      const value = a.AttributeValue
      if (typeof key !== 'string' || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
        throw cloudTrailErrors.InvalidLookupAttributesException(
          `Invalid attribute key: ${String(key)}. Valid keys are ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.`,
        )
      }
      if (typeof value !== 'string' || value === '' || value.length > 2000) {
        throw cloudTrailErrors.InvalidLookupAttributesException(
          'The attribute value must be a string of 1 to 2000 characters.',
        )
      }
      if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
        throw cloudTrailErrors.InvalidLookupAttributesException(
          'The value of the ReadOnly attribute must be true or false.',
        )
      }
      attribute = { key: key as LookupAttributeKey, value }
    }
  }
  const category = raw['EventCategory']
  if (category !== undefined && category !== null && category !== 'insight') {
    throw cloudTrailErrors.InvalidEventCategoryException(
      `Invalid event category: ${String(category)}. The only valid value is insight.`,
    )
  }
  const startTime = raw['StartTime'] === undefined ? undefined : timeOf(raw['StartTime'])
  const endTime = raw['EndTime'] === undefined ? undefined : timeOf(raw['EndTime'])
  if (
    (startTime !== undefined && Number.isNaN(startTime)) ||
    (endTime !== undefined && Number.isNaN(endTime))
  ) {
    throw cloudTrailErrors.InvalidTimeRangeException('The time range is not valid.')
  }
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw cloudTrailErrors.InvalidTimeRangeException(
      'Start time must be earlier than or equal to end time.',
    )
  }
  const max = raw['MaxResults']
  let maxResults = 50
  if (max !== undefined && max !== null) {
    const n = Number(max)
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      throw cloudTrailErrors.InvalidMaxResultsException(
        'MaxResults must be an integer between 1 and 50.',
      )
    }
    maxResults = n
  }
  const token = raw['NextToken']
  return {
    ...(attribute === undefined ? {} : { attribute }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    maxResults,
    ...(typeof token === 'string' && token !== '' ? { nextToken: token } : {}),
  }
}

/** What a NextToken is bound to: every parameter but the token itself. */
function parametersHash(input: LookupEventsInput, accountId: string): string {
  const { nextToken: _, ...rest } = input
  return createHash('sha256')
    .update(JSON.stringify({ accountId, ...rest }))
    .digest('base64url')
    .slice(0, 16)
}

function encodeToken(hash: string, c: EventCursor): string {
  return Buffer.from(JSON.stringify([hash, c.eventTime, c.nodeId, c.seq])).toString('base64url')
}

function decodeToken(token: string, hash: string): EventCursor {
  const invalid = () =>
    cloudTrailErrors.InvalidNextTokenException(
      'Invalid token or token that was previously used in a request with different parameters.',
    )
  let parts: unknown
  try {
    parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    parts[0] !== hash ||
    typeof parts[1] !== 'number' ||
    typeof parts[2] !== 'string' ||
    typeof parts[3] !== 'number'
  ) {
    throw invalid()
  }
  return { eventTime: parts[1], nodeId: parts[2], seq: parts[3] }
}

/** Whether a stored record is a data event. */
export const isDataEvent = (text: string): boolean =>
  text.includes('"Data"') && (JSON.parse(text) as CloudTrailRecord).eventCategory === 'Data'

/** An event as LookupEvents returns it. */
export function toLookupEvent(text: string): LookupEvent {
  const r = JSON.parse(text) as CloudTrailRecord
  const accessKeyId = r.userIdentity.accessKeyId
  const username = lookupUserName(r.userIdentity)
  return {
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: String(r.readOnly),
    ...(accessKeyId === undefined || accessKeyId === '' ? {} : { AccessKeyId: accessKeyId }),
    EventTime: new Date(r.eventTime),
    EventSource: r.eventSource,
    ...(username === undefined ? {} : { Username: username }),
    Resources: (r.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: text,
  }
}

/** The LookupEvents operation over an audit store. */
export function lookupEventsOperation(deps: { store: AuditStore; now?: () => number }) {
  const now = deps.now ?? Date.now
  return operation({
    parse: parseLookupEvents,
    authorization: () => ({ action: 'cloudtrail:LookupEvents', resource: '*' }),
    async run(input: LookupEventsInput, call: CallContext) {
      const accountId = call.caller.accountId
      const hash = parametersHash(input, accountId)
      const before = input.nextToken === undefined ? undefined : decodeToken(input.nextToken, hash)
      const floor = now() - LOOKUP_WINDOW_MS
      // Management events only: data events (S3 object-level calls) reach trails' files alone,
      // as on AWS, so pages are filled past them.
      const want = input.maxResults + 1
      const rows: StoredEvent[] = []
      let cursor = before
      for (;;) {
        const batch = await deps.store.query({
          accountId,
          ...(input.attribute === undefined ? {} : { attribute: input.attribute }),
          startTime: Math.max(floor, input.startTime ?? floor),
          ...(input.endTime === undefined ? {} : { endTime: input.endTime }),
          ...(cursor === undefined ? {} : { before: cursor }),
          limit: want,
        })
        for (const e of batch) if (!isDataEvent(e.record) && rows.length < want) rows.push(e)
        const end = batch[batch.length - 1]
        if (rows.length >= want || batch.length < want || end === undefined) break
        cursor = { eventTime: end.eventTime, nodeId: end.nodeId, seq: end.seq }
      }
      const page = rows.slice(0, input.maxResults)
      const last = page[page.length - 1]
      return {
        Events: page.map((e) => toLookupEvent(e.record)),
        ...(rows.length > input.maxResults && last !== undefined
          ? {
              NextToken: encodeToken(hash, {
                eventTime: last.eventTime,
                nodeId: last.nodeId,
                seq: last.seq,
              }),
            }
          : {}),
      }
    },
  })
}
