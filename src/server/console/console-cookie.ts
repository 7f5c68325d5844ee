/**
 * The console session cookie: `xaccess_console`, HttpOnly, SameSite=Strict, Path=/console,
 * Secure when the request came over TLS, living as long as the session may.
 */

/** The cookie's name. */
export const CONSOLE_COOKIE = 'xaccess_console'

/** `Set-Cookie` for a session id, for `maxAgeSeconds`. */
export function consoleCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${CONSOLE_COOKIE}=${id}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/console',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

/** `Set-Cookie` that removes the session cookie. */
export const clearedConsoleCookie = (secure: boolean): string => consoleCookie('', 0, secure)
