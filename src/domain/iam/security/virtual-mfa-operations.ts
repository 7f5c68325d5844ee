/**
 * CreateVirtualMFADevice, DeleteVirtualMFADevice and ListVirtualMFADevices: the account's
 * virtual MFA devices, whose TOTP seeds are sealed at rest and shown once, at creation.
 */
import { randomBytes } from 'node:crypto'
import { InputReader, PATTERNS } from '../../common/input-reader.ts'
import { operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { base32Encode } from './base32.ts'
import { securityErrors } from './errors.ts'
import { ASSIGNMENT_STATUSES } from './iam-security-records.ts'
import type { AssignmentStatus, MfaDeviceRecord } from './iam-security-records.ts'
import { otpauthQrPng } from './otpauth-qr.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import {
  iamArn,
  pageFields,
  readPaging,
  readStorePage,
  tagContext,
  tagsOut,
} from './security-helpers.ts'

/** Bytes in a TOTP seed (160 bits, RFC 4226's recommendation for HMAC-SHA1). */
export const SEED_BYTES = 20

/** Reads an MFA `Path`: AWS's own messages for a wrong length or form. */
function readMfaPath(r: InputReader): string {
  const path = r.string('Path')
  if (path === undefined) return '/'
  if (path.length > 512) {
    throw securityErrors.outOfRange([
      "Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
    ])
  }
  if (!/^\/(?:[\u0021-\u007E]*\/)?$/.test(path)) throw securityErrors.invalidPath()
  return path
}

/** Reads a `SerialNumber` (an MFA device ARN). */
export const readSerialNumber = (r: InputReader): string =>
  r.string('SerialNumber', {
    required: true,
    min: 9,
    max: 256,
    pattern: [/^[\w+=/:,.@-]+$/, '[\\w+=/:,.@-]+'],
  })

/** Builds the three virtual MFA device operations. */
export function virtualMfaOperations(deps: IamSecurityDeps) {
  const { store, box, users } = deps

  const createVirtualMFADevice = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const name = r.string('VirtualMFADeviceName', {
        required: true,
        min: 1,
        max: 226,
        pattern: PATTERNS.name,
      })
      const tags = r.tags()
      r.done()
      return { name, path: readMfaPath(r), tags }
    },
    authorization: (input, call) => ({
      action: 'iam:CreateVirtualMFADevice',
      resource: iamArn(call.caller.accountId, `mfa${input.path}${input.name}`),
      context: tagContext(input.tags),
    }),
    async run(input, call) {
      const accountId = call.caller.accountId
      const serialNumber = iamArn(accountId, `mfa${input.path}${input.name}`)
      const seed = randomBytes(SEED_BYTES)
      const device: MfaDeviceRecord = {
        accountId,
        serialNumber,
        name: input.name,
        path: input.path,
        sealedSeed: box.seal('secret', seed),
        userId: null,
        enabledAt: null,
        lastStep: null,
        createdAt: call.request.now.getTime(),
        tags: input.tags.map((t) => ({ key: t.Key, value: t.Value })),
      }
      try {
        await store.createMfaDevice(device)
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'AlreadyExists') {
          throw securityErrors.mfaDeviceExists()
        }
        throw error
      }
      const base32 = base32Encode(seed)
      seed.fill(0)
      return {
        VirtualMFADevice: {
          SerialNumber: serialNumber,
          // Blobs travel base64-encoded: the SDK decodes these to the seed's base32 text and
          // to the PNG's bytes.
          Base32StringSeed: Buffer.from(base32).toString('base64'),
          QRCodePNG: otpauthQrPng(accountId, input.name, base32).toString('base64'),
          ...(input.tags.length > 0 ? { Tags: input.tags } : {}),
        },
      }
    },
  })

  const deleteVirtualMFADevice = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const serialNumber = readSerialNumber(r)
      r.done()
      return { serialNumber }
    },
    authorization: (input) => ({
      action: 'iam:DeleteVirtualMFADevice',
      resource: input.serialNumber,
    }),
    async run(input, call) {
      await store.transaction(async (tx) => {
        const device = await tx.getMfaDevice(input.serialNumber)
        if (device === undefined || device.accountId !== call.caller.accountId) {
          throw securityErrors.noSuchMfaDevice(input.serialNumber)
        }
        if (device.userId !== null) throw securityErrors.mfaDeviceDeleteConflict()
        await tx.deleteMfaDevice(input.serialNumber)
      })
      return {}
    },
  })

  const listVirtualMFADevices = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const status = r.string('AssignmentStatus')
      if (status !== undefined && !(ASSIGNMENT_STATUSES as readonly string[]).includes(status)) {
        r.fail(
          'AssignmentStatus',
          status,
          `Member must satisfy enum value set: [${ASSIGNMENT_STATUSES.join(', ')}]`,
        )
      }
      const page = readPaging(r)
      r.done()
      return { status: (status ?? 'Any') as AssignmentStatus, page }
    },
    authorization: () => ({ action: 'iam:ListVirtualMFADevices', resource: '*' }),
    async run(input, call) {
      const accountId = call.caller.accountId
      const page = await readStorePage(() =>
        store.listVirtualMfaDevices(accountId, input.status, input.page),
      )
      const devices = []
      for (const d of page.items) {
        const user = d.userId === null ? undefined : await users.findUserById(accountId, d.userId)
        devices.push({
          SerialNumber: d.serialNumber,
          ...(user
            ? {
                User: {
                  Path: user.path,
                  UserName: user.userName,
                  UserId: user.userId,
                  Arn: user.arn,
                  CreateDate: user.createDate,
                },
              }
            : {}),
          ...(d.enabledAt === null ? {} : { EnableDate: new Date(d.enabledAt) }),
          ...(d.tags.length > 0 ? { Tags: tagsOut(d.tags) } : {}),
        })
      }
      return { VirtualMFADevices: devices, ...pageFields(page) }
    },
  })

  return {
    CreateVirtualMFADevice: createVirtualMFADevice,
    DeleteVirtualMFADevice: deleteVirtualMFADevice,
    ListVirtualMFADevices: listVirtualMFADevices,
  }
}
