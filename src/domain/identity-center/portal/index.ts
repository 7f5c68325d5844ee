// Public face of the access portal: the factory, its parts, its ports and errors.
export {
  createIdentityCenterPortal,
  type IdentityCenterPortal,
  type IdentityCenterPortalDeps,
} from './create-identity-center-portal.ts'
export {
  DEFAULT_MFA_REQUIRED,
  PORTAL_SESSION_STATES,
  type AccountNames,
  type PortalSessionRecord,
  type PortalSessionState,
  type PortalSessionStore,
  type PortalSettingsStore,
  type SignInFailures,
} from './portal-ports.ts'
export {
  describeCaller,
  PortalApi,
  type PortalApiDeps,
  type PortalCaller,
  type SessionCredentials,
} from './portal-api.ts'
export {
  DEFAULT_SESSION_LIMITS,
  PortalSessions,
  type OpenedSession,
  type PortalSessionLimits,
  type ResolvedSession,
} from './portal-sessions.ts'
export { portalInstance, SignIn, type SignInDeps, type SignInResult } from './sign-in.ts'
export { SsoPortalApi, type PortalPage, type SsoPortalApiDeps } from './sso-portal-api.ts'
export {
  roleSessionName,
  UserAccess,
  type AccountAccess,
  type PortalUser,
  type RoleCredentials,
  type RoleCredentialsResult,
  type UserAccessDeps,
} from './user-access.ts'
export { RateLimiter, type RateLimit } from './rate-limiter.ts'
export { portalErrors } from './portal-errors.ts'
export { SSO_PORTAL_ERRORS, ssoPortalErrors, type SsoPortalErrorCode } from './sso-portal-errors.ts'
