/**
 * AWS's console federation endpoint on the server's own port (`GET /federation`): the
 * `getSigninToken` action turns temporary credentials the server issued into a sign-in token,
 * and `login` spends that token once to open a console session and redirect to the console.
 * Sign-in tokens are sealed with the server's key (no table): JSON of the credentials, a random
 * id and an expiry 15 minutes on. Spent token ids go to `singleUse`: the server passes the
 * database's, so a token spent on one node is refused on every node sharing the database.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CollectedAuditEvents } from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import type { SealedBox } from '../../domain/common/sealed-box.ts'
import { InMemorySingleUseIds, type SingleUseIds } from '../../domain/common/single-use-ids.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import type { ConsoleApi } from '../../domain/identity-center/console/index.ts'
import type { SessionTokenCodec } from '../../domain/sts/index.ts'
import { header, isTls } from '../portal/http-exchange.ts'
import { consoleCookie } from './console-cookie.ts'

/** The endpoint's path. */
export const FEDERATION_PATH = '/federation'
/** How long a sign-in token may be spent (AWS: 15 minutes). */
export const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60 * 1000

/** What the endpoint is built from. */
export interface FederationEndpointDeps {
  readonly console: Pick<ConsoleApi, 'federate'>
  readonly codec: Pick<SessionTokenCodec, 'open'>
  readonly box: SealedBox
  readonly now?: () => Date
  readonly recordEvents?: (request: RequestInfo, events: CollectedAuditEvents) => Promise<void>
  /** Spent sign-in token ids (default: this process's memory). */
  readonly singleUse?: SingleUseIds
}

interface SigninClaims {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly id: string
  readonly expiresAt: number
  /** SessionDuration, when getSigninToken was given one: the console session's length. */
  readonly sessionDuration?: number
}

interface Page {
  readonly status: number
  readonly type: 'json' | 'html'
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
}

const html = (status: number, message: string): Page => ({
  status,
  type: 'html',
  body: `<!doctype html><title>Amazon Web Services Sign-In</title><h1>Amazon Web Services Sign-In</h1><p>${message}</p>`,
})
const INVALID_SESSION = () => html(400, 'Your request included invalid or expired credentials.')
const INVALID_TOKEN = () => html(400, 'Your request included an invalid sign-in token.')

/**
 * Builds the endpoint.
 * @example
 * const federation = createFederationEndpoint({ console: api, codec, box })
 * if (pathname === FEDERATION_PATH) return federation(req, res)
 */
