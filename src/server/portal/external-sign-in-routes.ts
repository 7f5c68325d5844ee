/**
 * The access portal's sign-in through an external OpenID Connect provider, over HTTP (issue 14):
 * - `GET /portal/api/sign-in-options`: which sign-in the page offers (`builtin`, or `external`
 *   with the issuer and the URL that starts it);
 * - `GET /portal/oidc/start?return_to=/portal/…`: keeps a pending sign-in, sets the binding
 *   cookie (`xaccess_oidc`: HttpOnly, SameSite=Lax so the provider's redirect back brings it,
 *   Secure over TLS, ten minutes, Path=/portal/oidc) and redirects to the provider;
 * - `GET /portal/oidc/callback`: completes the sign-in, clears the binding cookie, sets the
 *   portal session cookie and redirects to where the sign-in began.
 * - with a SAML 2.0 provider, `GET /portal/saml/start?return_to=…` redirects with an
 *   AuthnRequest (HTTP-Redirect binding) and `POST /portal/saml/acs` takes the provider's
 *   response (HTTP-POST binding); the portal's SAML entityID is `<server>/portal/saml`.
 * A refusal is answered with a short HTML page that says what happened and how to go on (never a
 * stack trace); its events are in the audit trail before the page leaves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CollectedAuditEvents } from '../../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../../domain/common/caller.ts'
import { newRequestId } from '../../domain/common/ids.ts'
import {
  ExternalSignInRefused,
  REFUSAL_MESSAGES,
  type ExternalSignIn,
} from '../../domain/identity-center/identity-source/index.ts'
import type { PortalSessions } from '../../domain/identity-center/portal/portal-sessions.ts'
import type { ServerLog } from '../server-log.ts'
import {
  BodyTooLargeError,
  isTls,
  portalUrlOf,
  readBoundedBody,
  readCookie,
} from './http-exchange.ts'
import { sessionCookie } from './portal-cookie.ts'

/** The binding cookie's name. */
export const BINDING_COOKIE = 'xaccess_oidc'
/** Where the provider sends the user back, under the portal's URL. */
export const CALLBACK_PATH = '/portal/oidc/callback'
/** Where a sign-in through the provider starts. */
export const START_PATH = '/portal/oidc/start'
const OPTIONS_PATH = '/portal/api/sign-in-options'
/** Where a SAML sign-in starts. */
export const SAML_START_PATH = '/portal/saml/start'
/** The assertion consumer service (the provider posts its response here). */
export const SAML_ACS_PATH = '/portal/saml/acs'
/** The portal's SAML entityID, under the server's URL. */
export const SAML_ENTITY_PATH = '/portal/saml'

/** Where a sign-in may return: the portal's home, or the device page with its code. */
const RETURN_TO = /^\/portal\/(device)?(\?user_code=[A-Za-z0-9-]{1,32})?$/

/** What the routes are built from. */
export interface ExternalSignInRoutesDeps {
  readonly external: ExternalSignIn
  readonly sessions: PortalSessions
  readonly log: ServerLog
  /** Writes a request's audit events durably (absent: nothing is recorded). */
  readonly recordEvents?: (request: RequestInfo, events: CollectedAuditEvents) => Promise<void>
  readonly now?: () => Date
}

