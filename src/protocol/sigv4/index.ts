/**
 * SigV4 verification: a pure function of the raw request, a secret lookup and the clock.
 */
export {
  verifySigV4,
  MAX_CLOCK_SKEW_MS,
  type SigV4Request,
  type SigV4Result,
  type SigV4Success,
  type SigV4Failure,
  type SecretLookup,
  type SecretLookupContext,
  type VerifySigV4Options,
  type ChunkSigning,
} from './verify-sigv4.ts'
export {
  SIGV4_DIALECTS,
  SIGV4_FAILURE_KINDS,
  SIGV4_MESSAGES,
  sigv4Error,
  type SigV4Dialect,
  type SigV4FailureKind,
} from './sigv4-errors.ts'
export { pairRawHeaders, headerValue, headerValues, type RawHeaders } from './raw-headers.ts'
export {
  buildCanonicalRequest,
  canonicalPath,
  canonicalQuery,
  canonicalHeaderValue,
  parseRawQuery,
  type CanonicalRequestParts,
  type QueryParam,
  type ParsedQuery,
} from './canonical-request.ts'
export { uriEncode, percentDecode, type PercentDecodeFailure } from './uri-encode.ts'
export {
  SIGV4_ALGORITHM,
  buildStringToSign,
  deriveSigningKey,
  sha256Hex,
  signatureOf,
} from './signing-key.ts'
export { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.ts'
export {
  parseAuthorizationHeader,
  parseCredential,
  parsePresignedQuery,
  type CredentialScope,
  type SignatureParams,
  type SignatureParamsResult,
} from './signature-params.ts'
