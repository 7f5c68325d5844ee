/**
 * Checks an MFA code given to AssumeRole or GetSessionToken, through IAM's directory (which also
 * refuses a code used before). A device ARN of another account is refused without asking.
 */
import { parseArn } from '../../policy/index.ts'
import type { CallContext } from '../common/operation.ts'
import { stsErrors } from './errors.ts'
import type { StsDirectory } from './sts-directory.ts'
import type { MfaInput } from './sts-input.ts'

/** The time MFA was presented (epoch ms); throws AWS's AccessDenied when the code fails. */
export async function verifyMfa(
  directory: StsDirectory,
  call: CallContext,
  mfa: MfaInput,
): Promise<number> {
  const arn = parseArn(mfa.serialNumber)
  if (arn !== undefined && arn.account !== call.caller.accountId) {
    throw stsErrors.mfaUnknownDevice()
  }
  const now = call.request.now
  const result = await directory.verifyMfaCode(mfa.serialNumber, mfa.tokenCode, now)
  switch (result) {
    case 'ok':
      return now.getTime()
    case 'no-device':
      throw stsErrors.mfaUnknownDevice()
    case 'invalid':
    case 'replayed':
      throw stsErrors.mfaInvalidCode()
  }
}
