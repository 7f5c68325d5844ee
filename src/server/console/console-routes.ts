/**
 * The console's JSON API over HTTP (`/console/api/...`): the session from the `xaccess_console`
 * cookie, the CSRF token from `x-xaccess-csrf` on every state change, JSON bodies
 * (`content-type: application/json` on POST, which a cross-site form cannot send; the two
 * sign-in routes, which have no session yet, also need the header present, so a cross-site page
 * cannot sign a browser in to someone else's session). Answers are JSON, never cached; refusals
 * `{"code", "message"}` with AWS's code and wording when AWS refused (AccessDenied, …).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CollectedAuditEvents } from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import { isDomainError } from '../../domain/common/domain-error.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import {
  consoleErrors,
  type ConsoleApi,
  type ConsoleCaller,
} from '../../domain/identity-center/console/index.ts'
import { CSRF_HEADER } from '../portal/portal-api-routes.ts'
import {
  BodyTooLargeError,
  header,
  isTls,
  readBoundedBody,
  readCookie,
} from '../portal/http-exchange.ts'
import type { ServerLog } from '../server-log.ts'
import { callerFromEnvelope } from '../../domain/sts/index.ts'
import type { AnalysisViews } from './analysis-views.ts'
import { clearedConsoleCookie, CONSOLE_COOKIE, consoleCookie } from './console-cookie.ts'

/** The console API's prefix. */
export const CONSOLE_API_PREFIX = '/console/api/'

/** What the console routes are built from. */
export interface ConsoleRoutesDeps {
  readonly console: ConsoleApi
  readonly log: ServerLog
  readonly now?: () => Date
  /**
   * Writes a request's audit events (console sign-ins, Switch Role) durably; the response leaves
   * only after it resolved. Absent: nothing is recorded.
   */
  readonly recordEvents?: (request: RequestInfo, events: CollectedAuditEvents) => Promise<void>
  /** The findings view and the organization picture; absent: those routes answer 404. */
  readonly analysis?: AnalysisViews
}

/** What the HTTP handler calls for `/console/api/...`. */
export interface ConsoleRoutes {
  /** True for a path (without query string) these routes answer. */
  handles(pathname: string): boolean
  /** Answers the request completely. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

interface Reply {
  readonly status: number
  readonly body: object
  readonly cookie?: string
}

interface Ctx {
  readonly req: IncomingMessage
  readonly input: Readonly<Record<string, unknown>>
  readonly query: URLSearchParams
  readonly request: RequestInfo
  readonly caller: (stateChanging: boolean) => Promise<ConsoleCaller>
  readonly secure: boolean
  /** Where sign-ins and Switch Role are reported, with the console's URL (`LoginTo`). */
  readonly audit: { readonly events: CollectedAuditEvents; readonly loginTo: string }
}

type Route = (ctx: Ctx, rest: string) => Promise<Reply>

const ok = (body: object, cookie?: string): Reply => ({
  status: 200,
  body,
  ...(cookie === undefined ? {} : { cookie }),
})

