/**
 * The errors of IAM's security features (MFA devices, login profiles, OIDC providers, account
 * aliases, password policies): AWS's code, HTTP status and message wording, one place.
 * Wordings marked "recorded" are in shared/reference/aws-recorded (LocalStack's snapshots of real
 * AWS); the others are AWS's wording as quoted in public error reports.
 */
import { DomainError } from '../../common/domain-error.ts'

/** Every error constructor, by name. */
export const securityErrors = {
  /** recorded: iam_test_iam_mfa, iam_test_iam_users */
  noSuchUser: (userName: string) =>
    new DomainError('NoSuchEntity', `The user with name ${userName} cannot be found.`, 404),
  /** recorded: iam_test_iam_mfa */
  noSuchMfaDevice: (serialNumber: string) =>
    new DomainError(
      'NoSuchEntity',
      `MFA Device with serial number ${serialNumber} does not exist.`,
      404,
    ),
  /** recorded: iam_test_iam_mfa */
  mfaDeviceExists: () => new DomainError('EntityAlreadyExists', 'MFA device already exists.', 409),
  /** recorded: iam_test_iam_mfa */
  mfaDeviceInUse: () =>
    new DomainError('EntityAlreadyExists', 'MFA Device is already in use.', 409),
  /** Not recorded: deleting a device still assigned to a user. */
  mfaDeviceDeleteConflict: () =>
    new DomainError('DeleteConflict', 'MFA Device is still in use.', 409),
  /** AWS's wording for EnableMFADevice and ResyncMFADevice with wrong codes. */
  invalidAuthenticationCode: () =>
    new DomainError(
      'InvalidAuthenticationCode',
      'Authentication code for device is not valid.',
      403,
    ),
  /** recorded: iam_test_iam_mfa */
  invalidPath: () =>
    new DomainError(
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
      400,
    ),
  /** recorded: iam_test_iam_mfa (ListVirtualMFADevices with a bad Marker) */
  invalidMarker: () => new DomainError('ValidationError', 'Invalid Marker.', 400),
  /** recorded: iam_test_iam_users */
  noSuchLoginProfile: (userName: string) =>
    new DomainError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`, 404),
  /** recorded: iam_test_iam_users */
  loginProfileExists: (userName: string) =>
    new DomainError(
      'EntityAlreadyExists',
      `Login Profile for user ${userName} already exists.`,
      409,
    ),
  /** AWS's wording when a password fails the account's password policy. */
  passwordPolicyViolation: () =>
    new DomainError(
      'PasswordPolicyViolation',
      'Password does not conform to the account password policy.',
      400,
    ),
  /** recorded: iam_test_iam_oidc */
  oidcProviderExists: (url: string) =>
    new DomainError('EntityAlreadyExists', `Provider with url ${url} already exists.`, 409),
  /** recorded: iam_test_iam_oidc */
  tooManyThumbprints: () =>
    new DomainError('InvalidInput', 'Thumbprint list must contain fewer than 5 entries.', 400),
  /** recorded: iam_test_iam_oidc */
  clientIdQuota: () =>
    new DomainError(
      'LimitExceeded',
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
      409,
    ),
  /** recorded: iam_test_iam_oidc (Get, and the operations that change a provider) */
  noSuchOidcProvider: (arn: string) =>
    new DomainError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404),
  /** recorded: iam_test_iam_oidc (Delete) */
  noSuchOidcProviderToDelete: (arn: string) =>
    new DomainError('NoSuchEntity', `OpenId connect Provider ${arn} cannot be found.`, 404),
  /** recorded: iam_test_iam_oidc */
  invalidOidcUrl: () =>
    new DomainError('ValidationError', 'Invalid Open ID Connect Provider URL', 400),
  /** recorded: iam_test_iam_oidc */
  tagsLimit: () =>
    new DomainError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409),
  /** AWS's wording when the alias is taken (by any account). */
  accountAliasExists: (alias: string) =>
    new DomainError('EntityAlreadyExists', `The account alias ${alias} already exists.`, 409),
  /** Not recorded: DeleteAccountAlias naming an alias the account does not hold. */
  noSuchAccountAlias: (alias: string) =>
    new DomainError('NoSuchEntity', `The account alias ${alias} cannot be found.`, 404),
  /** recorded: iam_test_iam_account_password_policy (Get) */
  noSuchPasswordPolicy: (accountId: string) =>
    new DomainError(
      'NoSuchEntity',
      `The Password Policy with domain name ${accountId} cannot be found.`,
      404,
    ),
  /** recorded: iam_test_iam_account_password_policy (Delete) */
  noPasswordPolicyToDelete: () =>
    new DomainError(
      'NoSuchEntity',
      'The account policy with name PasswordPolicy cannot be found.',
      404,
    ),
  /** AWS's ValidationError wording for a value outside its bounds, without echoing the value. */
  outOfRange: (violations: readonly string[]) =>
    new DomainError(
      'ValidationError',
      `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
      400,
    ),
} as const

/** The name of one error constructor. */
export type SecurityErrorName = keyof typeof securityErrors
