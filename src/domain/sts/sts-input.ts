/**
 * STS's parameter constraints, as the STS API model states them and AWS prints them in its
 * ValidationError messages, and the readers the operations share.
 */
import { parseArn } from '../../policy/index.ts'
import type { InputReader } from '../common/input-reader.ts'
import { stsErrors } from './errors.ts'

/** `[RegExp, text as AWS prints it]` for each STS pattern. */
export const STS_PATTERNS = {
  sessionName: [/^[\w+=,.@-]*$/, '[\\w+=,.@-]*'],
  externalId: [/^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*'],
  serialNumber: [/^[\w+=/:,.@-]*$/, '[\\w+=/:,.@-]*'],
  tokenCode: [/^\d*$/, '[\\d]*'],
  accessKeyId: [/^\w*$/, '[\\w]*'],
  tagKey: [/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+'],
  tagValue: [/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*'],
} as const satisfies Record<string, readonly [RegExp, string]>

/** An MFA device and the code read from it. */
export interface MfaInput {
  readonly serialNumber: string
  readonly tokenCode: string
}

/** Reads SerialNumber and TokenCode (both or neither). Call `done()` first, then `mfa()`. */
export function readMfa(r: InputReader): () => MfaInput | undefined {
  const serialNumber = r.string('SerialNumber', {
    min: 9,
    max: 256,
    pattern: STS_PATTERNS.serialNumber,
  })
  const tokenCode = r.string('TokenCode', { min: 6, max: 6, pattern: STS_PATTERNS.tokenCode })
  return () => {
    if (serialNumber === undefined && tokenCode === undefined) return undefined
    if (serialNumber === undefined || tokenCode === undefined) throw stsErrors.mfaIncomplete()
    return { serialNumber, tokenCode }
  }
}

/** A role ARN split into what AssumeRole needs; `roleName` is undefined when it names no role. */
export interface RoleTarget {
  readonly arn: string
  /** The ARN's account, possibly empty. */
  readonly accountId: string
  readonly roleName: string | undefined
}

/**
 * Checks that `arn` is an ARN as AWS requires (partition, service and resource present) and
 * finds the role it names; throws AWS's `ARN is invalid`.
 */
export function parseRoleArn(arn: string): RoleTarget {
  const parts = parseArn(arn)
  if (parts === undefined || !parts.partition || !parts.service || !parts.resource) {
    throw stsErrors.invalidArn(arn)
  }
  const isRole =
    parts.service === 'iam' && parts.resource.startsWith('role/') && /^\d{12}$/.test(parts.account)
  const name = isRole ? parts.resource.slice(parts.resource.lastIndexOf('/') + 1) : ''
  return { arn, accountId: parts.account, roleName: name === '' ? undefined : name }
}
