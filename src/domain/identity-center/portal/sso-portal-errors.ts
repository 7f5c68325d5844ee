/**
 * The sso portal API's errors (what `@aws-sdk/client-sso` models: `{"message": …}` with the
 * `x-amzn-errortype` header), and `ForbiddenException`, which the service returns for a role the
 * user may not use (not modeled by the SDK; the CLI prints its code and message).
 */
import { DomainError } from '../../common/domain-error.ts'

/** Codes and HTTP statuses, as the SDK's service model declares them. */
export const SSO_PORTAL_ERRORS = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
} as const

/** One of the sso portal API's error codes. */
export type SsoPortalErrorCode = keyof typeof SSO_PORTAL_ERRORS

const error = (code: SsoPortalErrorCode, message: string) =>
  new DomainError(code, message, SSO_PORTAL_ERRORS[code])

/** The sso portal API's errors and their wording. */
export const ssoPortalErrors = {
  /** AWS's wording for a missing, unknown, expired or revoked access token. */
  unauthorized: () => error('UnauthorizedException', 'Session token not found or invalid'),
  /** AWS's wording for a role the user has no assignment for. */
  noAccess: () => error('ForbiddenException', 'No access'),
  roleNotFound: () => error('ResourceNotFoundException', 'Could not find the role'),
  tooMany: () => error('TooManyRequestsException', 'Too many requests'),
  invalid: (message: string) => error('InvalidRequestException', message),
}
