/**
 * Compiles a Condition block. Operators AND together, keys under an operator AND together, the
 * values of one key OR together. `IfExists`, `ForAllValues:`, `ForAnyValue:` and negation are
 * applied here, once, around each family's positive test.
 */
import type { RequestContext } from '../request-context.ts'
import type { Condition, ConditionOperator } from '../types.ts'
import {
  ARN_LIKE,
  BINARY_EQUALS,
  BOOL,
  CompiledCondition,
  DATE,
  FOR_ALL_VALUES,
  FOR_ANY_VALUE,
  IP_ADDRESS,
  NULL,
  NUMERIC,
  SINGLE,
  STRING_EQUALS,
  STRING_EQUALS_IGNORE_CASE,
  STRING_LIKE,
  type ConditionValues,
} from './compiled-condition.ts'
import { compareNumber, comparisonValues, parseDate, parseNumber } from './numeric-operators.ts'
import type { Comparison } from './numeric-operators.ts'
import {
  arnLike,
  arnValues,
  binaryValues,
  bool,
  boolValues,
  ipAddress,
  ipAddressValues,
} from './other-operators.ts'
import {
  stringEquals,
  stringEqualsValues,
  stringLike,
  stringLikeValues,
} from './string-operators.ts'

export { CompiledCondition } from './compiled-condition.ts'

interface Operator {
  readonly family: number
  readonly negated: boolean
  readonly values: (values: readonly string[], variables: boolean) => ConditionValues
}

const op = (family: number, negated: boolean, values: Operator['values']): Operator => ({
  family,
  negated,
  values,
})
const equalsValues = (v: readonly string[], vars: boolean) => stringEqualsValues(v, vars, false)
const foldValues = (v: readonly string[], vars: boolean) => stringEqualsValues(v, vars, true)
const numbers = (cmp: Comparison) => (v: readonly string[]) => comparisonValues(v, cmp, parseNumber)
const dates = (cmp: Comparison) => (v: readonly string[]) => comparisonValues(v, cmp, parseDate)
const nullValues = (values: readonly string[]): ConditionValues => {
  const lower = values.map((v) => v.toLowerCase())
  return { wantAbsent: lower.includes('true'), wantPresent: lower.includes('false') }
}

/** Every operator: its family's positive test and whether the operator negates it. */
const OPERATORS: Readonly<Record<ConditionOperator, Operator>> = {
  StringEquals: op(STRING_EQUALS, false, equalsValues),
  StringNotEquals: op(STRING_EQUALS, true, equalsValues),
  StringEqualsIgnoreCase: op(STRING_EQUALS_IGNORE_CASE, false, foldValues),
  StringNotEqualsIgnoreCase: op(STRING_EQUALS_IGNORE_CASE, true, foldValues),
  StringLike: op(STRING_LIKE, false, stringLikeValues),
  StringNotLike: op(STRING_LIKE, true, stringLikeValues),
  NumericEquals: op(NUMERIC, false, numbers('eq')),
  NumericNotEquals: op(NUMERIC, true, numbers('eq')),
  NumericLessThan: op(NUMERIC, false, numbers('lt')),
  NumericLessThanEquals: op(NUMERIC, false, numbers('lte')),
  NumericGreaterThan: op(NUMERIC, false, numbers('gt')),
  NumericGreaterThanEquals: op(NUMERIC, false, numbers('gte')),
  DateEquals: op(DATE, false, dates('eq')),
  DateNotEquals: op(DATE, true, dates('eq')),
  DateLessThan: op(DATE, false, dates('lt')),
  DateLessThanEquals: op(DATE, false, dates('lte')),
  DateGreaterThan: op(DATE, false, dates('gt')),
  DateGreaterThanEquals: op(DATE, false, dates('gte')),
  Bool: op(BOOL, false, boolValues),
  BinaryEquals: op(BINARY_EQUALS, false, binaryValues),
  IpAddress: op(IP_ADDRESS, false, ipAddressValues),
  NotIpAddress: op(IP_ADDRESS, true, ipAddressValues),
  ArnEquals: op(ARN_LIKE, false, arnValues),
  ArnLike: op(ARN_LIKE, false, arnValues),
  ArnNotEquals: op(ARN_LIKE, true, arnValues),
  ArnNotLike: op(ARN_LIKE, true, arnValues),
  Null: op(NULL, false, nullValues),
}

