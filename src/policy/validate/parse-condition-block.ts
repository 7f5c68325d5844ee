import type { Condition, ConditionOperator } from '../types.ts'
import { checkNoPolicyVariable, checkPolicyVariables } from './check-policy-variables.ts'
import { childPath } from './json-path.ts'
import { isRecord, type ParseContext } from './parse-context.ts'
import { parseConditionOperator } from './parse-condition-operator.ts'

/** A condition key needs a vendor prefix, as in `aws:SourceIp` or `s3:prefix`. */
const CONDITION_KEY = /^[^:]+:./

/** Operators whose values AWS never expands variables in (condition operators reference). */
const NO_VARIABLES: ReadonlySet<ConditionOperator> = new Set([
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'Null',
])

/**
 * Reads a Condition block: an object of operator -> object of key -> value(s). Values may be
 * strings, numbers or booleans, alone or in an array; numbers and booleans become strings. An
 * unknown operator or a value of another type is fatal: the statement's meaning is unknown.
 */
export function parseConditionBlock(
  raw: unknown,
  path: string,
  ctx: ParseContext,
): readonly Condition[] {
  const { out } = ctx
  if (!isRecord(raw)) {
    out.fatalError(path, { code: 'invalid_condition_block' })
    return []
  }
  const conditions: Condition[] = []
  for (const name of Object.keys(raw)) {
    const opPath = childPath(path, name)
    const parsed = parseConditionOperator(name)
    if (parsed === undefined) {
      out.fatalError(opPath, { code: 'unknown_condition_operator', operator: name })
      continue
    }
    if (parsed.canonical !== name) {
      out.warn(opPath, {
        code: 'condition_operator_case',
        operator: name,
        canonical: parsed.canonical,
      })
    }
    const body = raw[name]
    if (!isRecord(body)) {
      out.fatalError(opPath, { code: 'invalid_condition_operator_body', operator: name })
      continue
    }
    for (const key of Object.keys(body)) {
      const keyPath = childPath(opPath, key)
      if (!CONDITION_KEY.test(key)) out.error(keyPath, { code: 'invalid_condition_key', key })
      const values = readValues(body[key])
      if (values === undefined) {
        out.fatalError(keyPath, { code: 'invalid_condition_values', key })
        continue
      }
      if (values.length === 0) out.error(keyPath, { code: 'empty_condition_values', key })
      for (const value of values) checkValue(parsed.operator, value, keyPath, ctx)
      conditions.push({
        raw: name,
        operator: parsed.operator,
        qualifier: parsed.qualifier,
        ifExists: parsed.ifExists,
        key,
        values,
      })
    }
  }
  return conditions
}

function readValues(raw: unknown): readonly string[] | undefined {
  const scalar = toScalarString(raw)
  if (scalar !== undefined) return [scalar]
  if (!Array.isArray(raw)) return undefined
  const values: string[] = []
  for (const item of raw) {
    const value = toScalarString(item)
    if (value === undefined) return undefined
    values.push(value)
  }
  return values
}

function toScalarString(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw)
  return undefined
}

const TRUE_FALSE = /^(true|false)$/i

/** Warnings for values an operator cannot compare with (AWS accepts them at write time). */
function checkValue(operator: ConditionOperator, value: string, path: string, ctx: ParseContext) {
  if (NO_VARIABLES.has(operator)) {
    checkNoPolicyVariable(value, `the ${operator} operator`, path, ctx)
  } else {
    checkPolicyVariables(value, path, ctx)
  }
  if (value.includes('${')) return
  let expected: string | undefined
  if (operator === 'Bool' || operator === 'Null') {
    if (!TRUE_FALSE.test(value)) expected = '"true" or "false"'
  } else if (operator.startsWith('Numeric')) {
    if (value.trim() === '' || !Number.isFinite(Number(value))) expected = 'a number'
  } else if (operator.startsWith('Date')) {
    if (!/^\d+$/.test(value) && Number.isNaN(Date.parse(value))) expected = 'a date'
  }
  if (expected !== undefined) {
    ctx.out.warn(path, { code: 'suspicious_condition_value', operator, value, expected })
  }
}
