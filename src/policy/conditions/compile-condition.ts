/**
 * Compiles a Condition block. Operators AND together, keys under an operator AND together, the
 * values of one key OR together. `IfExists`, `ForAllValues:`, `ForAnyValue:` and negation are
 * applied here, once, around each family's positive test.
 */
import type { RequestContext } from '../request-context.ts'
import type { Condition, ConditionOperator } from '../types.ts'
import { date, numeric } from './numeric-operators.ts'
import { arnLike, binaryEquals, bool, ipAddress } from './other-operators.ts'
import { stringEquals, stringEqualsIgnoreCase, stringLike } from './string-operators.ts'
import type { ValueTestCompiler } from './value-test.ts'

/** A compiled condition: true when it holds for the request. */
export type ConditionCheck = (ctx: RequestContext) => boolean

interface Family {
  readonly negated: boolean
  readonly compile: ValueTestCompiler
}

const pos = (compile: ValueTestCompiler): Family => ({ negated: false, compile })
const neg = (compile: ValueTestCompiler): Family => ({ negated: true, compile })

/** Every operator but Null, as a positive test and whether the operator negates it. */
const FAMILIES: Readonly<Record<Exclude<ConditionOperator, 'Null'>, Family>> = {
  StringEquals: pos(stringEquals),
  StringNotEquals: neg(stringEquals),
  StringEqualsIgnoreCase: pos(stringEqualsIgnoreCase),
  StringNotEqualsIgnoreCase: neg(stringEqualsIgnoreCase),
  StringLike: pos(stringLike),
  StringNotLike: neg(stringLike),
  NumericEquals: pos(numeric('eq')),
  NumericNotEquals: neg(numeric('eq')),
  NumericLessThan: pos(numeric('lt')),
  NumericLessThanEquals: pos(numeric('lte')),
  NumericGreaterThan: pos(numeric('gt')),
  NumericGreaterThanEquals: pos(numeric('gte')),
  DateEquals: pos(date('eq')),
  DateNotEquals: neg(date('eq')),
  DateLessThan: pos(date('lt')),
  DateLessThanEquals: pos(date('lte')),
  DateGreaterThan: pos(date('gt')),
  DateGreaterThanEquals: pos(date('gte')),
  Bool: pos(bool),
  BinaryEquals: pos(binaryEquals),
  IpAddress: pos(ipAddress),
  NotIpAddress: neg(ipAddress),
  ArnEquals: pos(arnLike),
  ArnLike: pos(arnLike),
  ArnNotEquals: neg(arnLike),
  ArnNotLike: neg(arnLike),
}

function compileNull(c: Condition): ConditionCheck {
  const wantAbsent = c.values.map((v) => v.toLowerCase())
  const key = c.key
  const lowerKey = key.toLowerCase()
  return (ctx) => {
    const v = ctx.get(key, lowerKey)
    const absent = v === undefined || (Array.isArray(v) && v.length === 0)
    return wantAbsent.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false))
  }
}

/**
 * Compiles one operator/key pair.
 * @param variables whether policy variables expand (version 2012-10-17)
 */
export function compileCondition(c: Condition, variables: boolean): ConditionCheck {
  if (c.operator === 'Null') return compileNull(c)
  const family = FAMILIES[c.operator]
  const test = family.compile(c.values, variables)
  const negated = family.negated
  const key = c.key
  const lowerKey = key.toLowerCase()
  const ifExists = c.ifExists
  const one = negated ? (v: string, ctx: RequestContext) => !test(v, ctx) : test

  switch (c.qualifier) {
    case 'ForAllValues':
      // True for a missing key or an empty set; else every request value must pass.
      return (ctx) => {
        const v = ctx.get(key, lowerKey)
        if (v === undefined) return true
        if (typeof v === 'string') return v === '' || one(v, ctx)
        for (const x of v) if (!one(x, ctx)) return false
        return true
      }
    case 'ForAnyValue':
      // False for a missing key or an empty set (true with IfExists when missing).
      return (ctx) => {
        const v = ctx.get(key, lowerKey)
        if (v === undefined) return ifExists
        if (typeof v === 'string') return v !== '' && one(v, ctx)
        for (const x of v) if (one(x, ctx)) return true
        return false
      }
    case undefined:
      // A missing key: false, except for negated operators and IfExists.
      return (ctx) => {
        const v = ctx.get(key, lowerKey)
        if (v === undefined) return ifExists || negated
        if (typeof v === 'string') return one(v, ctx)
        // A multivalued key without a set operator: matches when any value matches.
        let any = false
        for (const x of v) {
          if (test(x, ctx)) {
            any = true
            break
          }
        }
        return negated ? !any : any
      }
  }
}

/** Compiles a statement's conditions into one check; undefined when there are none. */
export function compileConditions(
  conditions: readonly Condition[],
  variables: boolean,
): ConditionCheck | undefined {
  if (conditions.length === 0) return undefined
  const checks = conditions.map((c) => compileCondition(c, variables))
  if (checks.length === 1) return checks[0]
  if (checks.length === 2) {
    const [a, b] = checks as [ConditionCheck, ConditionCheck]
    return (ctx) => a(ctx) && b(ctx)
  }
  return (ctx) => {
    for (const check of checks) if (!check(ctx)) return false
    return true
  }
}
