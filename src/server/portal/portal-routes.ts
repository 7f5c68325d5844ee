/**
 * The HTTP face of the access portal: sso-oidc, the sso portal API and the portal JSON API, all
 * unsigned, reached before SigV4 authentication. One handler for the three families; errors of
 * the domain come back in each family's wire shape, anything else is logged and answered 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CollectedAuditEvents } from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import type { IdentityCenterPortal } from '../../domain/identity-center/portal/index.ts'
import {
  encodeRestJsonError,
  senderError,
  receiverError,
  type EncodedResponse,
} from '../../protocol/index.ts'
import type { ServerLog } from '../server-log.ts'
import {
  BodyTooLargeError,
  isTls,
  MAX_PORTAL_BODY_BYTES,
  portalUrlOf,
  readBoundedBody,
  sendEncoded,
} from './http-exchange.ts'
import { identityCenterFamily } from './identity-center-paths.ts'
import { handleOidc } from './oidc-routes.ts'
import { handlePortalApi } from './portal-api-routes.ts'
import type { RouteContext } from './route-context.ts'
import { handleSsoPortal } from './sso-portal-routes.ts'

/** What the portal routes are built from. */
export interface PortalRoutesDeps {
  readonly portal: Pick<IdentityCenterPortal, 'oidc' | 'ssoPortal' | 'portalApi'>
  readonly log: ServerLog
  /** The portal's public URL (`<server>/portal`); by default from the request's Host. */
  readonly portalUrl?: string
  readonly now?: () => Date
  /**
   * Writes a request's audit events (sign-ins, sso-oidc, the sso portal API) durably; the
   * response leaves only after it resolved. Absent: nothing is recorded.
   */
  readonly recordEvents?: (request: RequestInfo, events: CollectedAuditEvents) => Promise<void>
}

/** What the HTTP handler calls for the unsigned Identity Center routes. */
export interface PortalRoutes {
  /** True for a path (without query string) these routes answer. */
  handles(pathname: string): boolean
  /** Answers the request completely (reads the body, writes the response). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

/**
 * Builds the portal routes.
 * @example
 * const routes = createPortalRoutes({ portal: createIdentityCenterPortal(deps), log })
 * if (routes.handles(pathname)) return routes.handle(req, res)
 */
export function createPortalRoutes(deps: PortalRoutesDeps): PortalRoutes {
  const now = deps.now ?? (() => new Date())
  const { oidc, ssoPortal, portalApi } = deps.portal

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId()
    const url = new URL(req.url ?? '/', 'http://localhost')
    const family = identityCenterFamily(url.pathname)
    const restJsonError = (code: string, message: string, status: number) =>
      sendEncoded(res, encodeRestJsonError(senderError(code, message, status), requestId))
    if (family === undefined) return restJsonError('UnknownOperationException', '', 404)
    let body: Buffer
    try {
      body = await readBoundedBody(req)
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e
      res.setHeader('connection', 'close')
      return restJsonError(
        'RequestEntityTooLarge',
        `Request body must be at most ${MAX_PORTAL_BODY_BYTES} bytes`,
        413,
      )
    }
    const at = now()
    const events = new CollectedAuditEvents()
    const portalUrl = deps.portalUrl ?? portalUrlOf(req)
    const ctx: RouteContext = {
      req,
      method: req.method ?? 'GET',
      pathname: url.pathname,
      query: url.searchParams,
      body,
      requestId,
      now: at,
      events,
      portalUrl,
    }
    const internal = () =>
      encodeRestJsonError(
        receiverError('InternalServerException', 'An internal error occurred', 500),
        requestId,
      )
    let response: EncodedResponse
    let extra: Record<string, string> = {}
    try {
      if (family === 'sso-oidc') response = await handleOidc(oidc, ctx, portalUrl)
      else if (family === 'sso-portal') response = await handleSsoPortal(ssoPortal, ctx)
      else {
        const out = await handlePortalApi(portalApi, ctx, (reason) =>
          deps.log.warn('portal.refused', { reason, path: url.pathname }),
        )
        response = out.response
        if (out.setCookie !== undefined) extra = { 'set-cookie': out.setCookie }
      }
    } catch (e) {
      deps.log.error('portal.unhandled', {
        path: url.pathname,
        error: e instanceof Error ? e.message : String(e),
      })
      response = internal()
    }
    if (events.size > 0 && deps.recordEvents !== undefined) {
      try {
        await deps.recordEvents(requestInfo(req, requestId, at), events)
      } catch (e) {
        // Nothing is answered that the trail did not record (no session cookie either).
        deps.log.error('audit-write-failed', {
          requestId,
          error: e instanceof Error ? e.message : String(e),
        })
        return sendEncoded(res, internal())
      }
    }
    return sendEncoded(res, response, extra)
  }

  return {
    handles: (pathname) => identityCenterFamily(pathname) !== undefined,
    handle,
  }
}

/** The request's facts as its events record them. */
function requestInfo(req: IncomingMessage, requestId: string, now: Date): RequestInfo {
  const ip = req.socket.remoteAddress ?? '127.0.0.1'
  return {
    requestId,
    sourceIp: ip.startsWith('::ffff:') ? ip.slice(7) : ip,
    secureTransport: isTls(req),
    region: 'us-east-1',
    userAgent: req.headers['user-agent'] ?? '',
    now,
  }
}
