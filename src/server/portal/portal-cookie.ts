/**
 * The portal session cookie: `xaccess_portal`, HttpOnly, SameSite=Strict, Path=/portal, Secure
 * when the request came over TLS, living as long as the session may.
 */

/** The cookie's name. */
export const PORTAL_COOKIE = 'xaccess_portal'

/** `Set-Cookie` for a session id, for `maxAgeSeconds`. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${PORTAL_COOKIE}=${id}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/portal',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

/** `Set-Cookie` that removes the session cookie. */
export const clearedCookie = (secure: boolean): string => sessionCookie('', 0, secure)
