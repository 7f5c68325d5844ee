/**
 * A user of the access portal's JSON API (ARCHITECTURE.md), as the web page is: signs in with
 * username and password, registers or answers TOTP MFA (codes computed with ./totp.ts), keeps the
 * session cookie and sends the CSRF header on every state change.
 */
import { decodeBase32, totpAt, totpStep } from './totp.ts'

/** The session cookie and CSRF header of the portal (src/server/portal). */
export const PORTAL_COOKIE = 'xaccess_portal'
export const PORTAL_CSRF_HEADER = 'x-xaccess-csrf'

/** A refused portal call: HTTP status and the `{code, message}` body. */
export class PortalError extends Error {
  override readonly name = 'PortalError'
  readonly status: number
  readonly code: string

  constructor(path: string, status: number, body: { code?: string; message?: string }) {
    super(`POST ${path}: ${status} ${body.code ?? ''}: ${body.message ?? ''}`)
    this.status = status
    this.code = String(body.code ?? '')
  }
}

/** A signed-in portal user. */
export interface PortalSession {
  /** The TOTP seed, when this sign-in registered MFA (keep it for the next sign-in). */
  readonly mfaSeed: string | undefined
  /** POST `/portal/api/PATH` with the cookie and the CSRF header; the JSON answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  post(path: string, body?: object): Promise<any>
  /** GET `/portal/api/PATH` with the cookie; the JSON answer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get(path: string): Promise<any>
  /** Approves an `aws sso login` device code. */
  approveDevice(userCode: string): Promise<void>
}

interface Answer {
  readonly status: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any
  readonly cookie: string | undefined
}

async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: object,
): Promise<Answer> {
  const response = await fetch(`${baseUrl}/portal/api/${path}`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  })
  const text = await response.text()
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${PORTAL_COOKIE}=`))
  const cookie = setCookie?.split(';', 1)[0]
  return { status: response.status, body: text === '' ? {} : JSON.parse(text), cookie }
}

/**
 * A code of a Base32 seed in a time step no earlier sign-in of this process used (the portal
 * accepts each step once per user): waits for the next step when needed.
 */
const usedSteps = new Map<string, number>()
async function freshCode(seed: string): Promise<{ code: string }> {
  let step = totpStep()
  while (step <= (usedSteps.get(seed) ?? -1)) {
    await new Promise((r) => setTimeout(r, 1000))
    step = totpStep()
  }
  usedSteps.set(seed, step)
  return { code: totpAt(decodeBase32(seed), step) }
}

/**
 * Signs `username` in. A user who must register MFA registers it (the seed is returned in
 * `mfaSeed`); a user with MFA answers with a code of `mfaSeed`.
 */
export async function signInToPortal(
  baseUrl: string,
  username: string,
  password: string,
  mfaSeed?: string,
): Promise<PortalSession> {
  let answer = await call(baseUrl, 'POST', 'sign-in', {}, { username, password })
  let seed = mfaSeed
  if (answer.status === 401 && answer.body.mfaRequired === true) {
    if (seed === undefined) throw new PortalError('sign-in', 401, answer.body)
    const { code } = await freshCode(seed)
    answer = await call(baseUrl, 'POST', 'sign-in', {}, { username, password, totp: code })
  }
  if (answer.status !== 200) throw new PortalError('sign-in', answer.status, answer.body)
  let cookie = answer.cookie
  let csrf = String(answer.body.csrfToken)
  if (answer.body.mfaRegistration !== undefined) {
    seed = String(answer.body.mfaRegistration.seed)
    const { code } = await freshCode(seed)
    const confirmed = await call(
      baseUrl,
      'POST',
      'mfa/confirm',
      { cookie: cookie ?? '', [PORTAL_CSRF_HEADER]: csrf },
      { code },
    )
    if (confirmed.status !== 200)
      throw new PortalError('mfa/confirm', confirmed.status, confirmed.body)
    cookie = confirmed.cookie ?? cookie
    csrf = String(confirmed.body.csrfToken)
  } else {
    seed = mfaSeed
  }
  if (cookie === undefined) throw new Error('the portal set no session cookie')
  const headers = { cookie, [PORTAL_CSRF_HEADER]: csrf }
  const session: PortalSession = {
    mfaSeed: seed,
    async post(path, body) {
      const r = await call(baseUrl, 'POST', path, headers, body)
      if (r.status !== 200) throw new PortalError(path, r.status, r.body)
      return r.body
    },
    async get(path) {
      const r = await call(baseUrl, 'GET', path, { cookie })
      if (r.status !== 200) throw new PortalError(path, r.status, r.body)
      return r.body
    },
    async approveDevice(userCode) {
      await session.post('device/approve', { userCode })
    },
  }
  return session
}
