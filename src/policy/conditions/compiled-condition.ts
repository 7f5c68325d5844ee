/**
 * One operator/key pair of a Condition block compiled into plain data. Every condition has this
 * one shape, whatever its operator, so the code that tests conditions stays monomorphic.
 */
import type { ArnPattern, VariablePattern } from '../arn-pattern.ts'
import type { Template } from '../template.ts'
import type { CidrBlock } from './ip-address.ts'

/** Operator families: each operator is a family's positive test, negated or not. */
export const STRING_EQUALS = 0
export const STRING_EQUALS_IGNORE_CASE = 1
export const STRING_LIKE = 2
export const NUMERIC = 3
export const DATE = 4
export const BOOL = 5
export const BINARY_EQUALS = 6
export const IP_ADDRESS = 7
export const ARN_LIKE = 8
export const NULL = 9

/** How the request value and the policy value compare, for Numeric* and Date*. */
export const EQ = 0
export const LT = 1
export const LTE = 2
export const GT = 3
export const GTE = 4

/** The set qualifier. */
export const SINGLE = 0
export const FOR_ALL_VALUES = 1
export const FOR_ANY_VALUE = 2

/** What a family needs of the policy's values; the fields a family does not use stay empty. */
export interface ConditionValues {
  /** Static text values (lower case where the family ignores case). */
  readonly strings?: ReadonlySet<string>
  /** The one static value, when there is exactly one and nothing else. */
  readonly single?: string | undefined
  /** Values with policy variables, resolved per request. */
  readonly templates?: readonly Template[]
  readonly patterns?: readonly VariablePattern[]
  readonly numbers?: readonly number[]
  readonly comparison?: number
  readonly blocks?: readonly CidrBlock[]
  readonly arns?: readonly ArnPattern[]
  /** Null: whether `true` (key absent) and `false` (key present) were written. */
  readonly wantAbsent?: boolean
  readonly wantPresent?: boolean
}

const NO_STRINGS: ReadonlySet<string> = new Set()

export class CompiledCondition {
  readonly family: number
  readonly negated: boolean
  readonly qualifier: number
  readonly ifExists: boolean
  readonly key: string
  readonly lowerKey: string
  readonly strings: ReadonlySet<string>
  readonly single: string | undefined
  readonly templates: readonly Template[]
  readonly patterns: readonly VariablePattern[]
  readonly numbers: readonly number[]
  readonly comparison: number
  readonly blocks: readonly CidrBlock[]
  readonly arns: readonly ArnPattern[]
  readonly wantAbsent: boolean
  readonly wantPresent: boolean

  constructor(
    head: { family: number; negated: boolean; qualifier: number; ifExists: boolean; key: string },
    values: ConditionValues,
  ) {
    this.family = head.family
    this.negated = head.negated
    this.qualifier = head.qualifier
    this.ifExists = head.ifExists
    this.key = head.key
    this.lowerKey = head.key.toLowerCase()
    this.strings = values.strings ?? NO_STRINGS
    this.single = values.single
    this.templates = values.templates ?? []
    this.patterns = values.patterns ?? []
    this.numbers = values.numbers ?? []
    this.comparison = values.comparison ?? EQ
    this.blocks = values.blocks ?? []
    this.arns = values.arns ?? []
    this.wantAbsent = values.wantAbsent ?? false
    this.wantPresent = values.wantPresent ?? false
  }
}
