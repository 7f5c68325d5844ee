import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { crc32, inflateSync } from 'node:zlib'
import { otpauthQrPng, otpauthUri } from './otpauth-qr.ts'
import { dataCodewords, encodeQr, reedSolomon } from './qr-code.ts'

// An independent decoder (jsQR) read every version 1–40 and otpauth URIs with names of up to 226
// characters when this encoder was written; these tests pin the parts that can be checked alone.

describe('QR code encoder', () => {
  it("has ISO 18004's level-M data capacities", () => {
    const capacities: Record<number, number> = {
      1: 16,
      2: 28,
      5: 86,
      7: 124,
      10: 216,
      20: 669,
      40: 2334,
    }
    for (const [version, codewords] of Object.entries(capacities)) {
      assert.equal(dataCodewords(Number(version)), codewords, `version ${version}`)
    }
  })

  it('computes Reed-Solomon codewords (the HELLO WORLD 1-M example)', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
    assert.deepEqual(reedSolomon(data, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
  })

  it('picks the smallest version and draws the finder patterns', () => {
    const qr = encodeQr(Buffer.from('otpauth://x'))
    assert.equal(qr.version, 1)
    assert.equal(qr.size, 21)
    for (const [x, y] of [
      [0, 0],
      [20, 0],
      [0, 20],
      [3, 3],
    ]) {
      assert.equal(qr.dark(x, y), true)
    }
    assert.equal(qr.dark(1, 1), false)
    assert.equal(qr.dark(7, 0), false, 'separator')
    assert.equal(qr.dark(8, 13), true, 'the dark module')
    assert.throws(() => encodeQr(Buffer.alloc(2400)), RangeError)
  })
})

describe('otpauth QR PNG', () => {
  it('encodes the otpauth URI AWS uses', () => {
    assert.equal(
      otpauthUri('111111111111', 'alice', 'ABC'),
      'otpauth://totp/Amazon%20Web%20Services:alice%40111111111111?secret=ABC&issuer=Amazon%20Web%20Services',
    )
  })

  it('is a well-formed PNG: signature, IHDR, IDAT, IEND with valid CRCs', () => {
    const png = otpauthQrPng('111111111111', 'alice', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const types: string[] = []
    let width = 0
    const idat: Buffer[] = []
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at)
      const type = png.toString('ascii', at + 4, at + 8)
      const body = png.subarray(at + 8, at + 8 + length)
      assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)))
      if (type === 'IHDR') width = body.readUInt32BE(0)
      if (type === 'IDAT') idat.push(body)
      types.push(type)
      at += 12 + length
    }
    assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND'])
    assert.equal(inflateSync(Buffer.concat(idat)).length, (width + 1) * width)
  })
})
