/**
 * The portal's JSON API over HTTP (`/portal/api/...`): the session from the `xaccess_portal`
 * cookie, the CSRF token from `x-xaccess-csrf` on every state-changing call, JSON bodies
 * (`content-type: application/json` required on POST, which a cross-site form cannot send).
 * Answers are JSON; refusals `{"code", "message"}` with the status the domain chose.
 */
import { isDomainError } from '../../domain/common/domain-error.ts'
import {
  describeCaller,
  portalErrors,
  type PortalApi,
  type PortalCaller,
} from '../../domain/identity-center/portal/index.ts'
import type { EncodedResponse } from '../../protocol/index.ts'
import { header, isTls, readCookie } from './http-exchange.ts'
import { clearedCookie, PORTAL_COOKIE, sessionCookie } from './portal-cookie.ts'
import { PORTAL_API_PREFIX } from './identity-center-paths.ts'
import type { RouteContext } from './route-context.ts'

/** A response and the cookie to set with it, if any. */
export interface PortalApiResponse {
  readonly response: EncodedResponse
  readonly setCookie?: string
}

/** The CSRF header's name. */
export const CSRF_HEADER = 'x-xaccess-csrf'

const json = (status: number, body: object, requestId: string): EncodedResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
  body: JSON.stringify(body),
})

type Handler = (
  ctx: RouteContext,
  input: Readonly<Record<string, unknown>>,
) => Promise<PortalApiResponse>

/** Handles one portal API request. */
export async function handlePortalApi(
  api: PortalApi,
  ctx: RouteContext,
  onRefused: (reason: string) => void,
): Promise<PortalApiResponse> {
  const secure = isTls(ctx.req)
  const ok = (body: object, setCookie?: string): PortalApiResponse => ({
    response: json(200, body, ctx.requestId),
    ...(setCookie === undefined ? {} : { setCookie }),
  })
  const caller = (stateChanging: boolean, allowRegistration = false): Promise<PortalCaller> =>
    api.authenticate(
      { cookie: readCookie(ctx.req, PORTAL_COOKIE), csrfHeader: header(ctx.req, CSRF_HEADER) },
      { stateChanging, allowRegistration },
      ctx.now,
    )
  const opened = (id: string, expiresAt: number) =>
    sessionCookie(id, (expiresAt - ctx.now.getTime()) / 1000, secure)

  const routes: Record<string, Handler> = {
    'POST sign-in': async (_c, input) => {
      const audit = { events: ctx.events, loginTo: `${ctx.portalUrl}/` }
      const result = await api.signIn.signIn(input, ctx.now, audit)
      if (result.kind === 'mfa-required') {
        return {
          response: json(
            401,
            { code: 'MfaRequired', mfaRequired: true, message: 'enter the code from your MFA app' },
            ctx.requestId,
          ),
        }
      }
      const { record, id } = result.session
      const cookie = opened(id, api.sessions.expiresAt(record))
      if (result.kind === 'mfa-registration') {
        return ok(
          { mfaRegistration: { seed: result.seed, uri: result.uri }, csrfToken: record.csrfToken },
          cookie,
        )
      }
      return ok(
        { signedIn: true, ...describeCaller(result.user, record, api.sessions.expiresAt(record)) },
        cookie,
      )
    },
    'POST mfa/confirm': async (_c, input) => {
      const { session } = await caller(true, true)
      const audit = { events: ctx.events, loginTo: `${ctx.portalUrl}/` }
      const result = await api.signIn.confirmMfa(session, input, ctx.now, audit)
      const { record, id } = result.session
      const expiresAt = api.sessions.expiresAt(record)
      return ok(
        { signedIn: true, ...describeCaller(result.user, record, expiresAt) },
        opened(id, expiresAt),
      )
    },
    'GET me': async () => ok(api.me(await caller(false))),
    'GET accounts': async () => {
      const query = new URLSearchParams((ctx.req.url ?? '').split('?')[1] ?? '')
      const param = (name: string) => {
        const v = query.get(name)
        return v === null ? {} : { [name]: v }
      }
      return ok(
        await api.accounts(await caller(false), ctx.events, {
          ...param('maxResults'),
          ...param('nextToken'),
          ...param('search'),
        }),
      )
    },
    'POST credentials': async (_c, input) =>
      ok(await api.credentials(await caller(true), input, ctx.now, ctx.events)),
    'POST device/approve': async (_c, input) =>
      ok(await api.decideDevice(await caller(true), 'approved', input, ctx.now, ctx.events)),
    'POST device/deny': async (_c, input) =>
      ok(await api.decideDevice(await caller(true), 'denied', input, ctx.now, ctx.events)),
    'POST sign-out': async () => {
      await api.signOut(await caller(true, true), ctx.events)
      return ok({ signedOut: true }, clearedCookie(secure))
    },
  }

  try {
    const handler = routes[`${ctx.method} ${ctx.pathname.slice(PORTAL_API_PREFIX.length)}`]
    if (handler === undefined) {
      return {
        response: json(404, { code: 'NotFound', message: 'no such portal API' }, ctx.requestId),
      }
    }
    let input: Readonly<Record<string, unknown>> = {}
    if (ctx.method === 'POST') {
      const type = header(ctx.req, 'content-type') ?? ''
      if (!/^application\/json\b/i.test(type)) {
        onRefused('content-type')
        throw portalErrors.badRequest('the body must be JSON (content-type: application/json)')
      }
      input = parseObject(ctx.body)
    }
    return await handler(ctx, input)
  } catch (error) {
    if (!isDomainError(error)) throw error
    const notSignedIn = error.code === 'NotSignedIn'
    return {
      response: json(error.httpStatus, { code: error.code, message: error.message }, ctx.requestId),
      ...(notSignedIn && readCookie(ctx.req, PORTAL_COOKIE) !== undefined
        ? { setCookie: clearedCookie(secure) }
        : {}),
    }
  }
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
  throw portalErrors.badRequest('the body must be a JSON object')
}
