/** What every policy check gets: the statements, the catalogue, the policy's type, the collector. */
import type { PolicyType } from '../../../policy/index.ts'
import type { FindingCollector } from './findings.ts'
import type { ServiceCatalog } from './service-catalog.ts'
import type { StatementView } from './statement-view.ts'

export interface CheckContext {
  readonly statements: readonly StatementView[]
  readonly catalog: ServiceCatalog
  /** The engine's grammar the document is read with. */
  readonly engineType: PolicyType
  /** AWS's policyType as requested. */
  readonly awsType: string
  /** AWS's validatePolicyResourceType, when given. */
  readonly resourceType: string | undefined
  readonly out: FindingCollector
}

const globCache = new Map<string, RegExp>()

/**
 * An IAM wildcard pattern (`*` any run, `?` one character) as a case-insensitive RegExp, cached.
 * @example globRegExp('s3:Get*').test('s3:getobject') // true
 */
export function globRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern)
  if (re === undefined) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
    re = new RegExp(`^${body}$`, 'is')
    if (globCache.size > 10_000) globCache.clear()
    globCache.set(pattern, re)
  }
  return re
}

/** True when `value` holds `*` or `?` outside policy variables. */
export function hasWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''))
}
