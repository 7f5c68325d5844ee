/**
 * A minimal PNG writer: 8-bit greyscale, no interlace, one IDAT (zlib from node:zlib).
 */
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0)
  return Buffer.concat([head, data, crc])
}

/** Encodes a greyscale image (`pixel(x, y)` 0 black … 255 white) as PNG bytes. */
export function writeGreyPng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => number,
): Buffer {
  const raw = Buffer.alloc((width + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1)
    raw[row] = 0 // filter: none
    for (let x = 0; x < width; x++) raw[row + 1 + x] = pixel(x, y)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // bit depth 8, greyscale, deflate, filter 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
