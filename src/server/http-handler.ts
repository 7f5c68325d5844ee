/**
 * The HTTP edge: one handler for every service on one port. Reads the raw request (bounded),
 * routes it, authenticates the signature, dispatches to the operation and encodes the answer in
 * the service's protocol. Nothing here knows a service's business.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { RequestInfo } from '../domain/common/caller.ts'
import { newRequestId } from '../domain/common/ids.ts'
import type { ServiceDefinition } from '../domain/common/operation.ts'
import {
  encodeJsonError,
  encodeJsonResponse,
  encodeQueryError,
  encodeQueryResponse,
  encodeRestJsonError,
  encodeRestJsonResponse,
  headerValue,
  pairRawHeaders,
  parseJsonRequest,
  parseQueryRequest,
  parseRestJsonBody,
  QUERY_NAMESPACES,
  senderError,
  type AwsError,
  type EncodedResponse,
  type XmlValue,
} from '../protocol/index.ts'
import type { Authenticator } from './authenticate.ts'
import type { Dispatcher } from './dispatcher.ts'
import type { ConsoleRoutes } from './console/index.ts'
import type { PortalRoutes } from './portal/index.ts'
import type { ScimRoutes } from './scim/scim-routes.ts'
import type { ExternalSignInRoutes } from './portal/external-sign-in-routes.ts'
import type { StaticFiles } from './static-files.ts'
import type { S3Endpoint } from './s3/s3-endpoint.ts'
import { routeRequest } from './route-request.ts'
import { unsignedStsCaller } from './unsigned-sts.ts'
import { requestedRegion } from './requested-region.ts'
import type { ServerLog } from './server-log.ts'
import type { ServerMetrics } from './server-metrics.ts'

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024

/** JSON services whose error shapes name the message `Message`. */
const JSON_MESSAGE_KEYS: Readonly<Record<string, 'Message'>> = { organizations: 'Message' }

export interface HandlerDeps {
  readonly services: ReadonlyMap<string, ServiceDefinition>
  readonly authenticator: Authenticator
  readonly dispatcher: Dispatcher
  readonly log: ServerLog
  readonly version: string
  readonly now?: () => Date
  /** Identity Center (issue 4): the unsigned sso-oidc, sso portal and portal API routes. */
  readonly portal?: PortalRoutes
  /** SCIM 2.0 provisioning under `/scim/v2/` (issue 14), bearer-token authenticated. */
  readonly scim?: ScimRoutes
  /** The portal's sign-in through an external identity provider (issue 14), under /portal/. */
  readonly externalSignIn?: ExternalSignInRoutes
  /** The web console's JSON API (`/console/api/...`). */
  readonly console?: ConsoleRoutes
  /** The built web app (pages under /portal/ and /console/, files under /assets/). */
  readonly web?: StaticFiles
  /** S3 (issue 13): requests signed for s3 or addressed to `<bucket>.localhost`, and unsigned ones no other route takes. */
  readonly s3?: S3Endpoint
  /** Counts every answered request by service, operation and status, with its latency. */
  readonly metrics?: ServerMetrics
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function send(res: ServerResponse, r: EncodedResponse): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body)
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) })
  res.end(body)
}

function sourceIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '127.0.0.1'
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

