/**
 * The values a request may give one condition key, one per class of values that the policies'
 * conditions on that key tell apart: the key absent, one scalar per class, and one list per
 * distinct combination of classes a multivalued key can hold. Classes come from the conditions'
 * own constants: string and ARN patterns by automata ({@link partitionWords}), numbers and dates by
 * the intervals between constants, addresses by the boundaries of the CIDR blocks.
 */
import { compileCondition } from '../../policy/conditions/compile-condition.ts'
import { conditionHolds } from '../../policy/conditions/compile-condition.ts'
import { parseCidr } from '../../policy/conditions/ip-address.ts'
import { parseDate, parseNumber } from '../../policy/conditions/numeric-operators.ts'
import { describePrincipal } from '../../policy/principal-info.ts'
import { RequestContext } from '../../policy/request-context.ts'
import { parseTemplate } from '../../policy/template.ts'
import type { Condition, ConditionOperator } from '../../policy/types.ts'
import { arnTest, equalsTest, globTest, partsTest } from './glob-tests.ts'
import { partitionWords, type WordTest } from './word-classes.ts'

/** A value for the key in a request: absent (undefined), one value, or a list. */
export type ContextOption = string | readonly string[] | undefined

/** A condition as written, with whether its policy expands variables. */
export interface KeyCondition {
  readonly condition: Condition
  readonly variables: boolean
}

/** The options for one key; `complete` is false when they may miss a class. */
export interface KeyOptions {
  readonly key: string
  readonly options: readonly ContextOption[]
  readonly complete: boolean
}

type Domain = 'string' | 'number' | 'date' | 'ip' | 'presence'

const DOMAIN: Readonly<Record<ConditionOperator, Domain>> = {
  StringEquals: 'string',
  StringNotEquals: 'string',
  StringEqualsIgnoreCase: 'string',
  StringNotEqualsIgnoreCase: 'string',
  StringLike: 'string',
  StringNotLike: 'string',
  ArnEquals: 'string',
  ArnLike: 'string',
  ArnNotEquals: 'string',
  ArnNotLike: 'string',
  BinaryEquals: 'string',
  Bool: 'string',
  NumericEquals: 'number',
  NumericNotEquals: 'number',
  NumericLessThan: 'number',
  NumericLessThanEquals: 'number',
  NumericGreaterThan: 'number',
  NumericGreaterThanEquals: 'number',
  DateEquals: 'date',
  DateNotEquals: 'date',
  DateLessThan: 'date',
  DateLessThanEquals: 'date',
  DateGreaterThan: 'date',
  DateGreaterThanEquals: 'date',
  IpAddress: 'ip',
  NotIpAddress: 'ip',
  Null: 'presence',
}

/** The positive operator of each negated one: a list element "matches" in this sense. */
const POSITIVE: Partial<Record<ConditionOperator, ConditionOperator>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
}

/** Word tests for one string-domain condition; undefined when a value holds a variable. */
function stringTests(kc: KeyCondition): WordTest[] | undefined {
  const { condition: c, variables } = kc
  const tests: WordTest[] = []
  for (const v of c.values) {
    switch (c.operator) {
      case 'ArnEquals':
      case 'ArnLike':
      case 'ArnNotEquals':
      case 'ArnNotLike': {
        const t = arnTest(v, variables)
        if (t === undefined) return undefined
        tests.push(t)
        break
      }
      case 'StringLike':
      case 'StringNotLike': {
        const t = parseTemplate(v, variables)
        if (!t.isStatic) return undefined
        tests.push(partsTest(t.parts) as WordTest)
        break
      }
      case 'Bool':
        tests.push(equalsTest('true', true), equalsTest('false', true))
        break
      case 'BinaryEquals':
        tests.push(equalsTest(v))
        break
      default: {
        const t = parseTemplate(v, variables)
        if (!t.isStatic) return undefined
        tests.push(equalsTest(t.text, c.operator.includes('IgnoreCase')))
      }
    }
  }
  return tests
}

const iso = (ms: number): string | undefined => {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return undefined
  const y = d.getUTCFullYear()
  if (y < 0 || y > 9999) return ms >= 0 ? String(ms / 1000) : undefined
  return d.toISOString()
}

/** Points that split the number line into the classes the constants tell apart. */
function intervalPoints(constants: readonly number[], integral: boolean): number[] {
  const sorted = [...new Set(constants)].sort((a, b) => a - b)
  if (sorted.length === 0) return [0]
  const out = [sorted[0]! - 1]
  sorted.forEach((c, i) => {
    out.push(c)
    const next = sorted[i + 1]
    if (next !== undefined) {
      const mid = integral && next - c > 1 ? Math.floor((c + next) / 2) : (c + next) / 2
      if (mid > c && mid < next) out.push(mid)
    } else out.push(c + 1)
  })
  return out
}

function numberReps(conds: readonly KeyCondition[]): string[] {
  const constants = conds.flatMap((kc) =>
    kc.condition.values.map(parseNumber).filter((n): n is number => n !== undefined),
  )
  return [...intervalPoints(constants, false).map(String), 'xaccess-not-a-number']
}

