/**
 * IAM's errors: AWS's code, HTTP status and message wording. Wordings marked "recorded" are as
 * AWS answered in shared/reference/aws-recorded/iam_*.snapshot.json; the others are AWS's as
 * documented or commonly reported, where no recording exists.
 */
import { DomainError } from '../common/domain-error.ts'

const noSuchEntity = (message: string) => new DomainError('NoSuchEntity', message, 404)
const alreadyExists = (message: string) => new DomainError('EntityAlreadyExists', message, 409)
const deleteConflict = (message: string) => new DomainError('DeleteConflict', message, 409)
const limitExceeded = (message: string) => new DomainError('LimitExceeded', message, 409)

/** Every IAM core error by name. */
export const iamErrors = {
  // NoSuchEntity (recorded)
  noSuchUser: (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`),
  noSuchGroup: (name: string) => noSuchEntity(`The group with name ${name} cannot be found.`),
  noSuchRole: (name: string) => noSuchEntity(`The role with name ${name} cannot be found.`),
  noSuchInlinePolicy: (kind: 'user' | 'group' | 'role', name: string) =>
    noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`),
  policyNotFound: (arn: string) => noSuchEntity(`Policy ${arn} was not found.`),
  policyNotAttachable: (arn: string) =>
    noSuchEntity(`Policy ${arn} does not exist or is not attachable.`),
  boundaryNotFound: (arn: string) =>
    noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`),
  noSuchAccessKey: (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`),
  /** AWS's wording for an unknown version of an existing policy. */
  noSuchPolicyVersion: (arn: string, versionId: string) =>
    noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`),

  noSuchInstanceProfile: (name: string) =>
    noSuchEntity(`Instance Profile ${name} cannot be found.`), // recorded
  roleNotInInstanceProfile: (role: string, profile: string) =>
    noSuchEntity(`Role ${role} in Instance Profile ${profile} cannot be found.`), // recorded

  noSuchSamlProvider: (arn: string) => noSuchEntity(`Manifest not found for arn ${arn}`), // recorded
  samlProviderExists: (name: string) => alreadyExists(`SAMLProvider ${name} already exists.`),
  invalidSamlMetadata: () => new DomainError('InvalidInput', 'Could not parse metadata', 400),

  // EntityAlreadyExists (recorded for users, groups, roles)
  userExists: (name: string) => alreadyExists(`User with name ${name} already exists.`),
  groupExists: (name: string) => alreadyExists(`Group with name ${name} already exists.`),
  roleExists: (name: string) => alreadyExists(`Role with name ${name} already exists.`),
  instanceProfileExists: (name: string) =>
    alreadyExists(`Instance Profile ${name} already exists.`), // recorded
  policyExists: (name: string) =>
    alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`),

  // DeleteConflict
  mustDetachPolicies: () => deleteConflict('Cannot delete entity, must detach all policies first.'), // recorded
  mustDeletePolicies: () => deleteConflict('Cannot delete entity, must delete policies first.'), // recorded
  mustRemoveReferences: () =>
    deleteConflict('Cannot delete entity, must remove referenced objects first.'), // recorded
  mustDeleteAccessKeys: () =>
    deleteConflict('Cannot delete entity, must delete access keys first.'),
  mustRemoveFromGroups: () =>
    deleteConflict('Cannot delete entity, must remove users from group first.'),
  policyAttached: () => deleteConflict('Cannot delete a policy attached to entities.'), // recorded
  mustRemoveRolesFromProfile: () =>
    deleteConflict('Cannot delete entity, must remove roles from instance profile first.'), // recorded
  defaultVersion: () => deleteConflict('Cannot delete the default version of a policy.'),
  /** Another part of IAM (login profile, MFA device) still refers to the entity. */
  deleteConflict,

  // LimitExceeded
  accessKeysPerUser: () => limitExceeded('Cannot exceed quota for AccessKeysPerUser: 2'), // recorded
  policyVersions: () =>
    limitExceeded(
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    ),
  quota: (name: string, limit: number) =>
    limitExceeded(`Cannot exceed quota for ${name}: ${limit}`),
  /** A document, or the entity's inline policies together, over its size quota (AWS's wording). */
  inlinePolicySize: (kind: 'user' | 'group' | 'role', entity: string, limit: number) =>
    limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${entity}`),

  // 400s
  malformedPolicy: (message: string) => new DomainError('MalformedPolicyDocument', message, 400),
  validation: (message: string) => new DomainError('ValidationError', message, 400),
  invalidInput: (message: string) => new DomainError('InvalidInput', message, 400),
  invalidArn: (arn: string) => new DomainError('ValidationError', `ARN ${arn} is not valid.`, 400), // recorded
  invalidBoundaryArn: (arn: string) =>
    new DomainError('InvalidInput', `ARN ${arn} is not valid.`, 400), // recorded
  invalidMarker: () => new DomainError('ValidationError', 'Invalid Marker.', 400), // recorded
  userNameRequired: () =>
    new DomainError(
      'ValidationError',
      'Must specify userName when calling with non-User credentials',
      400,
    ), // recorded
  invalidPath: () =>
    new DomainError(
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
      400,
    ), // recorded
  duplicateTagKeys: () =>
    new DomainError(
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    ), // recorded

  /** A role only AWS may change (Identity Center's, service-linked), changed by an IAM principal. */
  unmodifiableRole: (name: string) =>
    new DomainError(
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`,
      400,
    ), // as AWS answers (aws-nuke #441, #1028; cloud-nuke #880; AWS re:Post identity-center-aws-reserved-sso)

  // AccessDenied on AWS-managed policies (recorded)
  cannotDeleteAwsPolicy: () =>
    new DomainError('AccessDenied', 'Cannot delete policies outside your own account.', 403),
  cannotDeleteAwsPolicyVersion: () =>
    new DomainError(
      'AccessDenied',
      'Cannot delete policy versions for policies outside your own account.',
      403,
    ),
  cannotUpdateAwsPolicy: () =>
    new DomainError('AccessDenied', 'Cannot update policies outside your own account.', 403),
  /** Not recorded: worded as the recorded update and delete refusals above. */
  cannotTagAwsPolicy: () =>
    new DomainError('AccessDenied', 'Cannot tag policies outside your own account.', 403),
} as const