/** Creates the request listener for `http.createServer`. */
export function createHttpHandler(
  deps: HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = deps.now ?? (() => new Date())
  // What each response counts as in the metrics: [service, operation].
  const labels = new WeakMap<ServerResponse, readonly [string, string]>()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId()
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const headers = pairRawHeaders(req.rawHeaders)
    const route = routeRequest(method, path, headerValue(headers, 'x-amz-target'))
    labels.set(res, routeLabels(route, path))

    if (route.kind === 'health') {
      return send(res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'ok', version: deps.version }),
      })
    }
    if (deps.s3?.handles(req) === true) return deps.s3.handle(req, res)
    // The web console's API and the web app's pages: unsigned, cookie-authenticated.
    if (headerValue(headers, 'x-amz-target') === undefined) {
      const pathname = path.split('?', 1)[0] ?? '/'
      if (deps.console?.handles(pathname) === true) return deps.console.handle(req, res)
      if (deps.externalSignIn?.handles(pathname) === true)
        return deps.externalSignIn.handle(req, res)
      if (deps.web?.handles(method, pathname) === true) return deps.web.handle(req, res)
      if (deps.scim?.handles(pathname) === true) return deps.scim.handle(req, res)
    }
    // Identity Center (issue 4): unsigned routes, answered before SigV4 authentication.
    if (route.kind === 'identity-center') {
      if (deps.portal !== undefined) return deps.portal.handle(req, res)
      return send(res, encodeJsonError(senderError('UnknownOperationException', ''), requestId))
    }
    if (route.kind === 'not-found') {
      if (deps.s3 !== undefined && headerValue(headers, 'x-amz-target') === undefined)
        return deps.s3.handle(req, res)
      return send(res, encodeJsonError(senderError('UnknownOperationException', ''), requestId))
    }
    // rest-json (Access Analyzer) is signed and authorized like JSON 1.1; only its wire differs.
    const rest = route.kind === 'rest-json'
    const json = route.kind === 'json' || rest
    const fail = (error: AwsError, namespace: string = QUERY_NAMESPACES.iam) =>
      send(
        res,
        rest
          ? encodeRestJsonError(error, requestId)
          : json
            ? encodeJsonError(error, requestId, jsonOptions(route))
            : encodeQueryError(error, requestId, namespace),
      )

    let body: Buffer
    try {
      body = await readBody(req)
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('connection', 'close')
        return fail(
          senderError(
            'RequestEntityTooLarge',
            `Request body must be at most ${MAX_BODY_BYTES} bytes`,
            413,
          ),
        )
      }
      // The client went away mid-body: nobody to answer, and no fault of the server's.
      if (req.readableAborted || req.socket.destroyed) {
        deps.log.info('client-aborted', { requestId })
        return
      }
      throw e
    }

    const at = now()
    // AssumeRoleWithWebIdentity comes unsigned: its token is the credential.
    const anonymous = json ? undefined : unsignedStsCaller(headers, path, body)
    const auth =
      anonymous !== undefined
        ? { ok: true as const, caller: anonymous, region: 'us-east-1', service: 'sts' }
        : await deps.authenticator.authenticate(
            { method, path, headers, body },
            json ? 'json' : 'query',
            at,
          )
    if (!auth.ok) return fail(auth.error)

    const serviceName =
      route.kind === 'json' || route.kind === 'rest-json' ? route.service : auth.service
    const service = deps.services.get(serviceName)
    const namespace =
      (QUERY_NAMESPACES as Record<string, string>)[serviceName] ?? QUERY_NAMESPACES.iam
    if (service === undefined) {
      return fail(
        senderError(
          'InvalidAction',
          `The service ${serviceName} is not available on this endpoint.`,
        ),
        namespace,
      )
    }
    if (json && auth.service !== service.name) {
      return fail(
        senderError(
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${service.name}'.`,
        ),
      )
    }

    let operation: string
    let raw: Readonly<Record<string, unknown>>
    if (route.kind === 'rest-json') {
      const parsed = parseRestJsonBody(body)
      if (!parsed.ok) return fail(parsed.error)
      operation = route.operation
      raw = { ...parsed.input, ...queryMembers(path), ...route.params }
    } else if (json) {
      const parsed = parseJsonRequest(headerValue(headers, 'x-amz-target'), body)
      if (!parsed.ok) return fail(parsed.error)
      operation = parsed.operation
      raw = parsed.input
    } else {
      const query = path.includes('?')
        ? new URLSearchParams(path.slice(path.indexOf('?') + 1))
        : undefined
      const extra = query === undefined ? [] : [...query].filter(([k]) => !k.startsWith('X-Amz-'))
      const parsed = parseQueryRequest(body, extra)
      if (!parsed.ok) return fail(parsed.error, namespace)
      if (parsed.action === undefined || parsed.action === '') {
        return fail(senderError('MissingAction', 'Missing Action'), namespace)
      }
      operation = parsed.action
      raw = parsed.params
    }
    const op = deps.dispatcher.operation(service, operation)
    labels.set(res, [service.name, op === undefined ? 'unknown' : operation])
    if (op === undefined) {
      return json
        ? fail(senderError('UnknownOperationException', ''))
        : fail(
            senderError(
              'InvalidAction',
              `Could not find operation ${operation} for version ${versionOf(serviceName)}`,
            ),
            namespace,
          )
    }
    const request: RequestInfo = {
      requestId,
      sourceIp: sourceIp(req),
      // True over `serve --https-port` (issue 13).
      secureTransport: (req.socket as TLSSocket).encrypted === true,
      region: requestedRegion(service.name, auth.region),
      userAgent: req.headers['user-agent'] ?? '',
      now: at,
    }
    const result = await deps.dispatcher.run(service, operation, op, raw, auth.caller, request)
    if (!result.ok) return fail(result.error, namespace)
    if (rest)
      return send(res, encodeRestJsonResponse(result.output as object | undefined, requestId))
    if (json) return send(res, encodeJsonResponse(result.output as object | undefined, requestId))
    return send(
      res,
      encodeQueryResponse({
        action: operation,
        namespace,
        requestId,
        result: result.output as Record<string, XmlValue> | undefined,
      }),
    )
  }

  const metrics = deps.metrics
  return (req, res) => {
    if (metrics !== undefined) {
      const start = process.hrtime.bigint()
      res.once('finish', () => {
        const [service, operation] = labels.get(res) ?? ['other', 'other']
        const seconds = Number(process.hrtime.bigint() - start) / 1e9
        metrics.request(service, operation, res.statusCode, seconds)
      })
    }
    handle(req, res).catch((e: unknown) => {
      deps.log.error('unhandled', { error: e instanceof Error ? e.message : String(e) })
      if (!res.headersSent && !res.destroyed) {
        send(res, encodeJsonError(awsInternal(), newRequestId()))
      } else {
        res.destroy()
      }
    })
  }
}

