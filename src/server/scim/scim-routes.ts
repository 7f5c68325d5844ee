/**
 * The SCIM 2.0 endpoint on the server's port, under `/scim/v2/` (unsigned: a bearer token
 * authenticates). Bodies are JSON (`application/scim+json` or `application/json`, at most
 * 1 MiB); answers are `application/scim+json`. Each request runs as one unit of work with its
 * audit records: a refused request (4xx) changes nothing (a group PATCH naming an unknown member
 * adds none), and a change is answered only once it and its records are committed together.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CollectedAuditEvents } from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import type { ScimResponse, ScimService } from '../../domain/identity-center/scim/index.ts'
import { SCIM_ERROR_SCHEMA } from '../../domain/identity-center/scim/index.ts'
import type { ServerLog } from '../server-log.ts'
import { BodyTooLargeError, header, isTls, readBoundedBody } from '../portal/http-exchange.ts'

/** The endpoint's path prefix. */
export const SCIM_PREFIX = '/scim/v2'
/** The largest body accepted. */
export const MAX_SCIM_BODY_BYTES = 1024 * 1024

/** The SCIM routes the HTTP handler hands `/scim/v2/…` to. */
export interface ScimRoutes {
  handles(pathname: string): boolean
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

export interface ScimRoutesDeps {
  readonly scim: ScimService
  readonly log: ServerLog
  /** Runs `work` and commits its changes and the events it reports as one transaction. */
  readonly unit: <T>(
    request: RequestInfo,
    work: (events: CollectedAuditEvents) => Promise<T>,
  ) => Promise<T>
}

/** Carries a refusal out of the unit of work, so that it rolls back. */
class Refused extends Error {
  readonly response: ScimResponse
  constructor(response: ScimResponse) {
    super('refused')
    this.response = response
  }
}

const errorBody = (status: number, detail: string, scimType?: string) => ({
  status,
  body: {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  },
})

function send(res: ServerResponse, response: ScimResponse, requestId: string): void {
  const body = response.body === undefined ? '' : JSON.stringify(response.body)
  res.writeHead(response.status, {
    ...(response.body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    'cache-control': 'no-store',
    'x-amzn-requestid': requestId,
    'content-length': String(Buffer.byteLength(body)),
  })
  res.end(body)
}

/**
 * The routes over a {@link ScimService}.
 * @example const scim = createScimRoutes({ scim: new ScimService(deps), log })
 */
export function createScimRoutes(deps: ScimRoutesDeps): ScimRoutes {
  return {
    handles: (pathname) => pathname === SCIM_PREFIX || pathname.startsWith(`${SCIM_PREFIX}/`),
    async handle(req, res) {
      const requestId = newRequestId()
      const url = new URL(req.url ?? '/', 'http://localhost')
      let raw: Buffer
      try {
        raw = await readBoundedBody(req, MAX_SCIM_BODY_BYTES)
      } catch (e) {
        if (!(e instanceof BodyTooLargeError)) throw e
        res.setHeader('connection', 'close')
        return send(res, errorBody(413, 'Request body is too large.'), requestId)
      }
      let body: unknown
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'))
        } catch {
          return send(
            res,
            errorBody(400, 'The request body is not valid JSON.', 'invalidSyntax'),
            requestId,
          )
        }
      }
      const now = new Date()
      const host = header(req, 'host') ?? '127.0.0.1'
      let response: ScimResponse
      try {
        response = await deps.unit(requestInfo(req, requestId, now), async (events) => {
          const answer = await deps.scim.handle({
            method: req.method ?? 'GET',
            path: url.pathname.slice(SCIM_PREFIX.length),
            query: url.searchParams,
            body,
            authorization: header(req, 'authorization'),
            now: now.getTime(),
            baseUrl: `${isTls(req) ? 'https' : 'http'}://${host}${SCIM_PREFIX}`,
            events,
          })
          if (answer.status >= 400) throw new Refused(answer)
          return answer
        })
      } catch (e) {
        if (e instanceof Refused) return send(res, e.response, requestId)
        deps.log.error('scim.unhandled', {
          path: url.pathname,
          error: e instanceof Error ? e.message : String(e),
        })
        return send(res, errorBody(500, 'Service failed to process the request.'), requestId)
      }
      return send(res, response, requestId)
    },
  }
}

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
