/**
 * Refusals of the console's own JSON API (`/console/api/...`, used by the web app): a stable
 * `code` the page switches on, an HTTP status and a message people read. AWS errors met while
 * switching roles or reading the account pass through with AWS's code and wording instead.
 */
import { DomainError } from '../../common/domain-error.ts'

const error = (code: string, status: number, message: string) =>
  new DomainError(code, message, status)

/** Every refusal of the console API. */
export const consoleErrors = {
  badRequest: (message: string) => error('BadRequest', 400, message),
  notSignedIn: () => error('NotSignedIn', 401, 'not signed in, or the console session has expired'),
  csrf: () => error('CsrfTokenMismatch', 403, 'missing or wrong CSRF token'),
  invalidCredentials: () =>
    error(
      'InvalidCredentials',
      401,
      'Your authentication information is incorrect. Please try again.',
    ),
  mfaRequired: () => error('MfaRequired', 401, 'enter the code from your MFA device'),
  invalidMfaCode: () => error('InvalidMfaCode', 401, 'the MFA code is not valid'),
  passwordResetRequired: () =>
    error(
      'PasswordResetRequired',
      403,
      'your password must be changed before you can sign in: ask an administrator to reset it',
    ),
  invalidSession: () =>
    error('InvalidSession', 401, 'the credentials are not valid or have expired'),
  lockedOut: (seconds: number) =>
    error(
      'LockedOut',
      429,
      `too many failed sign-in attempts: try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    ),
  notSwitched: () => error('NotSwitched', 409, 'you are not using a switched role'),
}
