/**
 * `ValidatePolicy` (rest-json `POST /policy/validation?maxResults=&nextToken=`): the findings of
 * one policy document, a page at a time. Authorized as `access-analyzer:ValidatePolicy` on `*`,
 * like every call, by the policy engine.
 */
import { createHash } from 'node:crypto'
import { operation } from '../common/operation.ts'
import { accessAnalyzerErrors, type InvalidField } from './errors.ts'
import {
  validatePolicy,
  VALIDATE_POLICY_RESOURCE_TYPES,
  VALIDATE_POLICY_TYPES,
  type ServiceCatalog,
  type ValidatePolicyFinding,
  type ValidatePolicyInput,
} from './policy-validation/index.ts'

/** The locales AWS accepts (findings are in English whatever the locale). */
export const LOCALES = [
  'DE',
  'EN',
  'ES',
  'FR',
  'IT',
  'JA',
  'KO',
  'PT_BR',
  'ZH_CN',
  'ZH_TW',
] as const

interface Input {
  readonly validation: ValidatePolicyInput
  readonly maxResults: number | undefined
  readonly nextToken: string | undefined
}

interface Output {
  readonly findings: readonly ValidatePolicyFinding[]
  readonly nextToken?: string
}

const at = (value: unknown, name: string, constraint: string): InvalidField => ({
  name,
  message: `Value ${value === undefined || value === null ? 'null' : `'${String(value)}'`} at '${name}' failed to satisfy constraint: ${constraint}`,
})

function oneOf<T extends string>(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  values: readonly T[],
  errors: InvalidField[],
  required: boolean,
): T | undefined {
  const value = raw[name]
  if (value === undefined || value === null) {
    if (required) errors.push(at(undefined, name, 'Member must not be null'))
    return undefined
  }
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T
  errors.push(at(value, name, `Member must satisfy enum value set: [${values.join(', ')}]`))
  return undefined
}

function parse(raw: Readonly<Record<string, unknown>>): Input {
  const errors: InvalidField[] = []
  const policyDocument = raw.policyDocument
  if (typeof policyDocument !== 'string')
    errors.push(
      at(
        policyDocument,
        'policyDocument',
        policyDocument === undefined ? 'Member must not be null' : 'Member must be a string',
      ),
    )
  const policyType = oneOf(raw, 'policyType', VALIDATE_POLICY_TYPES, errors, true)
  const resourceType = oneOf(
    raw,
    'validatePolicyResourceType',
    VALIDATE_POLICY_RESOURCE_TYPES,
    errors,
    false,
  )
  oneOf(raw, 'locale', LOCALES, errors, false)
  let maxResults: number | undefined
  if (raw.maxResults !== undefined) {
    const n = Number(raw.maxResults)
    if (!Number.isInteger(n))
      errors.push(at(raw.maxResults, 'maxResults', 'Member must be an integer'))
    else if (n < 1)
      errors.push(at(n, 'maxResults', 'Member must have value greater than or equal to 1'))
    else maxResults = n
  }
  const nextToken = typeof raw.nextToken === 'string' ? raw.nextToken : undefined
  if (errors.length > 0 || typeof policyDocument !== 'string' || policyType === undefined)
    throw accessAnalyzerErrors.validation(errors)
  return {
    validation: { policyDocument, policyType, validatePolicyResourceType: resourceType },
    maxResults,
    nextToken,
  }
}

/** A page token: the offset of the next finding, bound to the request it pages through. */
function requestHash(input: ValidatePolicyInput): string {
  return createHash('sha256')
    .update(
      `${input.policyType}\u0000${input.validatePolicyResourceType ?? ''}\u0000${input.policyDocument}`,
    )
    .digest('base64url')
    .slice(0, 16)
}

function readToken(token: string, hash: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8')
  const m = /^v1:(\d+):(.+)$/.exec(text)
  if (m === null || m[2] !== hash) throw accessAnalyzerErrors.invalidNextToken()
  return Number(m[1])
}

const writeToken = (offset: number, hash: string) =>
  Buffer.from(`v1:${offset}:${hash}`, 'utf8').toString('base64url')

/** ValidatePolicy over `catalog`. */
export function validatePolicyOperation(catalog: ServiceCatalog) {
  return operation<Input, Output>({
    parse,
    authorization: () => ({ action: 'access-analyzer:ValidatePolicy', resource: '*' }),
    async run(input) {
      const hash = requestHash(input.validation)
      const start = input.nextToken === undefined ? 0 : readToken(input.nextToken, hash)
      const findings = await validatePolicy(input.validation, catalog)
      if (input.nextToken !== undefined && start > findings.length)
        throw accessAnalyzerErrors.invalidNextToken()
      const end = input.maxResults === undefined ? findings.length : start + input.maxResults
      const page = findings.slice(start, end)
      return end < findings.length
        ? { findings: page, nextToken: writeToken(end, hash) }
        : { findings: page }
    },
  })
}
