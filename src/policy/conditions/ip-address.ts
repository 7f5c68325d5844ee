/** IPv4 and IPv6 addresses and CIDR blocks, parsed once into 16-bit words. */

/** An address as eight 16-bit words (IPv4 in the last two) and whether it is IPv4. */
export interface IpAddress {
  readonly v4: boolean
  readonly words: readonly number[]
  /** IPv4 only: the address as an unsigned 32-bit number. */
  readonly v4Number: number
}

export interface CidrBlock extends IpAddress {
  /** Prefix length in bits of the address family (0–32 or 0–128). */
  readonly prefix: number
  /** IPv4 only: the network bits of the block and their mask, as unsigned 32-bit numbers. */
  readonly v4Network: number
  readonly v4Mask: number
}

function address(v4: boolean, words: number[]): IpAddress {
  const v4Number = v4 ? words[6]! * 0x10000 + words[7]! : 0
  return { v4, words, v4Number }
}

function parseV4(s: string): number[] | undefined {
  const octets = s.split('.')
  if (octets.length !== 4) return undefined
  const bytes: number[] = []
  for (const o of octets) {
    if (!/^\d{1,3}$/.test(o)) return undefined
    const n = Number(o)
    if (n > 255) return undefined
    bytes.push(n)
  }
  return [(bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!]
}

function parseV6(s: string): number[] | undefined {
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'))
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  const words: number[] = []
  const all = [...head, ...tail]
  const last = all[all.length - 1]
  let v4Tail: number[] | undefined
  if (last !== undefined && last.includes('.')) {
    v4Tail = parseV4(last)
    if (v4Tail === undefined) return undefined
    if (tail.length > 0) tail.pop()
    else head.pop()
  }
  const toWords = (gs: string[]) => {
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false
      words.push(parseInt(g, 16))
    }
    return true
  }
  const explicit = head.length + tail.length + (v4Tail ? 2 : 0)
  if (halves.length === 1 && explicit !== 8) return undefined
  if (halves.length === 2 && explicit > 7) return undefined
  if (!toWords(head)) return undefined
  for (let i = explicit; i < 8; i++) words.push(0)
  if (!toWords(tail)) return undefined
  if (v4Tail) words.push(...v4Tail)
  return words
}

/** Parses an IPv4 or IPv6 address; an IPv4-mapped IPv6 address counts as IPv4. */
export function parseIp(text: string): IpAddress | undefined {
  const s = text.trim()
  if (s.includes(':')) {
    const w = parseV6(s)
    if (w === undefined) return undefined
    const mapped =
      w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff
    return mapped ? address(true, [0, 0, 0, 0, 0, 0, w[6]!, w[7]!]) : address(false, w)
  }
  const w = parseV4(s)
  return w === undefined ? undefined : address(true, [0, 0, 0, 0, 0, 0, w[0]!, w[1]!])
}

/** Parses `addr/prefix`, or a bare address as a single-address block. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/')
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash))
  if (ip === undefined) return undefined
  const max = ip.v4 ? 32 : 128
  let prefix = max
  if (slash >= 0) {
    const p = text.slice(slash + 1).trim()
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined
    prefix = Number(p)
  }
  const v4Mask = ip.v4 && prefix > 0 ? (0xffffffff << (32 - prefix)) >>> 0 : 0
  const v4Network = (ip.v4Number & v4Mask) >>> 0
  return { ...ip, prefix, v4Network, v4Mask }
}

/** True when the block contains the address (same family only). */
export function cidrContains(block: CidrBlock, ip: IpAddress): boolean {
  if (block.v4 !== ip.v4) return false
  if (block.v4) return (ip.v4Number & block.v4Mask) >>> 0 === block.v4Network
  let bits = block.prefix + (block.v4 ? 96 : 0)
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = bits >= 16 ? 16 : bits
    const mask = (0xffff << (16 - take)) & 0xffff
    if ((block.words[i]! & mask) !== (ip.words[i]! & mask)) return false
    bits -= take
  }
  return true
}