export function createFederationEndpoint(
  deps: FederationEndpointDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = deps.now ?? (() => new Date())
  // Spent sign-in token ids, each until it would have expired anyway.
  const spent = deps.singleUse ?? new InMemorySingleUseIds()

  const getSigninToken = (query: URLSearchParams, at: Date): Page => {
    let session: unknown
    try {
      session = JSON.parse(query.get('Session') ?? '')
    } catch {
      return INVALID_SESSION()
    }
    const s = session as Record<string, unknown> | null
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.sessionId !== 'string' ||
      typeof s.sessionKey !== 'string' ||
      typeof s.sessionToken !== 'string'
    ) {
      return INVALID_SESSION()
    }
    // Long-term keys carry no session token: the codec refuses an empty or foreign one.
    const opened = deps.codec.open(s.sessionToken, at)
    if (
      !opened.ok ||
      !sameText(opened.envelope.accessKeyId, s.sessionId) ||
      !sameText(opened.envelope.secretAccessKey, s.sessionKey)
    ) {
      return INVALID_SESSION()
    }
    const claims = opened.envelope.claims
    // AWS: only credentials from AssumeRole* (or GetFederationToken) sign in to the console.
    if (claims.kind === 'user') return INVALID_SESSION()
    const duration = query.get('SessionDuration')
    if (duration !== null) {
      const seconds = Number(duration)
      // AWS: SessionDuration only for AssumeRole* credentials, never for role chaining; a
      // GetFederationToken session keeps its credentials' lifetime.
      const chained = claims.kind !== 'role' || claims.chained
      if (!/^\d+$/.test(duration) || seconds < 900 || seconds > 43200 || chained) {
        return html(400, 'The SessionDuration parameter is not valid for these credentials.')
      }
    }
    const token: SigninClaims = {
      accessKeyId: s.sessionId,
      secretAccessKey: s.sessionKey,
      sessionToken: s.sessionToken,
      id: randomBytes(16).toString('base64url'),
      expiresAt: at.getTime() + SIGNIN_TOKEN_LIFETIME_MS,
      ...(duration === null ? {} : { sessionDuration: Number(duration) }),
    }
    const SigninToken = deps.box.seal('signin-token', JSON.stringify(token))
    return { status: 200, type: 'json', body: JSON.stringify({ SigninToken }) }
  }

  const login = async (
    req: IncomingMessage,
    query: URLSearchParams,
    request: RequestInfo,
    events: CollectedAuditEvents,
  ): Promise<Page> => {
    const secure = isTls(req)
    const origin = `${secure ? 'https' : 'http'}://${header(req, 'host') ?? 'localhost'}`
    const destination = ownConsole(query.get('Destination') ?? '', origin)
    if (destination === undefined) {
      return html(400, 'The Destination parameter must be a page of this server’s console.')
    }
    const claims = openSigninToken(deps.box, query.get('SigninToken') ?? '')
    const at = request.now.getTime()
    if (claims === undefined || at >= claims.expiresAt) return INVALID_TOKEN()
    if (!(await spent.use('signin-token', claims.id, claims.expiresAt, at))) return INVALID_TOKEN()
    let opened
    try {
      const { accessKeyId, secretAccessKey, sessionToken } = claims
      opened = await deps.console.federate(
        { accessKeyId, secretAccessKey, sessionToken },
        request.now,
        {
          events,
          loginTo: destination,
        },
        claims.sessionDuration === undefined
          ? {}
          : { sessionDurationSeconds: claims.sessionDuration },
      )
    } catch {
      return INVALID_SESSION()
    }
    return {
      status: 302,
      type: 'html',
      body: '',
      headers: {
        location: destination,
        'set-cookie': consoleCookie(opened.id, (opened.expiresAt - at) / 1000, secure),
      },
    }
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const at = now()
    const events = new CollectedAuditEvents()
    const request: RequestInfo = {
      requestId: newRequestId(),
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      secureTransport: isTls(req),
      region: 'us-east-1',
      userAgent: header(req, 'user-agent') ?? '',
      now: at,
    }
    const action = url.searchParams.get('Action')
    let page: Page
    if ((req.method ?? 'GET') !== 'GET') page = html(405, 'Method not allowed.')
    else if (action === 'getSigninToken') page = getSigninToken(url.searchParams, at)
    else if (action === 'login') page = await login(req, url.searchParams, request, events)
    else page = html(400, 'The Action parameter is missing or not valid.')
    if (events.size > 0 && deps.recordEvents !== undefined) {
      try {
        await deps.recordEvents(request, events)
      } catch {
        // Nothing acknowledged that the trail did not record: no session cookie either.
        page = html(500, 'An internal error occurred.')
      }
    }
    const body = Buffer.from(page.body)
    res.writeHead(page.status, {
      'content-type': page.type === 'json' ? 'application/json' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...page.headers,
      'content-length': String(body.length),
    })
    res.end(body)
  }
}

/** The destination when it is a page of this server's console (same origin, under /console). */
function ownConsole(destination: string, origin: string): string | undefined {
  let url: URL
  try {
    url = new URL(destination)
  } catch {
    return undefined
  }
  if (url.origin !== origin) return undefined
  if (url.pathname !== '/console' && !url.pathname.startsWith('/console/')) return undefined
  return url.href
}

function openSigninToken(box: SealedBox, token: string): SigninClaims | undefined {
  if (token === '') return undefined
  const raw = box.open('signin-token', token)
  if (raw === undefined) return undefined
  try {
    const c = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    if (
      typeof c.accessKeyId === 'string' &&
      typeof c.secretAccessKey === 'string' &&
      typeof c.sessionToken === 'string' &&
      typeof c.id === 'string' &&
      typeof c.expiresAt === 'number'
    ) {
      return c as unknown as SigninClaims
    }
  } catch {
    // not ours
  }
  return undefined
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
