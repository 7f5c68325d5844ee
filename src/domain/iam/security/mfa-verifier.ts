/**
 * Checks MFA codes for STS (AssumeRole and GetSessionToken with SerialNumber and TokenCode) and
 * for console sign-in: a code of the device's current time step, ±1 step, each step usable once.
 */
import type { SealedBox } from '../../common/sealed-box.ts'
import type { MfaResult } from '../../sts/sts-directory.ts'
import type { IamSecurityStore } from './iam-security-store.ts'
import { matchTotp } from './totp.ts'

/** Verifies one code of one device at one instant. */
export type MfaVerifier = (serialNumber: string, code: string, now: Date) => Promise<MfaResult>

/**
 * Makes the `verifyMfaCode` of `StsDirectory`. Answers `no-device` for an unknown or unassigned
 * device, `invalid` for a wrong code, `replayed` for a code whose time step (or a later one) was
 * already used on this device, `ok` otherwise, recording the step atomically.
 *
 * @example
 * const verify = createMfaVerifier(store, box)
 * await verify('arn:aws:iam::111111111111:mfa/alice', '123456', new Date()) // 'ok'
 */
export function createMfaVerifier(store: IamSecurityStore, box: SealedBox): MfaVerifier {
  return async (serialNumber, code, now) => {
    const device = await store.getMfaDevice(serialNumber)
    if (device === undefined || device.userId === null) return 'no-device'
    const seed = box.open('secret', device.sealedSeed)
    if (seed === undefined) return 'no-device'
    const step = matchTotp(seed, code, now)
    seed.fill(0)
    if (step === undefined) return 'invalid'
    return (await store.useMfaStep(serialNumber, step)) ? 'ok' : 'replayed'
  }
}

/**
 * Whose device a serial number is (the user's unique id), for STS to check that the device
 * presented belongs to the calling user; undefined when unknown or unassigned.
 */
export function createMfaOwnerLookup(store: IamSecurityStore) {
  return async (serialNumber: string): Promise<string | undefined> =>
    (await store.getMfaDevice(serialNumber))?.userId ?? undefined
}
