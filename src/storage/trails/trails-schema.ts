// Kysely's view of the trails' tables, as migration 0009 creates them. Times are `bigint` epoch
// ms (INTEGER in SQLite; strings from pg, hence `number | string`); flags are 0/1.

type Time = number | string

/** Row of `trail`. */
export interface TrailTable {
  arn: string
  account_id: string
  name: string
  home_region: string
  s3_bucket_name: string
  s3_key_prefix: string
  include_global_service_events: number
  is_multi_region_trail: number
  organization_id: string | null
  log_file_validation_enabled: number
  created_at: Time
}

/** Row of `trail_event_selectors`: `kind` basic or advanced, `document` their JSON. */
export interface TrailEventSelectorsTable {
  trail_arn: string
  kind: string
  document: string
}

/** Row of `trail_tag`. */
export interface TrailTagTable {
  trail_arn: string
  tag_key: string
  tag_value: string
}

/** Row of `trail_status`, with the delivery lease. */
export interface TrailStatusTable {
  trail_arn: string
  is_logging: number
  start_logging_time: Time | null
  stop_logging_time: Time | null
  latest_delivery_time: Time | null
  latest_digest_delivery_time: Time | null
  latest_delivery_attempt_time: Time | null
  latest_delivery_error: string | null
  lease_owner: string | null
  lease_until: Time
}

/** Row of `trail_cursor`: the last delivered seq of one audit chain. */
export interface TrailCursorTable {
  trail_arn: string
  node_id: string
  last_seq: Time
}

/** Row of `trail_log_file`: a delivered log file no digest lists yet. */
export interface TrailLogFileTable {
  trail_arn: string
  s3_object: string
  account_id: string
  region: string
  s3_bucket: string
  hash_value: string
  oldest_event_time: Time
  newest_event_time: Time
  delivered_at: Time
}

/** Row of `trail_digest_head`: the last digest of one account and Region. */
export interface TrailDigestHeadTable {
  trail_arn: string
  account_id: string
  region: string
  end_time: Time
  s3_bucket: string
  s3_object: string
  hash_value: string
  signature: string
}

/** The tables, for `Kysely<TrailsSchema>`. */
export interface TrailsSchema {
  trail: TrailTable
  trail_event_selectors: TrailEventSelectorsTable
  trail_tag: TrailTagTable
  trail_status: TrailStatusTable
  trail_cursor: TrailCursorTable
  trail_log_file: TrailLogFileTable
  trail_digest_head: TrailDigestHeadTable
}
