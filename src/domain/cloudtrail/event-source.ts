/**
 * Where a call is recorded: its `eventSource` and `awsRegion`. IAM, STS's global endpoint,
 * Organizations and console sign-in are global services, recorded in us-east-1 (CloudTrail User
 * Guide, "AWS Management Console sign-in events" and global service events).
 */

/** The eventSource of each service xaccess serves, by its signing name. */
export const EVENT_SOURCES: Readonly<Record<string, string>> = {
  iam: 'iam.amazonaws.com',
  sts: 'sts.amazonaws.com',
  organizations: 'organizations.amazonaws.com',
  identitystore: 'identitystore.amazonaws.com',
  'sso-admin': 'sso.amazonaws.com',
  'sso-oidc': 'sso.amazonaws.com',
  sso: 'sso.amazonaws.com',
  signin: 'signin.amazonaws.com',
  cloudtrail: 'cloudtrail.amazonaws.com',
  'access-analyzer': 'access-analyzer.amazonaws.com',
  s3: 's3.amazonaws.com',
}

const GLOBAL = new Set(['iam', 'organizations', 'signin'])

/** The eventSource of a service (`<name>.amazonaws.com` for one not listed). */
export const eventSourceOf = (service: string): string =>
  EVENT_SOURCES[service] ?? `${service}.amazonaws.com`

/**
 * The region a call is recorded in: us-east-1 for global services, else the request's region.
 * STS calls through the server's one endpoint are the global endpoint's, hence us-east-1 too
 * (the requested region has already been mapped so by the server).
 */
export const recordedRegion = (service: string, requestRegion: string): string =>
  GLOBAL.has(service) ? 'us-east-1' : requestRegion

const READ_PREFIXES = [
  'Get',
  'Head',
  'List',
  'Describe',
  'Lookup',
  'Decode',
  'Simulate',
  'Search',
  'Check',
  'Validate',
]

/**
 * Whether an operation only reads (`readOnly`). STS's credential operations are read-only in
 * CloudTrail (they change no resource), as are Get/List/Describe operations everywhere (and S3's
 * HeadObject and HeadBucket).
 */
export function isReadOnly(service: string, operation: string): boolean {
  if (service === 'sts') return true
  return READ_PREFIXES.some((p) => operation.startsWith(p))
}
