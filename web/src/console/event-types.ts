/** The shapes of the Event history's API (`GET /console/api/events`) and of its filters. */

/** LookupEvents' eight lookup attributes, with the names AWS's console gives them. */
export const LOOKUP_ATTRIBUTES = [
  { key: 'EventName', label: 'Event name', example: 'AssumeRole' },
  { key: 'Username', label: 'User name', example: 'alice' },
  { key: 'ResourceType', label: 'Resource type', example: 'AWS::IAM::Role' },
  { key: 'ResourceName', label: 'Resource name', example: 'arn:aws:iam::…:role/Admin' },
  { key: 'EventSource', label: 'Event source', example: 'sts.amazonaws.com' },
  { key: 'EventId', label: 'Event ID', example: 'a1b2c3d4-…' },
  { key: 'AccessKeyId', label: 'AWS access key', example: 'ASIA…' },
  { key: 'ReadOnly', label: 'Read-only', example: 'true' },
] as const
/** One lookup attribute's key. */
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTES)[number]['key']

/** One event of the history. */
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
  readonly record: Readonly<Record<string, unknown>>
}

/** `GET /console/api/events`. */
export interface EventHistoryAnswer {
  readonly events: readonly HistoryEvent[]
  readonly nextToken?: string
  /** The request id of the lookups this answer made (they are recorded too). */
  readonly requestId: string
}

/** The filters the page applies. */
export interface EventFilters {
  readonly attribute: LookupAttributeKey | ''
  readonly value: string
  /** `datetime-local` values (local time), or ''. */
  readonly start: string
  readonly end: string
  readonly errorsOnly: boolean
}

/** No filter: every event of the last 90 days. */
export const NO_FILTERS: EventFilters = {
  attribute: '',
  value: '',
  start: '',
  end: '',
  errorsOnly: false,
}

/** The query string of `GET /console/api/events` for filters (and a token or `since`). */
export function eventsQuery(
  filters: EventFilters,
  extra: { nextToken?: string; since?: number } = {},
): string {
  const q = new URLSearchParams()
  if (filters.attribute !== '' && filters.value.trim() !== '') {
    q.set('attribute', filters.attribute)
    q.set('value', filters.value.trim())
  }
  if (filters.start !== '') q.set('start', new Date(filters.start).toISOString())
  if (filters.end !== '') q.set('end', new Date(filters.end).toISOString())
  if (filters.errorsOnly) q.set('errorsOnly', 'true')
  if (extra.nextToken !== undefined) q.set('nextToken', extra.nextToken)
  if (extra.since !== undefined) q.set('since', String(extra.since))
  const text = q.toString()
  return text === '' ? '' : `?${text}`
}
