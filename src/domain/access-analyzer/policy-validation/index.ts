/** IAM Access Analyzer's policy validation (ValidatePolicy) as a library. */
export {
  validatePolicy,
  VALIDATE_POLICY_RESOURCE_TYPES,
  VALIDATE_POLICY_TYPES,
  type ValidatePolicyInput,
  type ValidatePolicyResourceType,
  type ValidatePolicyType,
} from './validate-policy.ts'
export type { FindingLocation, PathElement, ValidatePolicyFinding } from './findings.ts'
export {
  FINDING_TYPES,
  ISSUE_CODES,
  POLICY_CHECKS,
  type FindingType,
  type IssueCode,
} from './policy-checks.ts'
export { IamDataCatalog } from './iam-data-catalog.ts'
export type { ServiceCatalog } from './service-catalog.ts'
