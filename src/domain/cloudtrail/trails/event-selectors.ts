/**
 * Event selectors: which events a trail logs. Basic selectors (`ReadWriteType`,
 * `IncludeManagementEvents`, `DataResources`, `ExcludeManagementEventSources`) or advanced ones
 * (field selectors on `eventCategory`, `readOnly`, `eventSource`, `eventName`, …), never both
 * (AWS CloudTrail API Reference, PutEventSelectors, EventSelector, AdvancedEventSelector).
 * Management events match a basic selector by `IncludeManagementEvents`; data events (S3
 * object-level calls) only by its `DataResources`: a resource of the named type whose ARN starts
 * with one of the values (`arn:aws:s3` for every bucket, `arn:aws:s3:::bucket/` for one bucket,
 * `arn:aws:s3:::bucket/prefix` for some keys), as AWS's DataResource documents.
 */
import type { CloudTrailRecord } from '../audit-record.ts'
import { cloudTrailErrors } from '../errors.ts'

/** `ReadWriteType` values. */
export const READ_WRITE_TYPES = ['ReadOnly', 'WriteOnly', 'All'] as const
/** One of {@link READ_WRITE_TYPES}. */
export type ReadWriteType = (typeof READ_WRITE_TYPES)[number]

/** A basic event selector. */
export interface EventSelector {
  readonly ReadWriteType: ReadWriteType
  readonly IncludeManagementEvents: boolean
  readonly DataResources: readonly { readonly Type: string; readonly Values: readonly string[] }[]
  readonly ExcludeManagementEventSources: readonly string[]
}

/** The operators of an advanced field selector. */
export const FIELD_OPERATORS = [
  'Equals',
  'StartsWith',
  'EndsWith',
  'NotEquals',
  'NotStartsWith',
  'NotEndsWith',
] as const
type FieldOperator = (typeof FIELD_OPERATORS)[number]

/** One field selector of an advanced event selector. */
export type FieldSelector = { readonly Field: string } & {
  readonly [K in FieldOperator]?: readonly string[]
}

/** An advanced event selector: every field selector must match. */
export interface AdvancedEventSelector {
  readonly Name?: string
  readonly FieldSelectors: readonly FieldSelector[]
}

/** The fields an advanced selector may name for management events (and data events). */
const ADVANCED_FIELDS = [
  'eventCategory',
  'readOnly',
  'eventSource',
  'eventName',
  'eventType',
  'sessionCredentialFromConsole',
  'userIdentity.arn',
  'resources.type',
  'resources.ARN',
  'errorCode',
  'vpcEndpointId',
]

/** A new trail's selectors: every management event, read and write. */
export const DEFAULT_EVENT_SELECTORS: readonly EventSelector[] = [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
]

const invalid = (message: string) => cloudTrailErrors.InvalidEventSelectorsException(message)

const strings = (v: unknown, what: string): string[] => {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw invalid(`${what} must be a list of strings.`)
  }
  return v as string[]
}

/** Validates basic event selectors (1 to 5). */
export function parseEventSelectors(raw: unknown): EventSelector[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 5) {
    throw invalid('You can specify from 1 to 5 event selectors for a trail.')
  }
  return raw.map((item: unknown) => {
    if (typeof item !== 'object' || item === null)
      throw invalid('An event selector must be an object.')
    const s = item as Record<string, unknown>
    const rw = s['ReadWriteType'] ?? 'All'
    if (typeof rw !== 'string' || !(READ_WRITE_TYPES as readonly string[]).includes(rw)) {
      throw invalid(
        `Invalid ReadWriteType: ${String(rw)}. Valid values are ${READ_WRITE_TYPES.join(', ')}.`,
      )
    }
    const include = s['IncludeManagementEvents'] ?? true
    if (typeof include !== 'boolean') throw invalid('IncludeManagementEvents must be a boolean.')
    const data = s['DataResources'] ?? []
    if (!Array.isArray(data)) throw invalid('DataResources must be a list.')
    const dataResources = data.map((d: unknown) => {
      const r = (d ?? {}) as Record<string, unknown>
      if (typeof r['Type'] !== 'string' || r['Type'] === '') {
        throw invalid('A data resource must have a Type.')
      }
      return { Type: r['Type'], Values: strings(r['Values'], 'Values') }
    })
    return {
      ReadWriteType: rw as ReadWriteType,
      IncludeManagementEvents: include,
      DataResources: dataResources,
      ExcludeManagementEventSources: strings(
        s['ExcludeManagementEventSources'],
        'ExcludeManagementEventSources',
      ),
    }
  })
}

