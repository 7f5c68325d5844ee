/**
 * Action checks: services and actions against the catalogue (with a "Did you mean" where a close
 * name exists), redundant actions in one statement, actions a resource type's policy cannot name,
 * and service-specific condition keys that the statement's actions do not support.
 */
import { coveredValues, globMatcher, hasWildcard, type CheckContext } from './check-context.ts'
import { conditionKeyTemplatePrefix, type CatalogService } from './service-catalog.ts'
import type { PathValue, StatementView } from './statement-view.ts'

/** Which service prefixes a resource-based policy of each resource type may name. */
const RESOURCE_TYPE_SERVICES: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['s3'],
  'AWS::S3::AccessPoint': ['s3'],
  'AWS::S3::MultiRegionAccessPoint': ['s3'],
  'AWS::S3ObjectLambda::AccessPoint': ['s3-object-lambda'],
  'AWS::DynamoDB::Table': ['dynamodb'],
}

/** Runs the action checks on every statement. */
export function checkActions(ctx: CheckContext): void {
  for (const statement of ctx.statements) {
    const action = statement.action
    if (action === undefined) continue
    for (const v of action.values) checkOne(v, ctx)
    if (action.kind === 'Action') checkRedundant(action.values, ctx)
    checkResourceTypeActions(action.values, ctx)
    checkConditionKeySupport(statement, ctx)
  }
}

const patternHits = new WeakMap<CatalogService, Map<string, boolean>>()

/** Whether an action-name pattern matches any action of the service (remembered per service). */
function matchesAnAction(service: CatalogService, pattern: string): boolean {
  let hits = patternHits.get(service)
  if (hits === undefined) {
    hits = new Map()
    patternHits.set(service, hits)
  }
  const key = pattern.toLowerCase()
  let hit = hits.get(key)
  if (hit === undefined) {
    const re = globMatcher(pattern)
    hit = false
    for (const name of service.actions.keys()) if (re.test(name)) hit = true
    hits.set(key, hit)
  }
  return hit
}

function split(value: string): { service: string; name: string } | undefined {
  const colon = value.indexOf(':')
  if (colon <= 0) return undefined
  return { service: value.slice(0, colon), name: value.slice(colon + 1) }
}

function checkOne(v: PathValue, ctx: CheckContext): void {
  const parts = split(v.value)
  if (parts === undefined || hasWildcard(parts.service) || parts.name === '') return
  if (!/^[A-Za-z0-9-]+$/.test(parts.service) || !/^[A-Za-z0-9_*?-]+$/.test(parts.name)) return
  const service = ctx.catalog.service(parts.service)
  if (service === undefined) {
    const near = closest(parts.service.toLowerCase(), ctx.catalog.servicePrefixes())
    ctx.out.add(
      'INVALID_SERVICE_IN_ACTION',
      { service: parts.service, suggestion: near === undefined ? '' : ` Did you mean ${near}?` },
      [v.path],
    )
    return
  }
  if (hasWildcard(parts.name)) {
    if (!matchesAnAction(service, parts.name))
      ctx.out.add('INVALID_ACTION', { action: v.value, suggestion: '' }, [v.path])
    return
  }
  if (service.actions.has(parts.name.toLowerCase())) return
  const names = [...service.actions.values()].map((a) => a.name)
  const near = closest(parts.name, names)
  ctx.out.add(
    'INVALID_ACTION',
    {
      action: v.value,
      suggestion: near === undefined ? '' : ` Did you mean ${service.prefix}:${near}?`,
    },
    [v.path],
  )
}

/** An action is redundant when another value of the same element already matches it. */
function checkRedundant(values: readonly PathValue[], ctx: CheckContext): void {
  const redundant = coveredValues(
    values,
    (v) => {
      const colon = v.indexOf(':')
      const service = colon < 0 ? v : v.slice(0, colon)
      return hasWildcard(service) ? undefined : service
    },
    true,
  )
  const first = redundant[0]
  if (first === undefined) return
  ctx.out.add(
    'REDUNDANT_ACTION',
    { redundantActionCount: redundant.length, redundantAction: first.value },
    redundant.map((v) => v.path),
  )
}

function checkResourceTypeActions(values: readonly PathValue[], ctx: CheckContext): void {
  const resourceType = ctx.resourceType
  const allowed = resourceType === undefined ? undefined : RESOURCE_TYPE_SERVICES[resourceType]
  if (resourceType === undefined || allowed === undefined) return
  for (const v of values) {
    const parts = split(v.value)
    if (parts === undefined || allowed.includes(parts.service.toLowerCase())) continue
    ctx.out.add('UNSUPPORTED_ACTION_IN_POLICY', { action: v.value, resourceType }, [v.path])
  }
}

/**
 * A service-specific condition key applies only to the actions that document it: the others are
 * listed (AWS: UNSUPPORTED_ACTION_FOR_CONDITION_KEY). Global `aws:` keys and keys of identity
 * providers are left alone, and so are actions with wildcards.
 */
function checkConditionKeySupport(statement: StatementView, ctx: CheckContext): void {
  const action = statement.action
  if (action?.kind !== 'Action') return
  for (const entry of statement.conditions) {
    const lower = entry.key.toLowerCase()
    if (lower.startsWith('aws:') || ctx.catalog.conditionKey(entry.key) === undefined) continue
    const unsupported: PathValue[] = []
    for (const v of action.values) {
      const parts = split(v.value)
      if (parts === undefined || hasWildcard(v.value)) continue
      const found = ctx.catalog.service(parts.service)?.actions.get(parts.name.toLowerCase())
      if (found === undefined) continue
      if (!supportsKey(found.conditionKeys, lower)) unsupported.push(v)
    }
    if (unsupported.length === 0) continue
    ctx.out.add(
      'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
      { actions: unsupported.map((v) => v.value).join(', '), key: entry.key },
      [...unsupported.map((v) => v.path), entry.path],
    )
  }
}

function supportsKey(keys: ReadonlySet<string>, key: string): boolean {
  if (keys.has(key)) return true
  for (const documented of keys) {
    const fixed = conditionKeyTemplatePrefix(documented)
    if (fixed !== undefined && key.length > fixed.length && key.startsWith(fixed)) return true
  }
  return false
}

/** The closest name within edit distance 2 (case-insensitive), if any. */
function closest(target: string, names: Iterable<string>): string | undefined {
  const t = target.toLowerCase()
  let best: string | undefined
  let bestDistance = 3
  for (const name of names) {
    if (Math.abs(name.length - t.length) >= bestDistance) continue
    const d = distance(t, name.toLowerCase(), bestDistance)
    if (d < bestDistance) {
      best = name
      bestDistance = d
    }
  }
  return best
}

function distance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let min = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      )
      row.push(value)
      if (value < min) min = value
    }
    if (min >= cap) return cap
    previous = row
  }
  return previous[b.length] ?? cap
}
