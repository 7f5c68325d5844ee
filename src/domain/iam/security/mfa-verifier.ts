/**
 * Checks MFA codes for STS (AssumeRole and GetSessionToken with SerialNumber and TokenCode, where
 * the device must be the calling user's) and for console sign-in: a code of the device's current
 * time step, ±1 step, each step usable once.
 */
import type { SealedBox } from '../../common/sealed-box.ts'
import type { MfaResult } from '../../sts/sts-directory.ts'
import type { MfaDeviceRecord } from './iam-security-records.ts'
import type { IamSecurityStore } from './iam-security-store.ts'
import { matchTotp } from './totp.ts'

/** Verifies one code of one device at one instant. */
export type MfaVerifier = (serialNumber: string, code: string, now: Date) => Promise<MfaResult>

/**
 * Verifies one code of one device of one IAM user (`userId`, its unique id `AIDA…`) at one
 * instant: the `verifyMfaCode` of `StsDirectory`.
 */
export type UserMfaVerifier = (
  userId: string,
  serialNumber: string,
  code: string,
  now: Date,
) => Promise<MfaResult>

/**
 * Checks `code` against an assigned `device`: `invalid` for a wrong code, `replayed` for a code
 * whose time step (or a later one) was already used on this device, `ok` otherwise, recording
 * the step atomically.
 */
async function checkCode(
  store: IamSecurityStore,
  box: SealedBox,
  device: MfaDeviceRecord,
  code: string,
  now: Date,
): Promise<MfaResult> {
  const seed = box.open('secret', device.sealedSeed)
  if (seed === undefined) return 'no-device'
  const step = matchTotp(seed, code, now)
  seed.fill(0)
  if (step === undefined) return 'invalid'
  return (await store.useMfaStep(device.serialNumber, step)) ? 'ok' : 'replayed'
}

/**
 * Makes the verifier of console sign-in, which presents only the devices of the user signing
 * in. Answers `no-device` for an unknown or unassigned device, else as {@link checkCode}.
 *
 * @example
 * const verify = createMfaVerifier(store, box)
 * await verify('arn:aws:iam::111111111111:mfa/alice', '123456', new Date()) // 'ok'
 */
export function createMfaVerifier(store: IamSecurityStore, box: SealedBox): MfaVerifier {
  return async (serialNumber, code, now) => {
    const device = await store.getMfaDevice(serialNumber)
    if (device === undefined || device.userId === null) return 'no-device'
    return checkCode(store, box, device, code, now)
  }
}

/**
 * Makes the `verifyMfaCode` of `StsDirectory` (AssumeRole and GetSessionToken), where the caller
 * names any serial number: a device that is unknown, unassigned or assigned to another user than
 * `userId` is `no-device`, and its code is left unused; else as {@link checkCode}.
 *
 * @example
 * const verify = createUserMfaVerifier(store, box)
 * await verify('AIDAALICE', 'arn:aws:iam::111111111111:mfa/alice', '123456', new Date()) // 'ok'
 * await verify('AIDABOB', 'arn:aws:iam::111111111111:mfa/alice', '123456', new Date()) // 'no-device'
 */
export function createUserMfaVerifier(store: IamSecurityStore, box: SealedBox): UserMfaVerifier {
  return async (userId, serialNumber, code, now) => {
    const device = await store.getMfaDevice(serialNumber)
    if (device === undefined || device.userId !== userId) return 'no-device'
    return checkCode(store, box, device, code, now)
  }
}
