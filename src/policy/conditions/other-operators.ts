/** IpAddress, Bool, BinaryEquals and the Arn operators. */
import { compileArnPattern, matchArn } from '../arn-pattern.ts'
import type { RequestContext } from '../request-context.ts'
import type { CompiledCondition, ConditionValues } from './compiled-condition.ts'
import { cidrContains, parseCidr, parseIp, type CidrBlock, type IpAddress } from './ip-address.ts'

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

/** The CIDR blocks of IpAddress, parsed once. */
export const ipAddressValues = (values: readonly string[]): ConditionValues => ({
  blocks: values.map(parseCidr).filter((b): b is CidrBlock => b !== undefined),
})

/** IpAddress: the request address lies in one of the policy's CIDR blocks. */
export function ipAddress(c: CompiledCondition, value: string): boolean {
  const ip = requestIp(value)
  if (ip === undefined) return false
  for (const b of c.blocks) if (cidrContains(b, ip)) return true
  return false
}

/** The values of Bool, in lower case. */
export const boolValues = (values: readonly string[]): ConditionValues => ({
  strings: new Set(values.map((v) => v.toLowerCase())),
})

/** Bool: `true` or `false`, case-insensitive. */
export function bool(c: CompiledCondition, value: string): boolean {
  const l = value === 'true' || value === 'false' ? value : value.toLowerCase()
  return (l === 'true' || l === 'false') && c.strings.has(l)
}

/** The values of BinaryEquals: base-64 text compared exactly. */
export const binaryValues = (values: readonly string[]): ConditionValues => ({
  strings: new Set(values),
})

/** The patterns of ArnEquals and ArnLike (they behave the same): part by part, wildcards allowed. */
export const arnValues = (values: readonly string[], variables: boolean): ConditionValues => ({
  arns: values.map((p) => compileArnPattern(p, variables)),
})

/** ArnEquals and ArnLike. */
export function arnLike(c: CompiledCondition, value: string, ctx: RequestContext): boolean {
  for (const p of c.arns) if (matchArn(p, value, ctx)) return true
  return false
}
