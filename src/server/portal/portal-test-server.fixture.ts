/**
 * An HTTP server over the portal routes and the fake portal (`portal.fixture.ts`), on a random
 * loopback port, and a small cookie-keeping client for the portal API.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildPortal, freshCode } from '../../domain/identity-center/portal/portal.fixture.ts'
import { silentLog } from '../server-log.ts'
import { createPortalRoutes } from './portal-routes.ts'

/** Starts a server; `close()` stops it. */
export async function startPortalServer(now?: () => Date) {
  const portal = buildPortal()
  const routes = createPortalRoutes({
    portal,
    log: silentLog,
    ...(now === undefined ? {} : { now }),
  })
  const server: Server = createServer((req, res) => void routes.handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    portal,
    routes,
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A browser-like client of the portal API: keeps the session cookie and the CSRF token. */
export class PortalClient {
  readonly base: string
  cookie: string | undefined
  csrf: string | undefined

  constructor(base: string) {
    this.base = base
  }

  async call(method: 'GET' | 'POST', path: string, body?: object, csrf = true) {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.cookie !== undefined) headers.cookie = this.cookie
    if (csrf && this.csrf !== undefined) headers['x-xaccess-csrf'] = this.csrf
    const res = await fetch(`${this.base}/portal/api/${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie !== null) this.cookie = setCookie.split(';')[0]
    const json = (await res.json()) as Record<string, unknown>
    if (typeof json.csrfToken === 'string') this.csrf = json.csrfToken
    return { status: res.status, json, setCookie, headers: res.headers }
  }

  /** Signs in as alice (password and TOTP). */
  signInAlice() {
    return this.call('POST', 'sign-in', {
      username: 'alice',
      password: 'alice-password-1',
      totp: freshCode(),
    })
  }
}
