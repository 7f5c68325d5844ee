/** What every policy check gets: the statements, the catalogue, the policy's type, the collector. */
import type { PolicyType } from '../../../policy/index.ts'
import { compileGlob } from '../../../policy/glob.ts'
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

/** A compiled IAM wildcard pattern. */
export interface GlobMatcher {
  test(text: string): boolean
}

const globCache = new Map<string, GlobMatcher>()
const casedCache = new Map<string, GlobMatcher>()

function cached(cache: Map<string, GlobMatcher>, pattern: string, ignoreCase: boolean) {
  let m = cache.get(pattern)
  if (m === undefined) {
    m = { test: compileGlob(pattern, ignoreCase) }
    if (cache.size > 100_000) cache.clear()
    cache.set(pattern, m)
  }
  return m
}

/**
 * An IAM wildcard pattern (`*` any run, `?` one character), case-insensitive, cached. The engine's
 * matcher (never a RegExp: a pattern such as `a*****…*b` would backtrack without end).
 * @example globMatcher('s3:Get*').test('s3:getobject') // true
 */
export function globMatcher(pattern: string): GlobMatcher {
  return cached(globCache, pattern, true)
}

/** Like {@link globMatcher}, but case-sensitive (ARNs). */
export function globMatcherCased(pattern: string): GlobMatcher {
  return cached(casedCache, pattern, false)
}

/** True when `value` holds `*` or `?` outside policy variables. */
export function hasWildcard(value: string): boolean {
  if (!value.includes('*') && !value.includes('?')) return false
  if (!value.includes('${')) return true
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''))
}

/**
 * The values of one list that another value of the list already covers: an equal value (the
 * first stays) or a wildcard pattern that matches it. Patterns are only tried against values
 * with the same prefix up to `prefixOf` (a service, an ARN's service), plus the patterns whose
 * prefix is itself open, so that long lists cost about n·k, not n².
 */
export function coveredValues<T extends { readonly value: string }>(
  values: readonly T[],
  prefixOf: (value: string) => string | undefined,
  caseInsensitive: boolean,
): T[] {
  const norm = (v: string) => (caseInsensitive ? v.toLowerCase() : v)
  const seen = new Set<string>()
  const patterns = new Map<string, T[]>()
  const open: T[] = []
  for (const v of values) {
    if (!hasWildcard(v.value)) continue
    const prefix = prefixOf(v.value)
    if (prefix === undefined) open.push(v)
    else {
      const list = patterns.get(norm(prefix)) ?? []
      list.push(v)
      patterns.set(norm(prefix), list)
    }
  }
  const covered: T[] = []
  for (const v of values) {
    const key = norm(v.value)
    if (seen.has(key)) {
      covered.push(v)
      continue
    }
    seen.add(key)
    if (v.value.includes('${')) continue
    const prefix = prefixOf(v.value)
    const candidates = [
      ...open,
      ...(prefix === undefined ? [] : (patterns.get(norm(prefix)) ?? [])),
    ]
    const matches = (p: T) =>
      p !== v &&
      norm(p.value) !== key &&
      (caseInsensitive ? globMatcher(p.value) : globMatcherCased(p.value)).test(v.value)
    if (candidates.some(matches)) covered.push(v)
  }
  return covered
}
