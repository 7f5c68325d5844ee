/**
 * The unsigned Identity Center routes (ARCHITECTURE.md, "What real clients send"): sso-oidc and
 * the sso portal API by exact path, and the portal's JSON API under `/portal/api/`. The server
 * hands these to the portal routes before SigV4 authentication.
 */

/** Which family an unsigned Identity Center path belongs to. */
export const IDENTITY_CENTER_FAMILIES = ['sso-oidc', 'sso-portal', 'portal-api'] as const
/** One of {@link IDENTITY_CENTER_FAMILIES}. */
export type IdentityCenterFamily = (typeof IDENTITY_CENTER_FAMILIES)[number]

/** sso-oidc's operations by path (all POST). */
export const OIDC_PATHS: Readonly<Record<string, string>> = {
  '/client/register': 'RegisterClient',
  '/device_authorization': 'StartDeviceAuthorization',
  '/token': 'CreateToken',
}

/** The sso portal API's operations by path, with their methods. */
export const SSO_PORTAL_PATHS: Readonly<Record<string, { method: string; operation: string }>> = {
  '/assignment/accounts': { method: 'GET', operation: 'ListAccounts' },
  '/assignment/roles': { method: 'GET', operation: 'ListAccountRoles' },
  '/federation/credentials': { method: 'GET', operation: 'GetRoleCredentials' },
  '/logout': { method: 'POST', operation: 'Logout' },
}

/** The portal JSON API's prefix. */
export const PORTAL_API_PREFIX = '/portal/api/'

/** The family of `pathname` (no query string), or undefined when it is not one of these routes. */
export function identityCenterFamily(pathname: string): IdentityCenterFamily | undefined {
  if (Object.hasOwn(OIDC_PATHS, pathname)) return 'sso-oidc'
  if (Object.hasOwn(SSO_PORTAL_PATHS, pathname)) return 'sso-portal'
  if (pathname.startsWith(PORTAL_API_PREFIX)) return 'portal-api'
  return undefined
}
