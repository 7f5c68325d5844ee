/**
 * EnableMFADevice, DeactivateMFADevice, ResyncMFADevice, ListMFADevices and GetMFADevice: which
 * user a virtual MFA device belongs to. Enabling and resynchronising take two consecutive codes.
 */
import { InputReader, PATTERNS } from '../../common/input-reader.ts'
import type { CallContext } from '../../common/operation.ts'
import { operation } from '../../common/operation.ts'
import { securityErrors } from './errors.ts'
import type { MfaDeviceRecord } from './iam-security-records.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import {
  authorizeOnUser,
  pageFields,
  readPaging,
  readStorePage,
  requireUser,
} from './security-helpers.ts'
import { matchConsecutive } from './totp.ts'
import type { SecurityUser } from './user-lookup.ts'
import { readSerialNumber } from './virtual-mfa-operations.ts'

/** Steps searched either side of now for EnableMFADevice's first code. */
export const ENABLE_LOOK_AROUND = 2
/** Steps searched either side of now for ResyncMFADevice (ten minutes of drift). */
export const RESYNC_LOOK_AROUND = 20

const CODE_RULE = { required: true, min: 6, max: 6, pattern: [/^\d+$/, '[\\d]+'] } as const

function readUserName(r: InputReader, required: true): string
function readUserName(r: InputReader, required: false): string | undefined
function readUserName(r: InputReader, required: boolean): string | undefined {
  return r.string('UserName', { required, min: 1, max: 128, pattern: PATTERNS.name })
}

/** `UserName`, `SerialNumber`, then `AuthenticationCode1` and `AuthenticationCode2`. */
function readCodesInput(raw: Readonly<Record<string, unknown>>) {
  const r = new InputReader(raw)
  const userName = readUserName(r, true)
  const serialNumber = readSerialNumber(r)
  const code1 = r.string('AuthenticationCode1', CODE_RULE)
  const code2 = r.string('AuthenticationCode2', CODE_RULE)
  r.done()
  return { userName, serialNumber, code1, code2 }
}

/** Builds the MFA assignment operations. */
export function mfaAssignmentOperations(deps: IamSecurityDeps) {
  const { store, box, users } = deps

  /** The device's seed, opened from its sealed form. */
  function openSeed(device: MfaDeviceRecord): Buffer {
    const seed = box.open('secret', device.sealedSeed)
    // INVARIANT: seeds are sealed by this server's key; a failure means a foreign or damaged row.
    if (seed === undefined) throw new Error(`mfa seed of ${device.serialNumber} cannot be opened`)
    return seed
  }

  /** The device of the caller's account, or NoSuchEntity. */
  async function findDevice(call: CallContext, serialNumber: string) {
    const device = await store.getMfaDevice(serialNumber)
    if (device === undefined || device.accountId !== call.caller.accountId) {
      throw securityErrors.noSuchMfaDevice(serialNumber)
    }
    return device
  }

  /** The device assigned to `user`, or NoSuchEntity. */
  async function deviceOf(call: CallContext, user: SecurityUser, serialNumber: string) {
    const device = await findDevice(call, serialNumber)
    if (device.userId !== user.userId) throw securityErrors.noSuchMfaDevice(serialNumber)
    return device
  }

  const enableMFADevice = operation({
    parse: readCodesInput,
    authorization: authorizeOnUser(users, 'iam:EnableMFADevice'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const device = await findDevice(call, input.serialNumber)
      if (device.userId !== null) throw securityErrors.mfaDeviceInUse()
      const seed = openSeed(device)
      const now = call.request.now
      const step = matchConsecutive(seed, input.code1, input.code2, now, ENABLE_LOOK_AROUND)
      seed.fill(0)
      // Codes at or before the last step this device accepted (before a deactivation) are spent.
      if (step === undefined || (device.lastStep !== null && step <= device.lastStep)) {
        throw securityErrors.invalidAuthenticationCode()
      }
      const assigned = await store.assignMfaDevice(
        device.serialNumber,
        user.userId,
        now.getTime(),
        step,
      )
      if (!assigned) throw securityErrors.mfaDeviceInUse()
      return {}
    },
  })

  const deactivateMFADevice = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const userName = readUserName(r, true)
      const serialNumber = readSerialNumber(r)
      r.done()
      return { userName, serialNumber }
    },
    authorization: authorizeOnUser(users, 'iam:DeactivateMFADevice'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const device = await deviceOf(call, user, input.serialNumber)
      await store.unassignMfaDevice(device.serialNumber)
      return {}
    },
  })

  const resyncMFADevice = operation({
    parse: readCodesInput,
    authorization: authorizeOnUser(users, 'iam:ResyncMFADevice'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const device = await deviceOf(call, user, input.serialNumber)
      const seed = openSeed(device)
      const step = matchConsecutive(
        seed,
        input.code1,
        input.code2,
        call.request.now,
        RESYNC_LOOK_AROUND,
      )
      seed.fill(0)
      // A pair of codes already used (or older than the last one used) is refused: no replay.
      if (step === undefined || !(await store.useMfaStep(device.serialNumber, step))) {
        throw securityErrors.invalidAuthenticationCode()
      }
      return {}
    },
  })

  /** `{UserName, SerialNumber, EnableDate}` of an assigned device. */
  const deviceOut = (userName: string, d: MfaDeviceRecord) => ({
    UserName: userName,
    SerialNumber: d.serialNumber,
    EnableDate: new Date(d.enabledAt ?? d.createdAt),
  })

  const listMFADevices = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const userName = readUserName(r, false)
      const page = readPaging(r)
      r.done()
      return { userName, page }
    },
    authorization: authorizeOnUser(users, 'iam:ListMFADevices'),
    async run(input, call) {
      const userName = input.userName ?? call.caller.userName
      // The root user (or a role session) without UserName: no IAM user, no virtual devices here.
      if (userName === undefined) return { MFADevices: [], IsTruncated: false }
      const user = await requireUser(users, call, userName)
      const page = await readStorePage(() =>
        store.listMfaDevicesForUser(call.caller.accountId, user.userId, input.page),
      )
      return {
        MFADevices: page.items.map((d) => deviceOut(user.userName, d)),
        ...pageFields(page),
      }
    },
  })

  const getMFADevice = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const serialNumber = readSerialNumber(r)
      const userName = readUserName(r, false)
      r.done()
      return { serialNumber, userName }
    },
    authorization: authorizeOnUser(users, 'iam:GetMFADevice'),
    async run(input, call) {
      const userName = input.userName ?? call.caller.userName
      if (userName === undefined) throw securityErrors.noSuchMfaDevice(input.serialNumber)
      const user = await requireUser(users, call, userName)
      const device = await deviceOf(call, user, input.serialNumber)
      const out = deviceOut(user.userName, device)
      return { UserName: out.UserName, SerialNumber: out.SerialNumber, EnableDate: out.EnableDate }
    },
  })

  return {
    EnableMFADevice: enableMFADevice,
    DeactivateMFADevice: deactivateMFADevice,
    ResyncMFADevice: resyncMFADevice,
    ListMFADevices: listMFADevices,
    GetMFADevice: getMFADevice,
  }
}
