/**
 * The Organizations error registry: every error the service returns, with AWS's code, HTTP status
 * and message. Messages are the exception descriptions of the AWS Organizations API Reference
 * (the `Errors` section of each operation); reasons of ConstraintViolationException and
 * InvalidInputException travel in the `Reason` member, with the description AWS gives that reason.
 * HTTP statuses are the `httpError` of each exception in AWS's Smithy model of the service.
 */
import { DomainError } from '../common/domain-error.ts'

/** `ConstraintViolationException` reasons xaccess raises, with AWS's description of each. */
export const CONSTRAINT_VIOLATION_REASONS = {
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.',
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  POLICY_CONTENT_LIMIT_EXCEEDED:
    'You attempted to create a policy that is larger than the maximum size.',
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
} as const
/** One of the keys of {@link CONSTRAINT_VIOLATION_REASONS}. */
export type ConstraintViolationReason = keyof typeof CONSTRAINT_VIOLATION_REASONS

/** `InvalidInputException` reasons xaccess raises, with AWS's description of each. */
export const INVALID_INPUT_REASONS = {
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_PATTERN: "You provided a value that doesn't match the required pattern.",
  INVALID_PATTERN_TARGET_ID:
    "You specified a policy target ID that doesn't match the required pattern.",
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_ENUM_POLICY_TYPE: 'You specified an invalid policy type string.',
  INVALID_LIST_MEMBER:
    'You provided a list to a parameter that contains at least one invalid value.',
  INVALID_NEXT_TOKEN:
    'Get the value for the NextToken parameter from the response to a previous call of the operation.',
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  INVALID_SYSTEM_TAGS_PARAMETER:
    "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for Amazon Web Services use. System tags don't count against your tags per resource limit.",
  IMMUTABLE_POLICY:
    "You specified a policy that is managed by Amazon Web Services and can't be modified.",
  NON_DETACHABLE_POLICY: "You can't detach this Amazon Web Services Managed Policy.",
  INVALID_ROLE_NAME:
    "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.",
  MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS:
    'You can move an account only between entities in the same root.',
} as const
/** One of the keys of {@link INVALID_INPUT_REASONS}. */
export type InvalidInputReason = keyof typeof INVALID_INPUT_REASONS

const client = (code: string, message: string, status: number) => () =>
  new DomainError(code, message, status)

/**
 * Constructors for every Organizations error, by AWS code.
 * @example throw orgErrors.AccountNotFoundException()
 */
export const orgErrors = {
  AccessDeniedException: (message = "You don't have permissions to access this resource.") =>
    new DomainError('AccessDeniedException', message, 403),
  AWSOrganizationsNotInUseException: client(
    'AWSOrganizationsNotInUseException',
    "Your account isn't a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.",
    404,
  ),
  AccountNotFoundException: client(
    'AccountNotFoundException',
    "We can't find an Amazon Web Services account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
    404,
  ),
  ChildNotFoundException: client(
    'ChildNotFoundException',
    "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.",
    404,
  ),
  ParentNotFoundException: client(
    'ParentNotFoundException',
    "We can't find a root or OU with the ParentId that you specified.",
    404,
  ),
  SourceParentNotFoundException: client(
    'SourceParentNotFoundException',
    "We can't find a source root or OU with the ParentId that you specified.",
    404,
  ),
  DestinationParentNotFoundException: client(
    'DestinationParentNotFoundException',
    "We can't find the destination container (a root or OU) with the ParentId that you specified.",
    404,
  ),
  RootNotFoundException: client(
    'RootNotFoundException',
    "We can't find a root with the RootId that you specified.",
    404,
  ),
  OrganizationalUnitNotFoundException: client(
    'OrganizationalUnitNotFoundException',
    "We can't find an OU with the OrganizationalUnitId that you specified.",
    404,
  ),
  TargetNotFoundException: client(
    'TargetNotFoundException',
    "We can't find a root, OU, account, or policy with the TargetId that you specified.",
    404,
  ),
  PolicyNotFoundException: client(
    'PolicyNotFoundException',
    "We can't find a policy with the PolicyId that you specified.",
    404,
  ),
  CreateAccountStatusNotFoundException: client(
    'CreateAccountStatusNotFoundException',
    "We can't find an create account request with the CreateAccountRequestId that you specified.",
    404,
  ),
  DuplicateOrganizationalUnitException: client(
    'DuplicateOrganizationalUnitException',
    'An OU with the same name already exists.',
    409,
  ),
  DuplicatePolicyException: client(
    'DuplicatePolicyException',
    'A policy with the same name already exists.',
    409,
  ),
  DuplicatePolicyAttachmentException: client(
    'DuplicatePolicyAttachmentException',
    'The selected policy is already attached to the specified target.',
    409,
  ),
  DuplicateAccountException: client(
    'DuplicateAccountException',
    'That account is already present in the specified destination.',
    409,
  ),
  OrganizationalUnitNotEmptyException: client(
    'OrganizationalUnitNotEmptyException',
    'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    409,
  ),
  PolicyInUseException: client(
    'PolicyInUseException',
    'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    409,
  ),
  PolicyNotAttachedException: client(
    'PolicyNotAttachedException',
    "The policy isn't attached to the specified target in the specified root.",
    409,
  ),
  PolicyTypeNotEnabledException: client(
    'PolicyTypeNotEnabledException',
    "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root. For more information, see Enabling all features in your organization in the Organizations User Guide.",
    409,
  ),
  PolicyTypeAlreadyEnabledException: client(
    'PolicyTypeAlreadyEnabledException',
    'The specified policy type is already enabled in the specified root.',
    409,
  ),
  PolicyTypeNotAvailableForOrganizationException: client(
    'PolicyTypeNotAvailableForOrganizationException',
    "You can't use the specified policy type with the feature set currently enabled for this organization. For example, you can enable SCPs only after you enable all features in the organization. For more information, see Managing Organizations policies in the Organizations User Guide.",
    409,
  ),
  MalformedPolicyDocumentException: client(
    'MalformedPolicyDocumentException',
    "The provided policy document doesn't meet the requirements of the specified policy type. For example, the syntax might be incorrect. For details about service control policy syntax, see SCP syntax in the Organizations User Guide.",
    400,
  ),
  MasterCannotLeaveOrganizationException: client(
    'MasterCannotLeaveOrganizationException',
    "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    409,
  ),
  ConcurrentModificationException: client(
    'ConcurrentModificationException',
    'The target of the operation is currently being modified by a different request. Try again later.',
    409,
  ),
  ConstraintViolationException: (reason: ConstraintViolationReason) =>
    new DomainError('ConstraintViolationException', CONSTRAINT_VIOLATION_REASONS[reason], 409, {
      fields: { Reason: reason },
    }),
  InvalidInputException: (reason: InvalidInputReason) =>
    new DomainError('InvalidInputException', INVALID_INPUT_REASONS[reason], 400, {
      fields: { Reason: reason },
    }),
} as const

/** One of the codes of {@link orgErrors}. */
export type OrganizationsErrorCode = keyof typeof orgErrors
