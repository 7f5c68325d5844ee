/**
 * The Identity Store error registry: AWS's code, HTTP status and message for every error the
 * service returns. Codes, members (`ResourceType`, `ResourceId`, `Reason`) and HTTP statuses are
 * those of AWS's model of the service (`@aws-sdk/client-identitystore` 3.1138: AccessDenied 403,
 * ResourceNotFound 404, Conflict 409, Validation 400). Wordings: "USER not found.",
 * "Duplicate UserName", "Duplicate GroupDisplayName" (the last quoted in AWS's IAM Identity Center
 * CloudTrail documentation), "userName is a required attribute" and "The attribute … is
 * required" are AWS's as public emulators record them; the rest are ours, lowercase.
 */
import { DomainError } from '../../common/domain-error.ts'

/** `ResourceType` values of ResourceNotFoundException. */
export const RESOURCE_TYPES = [
  'GROUP',
  'USER',
  'IDENTITY_STORE',
  'GROUP_MEMBERSHIP',
  'RESOURCE_POLICY',
] as const
/** One of {@link RESOURCE_TYPES}. */
export type ResourceType = (typeof RESOURCE_TYPES)[number]

/**
 * Constructors for every Identity Store error.
 * @example throw identityStoreErrors.resourceNotFound('USER', userId)
 */
export const identityStoreErrors = {
  accessDenied: (message = 'You do not have sufficient access to perform this action.') =>
    new DomainError('AccessDeniedException', message, 403),
  resourceNotFound: (type: ResourceType, id: string) =>
    new DomainError('ResourceNotFoundException', `${type} not found.`, 404, {
      fields: { ResourceType: type, ResourceId: id },
    }),
  duplicateUserName: () =>
    new DomainError('ConflictException', 'Duplicate UserName', 409, {
      fields: { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' },
    }),
  duplicateGroupDisplayName: () =>
    new DomainError('ConflictException', 'Duplicate GroupDisplayName', 409, {
      fields: { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' },
    }),
  duplicateMembership: () =>
    new DomainError('ConflictException', 'Member and Group relationship already exists', 409, {
      fields: { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' },
    }),
  /** A member failed its constraints, or a rule of the service; the message says which. */
  validation: (message: string) => new DomainError('ValidationException', message, 400),
  userNameRequired: () =>
    new DomainError('ValidationException', 'userName is a required attribute', 400),
  /** `attributes`: lowercase attribute names, e.g. `displayname`, `name`, `givenname`. */
  attributesRequired: (attributes: readonly string[]) =>
    new DomainError(
      'ValidationException',
      attributes.map((a) => `${a}: The attribute ${a} is required`).join(', '),
      400,
    ),
  reservedName: (name: string) =>
    new DomainError('ValidationException', `'${name}' is a reserved name`, 400),
  invalidAttributePath: (path: string) =>
    new DomainError('ValidationException', `invalid attribute path '${path}'`, 400),
  invalidAttributeValue: (path: string) =>
    new DomainError('ValidationException', `invalid value for attribute '${path}'`, 400),
  invalidNextToken: () => new DomainError('ValidationException', 'invalid NextToken', 400),
} as const

/** One of the names of {@link identityStoreErrors}. */
export type IdentityStoreErrorName = keyof typeof identityStoreErrors
