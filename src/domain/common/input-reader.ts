/**
 * Reading and validating request parameters, with AWS's ValidationError wording:
 * `1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: Member must
 * have length less than or equal to 64`. Values arrive as strings (query protocol) or typed
 * (JSON); both are accepted.
 */
import { commonErrors } from './domain-error.ts'

export interface StringRule {
  readonly required?: boolean
  readonly min?: number
  readonly max?: number
  /** A RegExp for the whole value, and its text as AWS prints it in the message. */
  readonly pattern?: readonly [RegExp, string]
}

export interface NumberRule {
  readonly required?: boolean
  readonly min?: number
  readonly max?: number
}

const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1)
const quote = (v: unknown) => (v === undefined || v === null ? 'null' : `'${String(v)}'`)

/** Common patterns of IAM names and paths, as AWS prints them. */
export const PATTERNS = {
  name: [/^[\w+=,.@-]+$/, '[\\w+=,.@-]+'],
  path: [
    /^(?:\u002F|\u002F[\u0021-\u007E]+\u002F)$/,
    '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
  ],
  arn: [
    // eslint-disable-next-line no-control-regex -- AWS's own pattern admits tab, LF and CR
    /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
    '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  ],
  policyDocument: [
    // eslint-disable-next-line no-control-regex -- AWS's own pattern admits tab, LF and CR
    /^[\u0009\u000A\u000D\u0020-\u00FF]+$/,
    '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  ],
} as const satisfies Record<string, readonly [RegExp, string]>

/**
 * Reads fields from a raw input, collecting every violation; `done()` throws them all as one
 * ValidationError, as AWS reports them.
 * @example
 * const r = new InputReader(raw)
 * const roleName = r.string('RoleName', { required: true, min: 1, max: 64, pattern: PATTERNS.name })
 * r.done()
 */
export class InputReader {
  readonly raw: Readonly<Record<string, unknown>>
  private readonly errors: string[] = []

  constructor(raw: Readonly<Record<string, unknown>>) {
    this.raw = raw
  }

  /** Records a violation in AWS's form. */
  fail(name: string, value: unknown, constraint: string): void {
    this.errors.push(
      `Value ${quote(value)} at '${memberName(name)}' failed to satisfy constraint: ${constraint}`,
    )
  }

  string(name: string, rule: StringRule & { required: true }): string
  string(name: string, rule?: StringRule): string | undefined
  string(name: string, rule: StringRule = {}): string | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null || v === '') {
      if (rule.required) this.fail(name, undefined, 'Member must not be null')
      return rule.required ? '' : undefined
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      this.fail(name, '[object]', 'Member must be a string')
      return undefined
    }
    const s = String(v)
    if (rule.min !== undefined && s.length < rule.min) {
      this.fail(name, s, `Member must have length greater than or equal to ${rule.min}`)
    } else if (rule.max !== undefined && s.length > rule.max) {
      this.fail(name, s, `Member must have length less than or equal to ${rule.max}`)
    } else if (rule.pattern !== undefined && !rule.pattern[0].test(s)) {
      this.fail(name, s, `Member must satisfy regular expression pattern: ${rule.pattern[1]}`)
    }
    return s
  }

  integer(name: string, rule: NumberRule = {}): number | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null || v === '') {
      if (rule.required) this.fail(name, undefined, 'Member must not be null')
      return undefined
    }
    const n = typeof v === 'number' ? v : Number(v)
    if (!Number.isInteger(n)) {
      this.fail(name, v, 'Member must be an integer')
      return undefined
    }
    if (rule.min !== undefined && n < rule.min) {
      this.fail(name, n, `Member must have value greater than or equal to ${rule.min}`)
    } else if (rule.max !== undefined && n > rule.max) {
      this.fail(name, n, `Member must have value less than or equal to ${rule.max}`)
    }
    return n
  }

  boolean(name: string): boolean | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null || v === '') return undefined
    if (v === true || v === 'true') return true
    if (v === false || v === 'false') return false
    this.fail(name, v, 'Member must be a boolean')
    return undefined
  }

  /** A list of objects or strings; an empty query list arrives as ''. */
  list(name: string, rule: { max?: number } = {}): unknown[] {
    const v = this.raw[name]
    if (v === undefined || v === null || v === '') return []
    const items = Array.isArray(v) ? v : [v]
    if (rule.max !== undefined && items.length > rule.max) {
      this.fail(
        name,
        `[${items.length} items]`,
        `Member must have length less than or equal to ${rule.max}`,
      )
    }
    return items
  }

  /** A list of strings. */
  strings(name: string, rule: { max?: number } = {}): string[] {
    return this.list(name, rule).map((x) => String(x))
  }

  /** `Tags` as `[{Key, Value}]`, at most 50, keys unique. */
  tags(name = 'Tags'): { Key: string; Value: string }[] {
    const out: { Key: string; Value: string }[] = []
    for (const item of this.list(name, { max: 50 })) {
      const t = (item ?? {}) as Record<string, unknown>
      const key = t.Key ?? t.key
      const value = t.Value ?? t.value ?? ''
      if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
        this.fail(`${name}.member.key`, key, 'Member must have length between 1 and 128')
        continue
      }
      if (String(value).length > 256) {
        this.fail(
          `${name}.member.value`,
          value,
          'Member must have length less than or equal to 256',
        )
      }
      out.push({ Key: key, Value: String(value) })
    }
    return out
  }

  /** Throws every recorded violation as one ValidationError. */
  done(): void {
    const n = this.errors.length
    if (n === 0) return
    const head = n === 1 ? '1 validation error detected: ' : `${n} validation errors detected: `
    throw commonErrors.validation(head + this.errors.join('; '))
  }
}
