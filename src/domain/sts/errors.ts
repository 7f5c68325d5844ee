/**
 * The errors of STS: AWS's code, HTTP status and message wording, in one place. Wordings marked
 * "recorded" are in shared/reference/aws-recorded/sts_test_sts.snapshot.json (real AWS); "quoted"
 * ones are AWS's wording as it appears in public error reports; the codes come from the STS API
 * model (`awsQueryError`). Where AWS's wording is not known the message is ours, lowercase.
 */
import { commonErrors, DomainError } from '../common/domain-error.ts'

const invalidParameterValue = (message: string) =>
  new DomainError('InvalidParameterValue', message, 400)

/** Every STS error constructor, by name. */
export const stsErrors = {
  /** AWS's `1 validation error detected: …` (recorded). */
  validation: commonErrors.validation,
  /** recorded: a RoleArn that is not an ARN. */
  invalidArn: (arn: string) => commonErrors.validation(`${arn} is invalid`),
  /** AWS's wording when DurationSeconds exceeds the role's MaxSessionDuration. */
  durationAboveRoleMaximum: () =>
    commonErrors.validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    ),
  /** AWS's wording when a role session asks for more than one hour. */
  durationAboveChainingLimit: () =>
    commonErrors.validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    ),
  /** The service's AccessDenied (403). */
  accessDenied: (message: string) => new DomainError('AccessDenied', message, 403),
  /** A root user calling AssumeRole. */
  rootCannotAssumeRoles: () =>
    new DomainError('AccessDenied', 'Roles may not be assumed by root accounts.', 403),
  /** quoted: a wrong or replayed MFA code. The trailing space is AWS's. */
  mfaInvalidCode: () =>
    new DomainError(
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
      403,
    ),
  /** quoted: an MFA serial number that names no device of the caller. Two spaces are AWS's. */
  mfaUnknownDevice: () =>
    new DomainError(
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      403,
    ),
  /** quoted: SerialNumber without TokenCode, or the reverse. */
  mfaIncomplete: () =>
    new DomainError(
      'AccessDenied',
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
      403,
    ),
  /** quoted: GetSessionToken called with temporary credentials. */
  sessionCredentialsNotAllowed: () =>
    new DomainError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403),
  /** quoted: GetFederationToken called with temporary credentials (a role session, …). */
  federationSessionCredentials: () =>
    new DomainError('AccessDenied', 'Cannot call GetFederationToken with session credentials', 403),
  /**
   * A federated user session calling IAM, or STS other than GetCallerIdentity (STS API
   * reference, GetFederationToken "Permissions"). AWS's wording is not recorded; this is ours.
   */
  federatedUserNotAllowed: (operation: string) =>
    new DomainError(
      'AccessDenied',
      `Cannot call ${operation} with federated user session credentials`,
      403,
    ),
  /** A session policy the engine rejects; the message is the engine's (AWS's where known). */
  malformedPolicy: (message: string) => new DomainError('MalformedPolicyDocument', message, 400),
  /** A PolicyArns entry naming no managed policy (IAM's wording for a missing policy). */
  noSuchPolicy: (arn: string) =>
    new DomainError(
      'MalformedPolicyDocument',
      `Policy ${arn} does not exist or is not attachable.`,
      400,
    ),
  /** quoted: session policies over the packed limit. */
  packedPolicyTooLarge: (percent: number) =>
    new DomainError(
      'PackedPolicyTooLarge',
      `Packed policy consumes ${percent}% of allotted space`,
      400,
    ),
  /** quoted: session tags over the packed limit. */
  packedTagsTooLarge: (percent: number) =>
    new DomainError(
      'PackedPolicyTooLarge',
      `Packed size of session tags consumes ${percent}% of allotted space.`,
      400,
    ),
  /** recorded: two tags whose keys differ only in case. */
  duplicateTagKeys: () =>
    invalidParameterValue(
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    ),
  /** recorded: a transitive key that is not one of the request's tags. */
  transitiveKeyNotInTags: () =>
    invalidParameterValue(
      'The specified transitive tag key must be included in the requested tags.',
    ),
  /** recorded: a tag whose key is a transitive key of the calling session. */
  transitiveKeyConflict: () =>
    invalidParameterValue(
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    ),
  /** Ours: AWS keeps a chain's source identity; its wording for a change is not known. */
  sourceIdentityChanged: (value: string) =>
    commonErrors.validation(
      `the source identity '${value}' differs from the calling session's, which cannot be changed`,
    ),
  /** Ours: an access key id this server did not issue. */
  unknownAccessKey: (accessKeyId: string) =>
    commonErrors.validation(`the access key id '${accessKeyId}' was not issued by this server`),
  /**
   * An encoded message this server did not seal. AWS's exact wording is not recorded; this is the
   * API reference's description of the error.
   */
  invalidAuthorizationMessage: () =>
    new DomainError(
      'InvalidAuthorizationMessageException',
      'The message passed to DecodeAuthorizationMessage was invalid.',
      400,
    ),
} as const
