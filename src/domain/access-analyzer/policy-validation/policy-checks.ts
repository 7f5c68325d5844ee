/**
 * The policy checks of AWS's "IAM Access Analyzer policy check reference" (IAM User Guide,
 * `access-analyzer-reference-policy-checks`) that xaccess implements: issue code, finding type and
 * the `findingDetails` wording, word for word, with `{{name}}` where AWS fills in a value.
 *
 * The issue code is the section's anchor without its finding-type prefix, upper-cased with `_` for
 * `-` (the anchor `…-security-warning-pass-role-with-star-in-resource` is the issue code
 * `PASS_ROLE_WITH_STAR_IN_RESOURCE`), which is how AWS names them; the learn-more link is the anchor.
 */

/** AWS's finding types, most severe first. */
export const FINDING_TYPES = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const
export type FindingType = (typeof FINDING_TYPES)[number]

const E = 'ERROR'
const S = 'SECURITY_WARNING'
const W = 'WARNING'
const G = 'SUGGESTION'

/** Every implemented check: finding type and AWS's findingDetails template. */
export const POLICY_CHECKS = {
  // Errors
  ARN_ACCOUNT_NOT_ALLOWED: [
    E,
    'The service {{service}} does not support specifying an account ID in the resource ARN.',
  ],
  ARN_REGION_NOT_ALLOWED: [
    E,
    'The service {{service}} does not support specifying a Region in the resource ARN.',
  ],
  DATA_TYPE_MISMATCH: [E, 'The text does not match the expected JSON data type {{data_type}}.'],
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: [
    E,
    'The condition key {{key}} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.',
  ],
  INVALID_ACTION: [E, 'The action {{action}} does not exist.{{suggestion}}'],
  INVALID_ARN_ACCOUNT: [
    E,
    'The resource ARN account ID {{account}} is not valid. Provide a 12-digit account ID.',
  ],
  INVALID_ARN_PREFIX: [E, 'Add the required prefix (arn) to the resource ARN.'],
  INVALID_ARN_REGION: [
    E,
    'The Region {{region}} is not valid for this resource. Update the resource ARN to include a supported Region.',
  ],
  INVALID_ARN_RESOURCE: [
    E,
    'Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.',
  ],
  INVALID_ARN_SERVICE_CASE: [
    E,
    'Update the service name {{service}} in the resource ARN to use all lowercase letters.',
  ],
  INVALID_CONDITION_DATA_TYPE: [
    E,
    'The condition value data types do not match. Use condition values of the same JSON data type.',
  ],
  INVALID_CONDITION_KEY_FORMAT: [
    E,
    'The condition key format is not valid. Use the format service:keyname.',
  ],
  INVALID_CONDITION_MULTIPLE_BOOLEAN: [
    E,
    'The condition key does not support multiple Boolean values. Use a single Boolean value.',
  ],
  INVALID_CONDITION_OPERATOR: [
    E,
    'The condition operator {{operator}} is not valid. Use a valid condition operator.',
  ],
  INVALID_EFFECT: [E, 'The effect {{effect}} is not valid. Use Allow or Deny.'],
  INVALID_GLOBAL_CONDITION_KEY: [
    E,
    'The condition key {{key}} does not exist. Use a valid condition key.',
  ],
  INVALID_PARTITION: [
    E,
    'The resource ARN for the service {{service}} does not support the partition {{partition}}. Use the supported values: {{partitions}}',
  ],
  INVALID_POLICY_ELEMENT: [E, 'The policy element {{element}} is not valid.'],
  INVALID_PRINCIPAL_FORMAT: [
    E,
    'The Principal element contents are not valid. Specify a key-value pair in the Principal element.',
  ],
  INVALID_PRINCIPAL_KEY: [E, 'The principal key {{principal_key}} is not valid.'],
  INVALID_REGION: [
    E,
    'The Region {{region}} is not valid. Update the condition value to a suported Region.',
  ],
  INVALID_SERVICE: [E, 'The service {{service}} does not exist. Use a valid service name.'],
  INVALID_SERVICE_CONDITION_KEY: [
    E,
    'The condition key {{key}} does not exist in the service {{service}}. Use a valid condition key.',
  ],
  INVALID_SERVICE_IN_ACTION: [
    E,
    'The service {{service}} specified in the action does not exist.{{suggestion}}',
  ],
  INVALID_VARIABLE_FOR_OPERATOR: [
    E,
    'Policy variables can only be used with String and ARN operators.',
  ],
  INVALID_VERSION: [
    E,
    'The version {{version}} is not valid. Use one of the following versions: {{versions}}',
  ],
  JSON_SYNTAX_ERROR: [
    E,
    'Fix the JSON syntax error at index {{index}} line {{line}} column {{column}}.',
  ],
  MISSING_ACTION: [E, 'Add an Action or NotAction element to the policy statement.'],
  MISSING_ARN_FIELD: [
    E,
    'Resource ARNs must include at least {{fields}} fields in the following structure: arn:partition:service:region:account:resource',
  ],
  MISSING_ARN_REGION: [E, 'Add a Region to the {{service}} resource ARN.'],
  MISSING_EFFECT: [
    E,
    'Add an Effect element to the policy statement with a value of Allow or Deny.',
  ],
  MISSING_PRINCIPAL: [E, 'Add a Principal element to the policy statement.'],
  MISSING_QUALIFIER: [
    E,
    'The request context key {{key}} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.',
  ],
  MISSING_RESOURCE: [E, 'Add a Resource or NotResource element to the policy statement.'],
  MISSING_STATEMENT: [E, 'Add a statement to the policy'],
  NULL_WITH_IF_EXISTS: [
    E,
    'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.',
  ],
  SCP_SYNTAX_ERROR_PRINCIPAL: [
    E,
    'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.',
  ],
  UNIQUE_SIDS_REQUIRED: [
    E,
    'Duplicate statement IDs are not supported for this policy type. Update the Sid value.',
  ],
  UNSUPPORTED_ACTION_IN_POLICY: [
    E,
    'The action {{action}} is not supported for the resource-based policy attached to the resource type {{resourceType}}.',
  ],
  UNSUPPORTED_RESOURCE_ARN_IN_POLICY: [
    E,
    'The resource ARN is not supported for the resource-based policy attached to the resource type {{resourceType}}.',
  ],
  UNSUPPORTED_ELEMENT_COMBINATION: [
    E,
    'The policy elements {{element1}} and {{element2}} can not be used in the same statement. Remove one of these elements.',
  ],
  UNSUPPORTED_PRINCIPAL: [
    E,
    'The policy type {{policy_type}} does not support the Principal element. Remove the Principal element.',
  ],
  UNSUPPORTED_SID: [
    E,
    'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]',
  ],
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: [
    E,
    'Wildcards (*, ?) are not supported with the principal key {{principal_key}}. Replace the wildcard with a valid principal value.',
  ],
  MISSING_BRACE_IN_VARIABLE: [
    E,
    'The policy variable is missing a closing curly brace. Add } after the variable text.',
  ],
  MISSING_QUOTE_IN_VARIABLE: [
    E,
    'The policy variable default value must begin and end with a single quote. Add the missing quote.',
  ],
  UNSUPPORTED_SPACE_IN_VARIABLE: [
    E,
    'A space is not supported within the policy variable text. Remove the space.',
  ],
  EMPTY_VARIABLE: [
    E,
    'Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.',
  ],
  VARIABLE_UNSUPPORTED_IN_ELEMENT: [
    E,
    'Policy variables are supported in the Resource and Condition elements. Remove the policy variable {{variable}} from this element.',
  ],
  VARIABLE_UNSUPPORTED_IN_VERSION: [
    E,
    'To include variables in your policy, use the policy version 2012-10-17 or later.',
  ],
  PRIVATE_IP_ADDRESS: [
    E,
    'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.',
  ],
  PRIVATE_NOT_IP_ADDRESS: [
    E,
    'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.',
  ],
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: [
    E,
    'The {{policySize}} characters in the service control policy (SCP) exceed the {{policySizeQuota}} character maximum for SCPs. We recommend that you use multiple granular policies.',
  ],
  INVALID_SERVICE_PRINCIPAL_FORMAT: [
    E,
    'The service principal does not match the expected format. Use the format {{expectedFormat}}.',
  ],
  MISSING_TAG_KEY_IN_CONDITION: [
    E,
    'The condition key {{conditionKeyName}} must include a tag key to control access based on tags. Use the format {{conditionKeyName}}tag-key and specify a key name for tag-key.',
  ],
  INVALID_VPC_FORMAT: [
    E,
    "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters.",
  ],
  INVALID_VPCE_FORMAT: [
    E,
    "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters.",
  ],
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: [
    E,
    'The policy type does not support a federated identity provider in the principal element. Use a supported principal.',
  ],
  UNSUPPORTED_ACTION_FOR_CONDITION_KEY: [
    E,
    'The following actions: {{actions}} are not supported by the condition key {{key}}. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.',
  ],
  UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: [
    E,
    'The following condition keys are not supported when used with the service principal: {{conditionKeys}}.',
  ],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: [
    E,
    'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.',
  ],
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: [
    E,
    '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.',
  ],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: [
    E,
    'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.',
  ],
  MISSING_ACTION_FOR_CONDITION_KEY: [
    E,
    'The {{actionName}} action must be in the action block to allow setting values for the condition key {{keyName}}. Add {{actionName}} to the action block.',
  ],
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: [
    E,
    'The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.',
  ],
  MISMATCHED_ACTION_FOR_PRINCIPAL: [
    E,
    'The {{actionName}} action is invalid with the following principal(s): {{principalNames}}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options.',
  ],
  MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: [
    E,
    'The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy.',
  ],

  // General warnings
  CREATE_SLR_WITH_NOT_RESOURCE: [
    W,
    'Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.',
  ],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: [
    W,
    'Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  ],
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: [
    W,
    'Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  ],
  CREATE_SLR_WITH_STAR_IN_RESOURCE: [
    W,
    'Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.',
  ],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: [
    W,
    'Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.',
  ],
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: [
    W,
    'Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.',
  ],
  DEPRECATED_GLOBAL_CONDITION_KEY: [
    W,
    'We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.',
  ],
  INVALID_DATE_VALUE: [
    W,
    'The date {{date}} might not resolve as expected. We recommend that you use the YYYY-MM-DD format.',
  ],
  INVALID_ROLE_REFERENCE: [
    W,
    'The Principal element includes the IAM role ID {{roleid}}. We recommend that you use a role ARN instead.',
  ],
  INVALID_USER_REFERENCE: [
    W,
    'The Principal element includes the IAM user ID {{userid}}. We recommend that you use a user ARN instead.',
  ],
  MISSING_VERSION: [
    W,
    'We recommend that you specify the Version element to help you with debugging permission issues.',
  ],
  UNIQUE_SIDS_RECOMMENDED: [
    W,
    'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.',
  ],
  WILDCARD_WITHOUT_LIKE_OPERATOR: [
    W,
    'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.',
  ],
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: [
    W,
    'The {{policySize}} characters in the identity policy, excluding whitespace, exceed the {{policySizeQuota}} character maximum for inline and managed policies. We recommend that you use multiple granular policies.',
  ],
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: [
    W,
    'The {{policySize}} characters in the resource policy exceed the {{policySizeQuota}} character maximum for resource policies. We recommend that you use multiple granular policies.',
  ],
  TYPE_MISMATCH: [
    W,
    'Use the operator type {{allowed}} instead of operator {{operator}} for the condition key {{key}}.',
  ],
  TYPE_MISMATCH_BOOLEAN: [
    W,
    'Add a valid Boolean value (true or false) for the condition operator {{operator}}.',
  ],
  TYPE_MISMATCH_DATE: [
    W,
    'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.',
  ],
  TYPE_MISMATCH_IP_RANGE: [
    W,
    'The condition operator {{operator}} is used with an invalid IP range value. Specify the IP range in standard CIDR format.',
  ],
  TYPE_MISMATCH_NUMBER: [W, 'Add a valid numeric value for the condition operator {{operator}}.'],
  TYPE_MISMATCH_STRING: [
    W,
    'Add a valid base64-encoded string value for the condition operator {{operator}}.',
  ],
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: [
    W,
    'Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name.',
  ],
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: [
    W,
    'The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.',
  ],

  // Security warnings
  ALLOW_WITH_NOT_PRINCIPAL: [
    S,
    'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
  ],
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: [
    S,
    'Using ForAllValues qualifier with the single-valued condition key {{key}} can be overly permissive. We recommend that you remove ForAllValues:.',
  ],
  PASS_ROLE_WITH_NOT_RESOURCE: [
    S,
    'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  ],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: [
    S,
    'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  ],
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: [
    S,
    'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.',
  ],
  PASS_ROLE_WITH_STAR_IN_RESOURCE: [
    S,
    'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  ],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: [
    S,
    'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  ],
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: [
    S,
    'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  ],
  MISSING_PAIRED_CONDITION_KEYS: [
    S,
    'Using the condition key {{conditionKeyName}} can be overly permissive without also using the following condition keys: {{recommendedKeys}}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.',
  ],
  DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: [
    S,
    'Using the effect Deny with the tag condition key {{conditionKeyName}} and actions for services with the following prefixes can be overly permissive: {{serviceNames}}. Actions for the listed services are not denied by this statement. We recommend that you move these actions to a different statement without this condition key.',
  ],
  DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: [
    S,
    "Using the effect Deny with NotAction and the tag condition key {{conditionKeyName}} can be overly permissive because some service actions are not denied by this statement. This is because the condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.",
  ],
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: [
    S,
    'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.',
  ],
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: [
    S,
    'Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.',
  ],
  MISSING_GITHUB_REPO_CONDITION_KEY: [
    S,
    'Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.',
  ],

  // Suggestions
  EMPTY_ARRAY_ACTION: [
    G,
    'This statement includes no actions and does not affect the policy. Specify actions.',
  ],
  EMPTY_ARRAY_CONDITION: [
    G,
    'There are no values for the condition key {{key}} and it does not affect the policy. Specify conditions.',
  ],
  EMPTY_ARRAY_CONDITION_FORALLVALUES: [
    G,
    'The ForAllValues prefix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  ],
  EMPTY_ARRAY_CONDITION_FORANYVALUE: [
    G,
    'The ForAnyValue prefix with an empty condition key {{key}} never matches the request context and it does not affect the policy. Specify conditions.',
  ],
  EMPTY_ARRAY_CONDITION_IFEXISTS: [
    G,
    'The IfExists suffix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  ],
  EMPTY_ARRAY_PRINCIPAL: [
    G,
    'This statement includes no principals and does not affect the policy. Specify principals.',
  ],
  EMPTY_ARRAY_RESOURCE: [
    G,
    'This statement includes no resources and does not affect the policy. Specify resources.',
  ],
  EMPTY_OBJECT_CONDITION: [
    G,
    'This condition block is empty and it does not affect the policy. Specify conditions.',
  ],
  EMPTY_OBJECT_PRINCIPAL: [
    G,
    'This statement includes no principals and does not affect the policy. Specify principals.',
  ],
  EMPTY_SID_VALUE: [G, 'Add a value to the empty string in the Sid element.'],
  IMPROVE_IP_RANGE: [
    G,
    'The non-zero bits in the IP address after the masked bits are ignored. Replace address with {{addr}}.',
  ],
  NULL_WITH_QUALIFIER: [
    G,
    'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.',
  ],
  PRIVATE_IP_ADDRESS_SUBSET: [
    G,
    'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.',
  ],
  PRIVATE_NOT_IP_ADDRESS_SUBSET: [
    G,
    'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.',
  ],
  REDUNDANT_ACTION: [
    G,
    'The {{redundantActionCount}} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: {{redundantAction}}.',
  ],
  REDUNDANT_CONDITION_VALUE_NUM: [
    G,
    'Multiple values in {{operator}} are redundant. Replace with the {{greatest_least}} single value for {{key}}.',
  ],
  REDUNDANT_RESOURCE: [
    G,
    'The {{redundantResourceCount}} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)',
  ],
  REDUNDANT_STATEMENT: [
    G,
    'The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.',
  ],
  ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: [
    G,
    'Using the effect Allow with the tag condition key {{conditionKeyName}} and actions for services with the following prefixes does not affect the policy: {{serviceNames}}. Actions for the listed service are not allowed by this statement. We recommend that you move these actions to a different statement without this condition key.',
  ],
  ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: [
    G,
    "Using the effect Allow with NotAction and the tag condition key {{conditionKeyName}} allows only service actions that support the condition key. The condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.",
  ],
  WILDCARD_IN_SERVICE_NAME: [
    G,
    'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.',
  ],
  RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: [
    G,
    'To restrict access to the service principal {{servicePrincipalPrefix}} operating on your behalf, we recommend aws:SourceArn or aws:SourceAccount instead of {{key}}.',
  ],
  IRRELEVANT_CONDITION_KEY_IN_POLICY: [
    G,
    'The condition key {{condition-key}} is not relevant for the {{resource-type}} policy.  Use this key in an identity-based policy to govern access to this resource.',
  ],
  CONFIRM_AUDIENCE_CLAIM_TYPE: [
    G,
    "The 'aud' (audience) claim key identifies the recipients that the JSON web token is intended for. Audience claims can be multivalued or single-valued. If the claim is multivalued, use a ForAllValues or ForAnyValue qualifier. If the claim is single-valued, do not use a qualifier.",
  ],
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: [
    G,
    'The assumed-role principal {{redundant_principal}} is redundant with its parent role {{parent_role}}. Remove the assumed-role principal.',
  ],
} as const satisfies Record<string, readonly [FindingType, string]>

/** The issue code of an implemented check. */
export type IssueCode = keyof typeof POLICY_CHECKS

/** Every implemented issue code, in table order. */
export const ISSUE_CODES = Object.keys(POLICY_CHECKS) as readonly IssueCode[]

const LEARN_MORE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-'

const TYPE_SLUG: { readonly [T in FindingType]: string } = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
}

/** The finding type of a check. */
export function findingTypeOf(code: IssueCode): FindingType {
  return POLICY_CHECKS[code][0]
}

/**
 * AWS's learn-more link of a check: the reference page's anchor.
 * @example learnMoreLink('EMPTY_SID_VALUE')
 * // 'https://docs.aws.amazon.com/…#access-analyzer-reference-policy-checks-suggestion-empty-sid-value'
 */
export function learnMoreLink(code: IssueCode): string {
  return `${LEARN_MORE}${TYPE_SLUG[findingTypeOf(code)]}-${code.toLowerCase().replaceAll('_', '-')}`
}

/** AWS's findingDetails of a check, its `{{name}}` slots filled from `params`. */
export function findingDetails(
  code: IssueCode,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return POLICY_CHECKS[code][1].replace(/\{\{([\w-]+)\}\}/g, (_, name: string) =>
    String(params[name] ?? ''),
  )
}
