/**
 * Where sign-in, token and credential refusals are reported: the server's log satisfies this
 * structurally. Fields name the reason and the subject (user id, client id), never a password,
 * code, token or cookie.
 */
export interface SecurityLog {
  info(event: string, fields?: Record<string, unknown>): void
  warn(event: string, fields?: Record<string, unknown>): void
}

/** A log that keeps nothing. */
export const silentSecurityLog: SecurityLog = { info() {}, warn() {} }
