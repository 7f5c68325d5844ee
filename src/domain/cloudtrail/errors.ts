/**
 * The CloudTrail error registry: AWS's codes (the `Errors` of each operation in the AWS
 * CloudTrail API Reference), HTTP 400 unless said otherwise, and messages.
 */
import { DomainError } from '../common/domain-error.ts'

const e =
  (code: string, status = 400) =>
  (message: string) =>
    new DomainError(code, message, status)

/**
 * Constructors for every CloudTrail error xaccess returns, by AWS code.
 * @example throw cloudTrailErrors.InvalidMaxResultsException('…')
 */
export const cloudTrailErrors = {
  AccessDeniedException: e('AccessDeniedException'),
  InvalidLookupAttributesException: e('InvalidLookupAttributesException'),
  InvalidMaxResultsException: e('InvalidMaxResultsException'),
  InvalidNextTokenException: e('InvalidNextTokenException'),
  InvalidTimeRangeException: e('InvalidTimeRangeException'),
  InvalidEventCategoryException: e('InvalidEventCategoryException'),
  InvalidParameterException: e('InvalidParameterException'),
  InvalidParameterCombinationException: e('InvalidParameterCombinationException'),
  InvalidTrailNameException: e('InvalidTrailNameException'),
  TrailAlreadyExistsException: e('TrailAlreadyExistsException'),
  TrailNotFoundException: e('TrailNotFoundException'),
  CloudTrailARNInvalidException: e('CloudTrailARNInvalidException'),
  InvalidS3BucketNameException: e('InvalidS3BucketNameException'),
  InvalidS3PrefixException: e('InvalidS3PrefixException'),
  InvalidHomeRegionException: e('InvalidHomeRegionException'),
  MaximumNumberOfTrailsExceededException: e('MaximumNumberOfTrailsExceededException'),
  TagsLimitExceededException: e('TagsLimitExceededException'),
  ResourceNotFoundException: e('ResourceNotFoundException'),
  InvalidTagParameterException: e('InvalidTagParameterException'),
  InvalidEventSelectorsException: e('InvalidEventSelectorsException'),
  NotOrganizationMasterAccountException: e('NotOrganizationMasterAccountException'),
  OrganizationNotInAllFeaturesModeException: e('OrganizationNotInAllFeaturesModeException'),
  OperationNotPermittedException: e('OperationNotPermittedException'),
  UnsupportedOperationException: e('UnsupportedOperationException'),
  ValidationException: e('ValidationException'),
}
