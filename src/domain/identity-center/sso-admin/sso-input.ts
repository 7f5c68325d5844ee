/**
 * Reads an sso-admin request (the JSON body) with AWS's constraints from the SSO Admin API model,
 * reporting every violation at once in the Coral wording under `ValidationException`:
 * `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …`.
 */
import { isDomainError } from '../../common/domain-error.ts'
import { InputReader, type StringRule } from '../../common/input-reader.ts'
import type { PageRequest } from '../../common/page.ts'
import { ssoErrors } from './errors.ts'
import type { CustomerPolicyRef } from './sso-admin-records.ts'

/** The SSO Admin API's patterns, as the model prints them. */
export const SSO_PATTERNS = {
  instanceArn: [
    /^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
    'arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}',
  ],
  permissionSetArn: [
    /^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/,
    'arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}',
  ],
  resourceArn: [
    /^arn:aws(-[a-z]{1,5}){0,3}:sso::(:instance\/(sso)?ins-[a-zA-Z0-9-.]{16}|:permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16})$/,
    'arn:aws(-[a-z]{1,5}){0,3}:sso::((:instance/(sso)?ins-[a-zA-Z0-9-.]{16})|(:permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}))',
  ],
  name: [/^[\w+=,.@-]+$/, '[\\w+=,.@-]+'],
  description: [
    // eslint-disable-next-line no-control-regex -- AWS's own pattern admits tab, LF and CR
    /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/,
    '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
  ],
  relayState: [
    /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]+$/,
    '[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_\'"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+',
  ],
  accountId: [/^\d{12}$/, '\\d{12}'],
  principalId: [
    /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/,
    '([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}',
  ],
  uuid: [
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    '\\b[0-9a-f]{8}\\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\\b[0-9a-f]{12}\\b',
  ],
  managedPolicyArn: [
    /^arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((\/[A-Za-z0-9.,+@=_-]+)*)\/([A-Za-z0-9.,+=@_-]+)$/,
    'arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((/[A-Za-z0-9\\.,\\+@=_-]+)*)/([A-Za-z0-9\\.,\\+=@_-]+)',
  ],
  policyPath: [/^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/'],
  policyDocument: [
    // eslint-disable-next-line no-control-regex -- AWS's own pattern admits tab, LF and CR
    /^[\u0009\u000A\u000D\u0020-\u00FF]+$/,
    '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  ],
  nextToken: [/^[-a-zA-Z0-9+=/_]*$/, '[-a-zA-Z0-9+=/_]*'],
  tag: [/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)'],
} as const satisfies Record<string, readonly [RegExp, string]>

/** String rules of the members every operation reads. */
export const RULES = {
  InstanceArn: { required: true, min: 10, max: 1224, pattern: SSO_PATTERNS.instanceArn },
  PermissionSetArn: { required: true, min: 10, max: 1224, pattern: SSO_PATTERNS.permissionSetArn },
  AccountId: { required: true, min: 12, max: 12, pattern: SSO_PATTERNS.accountId },
  PrincipalId: { required: true, min: 1, max: 47, pattern: SSO_PATTERNS.principalId },
  RequestId: { required: true, min: 36, max: 36, pattern: SSO_PATTERNS.uuid },
  ManagedPolicyArn: { required: true, min: 20, max: 2048, pattern: SSO_PATTERNS.managedPolicyArn },
} as const satisfies Record<string, StringRule & { required: true }>

/**
 * Typed access to the members of an sso-admin request.
 * @example
 * const input = readSso(raw, (r) => ({ arn: r.string('PermissionSetArn', RULES.PermissionSetArn) }))
 */
export class SsoInput {
  readonly reader: InputReader

  constructor(raw: Readonly<Record<string, unknown>>) {
    this.reader = new InputReader(raw ?? {})
  }

  string(name: string, rule: StringRule & { required: true }): string
  string(name: string, rule?: StringRule): string | undefined
  string(name: string, rule: StringRule = {}): string | undefined {
    return this.reader.string(name, rule)
  }

  /** One of `values`, in AWS's enum wording. */
  enumOf<T extends string>(name: string, values: readonly T[], required = true): T | undefined {
    const v = this.reader.raw[name]
    if (v === undefined || v === null || v === '') {
      if (required) this.reader.fail(name, undefined, 'Member must not be null')
      return undefined
    }
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.reader.fail(name, v, `Member must satisfy enum value set: [${values.join(', ')}]`)
      return undefined
    }
    return v as T
  }

  /** `MaxResults` (1–100) and `NextToken`. */
  page(): PageRequest {
    const maxResults = this.reader.integer('MaxResults', { min: 1, max: 100 })
    const nextToken = this.reader.string('NextToken', {
      max: 2048,
      pattern: SSO_PATTERNS.nextToken,
    })
    return {
      ...(maxResults === undefined ? {} : { maxResults }),
      ...(nextToken === undefined ? {} : { nextToken }),
    }
  }

  /** A `CustomerManagedPolicyReference` structure (path defaults to `/`). */
  customerPolicy(name: string, required = true): CustomerPolicyRef | undefined {
    const v = this.reader.raw[name]
    if (v === undefined || v === null) {
      if (required) this.reader.fail(name, undefined, 'Member must not be null')
      return undefined
    }
    const o = (typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, unknown>
    const policyName = this.#nested(`${name}.name`, o.Name, {
      required: true,
      min: 1,
      max: 128,
      pattern: SSO_PATTERNS.name,
    })
    const path = this.#nested(`${name}.path`, o.Path, {
      min: 1,
      max: 512,
      pattern: SSO_PATTERNS.policyPath,
    })
    return policyName === undefined ? undefined : { name: policyName, path: path ?? '/' }
  }

  /** `PermissionsBoundary`: its `ManagedPolicyArn` and `CustomerManagedPolicyReference`. */
  boundary(): { arn: string | undefined; ref: CustomerPolicyRef | undefined } {
    const v = this.reader.raw.PermissionsBoundary
    if (v === undefined || v === null) {
      this.reader.fail('PermissionsBoundary', undefined, 'Member must not be null')
      return { arn: undefined, ref: undefined }
    }
    const o = (typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, unknown>
    const arn = this.#nested('PermissionsBoundary.managedPolicyArn', o.ManagedPolicyArn, {
      ...RULES.ManagedPolicyArn,
      required: false,
    })
    let ref: CustomerPolicyRef | undefined
    const r = o.CustomerManagedPolicyReference
    if (r !== undefined && r !== null) {
      const ro = (typeof r === 'object' && !Array.isArray(r) ? r : {}) as Record<string, unknown>
      const prefix = 'PermissionsBoundary.customerManagedPolicyReference'
      const name = this.#nested(`${prefix}.name`, ro.Name, {
        required: true,
        min: 1,
        max: 128,
        pattern: SSO_PATTERNS.name,
      })
      const path = this.#nested(`${prefix}.path`, ro.Path, {
        min: 1,
        max: 512,
        pattern: SSO_PATTERNS.policyPath,
      })
      if (name !== undefined) ref = { name, path: path ?? '/' }
    }
    return { arn, ref }
  }

  /** Checks a member of a nested structure, recording violations under `name`. */
  #nested(name: string, v: unknown, rule: StringRule): string | undefined {
    if (v === undefined || v === null) {
      if (rule.required) this.reader.fail(name, undefined, 'Member must not be null')
      return undefined
    }
    const s = typeof v === 'string' ? v : String(v)
    if (rule.min !== undefined && s.length < rule.min) {
      this.reader.fail(name, s, `Member must have length greater than or equal to ${rule.min}`)
    } else if (rule.max !== undefined && s.length > rule.max) {
      this.reader.fail(name, s, `Member must have length less than or equal to ${rule.max}`)
    } else if (rule.pattern !== undefined && !rule.pattern[0].test(s)) {
      this.reader.fail(
        name,
        s,
        `Member must satisfy regular expression pattern: ${rule.pattern[1]}`,
      )
    } else return s
    return undefined
  }

  /** `Tags` as `[{Key, Value}]` (at most 75, keys 1–128, values 0–256, AWS's pattern). */
  tags(name = 'Tags', required = false): { key: string; value: string }[] {
    const raw = this.reader.raw[name]
    if ((raw === undefined || raw === null) && required) {
      this.reader.fail(name, undefined, 'Member must not be null')
      return []
    }
    const out: { key: string; value: string }[] = []
    for (const item of this.reader.list(name, { max: 75 })) {
      const t = (item ?? {}) as Record<string, unknown>
      const key = typeof t.Key === 'string' ? t.Key : undefined
      const value = typeof t.Value === 'string' ? t.Value : undefined
      if (
        key === undefined ||
        key.length < 1 ||
        key.length > 128 ||
        !SSO_PATTERNS.tag[0].test(key)
      ) {
        this.reader.fail(`${name}.member.key`, key, 'Member must have length between 1 and 128')
        continue
      }
      if (value === undefined || value.length > 256 || !SSO_PATTERNS.tag[0].test(value)) {
        this.reader.fail(
          `${name}.member.value`,
          value,
          'Member must have length less than or equal to 256',
        )
        continue
      }
      out.push({ key, value })
    }
    return out
  }

  /** Throws every violation as one ValidationException. */
  done(): void {
    try {
      this.reader.done()
    } catch (error) {
      if (isDomainError(error)) throw ssoErrors.validation(error.message)
      throw error
    }
  }
}

/** Reads a request with `read`, then reports its violations together. */
export function readSso<T>(raw: Readonly<Record<string, unknown>>, read: (r: SsoInput) => T): T {
  const r = new SsoInput(raw)
  const value = read(r)
  r.done()
  return value
}
