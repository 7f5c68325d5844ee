// Kysely's view of `single_use_id`, as migration 0017 creates it.

/** Row of `single_use_id`: one used id (kept as SHA-256) until it expires (epoch ms). */
export interface SingleUseIdTable {
  kind: string
  id_hash: string
  expires_at: number
}

/** The table, for `Kysely<SingleUseSchema>`. */
export interface SingleUseSchema {
  single_use_id: SingleUseIdTable
}
