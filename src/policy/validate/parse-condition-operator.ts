import {
  CONDITION_OPERATORS,
  SET_QUALIFIERS,
  type ConditionOperator,
  type SetQualifier,
} from '../types.ts'

/** A condition operator name taken apart. */
export interface ParsedOperator {
  readonly operator: ConditionOperator
  readonly qualifier: SetQualifier | undefined
  readonly ifExists: boolean
  /** The name as AWS's documentation spells it, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly canonical: string
}

const BY_LOWER = new Map<string, ConditionOperator>(
  CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]),
)
const QUALIFIER_BY_LOWER = new Map<string, SetQualifier>(
  SET_QUALIFIERS.map((q) => [`${q.toLowerCase()}:`, q]),
)
const IF_EXISTS = 'ifexists'

/**
 * Takes a condition operator name apart: an optional `ForAllValues:`/`ForAnyValue:` qualifier, an
 * operator from CONDITION_OPERATORS, an optional `IfExists` suffix (never on `Null`). Matching
 * ignores case; compare `canonical` with the input to see whether it was spelled as documented.
 * Returns undefined for a name that is not an operator.
 * @example parseConditionOperator('ForAnyValue:StringLikeIfExists')
 * // { operator: 'StringLike', qualifier: 'ForAnyValue', ifExists: true, canonical: 'ForAnyValue:StringLikeIfExists' }
 */
export function parseConditionOperator(name: string): ParsedOperator | undefined {
  let rest = name.toLowerCase()
  let qualifier: SetQualifier | undefined
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    qualifier = QUALIFIER_BY_LOWER.get(rest.slice(0, colon + 1))
    if (qualifier === undefined) return undefined
    rest = rest.slice(colon + 1)
  }
  let operator = BY_LOWER.get(rest)
  let ifExists = false
  if (operator === undefined && rest.endsWith(IF_EXISTS)) {
    operator = BY_LOWER.get(rest.slice(0, -IF_EXISTS.length))
    if (operator === 'Null') return undefined
    ifExists = true
  }
  if (operator === undefined) return undefined
  const canonical = `${qualifier === undefined ? '' : `${qualifier}:`}${operator}${ifExists ? 'IfExists' : ''}`
  return { operator, qualifier, ifExists, canonical }
}
