/**
 * IP address and CIDR reading for the aws:SourceIp checks: whether a value is a valid range,
 * whether it lies in private address space, and its canonical form when host bits are set.
 */

/** A parsed IPv4 or IPv6 range. */
export interface IpRange {
  readonly version: 4 | 6
  /** The address as a big integer. */
  readonly address: bigint
  readonly prefix: number
}

/**
 * Reads `a.b.c.d[/n]` or an IPv6 address with an optional prefix; undefined when not valid.
 * @example parseIpRange('10.0.0.0/8') // { version: 4, address: 167772160n, prefix: 8 }
 */
export function parseIpRange(value: string): IpRange | undefined {
  const slash = value.indexOf('/')
  const host = slash < 0 ? value : value.slice(0, slash)
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1)
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined
  const v4 = parseIpv4(host)
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText)
    return prefix <= 32 ? { version: 4, address: v4, prefix } : undefined
  }
  const v6 = parseIpv6(host)
  if (v6 === undefined) return undefined
  const prefix = prefixText === undefined ? 128 : Number(prefixText)
  return prefix <= 128 ? { version: 6, address: v6, prefix } : undefined
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let n = 0n
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined
    n = (n << 8n) | BigInt(Number(p))
  }
  return n
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(':')) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':')
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  let n = 0n
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    n = (n << 16n) | BigInt(parseInt(g, 16))
  }
  return n
}

const PRIVATE_V4: readonly (readonly [string, number])[] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
]

/** True when the whole range lies in private (RFC 1918), loopback or link-local IPv4 space. */
export function isPrivateRange(range: IpRange): boolean {
  if (range.version === 6) {
    // fc00::/7 (unique local) and fe80::/10 (link local)
    const top = range.address >> 120n
    return range.prefix >= 7 && (top & 0xfen) === 0xfcn
  }
  return PRIVATE_V4.some(([net, bits]) => {
    const base = parseIpv4(net) ?? 0n
    const mask = ((1n << BigInt(bits)) - 1n) << BigInt(32 - bits)
    return range.prefix >= bits && (range.address & mask) === base
  })
}

/** The range with its host bits cleared, as text, when any were set; else undefined. */
export function canonicalIfHostBits(range: IpRange): string | undefined {
  const width = range.version === 4 ? 32 : 128
  const hostBits = BigInt(width - range.prefix)
  const masked = (range.address >> hostBits) << hostBits
  if (masked === range.address) return undefined
  return `${formatAddress(masked, range.version)}/${range.prefix}`
}

function formatAddress(n: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.')
  const groups: string[] = []
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}
