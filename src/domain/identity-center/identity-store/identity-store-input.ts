/**
 * Reads an Identity Store request (the JSON body) with AWS's validation wording, reported under
 * the service's code `ValidationException`.
 */
import { isDomainError } from '../../common/domain-error.ts'
import { InputReader } from '../../common/input-reader.ts'
import type { PageRequest } from '../../common/page.ts'
import { identityStoreErrors } from './errors.ts'
import { ID_PATTERNS } from './identity-store-ids.ts'

/** AWS's page size limit for every Identity Store list operation. */
export const MAX_RESULTS_LIMIT = 100

/** One `{AttributePath, AttributeValue}` of UpdateUser/UpdateGroup; no value removes it. */
export interface AttributeOperation {
  readonly path: string
  readonly value: unknown
}

/** GetUserId/GetGroupId's `AlternateIdentifier`. */
export type AlternateIdentifier =
  | { readonly kind: 'unique'; readonly path: string; readonly value: unknown }
  | { readonly kind: 'external'; readonly issuer: string; readonly id: string }

const asObject = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/**
 * Typed access to the members of one request; `done()` throws every violation at once.
 * @example
 * const r = new IdentityStoreInput(raw)
 * const input = { storeId: r.storeId(), userId: r.resourceId('UserId') }
 * r.done()
 */
export class IdentityStoreInput {
  readonly reader: InputReader
  readonly raw: Readonly<Record<string, unknown>>

  constructor(raw: Readonly<Record<string, unknown>>) {
    this.raw = raw ?? {}
    this.reader = new InputReader(this.raw)
  }

  /** `IdentityStoreId`, required. */
  storeId(): string {
    return this.reader.string('IdentityStoreId', {
      required: true,
      min: 1,
      max: 36,
      pattern: ID_PATTERNS.identityStoreId,
    })
  }

  /** A required user, group or membership id. */
  resourceId(name: string): string {
    return this.reader.string(name, {
      required: true,
      min: 1,
      max: 47,
      pattern: ID_PATTERNS.resourceId,
    })
  }

  /** `MemberId: {UserId}`, required. */
  memberUserId(): string {
    const member = this.raw.MemberId
    const userId = asObject(member).UserId
    if (member === undefined || member === null) {
      this.reader.fail('MemberId', undefined, 'Member must not be null')
      return ''
    }
    const inner = new InputReader({ UserId: userId })
    inner.string('UserId', { required: true, min: 1, max: 47, pattern: ID_PATTERNS.resourceId })
    convert(() => inner.done())
    return String(userId)
  }

  /** `MaxResults` (1–100) and `NextToken`. */
  page(): PageRequest {
    const maxResults = this.reader.integer('MaxResults', { min: 1, max: MAX_RESULTS_LIMIT })
    const nextToken = this.reader.string('NextToken', { min: 1, max: 65535 })
    return {
      ...(maxResults === undefined ? {} : { maxResults }),
      ...(nextToken === undefined ? {} : { nextToken }),
    }
  }

  /** The value of the one filter on `path` (AWS accepts one), or undefined without filters. */
  filter(path: string): string | undefined {
    const filters = this.reader.list('Filters', { max: 1 })
    if (filters.length === 0) return undefined
    const f = asObject(filters[0])
    if (String(f.AttributePath ?? '').toLowerCase() !== path.toLowerCase()) {
      throw identityStoreErrors.invalidAttributePath(String(f.AttributePath ?? ''))
    }
    const value = f.AttributeValue
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
      throw identityStoreErrors.invalidAttributeValue(path)
    }
    return value
  }

  /** `AlternateIdentifier`, required: a unique attribute or an external id. */
  alternateIdentifier(): AlternateIdentifier {
    const alt = asObject(this.raw.AlternateIdentifier)
    if (alt.UniqueAttribute !== undefined) {
      const u = asObject(alt.UniqueAttribute)
      if (typeof u.AttributePath !== 'string' || u.AttributePath.length === 0) {
        this.reader.fail(
          'AlternateIdentifier.UniqueAttribute.AttributePath',
          undefined,
          'Member must not be null',
        )
        return { kind: 'unique', path: '', value: undefined }
      }
      return { kind: 'unique', path: u.AttributePath, value: u.AttributeValue }
    }
    if (alt.ExternalId !== undefined) {
      const e = asObject(alt.ExternalId)
      return { kind: 'external', issuer: String(e.Issuer ?? ''), id: String(e.Id ?? '') }
    }
    this.reader.fail('AlternateIdentifier', undefined, 'Member must not be null')
    return { kind: 'unique', path: '', value: undefined }
  }

  /** `Operations`, 1 to 100 of them. */
  operations(): AttributeOperation[] {
    const items = this.reader.list('Operations', { max: 100 })
    if (items.length === 0) {
      this.reader.fail('Operations', undefined, 'Member must not be null')
      return []
    }
    return items.map((item) => {
      const op = asObject(item)
      const path = op.AttributePath
      if (typeof path !== 'string' || path.length === 0 || path.length > 255) {
        throw identityStoreErrors.invalidAttributePath(String(path ?? ''))
      }
      return { path, value: op.AttributeValue }
    })
  }

  /** Throws the violations recorded, as one ValidationException. */
  done(): void {
    convert(() => this.reader.done())
  }
}

/** Runs `fn`, turning the common ValidationError into the service's ValidationException. */
function convert(fn: () => void): void {
  try {
    fn()
  } catch (error) {
    if (isDomainError(error) && error.code === 'ValidationError') {
      throw identityStoreErrors.validation(error.message)
    }
    throw error
  }
}
