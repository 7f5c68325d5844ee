// Kysely's view of the web console's tables, as migration 0007 creates them. Times are `bigint`
// epoch ms (INTEGER in SQLite); the switched role and the recent roles are JSON text.

/** Row of `console_session`: a {@link ConsoleSessionRecord} keyed by the SHA-256 of its id. */
export interface ConsoleSessionTable {
  id_hash: string
  csrf_token: string
  origin: string
  /** A session token: sealed by the server's key (AES-GCM), useless without it. */
  base_token: string
  base_expires_at: number
  /** JSON of the switched role (its session token sealed likewise), or null. */
  switched: string | null
  /** JSON array of the recent roles. */
  recent_roles: string
  created_at: number
  last_seen_at: number
}

/** Row of `console_sign_in_failure`: failed IAM sign-ins of one account/user name. */
export interface ConsoleSignInFailureTable {
  /** SHA-256 of the key: what was typed as a user name (a password, at times) is not kept. */
  key_hash: string
  failures: number
  locked_until: number
  last_failed_at: number
}

/** The tables, for `Kysely<ConsoleSessionsSchema>`. */
export interface ConsoleSessionsSchema {
  console_session: ConsoleSessionTable
  console_sign_in_failure: ConsoleSignInFailureTable
}
