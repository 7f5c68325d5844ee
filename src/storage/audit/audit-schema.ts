// Kysely's view of the audit trail's tables, as migration 0008 creates them. Times are `bigint`
// epoch ms (INTEGER in SQLite; strings from pg, hence `number | string`); flags are 0/1.

/** Row of `audit_event`. */
export interface AuditEventTable {
  node_id: string
  seq: number | string
  account_id: string
  event_time: number | string
  event_id: string
  event_name: string
  event_source: string
  read_only: number
  username: string | null
  access_key_id: string | null
  principal_arn: string | null
  error_code: string | null
  record: string
  prev_hash: string
  hash: string
}

/** Row of `audit_event_resource`: one resource (by ARN, and again by name) of an event. */
export interface AuditEventResourceTable {
  node_id: string
  seq: number | string
  ordinal: number
  account_id: string
  event_time: number | string
  resource_type: string
  resource_name: string
}

/** Row of `audit_digest`. */
export interface AuditDigestTable {
  node_id: string
  digest_seq: number | string
  first_seq: number | string
  last_seq: number | string
  last_hash: string
  created_at: number | string
  previous_signature: string
  public_key_fingerprint: string
  signature: string
}

/** The tables, for `Kysely<AuditSchema>`. */
export interface AuditSchema {
  audit_event: AuditEventTable
  audit_event_resource: AuditEventResourceTable
  audit_digest: AuditDigestTable
}
