/**
 * A small QR code encoder (ISO/IEC 18004, model 2): byte mode, error correction level M,
 * versions 1 to 40, the mask with the lowest penalty. Enough for an otpauth URI; no dependency.
 */

/** Error correction codewords per block, level M, by version (index 0 unused). */
const ECC_PER_BLOCK = [
  0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
]
/** Error correction blocks, level M, by version. */
const BLOCKS = [
  0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
  26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
]
/** Level M's two format bits. */
const LEVEL_M_BITS = 0b00

// GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x
  LOG[x] = i
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0)
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!
const gfMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!)

/** Reed-Solomon error correction codewords of `data` (`n` of them). */
export function reedSolomon(data: readonly number[], n: number): number[] {
  // The generator polynomial, highest degree first: product of (x - α^i), i < n.
  let gen = [1]
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(gen.length + 1).fill(0)
    gen.forEach((c, j) => {
      next[j]! ^= c
      next[j + 1]! ^= gfMul(c, EXP[i]!)
    })
    gen = next
  }
  const rem = new Array<number>(n).fill(0)
  for (const byte of data) {
    const factor = byte ^ rem.shift()!
    rem.push(0)
    for (let j = 0; j < n; j++) rem[j]! ^= gfMul(gen[j + 1]!, factor)
  }
  return rem
}

/** Modules of a version that carry data and error correction (not function patterns). */
function rawDataModules(version: number): number {
  let n = (16 * version + 128) * version + 64
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2
    n -= (25 * align - 10) * align - 55
    if (version >= 7) n -= 36
  }
  return n
}

/** Data codewords of a version at level M. */
export const dataCodewords = (version: number): number =>
  Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[version]! * BLOCKS[version]!

/** Centres of the alignment patterns along one axis. */
function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const out = [6]
  for (let pos = version * 4 + 10; out.length < count; pos -= step) out.splice(1, 0, pos)
  return out
}

/** BCH remainder of `value` by `poly` (degree `degree`), for format and version information. */
function bch(value: number, poly: number, degree: number): number {
  let rem = value << degree
  for (let bit = 31; bit >= degree; bit--) if ((rem >>> bit) & 1) rem ^= poly << (bit - degree)
  return rem
}

const MASKS: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
]

/** A QR code: `size` × `size` modules, `dark(x, y)`. */
export interface QrCode {
  readonly version: number
  readonly size: number
  readonly mask: number
  dark(x: number, y: number): boolean
}

/** The codeword sequence of `bytes` for `version`: data, padding, interleaved blocks with ECC. */
function codewords(bytes: Uint8Array, version: number): number[] {
  const capacity = dataCodewords(version)
  const bits: number[] = []
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
  }
  put(0b0100, 4)
  put(bytes.length, version < 10 ? 8 : 16)
  for (const b of bytes) put(b, 8)
  put(0, Math.min(4, capacity * 8 - bits.length))
  put(0, (8 - (bits.length % 8)) % 8)
  const data: number[] = []
  for (let i = 0; i < bits.length; i += 8)
    data.push(bits.slice(i, i + 8).reduce((a, b) => a * 2 + b))
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad)

  const blockCount = BLOCKS[version]!
  const ecc = ECC_PER_BLOCK[version]!
  const shortLength = Math.floor(capacity / blockCount)
  const longBlocks = capacity % blockCount
  const blocks: number[][] = []
  for (let b = 0, at = 0; b < blockCount; b++) {
    const length = shortLength + (b >= blockCount - longBlocks ? 1 : 0)
    blocks.push(data.slice(at, at + length))
    at += length
  }
  const out: number[] = []
  for (let i = 0; i <= shortLength; i++)
    for (const block of blocks) if (i < block.length) out.push(block[i]!)
  const eccBlocks = blocks.map((block) => reedSolomon(block, ecc))
  for (let i = 0; i < ecc; i++) for (const block of eccBlocks) out.push(block[i]!)
  return out
}

