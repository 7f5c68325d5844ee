/**
 * Errors of the portal's own JSON API (`/portal/api/...`, used by the web app): a stable `code`
 * the page can switch on, an HTTP status and a message people read. Not an AWS API: these
 * wordings are ours.
 */
import { DomainError } from '../../common/domain-error.ts'

const error = (code: string, status: number, message: string) =>
  new DomainError(code, message, status)

/** Every refusal of the portal API. */
export const portalErrors = {
  badRequest: (message: string) => error('BadRequest', 400, message),
  invalidCredentials: () => error('InvalidCredentials', 401, 'incorrect username or password'),
  invalidMfaCode: () =>
    error('InvalidMfaCode', 401, 'the MFA code is not valid: enter the current code from your app'),
  replayedMfaCode: () =>
    error('ReplayedMfaCode', 401, 'this MFA code was already used: wait for the next one'),
  locked: (seconds: number) =>
    error(
      'LockedOut',
      429,
      `too many failed sign-in attempts: try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    ),
  notEnabled: () => error('NotEnabled', 503, 'IAM Identity Center is not enabled on this server'),
  notSignedIn: () => error('NotSignedIn', 401, 'not signed in, or the session has expired'),
  mfaRegistrationPending: () =>
    error('MfaRegistrationPending', 403, 'finish registering your MFA device first'),
  noMfaRegistration: () =>
    error('NoMfaRegistration', 409, 'no MFA registration in progress: sign in again'),
  csrf: () => error('CsrfTokenMismatch', 403, 'missing or wrong CSRF token'),
  noAccess: (accountId: string, roleName: string) =>
    error('NoAccess', 403, `you have no access to '${roleName}' in account ${accountId}`),
  deviceMalformed: () =>
    error('InvalidUserCode', 400, 'the code is not valid: it looks like ABCD-EFGH'),
  deviceUnknown: () => error('UnknownUserCode', 404, 'no pending sign-in request has this code'),
  deviceExpired: () =>
    error('ExpiredUserCode', 410, 'this code has expired: run the sign-in command again'),
  externalIdentitySource: (issuer: string) =>
    error(
      'ExternalIdentitySource',
      409,
      `this portal signs in through the identity provider ${issuer}: use "Sign in with ${issuer}"`,
    ),
  deviceDecided: () =>
    error('UserCodeAlreadyUsed', 409, 'this code was already approved or denied'),
}
