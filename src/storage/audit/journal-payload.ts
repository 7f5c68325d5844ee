/**
 * What one group commit puts in a journal frame, and back. The record texts are written as they
 * are, one a line after a first line that holds everything else (each event's chain place and
 * index fields, positionally, and the digest): JSON-escaping a record's text a second time, as
 * a plain `JSON.stringify({events, digest})` does, cost more than the rest of the frame.
 *
 * INVARIANT: a record text holds no line break: it is `JSON.stringify` output without
 * indentation, in which a line break can only appear escaped.
 *
 * Frames written before this encoding (one JSON object `{events, digest?}`) still decode, so that
 * an upgraded server recovers what an older one left in its journal.
 */
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'

/** A group commit as a frame holds it. */
export interface JournalBatch {
  readonly events: readonly StoredEvent[]
  readonly digest?: AuditDigest | undefined
}

/** Tells this encoding from the older JSON object, which starts with `{`. */
const VERSION = 2

/** One event's fields but its record text, in a fixed order. */
type EventFields = [
  nodeId: string,
  seq: number,
  eventTime: number,
  hash: string,
  prevHash: string,
  accountId: string,
  eventId: string,
  eventName: string,
  eventSource: string,
  readOnly: boolean,
  username: string | null,
  accessKeyId: string | null,
  principalArn: string | null,
  errorCode: string | null,
  resources: readonly { readonly type: string; readonly name: string }[],
]

/** The text of a frame: the fields line, then each event's record text on a line of its own. */
export function encodeJournalBatch(events: readonly StoredEvent[], digest?: AuditDigest): string {
  const fields: EventFields[] = new Array<EventFields>(events.length)
  let records = ''
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    fields[i] = [
      e.nodeId,
      e.seq,
      e.eventTime,
      e.hash,
      e.prevHash,
      e.accountId,
      e.eventId,
      e.eventName,
      e.eventSource,
      e.readOnly,
      e.username,
      e.accessKeyId,
      e.principalArn,
      e.errorCode,
      e.resources,
    ]
    records += '\n' + e.record
  }
  return JSON.stringify([VERSION, fields, digest ?? null]) + records
}

/** The group commit a frame's text holds (either encoding). */
export function decodeJournalBatch(text: string): JournalBatch {
  if (text.startsWith('{')) return JSON.parse(text) as JournalBatch
  const lines = text.split('\n')
  const [version, fields, digest] = JSON.parse(lines[0]!) as [
    number,
    EventFields[],
    AuditDigest | null,
  ]
  if (version !== VERSION || fields.length !== lines.length - 1)
    throw new Error(`unreadable audit journal frame (version ${version})`)
  const events = fields.map((f, i): StoredEvent => ({
    nodeId: f[0],
    seq: f[1],
    eventTime: f[2],
    hash: f[3],
    prevHash: f[4],
    accountId: f[5],
    eventId: f[6],
    eventName: f[7],
    eventSource: f[8],
    readOnly: f[9],
    username: f[10],
    accessKeyId: f[11],
    principalArn: f[12],
    errorCode: f[13],
    resources: f[14],
    record: lines[i + 1]!,
  }))
  return digest === null ? { events } : { events, digest }
}