/** The routes the HTTP handler hands these paths to. */
export interface ExternalSignInRoutes {
  handles(pathname: string): boolean
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The page a refused sign-in shows. */
export function refusalPage(message: string, requestId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in refused · xaccess</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Sign-in refused</h1>
<p role="alert">${escapeHtml(message)}</p>
<p><a href="/portal/">Back to the access portal</a></p>
<p style="color: #666; font-size: 0.85em">Request id: ${escapeHtml(requestId)}</p>
</body></html>
`
}

const bindingCookie = (value: string, maxAge: number, secure: boolean) =>
  [
    `${BINDING_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/portal/oidc',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')

/**
 * Builds the routes.
 * @example
 * const routes = createExternalSignInRoutes({ external, sessions, log })
 * if (routes.handles(pathname)) return routes.handle(req, res)
 */
export function createExternalSignInRoutes(deps: ExternalSignInRoutesDeps): ExternalSignInRoutes {
  const now = deps.now ?? (() => new Date())

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId()
    const url = new URL(req.url ?? '/', 'http://localhost')
    const secure = isTls(req)
    const portalUrl = portalUrlOf(req)
    const origin = portalUrl.replace(/\/portal$/, '')
    const redirectUri = `${origin}${CALLBACK_PATH}`
    const sp = { entityId: `${origin}${SAML_ENTITY_PATH}`, acsUrl: `${origin}${SAML_ACS_PATH}` }
    const at = now()
    const common = { 'cache-control': 'no-store', 'x-amzn-requestid': requestId }
    const page = (status: number, message: string, cookies: string[] = []) => {
      res.writeHead(status, {
        ...common,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        ...(cookies.length === 0 ? {} : { 'set-cookie': cookies }),
      })
      res.end(refusalPage(message, requestId))
    }
    const method = url.pathname === SAML_ACS_PATH ? 'POST' : 'GET'
    if (req.method !== method) {
      res.writeHead(405, { ...common, allow: method })
      res.end()
      return
    }
    try {
      if (url.pathname === OPTIONS_PATH) {
        const provider = await deps.external.externalProvider()
        res.writeHead(200, { ...common, 'content-type': 'application/json' })
        res.end(
          JSON.stringify(
            provider === undefined
              ? { kind: 'builtin' }
              : {
                  kind: 'external',
                  issuer: provider.issuer,
                  signInUrl: provider.protocol === 'saml' ? SAML_START_PATH : START_PATH,
                },
          ),
        )
        return
      }
      if (url.pathname === SAML_START_PATH) {
        const asked = url.searchParams.get('return_to') ?? '/portal/'
        const returnTo = RETURN_TO.test(asked) ? asked : '/portal/'
        const location = await deps.external.beginSaml(returnTo, sp, at)
        res.writeHead(302, { ...common, location })
        res.end()
        return
      }
      if (url.pathname === START_PATH) {
        const asked = url.searchParams.get('return_to') ?? '/portal/'
        const returnTo = RETURN_TO.test(asked) ? asked : '/portal/'
        const { authorizationUrl, binding } = await deps.external.begin(returnTo, redirectUri, at)
        res.writeHead(302, {
          ...common,
          location: authorizationUrl,
          'set-cookie': bindingCookie(binding, 600, secure),
        })
        res.end()
        return
      }
      // The callback.
      const events = new CollectedAuditEvents()
      const cleared = bindingCookie('', 0, secure)
      const q = url.searchParams
      let outcome: Awaited<ReturnType<ExternalSignIn['complete']>> | ExternalSignInRefused
      try {
        if (url.pathname === SAML_ACS_PATH) {
          let form: URLSearchParams
          try {
            form = new URLSearchParams((await readBoundedBody(req)).toString('utf8'))
          } catch (e) {
            if (!(e instanceof BodyTooLargeError)) throw e
            throw new ExternalSignInRefused('invalid-assertion', 'body too large')
          }
          outcome = await deps.external.completeSaml(
            {
              SAMLResponse: form.get('SAMLResponse') ?? undefined,
              RelayState: form.get('RelayState') ?? undefined,
            },
            sp,
            at,
            events,
            `${portalUrl}/`,
          )
        } else
          outcome = await deps.external.complete(
            {
              state: q.get('state') ?? undefined,
              code: q.get('code') ?? undefined,
              error: q.get('error') ?? undefined,
            },
            readCookie(req, BINDING_COOKIE),
            at,
            events,
            `${portalUrl}/`,
          )
      } catch (e) {
        if (!(e instanceof ExternalSignInRefused)) throw e
        outcome = e
      }
      if (events.size > 0 && deps.recordEvents !== undefined) {
        // Nothing is answered that the trail did not record (no session cookie either).
        await deps.recordEvents(requestInfo(req, requestId, at), events)
      }
      if (outcome instanceof ExternalSignInRefused) {
        return page(
          outcome.reason === 'provider-unreachable' ? 502 : 400,
          REFUSAL_MESSAGES[outcome.reason],
          [cleared],
        )
      }
      const { session, returnTo } = outcome
      const expiresAt = deps.sessions.expiresAt(session.record)
      res.writeHead(302, {
        ...common,
        location: returnTo,
        'set-cookie': [
          cleared,
          sessionCookie(session.id, (expiresAt - at.getTime()) / 1000, secure),
        ],
      })
      res.end()
    } catch (e) {
      if (e instanceof ExternalSignInRefused) {
        deps.log.warn('portal.external-sign-in-refused', { reason: e.reason, detail: e.message })
        return page(e.reason === 'provider-unreachable' ? 502 : 400, REFUSAL_MESSAGES[e.reason])
      }
      deps.log.error('portal.external-sign-in-failed', {
        path: url.pathname,
        error: e instanceof Error ? e.message : String(e),
      })
      return page(
        500,
        'The sign-in could not be completed because of an internal error. Try again later.',
      )
    }
  }

  return {
    handles: (pathname) =>
      [OPTIONS_PATH, START_PATH, CALLBACK_PATH, SAML_START_PATH, SAML_ACS_PATH].includes(pathname),
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
