/**
 * `sts:GetSessionToken`: temporary credentials for an IAM user or the root user, with MFA when
 * SerialNumber and TokenCode are given. No permission is required (IAM User Guide, "Permissions
 * for GetSessionToken": policies cannot control it); temporary credentials cannot call it.
 */
import type { UserSessionClaims } from '../common/caller.ts'
import { InputReader } from '../common/input-reader.ts'
import { operation } from '../common/operation.ts'
import { credentialsResult, type CredentialsResult } from './credentials-result.ts'
import { stsErrors } from './errors.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { StsDirectory } from './sts-directory.ts'
import { readMfa, type MfaInput } from './sts-input.ts'
import { verifyMfa } from './verify-mfa.ts'

/** The validated input of GetSessionToken. */
export interface GetSessionTokenInput {
  readonly durationSeconds: number | undefined
  readonly mfa: MfaInput | undefined
}

/** Default and bounds: 12 hours for users (at most 36), one hour at most for the root user. */
export const DEFAULT_USER_SESSION_SECONDS = 43200
export const ROOT_SESSION_LIMIT_SECONDS = 3600

/** GetSessionToken, checking MFA codes through `directory`. */
export function getSessionTokenOperation(deps: {
  directory: StsDirectory
  codec: SessionTokenCodec
}) {
  return operation({
    parse(raw): GetSessionTokenInput {
      const r = new InputReader(raw)
      const durationSeconds = r.integer('DurationSeconds', { min: 900, max: 129600 })
      const mfa = readMfa(r)
      r.done()
      return { durationSeconds, mfa: mfa() }
    },
    authorization(_input, call) {
      if (call.caller.session !== undefined) throw stsErrors.sessionCredentialsNotAllowed()
      return undefined
    },
    async run(input, call): Promise<{ Credentials: CredentialsResult }> {
      const { caller } = call
      if (caller.session !== undefined) throw stsErrors.sessionCredentialsNotAllowed()
      const mfaAt =
        input.mfa === undefined ? undefined : await verifyMfa(deps.directory, call, input.mfa)
      const root = caller.type === 'Account'
      // Root sessions are capped at one hour (AWS caps rather than refuses).
      const duration = root
        ? Math.min(input.durationSeconds ?? ROOT_SESSION_LIMIT_SECONDS, ROOT_SESSION_LIMIT_SECONDS)
        : (input.durationSeconds ?? DEFAULT_USER_SESSION_SECONDS)
      const claims: UserSessionClaims = {
        kind: 'user',
        accountId: caller.accountId,
        userName: root ? 'root' : (caller.userName ?? 'root'),
        userArn: caller.arn,
        userId: caller.userId,
        ...(mfaAt === undefined ? {} : { mfaAuthenticatedAt: mfaAt }),
      }
      const issued = deps.codec.issue(claims, { now: call.request.now, durationSeconds: duration })
      return { Credentials: credentialsResult(issued) }
    },
  })
}
