/**
 * The page's only way to the server: JSON over fetch, same origin, cookies sent by the browser,
 * the CSRF token in `x-xaccess-csrf` on every POST. A refusal becomes an {@link ApiError}
 * carrying the server's code and message.
 */

/** A refusal from the portal or console API. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly body: Record<string, unknown>

  constructor(status: number, body: Record<string, unknown>) {
    const message = typeof body.message === 'string' && body.message !== '' ? body.message : ''
    super(message || `request failed (${status})`)
    this.status = status
    this.code = typeof body.code === 'string' ? body.code : 'Error'
    this.body = body
  }
}

/** The CSRF header both APIs check. */
export const CSRF_HEADER = 'x-xaccess-csrf'

/** Calls `method path`; `csrf` is sent on POSTs (a placeholder before any session exists). */
export async function api<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: object; csrf?: string | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method === 'POST') {
    headers['content-type'] = 'application/json'
    headers[CSRF_HEADER] = options.csrf ?? 'none'
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
  })
  const body = ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown>
  if (!res.ok) throw new ApiError(res.status, body)
  return body as T
}

/** The message to show for any error. */
export const messageOf = (e: unknown): string =>
  e instanceof Error ? e.message : 'something went wrong'