/**
 * Compiles one operator/key pair.
 * @param variables whether policy variables expand (version 2012-10-17)
 */
export function compileCondition(c: Condition, variables: boolean): CompiledCondition {
  const operator = OPERATORS[c.operator]
  const qualifier =
    c.qualifier === 'ForAllValues'
      ? FOR_ALL_VALUES
      : c.qualifier === 'ForAnyValue'
        ? FOR_ANY_VALUE
        : SINGLE
  return new CompiledCondition(
    {
      family: operator.family,
      negated: operator.negated,
      qualifier,
      ifExists: c.ifExists,
      key: c.key,
    },
    operator.values(c.values, variables),
  )
}

/** Compiles a statement's conditions; empty when there are none. */
export function compileConditions(
  conditions: readonly Condition[],
  variables: boolean,
): readonly CompiledCondition[] {
  return conditions.map((c) => compileCondition(c, variables))
}

/** One request value against the policy's values, in the family's positive sense. */
function valueMatches(c: CompiledCondition, v: string, ctx: RequestContext): boolean {
  switch (c.family) {
    case STRING_EQUALS:
      return stringEquals(c, v, ctx, false)
    case STRING_EQUALS_IGNORE_CASE:
      return stringEquals(c, v, ctx, true)
    case STRING_LIKE:
      return stringLike(c, v, ctx)
    case NUMERIC:
      return compareNumber(c, parseNumber(v))
    case DATE:
      return compareNumber(c, parseDate(v))
    case BOOL:
      return bool(c, v)
    case BINARY_EQUALS:
      return c.strings.has(v)
    case IP_ADDRESS:
      return ipAddress(c, v)
    default:
      return arnLike(c, v, ctx)
  }
}

/** The operator's sense: the positive test, negated for the Not operators. */
const holdsFor = (c: CompiledCondition, v: string, ctx: RequestContext): boolean =>
  valueMatches(c, v, ctx) !== c.negated

/** True when the condition holds for the request. */
export function conditionHolds(c: CompiledCondition, ctx: RequestContext): boolean {
  const v = ctx.get(c.key, c.lowerKey)
  if (c.family === NULL) {
    const absent = v === undefined || (Array.isArray(v) && v.length === 0)
    return absent ? c.wantAbsent : c.wantPresent
  }
  switch (c.qualifier) {
    case FOR_ALL_VALUES:
      // True for a missing key or an empty set; else every request value must pass.
      if (v === undefined) return true
      if (typeof v === 'string') return v === '' || holdsFor(c, v, ctx)
      for (const x of v) if (!holdsFor(c, x, ctx)) return false
      return true
    case FOR_ANY_VALUE:
      // False for a missing key or an empty set (true with IfExists when missing).
      if (v === undefined) return c.ifExists
      if (typeof v === 'string') return v !== '' && holdsFor(c, v, ctx)
      for (const x of v) if (holdsFor(c, x, ctx)) return true
      return false
  }
  // A missing key: false, except for negated operators and IfExists.
  if (v === undefined) return c.ifExists || c.negated
  if (typeof v === 'string') return holdsFor(c, v, ctx)
  // A multivalued key without a set operator: matches when any value matches.
  let any = false
  for (const x of v) {
    if (valueMatches(c, x, ctx)) {
      any = true
      break
    }
  }
  return any !== c.negated
}

/** True when every condition holds (AND). */
export function conditionsHold(
  conditions: readonly CompiledCondition[],
  ctx: RequestContext,
): boolean {
  for (let i = 0; i < conditions.length; i++) if (!conditionHolds(conditions[i]!, ctx)) return false
  return true
}
