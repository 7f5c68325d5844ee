/**
 * A record as the store keeps it: the record's JSON text exactly as hashed, its place in its
 * node's hash chain, and the fields LookupEvents filters on (derived from the record, and checked
 * against it by `audit verify`).
 */
import type { CloudTrailRecord } from './audit-record.ts'
import { lookupUserName } from './user-identity.ts'

/** The fields LookupEvents and `audit tail` filter on, derived from a record. */
export interface EventIndexFields {
  readonly accountId: string
  readonly eventId: string
  readonly eventName: string
  readonly eventSource: string
  readonly readOnly: boolean
  readonly username: string | null
  readonly accessKeyId: string | null
  readonly principalArn: string | null
  readonly errorCode: string | null
  readonly resources: readonly { readonly type: string; readonly name: string }[]
}

/** One stored event. */
export interface StoredEvent extends EventIndexFields {
  /** The chain it belongs to: one per server process. */
  readonly nodeId: string
  /** Its place in the chain, from 1, without gaps. */
  readonly seq: number
  /** Epoch ms. */
  readonly eventTime: number
  /** The record's JSON text, exactly as hashed. */
  readonly record: string
  /** Hex SHA-256 of the previous event's hash and this event (see `chainHash`). */
  readonly hash: string
  readonly prevHash: string
}

/**
 * The index fields of a record. A resource is indexed by its ARN and by its name (the ARN's last
 * path segment), so LookupEvents' ResourceName finds it by either.
 */
export function indexFieldsOf(record: CloudTrailRecord): EventIndexFields {
  const id = record.userIdentity
  const resources: { type: string; name: string }[] = []
  for (const r of record.resources ?? []) {
    resources.push({ type: r.type, name: r.ARN })
    const slash = r.ARN.lastIndexOf('/')
    const name = slash >= 0 ? r.ARN.slice(slash + 1) : r.ARN.slice(r.ARN.lastIndexOf(':') + 1)
    if (name !== '' && name !== r.ARN) resources.push({ type: r.type, name })
  }
  return {
    accountId: record.recipientAccountId,
    eventId: record.eventID,
    eventName: record.eventName,
    eventSource: record.eventSource,
    readOnly: record.readOnly,
    username: lookupUserName(id) ?? null,
    accessKeyId: id.accessKeyId === undefined || id.accessKeyId === '' ? null : id.accessKeyId,
    principalArn: id.arn ?? null,
    errorCode: record.errorCode ?? null,
    resources,
  }
}
