/**
 * Every problem the policy parser can report: its code, its parameters and its message, in one
 * table. Where AWS answers with a specific wording (MalformedPolicyDocument, quota errors), the
 * message is AWS's; elsewhere it is ours, lowercase, with the user's input quoted.
 *
 * Provenance of AWS wordings, noted per entry:
 * - recorded: seen in AWS responses under shared/reference/aws-recorded/.
 * - IAM: IAM's MalformedPolicyDocument / LimitExceeded wording as IAM returns it (not recorded here).
 * - STS: the AWS query-protocol ValidationError wording, recorded for `sts:GetFederationToken`.
 */
import type { PolicyType } from '../types.ts'

/** AWS's catch-all MalformedPolicyDocument message, for problems AWS has no specific wording for. */
export const AWS_SYNTAX_ERROR_MESSAGE = 'Syntax errors in policy.'

type NoParams = object

/** The parameters each problem code carries. */
export interface ProblemParams {
  invalid_json: NoParams
  invalid_input: { readonly got: string }
  invalid_name: NoParams
  duplicate_key: { readonly key: string }
  unknown_policy_element: { readonly key: string }
  invalid_version: { readonly value: string }
  missing_version: NoParams
  version_required: { readonly policyType: PolicyType }
  invalid_id: NoParams
  id_in_identity_policy: NoParams
  missing_statement: NoParams
  invalid_statement: NoParams
  empty_statement: NoParams
  unknown_statement_element: { readonly key: string }
  missing_effect: NoParams
  invalid_effect: { readonly value: string }
  invalid_sid: { readonly value: string }
  duplicate_sid: { readonly value: string }
  missing_action: NoParams
  action_and_not_action: NoParams
  invalid_string_list: { readonly element: string }
  invalid_action: { readonly value: string }
  invalid_action_vendor: { readonly value: string }
  invalid_action_name: { readonly value: string }
  trust_policy_action: NoParams
  not_action_unsupported: { readonly policyType: PolicyType }
  missing_resource: NoParams
  resource_and_not_resource: NoParams
  prohibited_field: { readonly field: string }
  invalid_resource: { readonly value: string }
  missing_principal: NoParams
  principal_and_not_principal: NoParams
  principal_forbidden: NoParams
  invalid_principal_shape: { readonly element: string }
  unknown_principal_type: { readonly key: string }
  empty_principal: { readonly element: string }
  invalid_principal: { readonly principalType: string; readonly value: string }
  not_principal_with_allow: NoParams
  not_principal_unsupported: { readonly policyType: PolicyType }
  rcp_principal_not_wildcard: NoParams
  rcp_allow: NoParams
  invalid_condition_block: NoParams
  invalid_condition_operator_body: { readonly operator: string }
  unknown_condition_operator: { readonly operator: string }
  condition_operator_case: { readonly operator: string; readonly canonical: string }
  invalid_condition_key: { readonly key: string }
  invalid_condition_values: { readonly key: string }
  empty_condition_values: { readonly key: string }
  suspicious_condition_value: {
    readonly operator: string
    readonly value: string
    readonly expected: string
  }
  variable_in_legacy_version: { readonly value: string }
  variable_not_supported: { readonly value: string; readonly where: string }
  unclosed_variable: { readonly value: string }
  policy_too_large: {
    readonly policyType: PolicyType
    readonly size: number
    readonly limit: number
  }
  invalid_characters: { readonly character: string }
  unreadable_document: { readonly reason: string }
}

/** The closed set of problem codes. */
export type ProblemCode = keyof ProblemParams

/** A problem as data: its code and that code's parameters (a discriminated union on `code`). */
export type ProblemDetail = {
  [K in ProblemCode]: { readonly code: K } & ProblemParams[K]
}[ProblemCode]

const MAX_QUOTED = 200

/** Quotes user input for a message, cut short when very long. */
function q(value: string): string {
  return JSON.stringify(cut(value))
}

/** User input cut short when very long, for messages where AWS does not quote it. */
function cut(value: string): string {
  return value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value
}

const POLICY_NOUNS: { readonly [T in PolicyType]: string } = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  trust: 'a role trust policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  permissionBoundary: 'a permissions boundary',
  session: 'a session policy',
}

/** AWS's size-limit wording per policy type, where AWS has one. */
function tooLarge(p: ProblemParams['policy_too_large']): string {
  switch (p.policyType) {
    case 'identity':
    case 'permissionBoundary':
      return `Cannot exceed quota for PolicySize: ${p.limit}` // IAM
    case 'trust':
      return `Cannot exceed quota for ACLSizePerRole: ${p.limit}` // IAM
    case 'session':
      // STS (recorded), without the echo of the whole policy AWS puts in the middle.
      return `1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${p.limit}`
    default:
      return `the policy is ${p.size} characters long; ${POLICY_NOUNS[p.policyType]} may have at most ${p.limit}`
  }
}

const ACTION_VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' // IAM