/** The sso portal and sso-oidc paths, which name their operation (metrics labels). */
const IDENTITY_CENTER_OPERATIONS: Readonly<Record<string, string>> = {
  '/federation/credentials': 'GetRoleCredentials',
  '/assignment/accounts': 'ListAccounts',
  '/assignment/roles': 'ListAccountRoles',
  '/logout': 'Logout',
  '/client/register': 'RegisterClient',
  '/device_authorization': 'StartDeviceAuthorization',
  '/token': 'CreateToken',
}

/** A request's metrics labels from its route alone (a bounded set, whatever the path). */
function routeLabels(route: ReturnType<typeof routeRequest>, path: string): [string, string] {
  const pathname = path.split('?', 1)[0] ?? '/'
  if (route.kind === 'health') return ['xaccess', 'health']
  if (route.kind === 'identity-center') {
    const op = IDENTITY_CENTER_OPERATIONS[pathname]
    if (op !== undefined) return ['sso-portal', op]
    return pathname.startsWith('/portal/api/') ? ['portal', 'api'] : ['sso-portal', 'other']
  }
  if (pathname.startsWith('/console/')) return ['console', 'other']
  if (route.kind === 'not-found') return ['web', 'other']
  return ['unknown', 'unknown']
}

function jsonOptions(route: ReturnType<typeof routeRequest>): { messageKey?: 'Message' } {
  const key = route.kind === 'json' ? JSON_MESSAGE_KEYS[route.service] : undefined
  return key === undefined ? {} : { messageKey: key }
}

/** A rest-json request's query members (`?maxResults=10&nextToken=…`), signing parameters aside. */
function queryMembers(path: string): Record<string, string> {
  const q = path.indexOf('?')
  if (q < 0) return {}
  const out: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(path.slice(q + 1)))
    if (!key.startsWith('X-Amz-')) out[key] = value
  return out
}

function versionOf(service: string): string {
  return service === 'sts' ? '2011-06-15' : '2010-05-08'
}

function awsInternal(): AwsError {
  return {
    code: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
    httpStatus: 500,
    type: 'Receiver',
  }
}
