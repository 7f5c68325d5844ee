/**
 * sso-oidc's errors, one registry: the exception (the `x-amzn-errortype` the SDK reads), its HTTP
 * status (from the service model in `@aws-sdk/client-sso-oidc`), and the OAuth `error` value the
 * body carries beside `error_description`. The body has no `message`: AWS sends
 * `{"error":"authorization_pending","error_description":"Authorization is still pending"}`.
 */
import { DomainError } from '../../common/domain-error.ts'

/** Every sso-oidc exception this server returns: status and OAuth error value. */
export const OIDC_ERRORS = {
  AccessDeniedException: { status: 400, error: 'access_denied' },
  AuthorizationPendingException: { status: 400, error: 'authorization_pending' },
  ExpiredTokenException: { status: 400, error: 'expired_token' },
  InternalServerException: { status: 500, error: 'server_error' },
  InvalidClientException: { status: 401, error: 'invalid_client' },
  InvalidClientMetadataException: { status: 400, error: 'invalid_client_metadata' },
  InvalidGrantException: { status: 400, error: 'invalid_grant' },
  InvalidRequestException: { status: 400, error: 'invalid_request' },
  InvalidScopeException: { status: 400, error: 'invalid_scope' },
  SlowDownException: { status: 400, error: 'slow_down' },
  UnauthorizedClientException: { status: 400, error: 'unauthorized_client' },
  UnsupportedGrantTypeException: { status: 400, error: 'unsupported_grant_type' },
} as const satisfies Record<string, { status: number; error: string }>

/** One of the sso-oidc exception names. */
export type OidcErrorCode = keyof typeof OIDC_ERRORS

/** An sso-oidc error with its OAuth `error` and `error_description` members. */
export function oidcError(code: OidcErrorCode, description: string): DomainError {
  const { status, error } = OIDC_ERRORS[code]
  return new DomainError(code, '', status, { fields: { error, error_description: description } })
}

/** The errors sso-oidc's operations throw, with their descriptions. */
export const oidcErrors = {
  /** AWS's wording, recorded from the service (aws/aws-cli issues 5878, 5955). */
  pending: () => oidcError('AuthorizationPendingException', 'Authorization is still pending'),
  slowDown: () => oidcError('SlowDownException', 'Client is polling too frequently'),
  deviceExpired: () => oidcError('ExpiredTokenException', 'Device code has expired'),
  refreshExpired: () => oidcError('ExpiredTokenException', 'Refresh token has expired'),
  denied: () => oidcError('AccessDeniedException', 'Authorization was denied by the user'),
  invalidClient: () => oidcError('InvalidClientException', 'Invalid client id or client secret'),
  clientExpired: () => oidcError('InvalidClientException', 'Client secret has expired'),
  invalidGrant: (what: string) => oidcError('InvalidGrantException', `Invalid ${what} provided`),
  invalidRequest: (description: string) => oidcError('InvalidRequestException', description),
  invalidMetadata: (description: string) =>
    oidcError('InvalidClientMetadataException', description),
  invalidScope: (scope: string) => oidcError('InvalidScopeException', `Invalid scope: ${scope}`),
  unauthorizedClient: () =>
    oidcError('UnauthorizedClientException', 'Client is not authorized to use refresh tokens'),
  unsupportedGrant: (grant: string) =>
    oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grant}`),
}
