// The rows an append inserts, shared by the SQL store (Kysely) and the SQLite writer thread.
import type { AuditDigest, StoredEvent } from '../../domain/cloudtrail/index.ts'
import type { AuditDigestTable, AuditEventResourceTable, AuditEventTable } from './audit-schema.ts'

/** The `audit_event` row of an event. */
export function eventRow(e: StoredEvent): AuditEventTable {
  return {
    node_id: e.nodeId,
    seq: e.seq,
    account_id: e.accountId,
    event_time: e.eventTime,
    event_id: e.eventId,
    event_name: e.eventName,
    event_source: e.eventSource,
    read_only: e.readOnly ? 1 : 0,
    username: e.username,
    access_key_id: e.accessKeyId,
    principal_arn: e.principalArn,
    error_code: e.errorCode,
    record: e.record,
    prev_hash: e.prevHash,
    hash: e.hash,
  }
}

/** The `audit_event_resource` rows of an event, in its resources' order. */
export function resourceRows(e: StoredEvent): AuditEventResourceTable[] {
  return e.resources.map((r, ordinal) => ({
    node_id: e.nodeId,
    seq: e.seq,
    ordinal,
    account_id: e.accountId,
    event_time: e.eventTime,
    resource_type: r.type,
    resource_name: r.name,
  }))
}

/** The `audit_digest` row of a digest. */
export function digestRow(d: AuditDigest): AuditDigestTable {
  return {
    node_id: d.nodeId,
    digest_seq: d.digestSeq,
    first_seq: d.firstSeq,
    last_seq: d.lastSeq,
    last_hash: d.lastHash,
    created_at: d.createdAt,
    previous_signature: d.previousSignature,
    public_key_fingerprint: d.publicKeyFingerprint,
    signature: d.signature,
  }
}
