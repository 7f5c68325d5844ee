/**
 * The server's log: one JSON object per line on stderr. Never given request bodies, headers,
 * secrets or tokens: callers pass only what is safe to keep.
 */
export interface ServerLog {
  info(event: string, fields?: Record<string, unknown>): void
  warn(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
}

/** Writes JSON lines to a stream (stderr by default). */
export function jsonLog(stream: NodeJS.WritableStream = process.stderr): ServerLog {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) =>
    stream.write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + '\n')
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  }
}

/** A log that keeps nothing (tests). */
export const silentLog: ServerLog = { info() {}, warn() {}, error() {} }