function dateReps(conds: readonly KeyCondition[]): { reps: string[]; complete: boolean } {
  const constants = conds.flatMap((kc) =>
    kc.condition.values.map(parseDate).filter((n): n is number => n !== undefined),
  )
  let complete = true
  const reps = ['xaccess-not-a-date']
  for (const ms of intervalPoints(constants, false)) {
    const text = Number.isInteger(ms) ? iso(ms) : ms >= 0 ? String(ms / 1000) : undefined
    if (text === undefined || parseDate(text) === undefined) complete = false
    else reps.push(text)
  }
  return { reps, complete }
}

const V4_SPACE = 2n ** 32n
const V6_SPACE = 2n ** 128n
const MAPPED_START = 0xffffn << 32n

function renderV4(n: bigint): string {
  const x = Number(n)
  return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.')
}

function renderV6(n: bigint): string {
  const groups: string[] = []
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16))
  return groups.join(':')
}

function ipReps(conds: readonly KeyCondition[]): string[] {
  const v4 = new Set<bigint>([0n])
  const v6 = new Set<bigint>([0n, MAPPED_START, MAPPED_START + V4_SPACE])
  for (const kc of conds) {
    for (const v of kc.condition.values) {
      const b = parseCidr(v)
      if (b === undefined) continue
      let n = 0n
      for (const w of b.words) n = (n << 16n) | BigInt(w)
      if (b.v4) {
        const size = 2n ** BigInt(32 - b.prefix)
        const start = (n & (V4_SPACE - 1n)) - ((n & (V4_SPACE - 1n)) % size)
        v4.add(start)
        if (start + size < V4_SPACE) v4.add(start + size)
      } else {
        const size = 2n ** BigInt(128 - b.prefix)
        const start = n - (n % size)
        v6.add(start)
        if (start + size < V6_SPACE) v6.add(start + size)
      }
    }
  }
  return [...[...v4].map(renderV4), ...[...v6].map(renderV6), 'xaccess-not-an-address']
}

/** Whether `value` matches the condition in its positive sense, as the engine decides. */
function matcher(kc: KeyCondition): (value: string) => boolean {
  const c = kc.condition
  const positive: Condition = {
    ...c,
    raw: POSITIVE[c.operator] ?? c.operator,
    operator: POSITIVE[c.operator] ?? c.operator,
    qualifier: undefined,
    ifExists: false,
  }
  const compiled = compileCondition(positive, kc.variables)
  const nobody = describePrincipal('*')
  return (value) =>
    conditionHolds(compiled, new RequestContext({ [c.key]: value }, nobody, undefined))
}

const MAX_LIST_COMBINATIONS = 512

/**
 * Lists for a multivalued key: one per distinct (any element matches, any element fails) vector
 * over the key's conditions, which is all that ForAllValues, ForAnyValue and a plain operator over
 * a list can see.
 */
function listOptions(
  reps: readonly string[],
  matchers: readonly ((v: string) => boolean)[],
): { lists: string[][]; complete: boolean } {
  const vec = (v: string) => matchers.map((m) => m(v))
  const sigs = reps.map((r) => {
    const m = vec(r)
    return [...m, ...m.map((x) => !x)]
  })
  const seen = new Map<string, string[]>()
  const empty = new Array<boolean>(matchers.length * 2).fill(false)
  const queue: [boolean[], string[]][] = [[empty, []]]
  seen.set(empty.join(), [])
  for (let head = 0; head < queue.length; head++) {
    const [v, list] = queue[head]!
    for (let i = 0; i < reps.length; i++) {
      const next = v.map((x, j) => x || sigs[i]![j]!)
      const k = next.join()
      if (seen.has(k)) continue
      if (seen.size >= MAX_LIST_COMBINATIONS) return { lists: [...seen.values()], complete: false }
      const l = [...list, reps[i]!]
      seen.set(k, l)
      queue.push([next, l])
    }
  }
  return { lists: [...seen.values()], complete: true }
}

/**
 * The options for one key from every condition on it (keys compare case-insensitively).
 * @param keyText the key as written in the first condition
 */
export function keyOptions(keyText: string, conds: readonly KeyCondition[]): KeyOptions {
  const domains = new Set(conds.map((kc) => DOMAIN[kc.condition.operator]))
  domains.delete('presence')
  let complete = domains.size <= 1
  let reps: string[] = []
  if (domains.has('string') || domains.size === 0) {
    const tests: WordTest[] = []
    for (const kc of conds) {
      if (DOMAIN[kc.condition.operator] !== 'string') continue
      const t = stringTests(kc)
      if (t === undefined) complete = false
      else tests.push(...t)
    }
    if (tests.length === 0) tests.push(globTest('xaccess'))
    const partition = partitionWords(tests, 5000)
    if (!partition.complete) complete = false
    reps.push(...partition.classes.map((c) => c.word))
  }
  if (domains.has('number')) reps.push(...numberReps(conds))
  if (domains.has('date')) {
    const d = dateReps(conds)
    if (!d.complete) complete = false
    reps.push(...d.reps)
  }
  if (domains.has('ip')) reps.push(...ipReps(conds))
  // The empty string: a set operator reads it as an empty set, Null as a value present.
  reps = [...new Set(['', ...reps])]
  const matchers = conds
    .filter((kc) => DOMAIN[kc.condition.operator] !== 'presence')
    .map((kc) => matcher(kc))
  const lists = listOptions(reps, matchers)
  if (!lists.complete) complete = false
  return { key: keyText, options: [undefined, ...reps, ...lists.lists], complete }
}
