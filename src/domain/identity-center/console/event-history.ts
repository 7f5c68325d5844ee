/**
 * The console's "Event history" (as AWS's CloudTrail console has it): the account's events,
 * newest first, read with CloudTrail LookupEvents as the console's current identity (so the
 * engine decides and the reads are recorded like every call). One lookup attribute and a time
 * range narrow them; "errors only" keeps the events with an error code (LookupEvents has no such
 * filter: whole pages are read and filtered, so its NextToken stays valid); `since` answers every
 * event from a time on, for the page's live updates.
 */
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey } from '../../cloudtrail/index.ts'
import { consoleErrors } from './console-errors.ts'
import type { CurrentIdentityCall } from './identity-center-users.ts'

/** One event as the page shows it, with its whole record. */
export interface HistoryEvent {
  readonly eventId: string
  /** Epoch ms. */
  readonly eventTime: number
  readonly eventName: string
  readonly eventSource: string
  readonly username?: string
  readonly accessKeyId?: string
  readonly readOnly: boolean
  readonly resources: readonly { readonly type: string; readonly name: string }[]
  readonly errorCode?: string
  readonly requestId: string
  /** The CloudTrail record, parsed. */
  readonly record: Readonly<Record<string, unknown>>
}

/** One answer of the history. */
export interface EventHistoryPage {
  readonly events: readonly HistoryEvent[]
  readonly nextToken?: string
}

/** A validated history request. */
export interface EventHistoryQuery {
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string }
  /** Epoch ms. */
  readonly start?: number
  readonly end?: number
  readonly errorsOnly: boolean
  readonly nextToken?: string
  /** Every event from this time (epoch ms) on, all pages (bounded), for live updates. */
  readonly since?: number
}

/** LookupEvents pages read at most for one answer (errors only, or `since`). */
export const MAX_PAGES_PER_ANSWER = 10
const PAGE_SIZE = 50

/** A time given as epoch ms or an ISO 8601 string, or undefined when absent. */
function timeParam(input: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const raw = input[name]
  if (raw === undefined || raw === '') return undefined
  const text = String(raw)
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (!Number.isFinite(ms)) throw consoleErrors.badRequest(`'${name}' must be a date and time`)
  return ms
}

/** Reads the page's query (`attribute`, `value`, `start`, `end`, `errorsOnly`, …). */
export function readEventHistoryQuery(input: Readonly<Record<string, unknown>>): EventHistoryQuery {
  const key = typeof input.attribute === 'string' ? input.attribute : ''
  const value = typeof input.value === 'string' ? input.value.trim() : ''
  let attribute: EventHistoryQuery['attribute']
  if (key !== '') {
    if (!(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
      throw consoleErrors.badRequest(
        `'attribute' must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}`,
      )
    }
    if (value === '') throw consoleErrors.badRequest(`enter a value for ${key}`)
    attribute = { key: key as LookupAttributeKey, value }
  }
  const start = timeParam(input, 'start')
  const end = timeParam(input, 'end')
  const since = timeParam(input, 'since')
  if (start !== undefined && end !== undefined && start > end) {
    throw consoleErrors.badRequest('the start of the time range must not be after its end')
  }
  const token = typeof input.nextToken === 'string' && input.nextToken !== '' ? input.nextToken : ''
  return {
    ...(attribute === undefined ? {} : { attribute }),
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    errorsOnly: input.errorsOnly === 'true' || input.errorsOnly === true,
    ...(token === '' ? {} : { nextToken: token }),
    ...(since === undefined ? {} : { since }),
  }
}

interface LookupEvent {
  readonly EventId: string
  readonly EventName: string
  readonly ReadOnly?: string
  readonly AccessKeyId?: string
  readonly EventSource: string
  readonly Username?: string
  readonly Resources?: readonly { ResourceType?: string; ResourceName?: string }[]
  readonly CloudTrailEvent: string
}

function historyEvent(e: LookupEvent): HistoryEvent {
  const record = JSON.parse(e.CloudTrailEvent) as Record<string, unknown>
  const errorCode = typeof record.errorCode === 'string' ? record.errorCode : undefined
  return {
    eventId: e.EventId,
    eventTime: Date.parse(String(record.eventTime)),
    eventName: e.EventName,
    eventSource: e.EventSource,
    ...(e.Username === undefined ? {} : { username: e.Username }),
    ...(e.AccessKeyId === undefined ? {} : { accessKeyId: e.AccessKeyId }),
    readOnly: e.ReadOnly === 'true',
    resources: (e.Resources ?? []).map((r) => ({
      type: r.ResourceType ?? '',
      name: r.ResourceName ?? '',
    })),
    ...(errorCode === undefined ? {} : { errorCode }),
    requestId: String(record.requestID ?? ''),
    record,
  }
}

/**
 * One answer of the history: a page (LookupEvents' own paging), or with `since` every event from
 * then on. LookupEvents' errors (AccessDenied included) are thrown as they are.
 * @example
 * await lookupEventHistory(call, readEventHistoryQuery({ attribute: 'EventName', value: 'AssumeRole' }))
 */
export async function lookupEventHistory(
  call: CurrentIdentityCall,
  query: EventHistoryQuery,
): Promise<EventHistoryPage> {
  const start = query.since ?? query.start
  const base = {
    ...(query.attribute === undefined
      ? {}
      : {
          LookupAttributes: [
            { AttributeKey: query.attribute.key, AttributeValue: query.attribute.value },
          ],
        }),
    // LookupEvents takes seconds; events are recorded to the second.
    ...(start === undefined ? {} : { StartTime: Math.floor(start / 1000) }),
    ...(query.end === undefined ? {} : { EndTime: Math.floor(query.end / 1000) }),
    MaxResults: PAGE_SIZE,
  }
  const events: HistoryEvent[] = []
  let token = query.since === undefined ? query.nextToken : undefined
  for (let pages = 0; pages < MAX_PAGES_PER_ANSWER; pages++) {
    const out = (await call('cloudtrail', 'LookupEvents', {
      ...base,
      ...(token === undefined ? {} : { NextToken: token }),
    })) as { Events?: LookupEvent[]; NextToken?: string }
    for (const e of out.Events ?? []) {
      const event = historyEvent(e)
      if (!query.errorsOnly || event.errorCode !== undefined) events.push(event)
    }
    token = out.NextToken
    if (token === undefined) break
    // A page is full once it holds a page of events; `since` reads on to the end.
    if (query.since === undefined && (!query.errorsOnly || events.length >= PAGE_SIZE)) break
  }
  return {
    events,
    ...(token === undefined || query.since !== undefined ? {} : { nextToken: token }),
  }
}
