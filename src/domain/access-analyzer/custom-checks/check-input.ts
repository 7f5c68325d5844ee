/**
 * Reading the custom checks' input members as AWS validates them: a ValidationException whose
 * message and fieldList name every invalid member, in AWS's wording.
 */
import { parsePolicy, type PolicyType } from '../../../policy/index.ts'
import { accessAnalyzerErrors, type InvalidField } from '../errors.ts'
import { checkErrors } from './check-errors.ts'

/** AWS's AccessCheckPolicyType. */
export const ACCESS_CHECK_POLICY_TYPES = ['IDENTITY_POLICY', 'RESOURCE_POLICY'] as const
export type AccessCheckPolicyType = (typeof ACCESS_CHECK_POLICY_TYPES)[number]

const shown = (value: unknown) =>
  value === undefined || value === null
    ? 'null'
    : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`

/** One invalid member, in AWS's "Value … at '…' failed to satisfy constraint: …" form. */
export const invalid = (value: unknown, name: string, constraint: string): InvalidField => ({
  name,
  message: `Value ${shown(value)} at '${name}' failed to satisfy constraint: ${constraint}`,
})

/** Collects invalid members; `done` throws them all as one ValidationException. */
export class InputReader {
  readonly errors: InvalidField[] = []
  readonly raw: Readonly<Record<string, unknown>>
  constructor(raw: Readonly<Record<string, unknown>>) {
    this.raw = raw
  }

  string(name: string): string | undefined {
    const v = this.raw[name]
    if (typeof v === 'string') return v
    this.errors.push(
      invalid(
        v,
        name,
        v === undefined || v === null ? 'Member must not be null' : 'Member must be a string',
      ),
    )
    return undefined
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) {
      this.errors.push(invalid(v, name, 'Member must not be null'))
      return undefined
    }
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T
    this.errors.push(invalid(v, name, `Member must satisfy enum value set: [${values.join(', ')}]`))
    return undefined
  }

  done(): void {
    if (this.errors.length > 0) throw accessAnalyzerErrors.validation(this.errors)
  }
}

/**
 * The parsed JSON of a policy member. A document that is not JSON, or that the engine would
 * skip as invalid, is refused: a check over a policy the engine ignores would prove nothing.
 */
export function policyDocument(member: string, text: string, type: PolicyType): unknown {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw checkErrors.invalidPolicy(member, 'the document is not valid JSON.')
  }
  const { policy, problems } = parsePolicy(doc, type)
  const error = problems.find((p) => p.severity === 'error')
  if (policy === undefined || error !== undefined) {
    throw checkErrors.invalidPolicy(
      member,
      `${error?.message ?? 'not a policy document'} (${error?.path ?? '$'}).`,
    )
  }
  return doc
}