/** Encodes bytes as a QR code at the smallest version that holds them; throws past version 40. */
export function encodeQr(bytes: Uint8Array): QrCode {
  let version = 1
  while (bytes.length + (version < 10 ? 2 : 3) > dataCodewords(version)) {
    if (++version > 40) throw new RangeError('too much data for a QR code')
  }
  const size = version * 4 + 17
  const grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const fixed = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  const set = (x: number, y: number, dark: boolean) => {
    grid[y]![x] = dark
    fixed[y]![x] = true
  }

  // Finder patterns with their separators.
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx
        const y = cy + dy
        if (x < 0 || y < 0 || x >= size || y >= size) continue
        const d = Math.max(Math.abs(dx), Math.abs(dy))
        set(x, y, d !== 2 && d !== 4)
      }
    }
  }
  // Timing patterns.
  for (let i = 8; i < size - 8; i++) {
    set(i, 6, i % 2 === 0)
    set(6, i, i % 2 === 0)
  }
  // Alignment patterns, except where the finders are.
  const centres = alignmentPositions(version)
  const last = centres.length - 1
  centres.forEach((cy, i) =>
    centres.forEach((cx, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++)
          set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
      }
    }),
  )
  // Version information (versions 7 and up).
  if (version >= 7) {
    const bits = (version << 12) | bch(version, 0x1f25, 12)
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1
      set(size - 11 + (i % 3), Math.floor(i / 3), dark)
      set(Math.floor(i / 3), size - 11 + (i % 3), dark)
    }
  }
  // Format information: reserved now, written per mask below.
  const drawFormat = (mask: number) => {
    const data = (LEVEL_M_BITS << 3) | mask
    const bits = ((data << 10) | bch(data, 0x537, 10)) ^ 0x5412
    const bit = (i: number) => ((bits >>> i) & 1) === 1
    for (let i = 0; i <= 5; i++) set(8, i, bit(i))
    set(8, 7, bit(6))
    set(8, 8, bit(7))
    set(7, 8, bit(8))
    for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i))
    for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i))
    for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i))
    set(8, size - 8, true)
  }
  drawFormat(0)

  // Data, in two-column zigzag from the bottom right, skipping the vertical timing column.
  const stream = codewords(bytes, version)
  let index = 0
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    const upward = ((right + 1) & 2) === 0
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v
      for (const x of [right, right - 1]) {
        if (fixed[y]![x]) continue
        const byte = stream[index >>> 3] ?? 0
        grid[y]![x] = ((byte >>> (7 - (index & 7))) & 1) === 1
        index++
      }
    }
  }

  const applyMask = (mask: number) => {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++)
        if (!fixed[y]![x] && MASKS[mask]!(x, y)) grid[y]![x] = !grid[y]![x]
    }
  }
  let best = 0
  let bestPenalty = Infinity
  for (let mask = 0; mask < 8; mask++) {
    applyMask(mask)
    drawFormat(mask)
    const p = penalty(grid)
    if (p < bestPenalty) {
      best = mask
      bestPenalty = p
    }
    applyMask(mask) // undo (XOR)
  }
  applyMask(best)
  drawFormat(best)
  return { version, size, mask: best, dark: (x, y) => grid[y]![x]! }
}

/** The four penalty rules of ISO/IEC 18004 §8.8.2, used to choose a mask. */
function penalty(grid: readonly boolean[][]): number {
  const size = grid.length
  let score = 0
  const line = (get: (i: number) => boolean) => {
    let run = 1
    let s = 0
    for (let i = 1; i <= size; i++) {
      if (i < size && get(i) === get(i - 1)) run++
      else {
        if (run >= 5) s += run - 2
        run = 1
      }
    }
    // Finder-like 1:1:3:1:1 with four light modules on one side.
    for (let i = 0; i <= size - 11; i++) {
      const pattern = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]
      const matches = (p: number[]) => p.every((b, k) => get(i + k) === (b === 1))
      if (matches(pattern) || matches([...pattern].reverse())) s += 40
    }
    return s
  }
  let darkCount = 0
  for (let i = 0; i < size; i++) {
    score += line((j) => grid[i]![j]!) + line((j) => grid[j]![i]!)
    for (let j = 0; j < size; j++) {
      if (grid[i]![j]) darkCount++
      if (i + 1 < size && j + 1 < size) {
        const c = grid[i]![j]
        if (c === grid[i]![j + 1] && c === grid[i + 1]![j] && c === grid[i + 1]![j + 1]) score += 3
      }
    }
  }
  const percent = (darkCount * 100) / (size * size)
  score += Math.floor(Math.abs(percent - 50) / 5) * 10
  return score
}
