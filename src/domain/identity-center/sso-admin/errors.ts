/**
 * The sso-admin error registry: every error the service returns, with AWS's code, HTTP status and
 * message. Codes and statuses are those of AWS's Smithy model of SSO Admin (the `httpError` of
 * each exception, as `@aws-sdk/client-sso-admin` 3.1138 carries it: AccessDenied 403, Conflict
 * 409, ResourceNotFound 404, ServiceQuotaExceeded 402, Validation 400). Messages marked
 * `// recorded` are AWS's wording as reported by users of the real service; the others are ours,
 * written in the same style, where AWS's text is not public.
 */
import { DomainError } from '../../common/domain-error.ts'

const notFound = (message: string) => new DomainError('ResourceNotFoundException', message, 404)
const conflict = (message: string) => new DomainError('ConflictException', message, 409)
const validation = (message: string) => new DomainError('ValidationException', message, 400)
const quota = (message: string) => new DomainError('ServiceQuotaExceededException', message, 402)

/** The last segment of an ARN (`ps-…`, `ssoins-…`). */
const idOf = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

/**
 * Constructors for every sso-admin error.
 * @example throw ssoErrors.permissionSetNotFound(arn)
 */
export const ssoErrors = {
  /** The engine's denial, or a member account calling a management-only API. */
  accessDenied: (message = 'User is not authorized to perform this operation.') =>
    new DomainError('AccessDeniedException', message, 403),
  /** Bad input, in the Coral wording `1 validation error detected: …` or a sentence. */
  validation,
  instanceNotFound: (arn: string) => notFound(`Could not find Instance with id ${idOf(arn)}`),
  permissionSetNotFound: (arn: string) =>
    notFound(`Could not find PermissionSet with id ${idOf(arn)}`), // recorded
  permissionSetExists: (name: string) =>
    conflict(`PermissionSet with name ${name} already exists.`), // recorded
  permissionSetProvisioned: () =>
    conflict('Could not delete because PermissionSet has ApplicationProfile associated with it'), // recorded
  concurrentChange: () =>
    conflict('The permission set was changed by another request at the same time. Try again.'),
  managedPolicyNotFound: (arn: string) => notFound(`Policy does not exist with ARN: ${arn}`),
  managedPolicyAttached: (psArn: string, arn: string) =>
    conflict(
      `Permission set with id ${idOf(psArn)} already has a typed link attachment to a manged policy with ${arn}`,
    ), // recorded (AWS's spelling)
  managedPolicyNotAttached: (arn: string) =>
    notFound(`Could not find ManagedPolicy with arn ${arn}`),
  managedPolicyLimit: (psArn: string, limit: number) =>
    quota(
      `You have exceeded AWS SSO limits. Cannot create ManagedPolicy more than ${limit} for id ${idOf(psArn)}. Please refer to https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html`,
    ),
  customerPolicyAttached: (name: string, path: string) =>
    conflict(`Given customer managed policy with name: ${name}  and path ${path} already attached`),
  customerPolicyNotAttached: (name: string, path: string) =>
    notFound(
      `Given managed policy with name: ${name}  and path ${path} does not exist on PermissionSet`,
    ),
  customerPolicyLimit: (limit: number) =>
    quota(
      `Cannot attach managed policy: number of attached managed policies is already at maximum ${limit}`,
    ),
  malformedInlinePolicy: () => validation('Invalid PermissionsPolicy Document'), // recorded
  inlinePolicyTooLarge: () =>
    validation(
      'The inline policy exceeds the maximum size of 10240 characters without white space.',
    ),
  noPermissionsBoundary: (psArn: string) =>
    notFound(`Could not find PermissionsBoundary for PermissionSet with id ${idOf(psArn)}`),
  invalidBoundary: () =>
    validation(
      'PermissionsBoundary must have exactly one of CustomerManagedPolicyReference or ManagedPolicyArn.',
    ),
  sessionDuration: () =>
    validation('The session duration must be between 1 hour (PT1H) and 12 hours (PT12H).'),
  targetIdRequired: () => validation('TargetId is required when TargetType is AWS_ACCOUNT.'),
  accountNotInOrganization: (accountId: string) =>
    validation(`The account ${accountId} is not a member of the organization.`),
  principalNotFound: (type: string, id: string) =>
    notFound(`Could not find ${type === 'USER' ? 'User' : 'Group'} with id ${id}`),
  assignmentNotFound: () => notFound('Could not find the account assignment.'),
  requestNotFound: (requestId: string) => notFound(`Could not find request with id ${requestId}`),
  resourceNotFound: (arn: string) => notFound(`Could not find resource with arn ${arn}`),
  permissionSetLimit: (limit: number) =>
    quota(`You have exceeded AWS SSO limits. Cannot create more than ${limit} PermissionSets.`),
  tagLimit: () => quota('The resource cannot have more than 75 tags.'),
  invalidNextToken: () => validation('The NextToken is not valid.'),
} as const

/** The AWS error codes sso-admin returns. */
export const SSO_ERROR_CODES = [
  'AccessDeniedException',
  'ConflictException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
  'ValidationException',
] as const
/** One of {@link SSO_ERROR_CODES}. */
export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number]