/** Builds the console routes. */
export function createConsoleRoutes(deps: ConsoleRoutesDeps): ConsoleRoutes {
  const api = deps.console
  const now = deps.now ?? (() => new Date())
  const opened = (o: { id: string; expiresAt: number; view: object }, at: Date, secure: boolean) =>
    ok(o.view, consoleCookie(o.id, (o.expiresAt - at.getTime()) / 1000, secure))
  const analysisOf = (): AnalysisViews => {
    if (deps.analysis === undefined) throw consoleErrors.badRequest('no findings on this server')
    return deps.analysis
  }
  const needHeader = (ctx: Ctx) => {
    if ((header(ctx.req, CSRF_HEADER) ?? '') === '') throw consoleErrors.csrf()
  }

  const routes: Record<string, Route> = {
    'POST federate': async (ctx) => {
      needHeader(ctx)
      const at = ctx.request.now
      return opened(await api.federate(ctx.input, at, ctx.audit), at, ctx.secure)
    },
    'POST sign-in': async (ctx) => {
      needHeader(ctx)
      const result = await api.signInIam(ctx.input, ctx.request.now, ctx.audit)
      if ('mfaRequired' in result) {
        return {
          status: 401,
          body: { code: 'MfaRequired', mfaRequired: true, message: 'enter your MFA code' },
        }
      }
      return opened(result, ctx.request.now, ctx.secure)
    },
    'GET session': async (ctx) => ok(api.view(await ctx.caller(false))),
    'POST switch-role': async (ctx) =>
      ok(await api.switchRole(await ctx.caller(true), ctx.input, ctx.request, ctx.audit)),
    'POST switch-back': async (ctx) => ok(await api.switchBack(await ctx.caller(true))),
    'POST sign-out': async (ctx) => {
      await api.signOut(await ctx.caller(true))
      return ok({ signedOut: true }, clearedConsoleCookie(ctx.secure))
    },
    'GET identity-center-users': async (ctx) =>
      ok(
        await api.identityCenterUsers(
          await ctx.caller(false),
          Object.fromEntries(ctx.query),
          ctx.request,
        ),
      ),
    'POST identity-center-password': async (ctx) =>
      ok(await api.setIdentityCenterPassword(await ctx.caller(true), ctx.input, ctx.request)),
    // Event history: LookupEvents as the current identity; `requestId` names the page's own
    // lookups (recorded like every call) so it can tell them from the account's activity.
    'GET events': async (ctx) => ({
      status: 200,
      body: {
        ...(await api.events(await ctx.caller(false), Object.fromEntries(ctx.query), ctx.request)),
        requestId: ctx.request.requestId,
      },
    }),
    // Findings across the organization and its picture, as the current identity (the engine decides).
    'GET findings': async (ctx) =>
      ok(
        await analysisOf().findings(
          callerFromEnvelope((await ctx.caller(false)).current),
          ctx.query,
          ctx.request,
        ),
      ),
    'GET organization': async (ctx) =>
      ok(
        await analysisOf().organization(
          callerFromEnvelope((await ctx.caller(false)).current),
          ctx.request,
        ),
      ),
    'GET read': async (ctx, rest) => {
      const input = Object.fromEntries(ctx.query)
      return ok((await api.read(await ctx.caller(false), rest, input, ctx.request)) ?? {})
    },
  }

  async function answer(
    req: IncomingMessage,
    url: URL,
    at: Date,
    audit: { request?: RequestInfo; events: CollectedAuditEvents },
  ): Promise<Reply> {
    const method = req.method ?? 'GET'
    const path = url.pathname.slice(CONSOLE_API_PREFIX.length)
    const [head = '', ...tail] = path.split('/')
    const route = routes[`${method} ${head}`]
    if (route === undefined || (head !== 'read' && tail.length > 0)) {
      return { status: 404, body: { code: 'NotFound', message: 'no such console API' } }
    }
    const secure = isTls(req)
    let input: Readonly<Record<string, unknown>> = {}
    if (method === 'POST') {
      if (!/^application\/json\b/i.test(header(req, 'content-type') ?? '')) {
        throw consoleErrors.badRequest('the body must be JSON (content-type: application/json)')
      }
      input = parseObject(await readBoundedBody(req))
    }
    const request: RequestInfo = {
      requestId: newRequestId(),
      sourceIp: sourceIp(req),
      secureTransport: secure,
      region: 'us-east-1',
      userAgent: header(req, 'user-agent') ?? '',
      now: at,
    }
    audit.request = request
    const credentials = {
      cookie: readCookie(req, CONSOLE_COOKIE),
      csrfHeader: header(req, CSRF_HEADER),
    }
    const ctx: Ctx = {
      req,
      input,
      query: url.searchParams,
      request,
      secure,
      caller: (stateChanging) => api.authenticate(credentials, stateChanging, at),
      audit: {
        events: audit.events,
        loginTo: `${secure ? 'https' : 'http'}://${header(req, 'host') ?? 'localhost'}/console/`,
      },
    }
    return route(ctx, tail.join('/'))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    let reply: Reply
    const audit: { request?: RequestInfo; events: CollectedAuditEvents } = {
      events: new CollectedAuditEvents(),
    }
    try {
      reply = await answer(req, url, now(), audit)
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close')
        reply = { status: 413, body: { code: 'RequestEntityTooLarge', message: 'body too large' } }
      } else if (isDomainError(e)) {
        const gone = e.code === 'NotSignedIn' && readCookie(req, CONSOLE_COOKIE) !== undefined
        reply = {
          status: e.httpStatus,
          body: { code: e.code, message: e.message },
          ...(gone ? { cookie: clearedConsoleCookie(isTls(req)) } : {}),
        }
      } else {
        deps.log.error('console.unhandled', {
          path: url.pathname,
          error: e instanceof Error ? e.message : String(e),
        })
        reply = {
          status: 500,
          body: { code: 'InternalError', message: 'an internal error occurred' },
        }
      }
    }
    if (audit.events.size > 0 && audit.request !== undefined && deps.recordEvents !== undefined) {
      try {
        await deps.recordEvents(audit.request, audit.events)
      } catch (e) {
        // Nothing is answered that the trail did not record (no session cookie either).
        deps.log.error('audit-write-failed', {
          requestId: audit.request.requestId,
          error: e instanceof Error ? e.message : String(e),
        })
        reply = {
          status: 500,
          body: { code: 'InternalError', message: 'an internal error occurred' },
        }
      }
    }
    const body = Buffer.from(JSON.stringify(reply.body))
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(reply.cookie === undefined ? {} : { 'set-cookie': reply.cookie }),
      'content-length': String(body.length),
    })
    res.end(body)
  }

  return { handles: (pathname) => pathname.startsWith(CONSOLE_API_PREFIX), handle }
}

function parseObject(body: Buffer): Readonly<Record<string, unknown>> {
  if (body.length === 0) return {}
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // fall through
  }
  throw consoleErrors.badRequest('the body must be a JSON object')
}

function sourceIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '127.0.0.1'
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}
