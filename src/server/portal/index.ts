// Public face of the portal's HTTP adapters: the routes factory and the unsigned paths.
export { createPortalRoutes, type PortalRoutes, type PortalRoutesDeps } from './portal-routes.ts'
export {
  IDENTITY_CENTER_FAMILIES,
  identityCenterFamily,
  OIDC_PATHS,
  PORTAL_API_PREFIX,
  SSO_PORTAL_PATHS,
  type IdentityCenterFamily,
} from './identity-center-paths.ts'
export { CSRF_HEADER } from './portal-api-routes.ts'
export { PORTAL_COOKIE } from './portal-cookie.ts'