/** The message template of every problem code. */
export const MESSAGES: { readonly [K in ProblemCode]: (p: ProblemParams[K]) => string } = {
  invalid_json: () => 'This policy contains invalid Json', // recorded
  invalid_input: (p) => `a policy must be a JSON object, got ${p.got}`,
  invalid_name: () => 'the policy name must be a string',
  duplicate_key: (p) => `duplicate element ${q(p.key)}: an element may appear only once`,
  unknown_policy_element: (p) =>
    `unknown policy element ${q(p.key)}; a policy has only Version, Id and Statement`,
  invalid_version: (p) => `invalid Version ${q(p.value)}; expected "2012-10-17" or "2008-10-17"`,
  missing_version: () =>
    'no Version: the policy is read as "2008-10-17", in which policy variables are not expanded',
  version_required: (p) => `${POLICY_NOUNS[p.policyType]} must have "Version": "2012-10-17"`,
  invalid_id: () => 'Id must be a string',
  id_in_identity_policy: () => 'Id belongs in resource-based policies, not in identity policies',
  missing_statement: () => 'Missing required field Statement', // IAM
  invalid_statement: () => 'a statement must be a JSON object',
  empty_statement: () => 'the policy has no statements',
  unknown_statement_element: (p) => `unknown statement element ${q(p.key)}`,
  missing_effect: () => 'Missing required field Effect', // IAM
  invalid_effect: (p) => `invalid Effect ${q(p.value)}; expected "Allow" or "Deny"`,
  invalid_sid: () =>
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', // IAM
  duplicate_sid: () => 'Statement IDs (SID) in a single policy must be unique.', // IAM
  missing_action: () => 'Policy statement must contain actions.', // IAM
  action_and_not_action: () => 'a statement may have Action or NotAction, not both',
  invalid_string_list: (p) => `${p.element} must be a string or a non-empty array of strings`,
  invalid_action: () => ACTION_VENDOR,
  invalid_action_vendor: (p) => `invalid service prefix in action ${q(p.value)}`,
  invalid_action_name: (p) => `invalid action name in ${q(p.value)}`,
  trust_policy_action: () => 'AssumeRole policy may only specify STS AssumeRole actions.', // recorded
  not_action_unsupported: (p) => `NotAction is not supported in ${POLICY_NOUNS[p.policyType]}`,
  missing_resource: () => 'Policy statement must contain resources.', // IAM
  resource_and_not_resource: () => 'a statement may have Resource or NotResource, not both',
  prohibited_field: (p) => `Has prohibited field ${p.field}`, // recorded
  invalid_resource: (p) => `Resource ${cut(p.value)} must be in ARN format or "*".`, // IAM
  missing_principal: () => 'Missing required field Principal', // IAM
  principal_and_not_principal: () => 'a statement may have Principal or NotPrincipal, not both',
  principal_forbidden: () => 'Policy document should not specify a principal.', // IAM
  invalid_principal_shape: (p) =>
    `${p.element} must be "*" or an object with AWS, Service, Federated or CanonicalUser`,
  unknown_principal_type: (p) =>
    `unknown principal type ${q(p.key)}; expected AWS, Service, Federated or CanonicalUser`,
  empty_principal: (p) => `${p.element} names no principal`,
  invalid_principal: (p) => `Invalid principal in policy: "${p.principalType}":${q(p.value)}`, // IAM
  not_principal_with_allow: () => 'NotPrincipal may only be used with "Effect": "Deny"',
  not_principal_unsupported: (p) =>
    `NotPrincipal is not supported in ${POLICY_NOUNS[p.policyType]}`,
  rcp_principal_not_wildcard: () =>
    'the Principal of a resource control policy must be "*"; restrict principals with conditions',
  rcp_allow: () =>
    'resource control policies support only "Effect": "Deny" (Allow is reserved to RCPFullAWSAccess)',
  invalid_condition_block: () => 'Condition must be an object of condition operators',
  invalid_condition_operator_body: (p) =>
    `condition operator ${q(p.operator)} must map condition keys to values`,
  unknown_condition_operator: (p) => `Invalid Condition type : ${p.operator}`, // IAM
  condition_operator_case: (p) =>
    `condition operator ${q(p.operator)} is spelled ${q(p.canonical)} in AWS's documentation`,
  invalid_condition_key: () => ACTION_VENDOR,
  invalid_condition_values: (p) =>
    `the values of condition key ${q(p.key)} must be strings, numbers or booleans, or an array of them`,
  empty_condition_values: (p) => `condition key ${q(p.key)} has no values`,
  suspicious_condition_value: (p) =>
    `${p.operator} compares with ${q(p.value)}, which is not ${p.expected}`,
  variable_in_legacy_version: (p) =>
    `${q(p.value)} holds a policy variable, but Version "2008-10-17" reads it as literal text`,
  variable_not_supported: (p) =>
    `${q(p.value)} holds a policy variable, which ${p.where} does not expand`,
  unclosed_variable: (p) => `${q(p.value)} opens a policy variable "\${" that is never closed`,
  policy_too_large: tooLarge,
  invalid_characters: (p) =>
    `the policy contains ${q(p.character)}; policies may hold only tab, line feed, carriage return and characters U+0020 to U+00FF`,
  unreadable_document: (p) => `the policy document cannot be read as JSON data: ${p.reason}`,
}

/** Every problem code, in table order. */
export const PROBLEM_CODES = Object.keys(MESSAGES) as readonly ProblemCode[]

/**
 * The message for one problem.
 * @example formatProblem({ code: 'invalid_effect', value: 'allow' })
 * // 'invalid Effect "allow"; expected "Allow" or "Deny"'
 */
export function formatProblem(detail: ProblemDetail): string {
  const template = MESSAGES[detail.code] as (p: ProblemDetail) => string
  return template(detail)
}
