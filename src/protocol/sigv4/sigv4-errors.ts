import { senderError, type AwsError } from '../aws-error.ts'

/**
 * Which family of codes a failure is reported in: `query` (IAM, STS: `SignatureDoesNotMatch`,
 * `InvalidClientTokenId`...), `json` (JSON 1.1 and rest-json services: `InvalidSignatureException`,
 * `UnrecognizedClientException`...) or `s3` (REST-XML: `InvalidAccessKeyId`, `RequestTimeTooSkewed`...).
 */
export const SIGV4_DIALECTS = ['query', 'json', 's3'] as const

/** One of {@link SIGV4_DIALECTS}. */
export type SigV4Dialect = (typeof SIGV4_DIALECTS)[number]

/** Why verification failed, independent of the wire dialect. */
export const SIGV4_FAILURE_KINDS = [
  'MissingAuthentication',
  'IncompleteSignature',
  'MalformedQueryString',
  'InvalidSignature',
  'RequestTimeSkewed',
  'UnknownAccessKey',
  'SignatureMismatch',
] as const

/** One of {@link SIGV4_FAILURE_KINDS}. */
export type SigV4FailureKind = (typeof SIGV4_FAILURE_KINDS)[number]

// Codes and statuses. Query: AWS's common-error tables (IAM, STS API references) and recorded STS
// answers; JSON: as recorded from Coral JSON services (DynamoDB, Cognito), where each is a 400;
// S3: the Amazon S3 API Reference's error code list.
const CODES: Record<SigV4FailureKind, Record<SigV4Dialect, readonly [string, number]>> = {
  MissingAuthentication: {
    query: ['MissingAuthenticationToken', 403],
    json: ['MissingAuthenticationTokenException', 400],
    s3: ['AccessDenied', 403],
  },
  IncompleteSignature: {
    query: ['IncompleteSignature', 400],
    json: ['IncompleteSignatureException', 400],
    s3: ['AuthorizationHeaderMalformed', 400],
  },
  MalformedQueryString: {
    query: ['MalformedQueryString', 400],
    json: ['MalformedQueryString', 400],
    s3: ['InvalidArgument', 400],
  },
  InvalidSignature: {
    query: ['SignatureDoesNotMatch', 403],
    json: ['InvalidSignatureException', 400],
    s3: ['SignatureDoesNotMatch', 403],
  },
  RequestTimeSkewed: {
    query: ['SignatureDoesNotMatch', 403],
    json: ['InvalidSignatureException', 400],
    s3: ['RequestTimeTooSkewed', 403],
  },
  UnknownAccessKey: {
    query: ['InvalidClientTokenId', 403],
    json: ['UnrecognizedClientException', 400],
    s3: ['InvalidAccessKeyId', 403],
  },
  SignatureMismatch: {
    query: ['SignatureDoesNotMatch', 403],
    json: ['InvalidSignatureException', 400],
    s3: ['SignatureDoesNotMatch', 403],
  },
}

/** The {@link AwsError} for a failure of `kind` in `dialect`, with AWS's `message`. */
export function sigv4Error(
  kind: SigV4FailureKind,
  dialect: SigV4Dialect,
  message: string,
): AwsError {
  const [code, status] = CODES[kind][dialect]
  return senderError(code, message, status)
}

/** AWS's wording for each SigV4 failure. */
export const SIGV4_MESSAGES = {
  missingToken: 'Request is missing Authentication Token',
  invalidToken: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  both: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  headerRequires: (param: string) => `Authorization header requires '${param}' parameter.`,
  headerRequiresDate:
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  queryRequires: (param: string) => `AWS query-string parameters must include '${param}'.`,
  reexamineQuery: 'Re-examine the query-string parameters.',
  missingEqual: (part: string, header: string) =>
    `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
  badDate: (value: string) =>
    `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  expired: (request: string, earliest: string, now: string) =>
    `Signature expired: ${request} is now earlier than ${earliest} (${now} - 15 min.)`,
  notYetCurrent: (request: string, latest: string, now: string) =>
    `Signature not yet current: ${request} is still later than ${latest} (${now} + 15 min.)`,
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  algorithm: (algorithm: string) =>
    `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now).`,
  credentialParts: (credential: string) =>
    'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,' +
    ` got '${credential}'`,
  scopeService: (service: string) =>
    `Credential should be scoped to correct service: '${service}'.`,
  scopeTerminator: (term: string) =>
    `Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'.`,
  scopeDate: (scopeDate: string, requestDate: string, amzDate: string) =>
    'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
    `'${scopeDate}' != '${requestDate}', from '${amzDate}'.`,
  illegalEscape: (escape: string) => `Illegal hex character in escape % pattern: ${escape}`,
  s3InvalidAccessKey: 'The AWS Access Key Id you provided does not exist in our records.',
  s3Mismatch:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  s3Skewed: 'The difference between the request time and the current time is too large.',
  s3Expired: 'Request has expired',
  s3ExpiresRange: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
  s3ExpiresNumber: 'X-Amz-Expires should be a number',
} as const
