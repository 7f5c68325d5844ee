// Public face of the admin commands' AWS plumbing: credentials, a signed JSON 1.1 client, the
// AWS CLI's INI files, endpoint-rule files and the Identity Center profiles.
export {
  adminClient,
  adminFailure,
  DEFAULT_ENDPOINT,
  endpointOf,
  failureMessage,
  UsageError,
  type AdminOptions,
} from './admin-client.ts'
export {
  awsConfigPath,
  awsCredentialsPath,
  CredentialsError,
  DEFAULT_REGION,
  resolveCredentials,
  type ResolvedCredentials,
  type SigningCredentials,
} from './aws-credentials.ts'
export {
  AwsCallError,
  AwsJsonClient,
  JSON_SERVICES,
  UnreachableError,
  type AwsJsonClientOptions,
  type JsonServiceName,
} from './aws-json-client.ts'
export {
  ENDPOINT_RULE_FILE,
  ENDPOINT_RULE_SERVICES,
  endpointRuleSet,
  isOurRuleFile,
  writeEndpointRules,
  type RuleFileOutcome,
} from './endpoint-rules.ts'
export {
  awsConfigOwner,
  IniDocument,
  markerLine,
  normalizeSectionName,
  type IniSection,
  type IniSectionText,
  type ReplaceResult,
} from './ini-document.ts'
export { readPassword } from './read-password.ts'
export { replaceFile } from './replace-file.ts'
export { signRequest, type SigningScope, type UnsignedRequest } from './sign-request.ts'
export {
  AssignmentLookupError,
  findInstance,
  findUserId,
  listAssignments,
  type SsoAssignment,
  type SsoInstance,
} from './sso-assignments.ts'
export {
  profileNamePart,
  SSO_REGISTRATION_SCOPES,
  ssoConfigSections,
  ssoProfiles,
  type SsoProfile,
  type SsoProfilesInput,
} from './sso-profiles.ts'
