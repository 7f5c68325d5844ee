/**
 * Reads an Organizations request (the JSON body). Organizations reports bad input as
 * `InvalidInputException` with a `Reason` (INPUT_REQUIRED, INVALID_PATTERN, MAX_LENGTH_EXCEEDED…),
 * one violation at a time.
 */
import { orgErrors, type InvalidInputReason } from './errors.ts'
import { ORG_PATTERNS } from './org-ids.ts'

/** Constraints on one string member. */
export interface OrgStringRule {
  readonly required?: boolean
  readonly min?: number
  readonly max?: number
  readonly pattern?: RegExp
  /** The reason to report when the pattern fails (default INVALID_PATTERN). */
  readonly patternReason?: InvalidInputReason
}

/** AWS's page size limits for every Organizations list operation. */
export const MAX_RESULTS_LIMIT = 20

/** A tag as the wire carries it. */
export interface WireTag {
  readonly Key: string
  readonly Value: string
}

const fail = (reason: InvalidInputReason): never => {
  throw orgErrors.InvalidInputException(reason)
}

/**
 * Typed access to the members of a request, each checked as AWS checks it.
 * @example
 * const r = new OrgInput(raw)
 * const accountId = r.string('AccountId', { required: true, pattern: ORG_PATTERNS.accountId })
 */
export class OrgInput {
  readonly raw: Readonly<Record<string, unknown>>

  constructor(raw: Readonly<Record<string, unknown>>) {
    this.raw = raw ?? {}
  }

  string(name: string, rule: OrgStringRule & { required: true }): string
  string(name: string, rule?: OrgStringRule): string | undefined
  string(name: string, rule: OrgStringRule = {}): string | undefined {
    return checkString(this.raw[name], rule)
  }

  /** One of `values`; anything else is INVALID_ENUM (or `reason`). */
  enumOf<T extends string>(
    name: string,
    values: readonly T[],
    rule: { required?: boolean; reason?: InvalidInputReason } = {},
  ): T | undefined {
    const v = this.raw[name]
    if (v === undefined || v === null) return rule.required ? fail('INPUT_REQUIRED') : undefined
    if (typeof v !== 'string' || !values.includes(v as T)) fail(rule.reason ?? 'INVALID_ENUM')
    return v as T
  }

  /** `MaxResults` (1–20) and `NextToken`, as a store page request. */
  page(): { maxResults: number; nextToken?: string } {
    const v = this.raw.MaxResults
    let maxResults = MAX_RESULTS_LIMIT
    if (v !== undefined && v !== null) {
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('INVALID_ENUM')
      if ((v as number) < 1) fail('MIN_VALUE_EXCEEDED')
      if ((v as number) > MAX_RESULTS_LIMIT) fail('MAX_VALUE_EXCEEDED')
      maxResults = v as number
    }
    const token = this.string('NextToken', { max: 100_000 })
    return token === undefined ? { maxResults } : { maxResults, nextToken: token }
  }

  /** A list of strings, each checked by `rule`. */
  strings(name: string, rule: OrgStringRule & { maxItems?: number } = {}): string[] {
    const v = this.raw[name]
    if (v === undefined || v === null) return rule.required ? fail('INPUT_REQUIRED') : []
    if (!Array.isArray(v)) return fail('INVALID_LIST_MEMBER')
    if (rule.maxItems !== undefined && v.length > rule.maxItems) fail('MAX_LENGTH_EXCEEDED')
    return v.map((item) => checkString(item, { ...rule, required: true }) as string)
  }

  /** `Tags`: keys 1–128 characters, values 0–256, unique keys, none starting with `aws:`. */
  tags(name = 'Tags', required = false): WireTag[] {
    const v = this.raw[name]
    if (v === undefined || v === null) return required ? fail('INPUT_REQUIRED') : []
    if (!Array.isArray(v)) return fail('INVALID_LIST_MEMBER')
    const seen = new Set<string>()
    return v.map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return fail('INVALID_LIST_MEMBER')
      const t = item as Record<string, unknown>
      const key = checkTagKey(t.Key)
      const value = checkString(t.Value, { required: true, max: 256 }) as string
      if (seen.has(key)) fail('DUPLICATE_TAG_KEY')
      seen.add(key)
      return { Key: key, Value: value }
    })
  }

  /** `TagKeys` of UntagResource. */
  tagKeys(name = 'TagKeys'): string[] {
    const v = this.raw[name]
    if (v === undefined || v === null) return fail('INPUT_REQUIRED')
    if (!Array.isArray(v)) return fail('INVALID_LIST_MEMBER')
    return v.map(checkTagKey)
  }
}

function checkTagKey(v: unknown): string {
  const key = checkString(v, { required: true, min: 1, max: 128 }) as string
  if (key.toLowerCase().startsWith('aws:')) fail('INVALID_SYSTEM_TAGS_PARAMETER')
  return key
}

function checkString(v: unknown, rule: OrgStringRule): string | undefined {
  if (v === undefined || v === null) return rule.required ? fail('INPUT_REQUIRED') : undefined
  if (typeof v !== 'string') return fail('INVALID_PATTERN')
  if (rule.required && v === '' && (rule.min ?? 1) > 0) fail('INPUT_REQUIRED')
  if (rule.min !== undefined && v.length < rule.min) fail('MIN_LENGTH_EXCEEDED')
  if (rule.max !== undefined && v.length > rule.max) fail('MAX_LENGTH_EXCEEDED')
  if (rule.pattern !== undefined && !rule.pattern.test(v)) {
    fail(rule.patternReason ?? 'INVALID_PATTERN')
  }
  return v
}

/** The id members every operation reads, with their patterns. */
export const ID_RULES = {
  AccountId: { required: true, pattern: ORG_PATTERNS.accountId },
  RootId: { required: true, pattern: ORG_PATTERNS.rootId },
  OrganizationalUnitId: { required: true, pattern: ORG_PATTERNS.ouId },
  PolicyId: { required: true, pattern: ORG_PATTERNS.policyId },
  ParentId: { required: true, pattern: ORG_PATTERNS.parentId },
  ChildId: { required: true, pattern: ORG_PATTERNS.childId },
  TargetId: {
    required: true,
    pattern: ORG_PATTERNS.targetId,
    patternReason: 'INVALID_PATTERN_TARGET_ID',
  },
  ResourceId: { required: true, pattern: ORG_PATTERNS.resourceId },
  CreateAccountRequestId: { required: true, pattern: ORG_PATTERNS.createAccountRequestId },
} as const satisfies Record<string, OrgStringRule & { required: true }>
