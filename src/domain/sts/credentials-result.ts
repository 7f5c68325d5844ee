/** The `Credentials` member of AssumeRole and GetSessionToken responses. */
import type { IssuedSession } from './session-token-codec.ts'

/** AWS's Credentials shape. */
export interface CredentialsResult {
  readonly AccessKeyId: string
  readonly SecretAccessKey: string
  readonly SessionToken: string
  readonly Expiration: Date
}

/** The response member for credentials just issued. */
export const credentialsResult = (issued: IssuedSession): CredentialsResult => ({
  AccessKeyId: issued.accessKeyId,
  SecretAccessKey: issued.secretAccessKey,
  SessionToken: issued.sessionToken,
  Expiration: new Date(issued.expiresAt),
})
