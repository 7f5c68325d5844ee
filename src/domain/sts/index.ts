// Public face of the STS domain: the service, the session token codec, the Caller of temporary
// credentials, and the port IAM implements.
export { createStsService, type StsDeps } from './sts-service.ts'
export {
  SessionTokenCodec,
  TOKEN_FAILURES,
  type IssuedSession,
  type OpenedToken,
  type TokenFailure,
} from './session-token-codec.ts'
export { assumedRoleArn, callerFromEnvelope, federatedUserArn } from './caller-from-envelope.ts'
export { federatedUserRefusal } from './federated-user-limits.ts'
export { stsErrors } from './errors.ts'
export { MFA_RESULTS } from './sts-directory.ts'
export type { AssumableRole, MfaResult, StsDirectory } from './sts-directory.ts'