/** Validates advanced event selectors (1 to 500 field conditions in all). */
export function parseAdvancedEventSelectors(raw: unknown): AdvancedEventSelector[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalid('You must specify at least one advanced event selector.')
  }
  return raw.map((item: unknown) => {
    const s = (item ?? {}) as Record<string, unknown>
    const fields = s['FieldSelectors']
    if (!Array.isArray(fields) || fields.length === 0) {
      throw invalid('Each advanced event selector must have at least one field selector.')
    }
    const fieldSelectors = fields.map((f: unknown) => {
      const r = (f ?? {}) as Record<string, unknown>
      const field = r['Field']
      if (typeof field !== 'string' || !ADVANCED_FIELDS.includes(field)) {
        throw invalid(`Invalid field: ${String(field)}.`)
      }
      const out: Record<string, unknown> = { Field: field }
      let any = false
      for (const op of FIELD_OPERATORS) {
        if (r[op] === undefined || r[op] === null) continue
        const values = strings(r[op], op)
        if (values.length === 0) throw invalid(`${op} of ${field} must not be empty.`)
        out[op] = values
        any = true
      }
      if (!any) throw invalid(`The field selector for ${field} has no operator.`)
      if (field === 'eventCategory') {
        const values = [
          ...((out['Equals'] as string[]) ?? []),
          ...((out['NotEquals'] as string[]) ?? []),
        ]
        if (
          values.length === 0 ||
          Object.keys(out).some((k) => k !== 'Field' && k !== 'Equals' && k !== 'NotEquals')
        ) {
          throw invalid('eventCategory supports only the Equals and NotEquals operators.')
        }
      }
      return out as FieldSelector
    })
    if (!fieldSelectors.some((f) => f.Field === 'eventCategory')) {
      throw invalid('Each advanced event selector must have an eventCategory field selector.')
    }
    const name = s['Name']
    return {
      ...(typeof name === 'string' && name !== '' ? { Name: name } : {}),
      FieldSelectors: fieldSelectors,
    }
  })
}

/** The value of an advanced field in a record (undefined when the record has none). */
function fieldValues(record: CloudTrailRecord, field: string): string[] {
  switch (field) {
    case 'eventCategory':
      return [record.eventCategory]
    case 'readOnly':
      return [String(record.readOnly)]
    case 'eventSource':
      return [record.eventSource]
    case 'eventName':
      return [record.eventName]
    case 'eventType':
      return [record.eventType]
    case 'userIdentity.arn':
      return record.userIdentity.arn === undefined ? [] : [record.userIdentity.arn]
    case 'errorCode':
      return record.errorCode === undefined ? [] : [record.errorCode]
    case 'resources.type':
      return (record.resources ?? []).map((r) => r.type)
    case 'resources.ARN':
      return (record.resources ?? []).map((r) => r.ARN)
    default:
      return []
  }
}

function fieldMatches(record: CloudTrailRecord, f: FieldSelector): boolean {
  const values = fieldValues(record, f.Field)
  const some = (test: (v: string, p: string) => boolean, patterns: readonly string[] | undefined) =>
    patterns === undefined || values.some((v) => patterns.some((p) => test(v, p)))
  const none = (test: (v: string, p: string) => boolean, patterns: readonly string[] | undefined) =>
    patterns === undefined || !values.some((v) => patterns.some((p) => test(v, p)))
  return (
    some((v, p) => v === p, f.Equals) &&
    some((v, p) => v.startsWith(p), f.StartsWith) &&
    some((v, p) => v.endsWith(p), f.EndsWith) &&
    none((v, p) => v === p, f.NotEquals) &&
    none((v, p) => v.startsWith(p), f.NotStartsWith) &&
    none((v, p) => v.endsWith(p), f.NotEndsWith)
  )
}

/** Whether a data resource of a basic selector covers a data event's resources. */
function dataResourceMatches(
  d: { readonly Type: string; readonly Values: readonly string[] },
  record: CloudTrailRecord,
): boolean {
  return (record.resources ?? []).some(
    (r) =>
      r.type === d.Type &&
      d.Values.some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || r.ARN.startsWith(v)),
  )
}

/** Whether a trail with these selectors logs an event (management or data). */
export function selectorsMatch(
  selectors:
    | { readonly kind: 'basic'; readonly selectors: readonly EventSelector[] }
    | { readonly kind: 'advanced'; readonly selectors: readonly AdvancedEventSelector[] },
  record: CloudTrailRecord,
): boolean {
  if (selectors.kind === 'advanced') {
    return selectors.selectors.some((s) => s.FieldSelectors.every((f) => fieldMatches(record, f)))
  }
  const readWrite = (s: EventSelector) =>
    s.ReadWriteType === 'All' || (s.ReadWriteType === 'ReadOnly') === record.readOnly
  if (record.eventCategory === 'Data') {
    return selectors.selectors.some(
      (s) => readWrite(s) && s.DataResources.some((d) => dataResourceMatches(d, record)),
    )
  }
  return selectors.selectors.some(
    (s) =>
      s.IncludeManagementEvents &&
      (s.ReadWriteType === 'All' || (s.ReadWriteType === 'ReadOnly') === record.readOnly) &&
      !s.ExcludeManagementEventSources.includes(record.eventSource),
  )
}
