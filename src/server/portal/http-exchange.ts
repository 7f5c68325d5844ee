/**
 * The small HTTP toolkit of the portal routes: a bounded body reader, cookies, and writing
 * encoded responses. Responses are never cached (`cache-control: no-store`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { EncodedResponse } from '../../protocol/index.ts'

/** The largest body these routes accept (they take a few short fields). */
export const MAX_PORTAL_BODY_BYTES = 64 * 1024

/** Thrown by {@link readBoundedBody} past the limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

/** Reads the whole body, refusing more than `limit` bytes. */
export async function readBoundedBody(
  req: IncomingMessage,
  limit = MAX_PORTAL_BODY_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new BodyTooLargeError()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Writes an encoded response, with `no-store` and any extra headers (`set-cookie`). */
export function sendEncoded(
  res: ServerResponse,
  response: EncodedResponse,
  extra: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(response.body)
  res.writeHead(response.status, {
    ...response.headers,
    'cache-control': 'no-store',
    ...extra,
    'content-length': String(body.length),
  })
  res.end(body)
}

/** A single header's value (the first, if repeated). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** The value of cookie `name` from the Cookie header, if present once. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const raw = header(req, 'cookie')
  if (raw === undefined) return undefined
  const values = raw
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1))
  return values.length === 1 ? values[0] : undefined
}

/** True when the request came over TLS to this process. */
export const isTls = (req: IncomingMessage): boolean =>
  (req.socket as Partial<TLSSocket>).encrypted === true

/** The portal's base URL as the client reached it: `http(s)://host/portal`. */
export function portalUrlOf(req: IncomingMessage): string {
  const host = header(req, 'host') ?? '127.0.0.1'
  return `${isTls(req) ? 'https' : 'http'}://${host}/portal`
}
