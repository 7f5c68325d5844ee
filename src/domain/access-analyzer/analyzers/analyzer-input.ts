/**
 * Reading Access Analyzer's inputs as AWS validates them: each problem one field of a
 * ValidationException ("Value 'x' at 'analyzerName' failed to satisfy constraint: …"), all
 * reported at once by {@link InputReader.done}.
 */
import type { InvalidField } from '../errors.ts'
import { analyzerErrors } from './analyzer-errors.ts'
import type { Criterion, FilterCriteria } from './analyzer-store.ts'

/** AWS's pattern for analyzer and archive rule names. */
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/

const shown = (value: unknown): string =>
  value === undefined || value === null
    ? 'null'
    : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`

/** Collects the problems of one request's input. */
export class InputReader {
  readonly #raw: Readonly<Record<string, unknown>>
  readonly #errors: InvalidField[] = []

  constructor(raw: Readonly<Record<string, unknown>>) {
    this.#raw = raw
  }

  /** Records a problem with `name`. */
  fail(name: string, value: unknown, constraint: string): undefined {
    this.#errors.push({
      name,
      message: `Value ${shown(value)} at '${name}' failed to satisfy constraint: ${constraint}`,
    })
    return undefined
  }

  /** A string member; `required` reports it missing. */
  string(name: string, required: true): string
  string(name: string, required?: false): string | undefined
  string(name: string, required = false): string | undefined {
    const v = this.#raw[name]
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(name, undefined, 'Member must not be null')
      return required ? '' : undefined
    }
    if (typeof v !== 'string') return this.fail(name, v, 'Member must be a string') ?? ''
    return v
  }

  /** An analyzer or archive rule name. */
  name(name: string): string {
    const v = this.string(name, true)
    if (v === '') return v
    if (v.length > 255) this.fail(name, v, 'Member must have length less than or equal to 255')
    else if (!NAME.test(v))
      this.fail(name, v, 'Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*')
    return v
  }

  /** One of `values`. */
  oneOf<T extends string>(name: string, values: readonly T[], required: true): T
  oneOf<T extends string>(name: string, values: readonly T[], required?: false): T | undefined
  oneOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const v = this.#raw[name]
    if (v === undefined || v === null) {
      if (required) this.fail(name, undefined, 'Member must not be null')
      return required ? values[0] : undefined
    }
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T
    this.fail(name, v, `Member must satisfy enum value set: [${values.join(', ')}]`)
    return required ? values[0] : undefined
  }

  /** An integer within [min, max] (query members arrive as text). */
  integer(name: string, min: number, max: number, value: unknown = this.#raw[name]) {
    if (value === undefined || value === null || value === '') return undefined
    const n = Number(value)
    if (!Number.isInteger(n)) return this.fail(name, value, 'Member must be an integer')
    if (n < min) return this.fail(name, n, `Member must have value greater than or equal to ${min}`)
    if (n > max) return this.fail(name, n, `Member must have value less than or equal to ${max}`)
    return n
  }

  /** A list of strings. */
  strings(name: string, required = false): string[] | undefined {
    const v = this.#raw[name]
    if (v === undefined || v === null) {
      if (required) this.fail(name, undefined, 'Member must not be null')
      return undefined
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      return this.fail(name, v, 'Member must be a list of strings')
    return v as string[]
  }

  /** A string-to-string map (tags). */
  stringMap(name: string): Record<string, string> | undefined {
    const v = this.#raw[name]
    if (v === undefined || v === null) return undefined
    if (
      typeof v !== 'object' ||
      Array.isArray(v) ||
      Object.values(v).some((x) => typeof x !== 'string')
    )
      return this.fail(name, v, 'Member must be a map of strings')
    return v as Record<string, string>
  }

  /** A filter: criteria by attribute, each with eq/neq/contains (1–20 values) or exists. */
  filter(name: string, required: boolean, value: unknown = this.#raw[name]): FilterCriteria {
    if (value === undefined || value === null) {
      if (required) this.fail(name, undefined, 'Member must not be null')
      return {}
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(name, value, 'Member must be a map of criteria')
      return {}
    }
    const out: Record<string, Criterion> = {}
    for (const [key, c] of Object.entries(value as Record<string, unknown>)) {
      const at = `${name}.${key}`
      if (typeof c !== 'object' || c === null || Array.isArray(c)) {
        this.fail(at, c, 'Member must be a criterion')
        continue
      }
      const criterion: { -readonly [K in keyof Criterion]: Criterion[K] } = {}
      for (const op of ['eq', 'neq', 'contains'] as const) {
        const list = (c as Record<string, unknown>)[op]
        if (list === undefined || list === null) continue
        if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
          this.fail(`${at}.${op}`, list, 'Member must be a list of strings')
        else if (list.length < 1 || list.length > 20)
          this.fail(
            `${at}.${op}`,
            list,
            `Member must have length ${list.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 20'}`,
          )
        else criterion[op] = list as string[]
      }
      const exists = (c as Record<string, unknown>).exists
      if (exists !== undefined && exists !== null) {
        if (typeof exists !== 'boolean')
          this.fail(`${at}.exists`, exists, 'Member must be a boolean')
        else criterion.exists = exists
      }
      if (Object.keys(criterion).length === 0)
        this.fail(at, c, 'Criterion must name at least one of eq, neq, contains or exists')
      out[key] = criterion
    }
    return out
  }

  /** A nested object member. */
  object(name: string): Readonly<Record<string, unknown>> | undefined {
    const v = this.#raw[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v))
      return this.fail(name, v, 'Member must be an object')
    return v as Record<string, unknown>
  }

  /** Throws the ValidationException of every problem found, if any. */
  done(): void {
    if (this.#errors.length > 0) throw analyzerErrors.validation(this.#errors)
  }
}
