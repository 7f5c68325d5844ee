/** IpAddress, Bool, BinaryEquals and the Arn operators. */
import { compileArnPattern } from '../arn-pattern.ts'
import { cidrContains, parseCidr, parseIp, type CidrBlock, type IpAddress } from './ip-address.ts'
import type { ValueTest } from './value-test.ts'

let lastIpText: string | undefined
let lastIp: IpAddress | undefined

/** The request's address, parsed once: one request tests the same address in many conditions. */
function requestIp(value: string): IpAddress | undefined {
  if (value !== lastIpText) {
    lastIp = parseIp(value)
    lastIpText = value
  }
  return lastIp
}

/** IpAddress: the request address lies in one of the policy's CIDR blocks. */
export function ipAddress(values: readonly string[]): ValueTest {
  const blocks = values.map(parseCidr).filter((b): b is CidrBlock => b !== undefined)
  return (v) => {
    const ip = requestIp(v)
    if (ip === undefined) return false
    for (const b of blocks) if (cidrContains(b, ip)) return true
    return false
  }
}

/** Bool: `true` or `false`, case-insensitive. */
export function bool(values: readonly string[]): ValueTest {
  const set = new Set(values.map((v) => v.toLowerCase()))
  return (v) => {
    const l = v.toLowerCase()
    return (l === 'true' || l === 'false') && set.has(l)
  }
}

/** BinaryEquals: the base-64 text compared exactly. */
export function binaryEquals(values: readonly string[]): ValueTest {
  const set = new Set(values)
  return (v) => set.has(v)
}

/** ArnEquals and ArnLike (they behave the same): part by part, wildcards allowed. */
export function arnLike(values: readonly string[], variables: boolean): ValueTest {
  const matchers = values.map((p) => compileArnPattern(p, variables))
  return (v, ctx) => {
    for (const m of matchers) if (m(v, ctx)) return true
    return false
  }
}
