/** The storage port of the audit trail: appends in chain order, lookups, and what verify reads. */
import type { AuditDigest } from './hash-chain.ts'
import type { StoredEvent } from './stored-event.ts'

/** The eight lookup attributes of LookupEvents. */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const
/** One of {@link LOOKUP_ATTRIBUTE_KEYS}. */
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number]

/** Where a newest-first listing stopped. */
export interface EventCursor {
  readonly eventTime: number
  readonly nodeId: string
  readonly seq: number
}

/** One LookupEvents page request. */
export interface EventQuery {
  /** The recipient account; undefined for every account (`audit tail`, export). */
  readonly accountId?: string
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string }
  /** Epoch ms, inclusive. */
  readonly startTime?: number
  /** Epoch ms, inclusive. */
  readonly endTime?: number
  readonly errorsOnly?: boolean
  readonly principalArn?: string
  /** Newest-first: events strictly older than this. */
  readonly before?: EventCursor
  readonly limit: number
}

/** A node's chain head: its last event and its last digest. */
export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** What the audit trail needs of a store. */
export interface AuditStore {
  /**
   * Appends events (and a digest sealing them, if given) durably, in chain order: in one
   * transaction of its own, or with `inUnit` in the transaction of the unit of work under way (the
   * write call's own), or, for a store with a journal, in the journal, from which they reach the
   * tables soon after (at once for any read: see `settle`). `direct` commits straight to the
   * tables, so that a digest sealing another node's chain fails there when it collides.
   */
  append(
    events: readonly StoredEvent[],
    digest?: AuditDigest,
    options?: { readonly inUnit?: boolean; readonly direct?: boolean },
  ): Promise<void>
  /**
   * Resolves once every append acknowledged so far is in the tables. The trail calls it before a
   * write call's unit of work begins, so that the unit's events follow their chain's. Reads of
   * the store settle by themselves.
   */
  settle?(): Promise<void>
  /**
   * Brings into the tables what an earlier process acknowledged but left in its journal (killed
   * before its journal was indexed). Idempotent; appends wait for it.
   */
  recover?(): Promise<void>
  /** One page of events, newest first. */
  query(q: EventQuery): Promise<StoredEvent[]>
  /** Every node that has events or digests. */
  nodes(): Promise<string[]>
  /** A node's events with seq > afterSeq, in seq order. */
  chain(nodeId: string, afterSeq: number, limit: number): Promise<StoredEvent[]>
  /** A node's digests in order. */
  digests(nodeId: string): Promise<AuditDigest[]>
  /** A node's last event (its seq, hash and time), if it has any. */
  chainEnd(nodeId: string): Promise<{ seq: number; hash: string; eventTime: number } | undefined>
  /** A node's last digest, if it has any. */
  lastDigest(nodeId: string): Promise<AuditDigest | undefined>
  /** Lets go of what appending started (a writer thread); queries still work. */
  close?(): Promise<void>
}
