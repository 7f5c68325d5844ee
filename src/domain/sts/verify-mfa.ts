/**
 * Checks an MFA code given to AssumeRole or GetSessionToken, through IAM's directory (which also
 * refuses a code used before). The device must be associated with the calling identity: AWS
 * documents SerialNumber as "the identification number of the MFA device that is associated with
 * the user who is making the call" (STS API Reference, AssumeRole and GetSessionToken). A device
 * of another account, another user or no one is refused as unknown, without spending its code.
 */
import { parseArn } from '../../policy/index.ts'
import type { Caller } from '../common/caller.ts'
import type { CallContext } from '../common/operation.ts'
import { stsErrors } from './errors.ts'
import type { StsDirectory } from './sts-directory.ts'
import type { MfaInput } from './sts-input.ts'

/**
 * The IAM user whose MFA devices the caller may present (its unique id), or undefined when it
 * has none here.
 *
 * - An IAM user, with its long-term key or a GetSessionToken session: its own devices.
 * - The root user: AWS lets it present its own MFA device, but here virtual devices are assigned
 *   only to IAM users (EnableMFADevice takes a UserName), so no device is ever the root's.
 * - A role session or a federated user: IAM associates MFA devices with users, never with roles,
 *   and AWS does not document what a role session's SerialNumber is checked against, so it is
 *   refused (fail closed) rather than matched against any user's device.
 */
function mfaUserOf(caller: Caller): string | undefined {
  return caller.type === 'User' ? caller.userId : undefined
}

/** The time MFA was presented (epoch ms); throws AWS's AccessDenied when the code fails. */
export async function verifyMfa(
  directory: StsDirectory,
  call: CallContext,
  mfa: MfaInput,
): Promise<number> {
  const userId = mfaUserOf(call.caller)
  const arn = parseArn(mfa.serialNumber)
  if (userId === undefined || (arn !== undefined && arn.account !== call.caller.accountId)) {
    throw stsErrors.mfaUnknownDevice()
  }
  const now = call.request.now
  const result = await directory.verifyMfaCode(userId, mfa.serialNumber, mfa.tokenCode, now)
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
