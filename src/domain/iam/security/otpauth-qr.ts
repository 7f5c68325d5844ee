/**
 * The `QRCodePNG` of CreateVirtualMFADevice: the device's otpauth URI as a QR code, as
 * authenticator apps scan it.
 */
import { writeGreyPng } from './png-writer.ts'
import { encodeQr } from './qr-code.ts'

/** Pixels per module. */
const SCALE = 4
/** Light modules around the code (the quiet zone). */
const QUIET = 4

/** The otpauth URI AWS encodes: issuer "Amazon Web Services", label `NAME@ACCOUNT`. */
export function otpauthUri(accountId: string, deviceName: string, base32Seed: string): string {
  const issuer = encodeURIComponent('Amazon Web Services')
  const label = `${issuer}:${encodeURIComponent(`${deviceName}@${accountId}`)}`
  return `otpauth://totp/${label}?secret=${base32Seed}&issuer=${issuer}`
}

/** The PNG of the QR code of the device's otpauth URI. */
export function otpauthQrPng(accountId: string, deviceName: string, base32Seed: string): Buffer {
  const qr = encodeQr(Buffer.from(otpauthUri(accountId, deviceName, base32Seed)))
  const side = (qr.size + 2 * QUIET) * SCALE
  return writeGreyPng(side, side, (x, y) => {
    const mx = Math.floor(x / SCALE) - QUIET
    const my = Math.floor(y / SCALE) - QUIET
    const inside = mx >= 0 && my >= 0 && mx < qr.size && my < qr.size
    return inside && qr.dark(mx, my) ? 0 : 255
  })
}
