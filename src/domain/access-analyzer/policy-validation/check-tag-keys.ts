/**
 * aws:ResourceTag conditions on actions that never carry the key: with Action, the services whose
 * named actions do not support it; with NotAction, the statement as a whole (AWS: "unsupported tag
 * condition key for service" checks). Also the key pairs AWS recommends (aws:VpcSourceIp with
 * aws:SourceVpc).
 */
import { globMatcher, hasWildcard, type CheckContext } from './check-context.ts'
import { conditionKeyTemplatePrefix } from './service-catalog.ts'
import type { ConditionEntry, PathValue, StatementView } from './statement-view.ts'

const RESOURCE_TAG = 'aws:resourcetag/'

/** Runs the tag-key and paired-key checks. */
export function checkTagKeys(ctx: CheckContext): void {
  for (const statement of ctx.statements) {
    checkPairedKeys(statement, ctx)
    const tagged = statement.conditions.filter((c) => c.key.toLowerCase().startsWith(RESOURCE_TAG))
    if (tagged.length === 0 || statement.action === undefined) continue
    const deny = statement.effect === 'Deny'
    if (statement.effect !== 'Allow' && !deny) continue
    for (const entry of tagged) {
      if (statement.action.kind === 'NotAction') {
        ctx.out.add(
          deny
            ? 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE'
            : 'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
          { conditionKeyName: entry.key },
          [entry.path],
        )
        continue
      }
      const unsupported = unsupportedServices(statement.action.values, entry, ctx)
      if (unsupported.length === 0) continue
      const services = [...new Set(unsupported.map((v) => v.value.split(':')[0] ?? ''))]
      ctx.out.add(
        deny
          ? 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE'
          : 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
        { conditionKeyName: entry.key, serviceNames: services.join(', ') },
        [...unsupported.map((v) => v.path), entry.path],
      )
    }
  }
}

/** The action values whose actions never carry `entry`'s key (a pattern: none of its matches). */
function unsupportedServices(
  values: readonly PathValue[],
  entry: ConditionEntry,
  ctx: CheckContext,
): PathValue[] {
  const key = entry.key.toLowerCase()
  const out: PathValue[] = []
  for (const v of values) {
    const colon = v.value.indexOf(':')
    if (colon <= 0) continue
    const service = ctx.catalog.service(v.value.slice(0, colon))
    if (service === undefined) continue
    const name = v.value.slice(colon + 1)
    const named = hasWildcard(name)
      ? [...service.actions.entries()].filter(([n]) => globMatcher(name).test(n)).map(([, a]) => a)
      : [service.actions.get(name.toLowerCase())].filter((a) => a !== undefined)
    if (named.length === 0) continue
    if (!named.some((a) => carries(a.conditionKeys, key))) out.push(v)
  }
  return out
}

function carries(keys: ReadonlySet<string>, key: string): boolean {
  if (keys.has(key)) return true
  for (const documented of keys) {
    const fixed = conditionKeyTemplatePrefix(documented)
    if (fixed !== undefined && key.length > fixed.length && key.startsWith(fixed)) return true
  }
  return false
}

/** Keys AWS recommends to pair: the first is overly permissive without one of the others. */
const PAIRS: readonly (readonly [string, readonly string[]])[] = [
  ['aws:VpcSourceIp', ['aws:SourceVpc', 'aws:SourceVpce']],
]

function checkPairedKeys(statement: StatementView, ctx: CheckContext): void {
  if (statement.effect !== 'Allow') return
  const keys = new Set(statement.conditions.map((c) => c.key.toLowerCase()))
  for (const [key, partners] of PAIRS) {
    if (!keys.has(key.toLowerCase())) continue
    if (partners.some((p) => keys.has(p.toLowerCase()))) continue
    const at = statement.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase())
    ctx.out.add(
      'MISSING_PAIRED_CONDITION_KEYS',
      { conditionKeyName: key, recommendedKeys: partners[0] ?? '' },
      at.map((c) => c.path),
    )
  }
}
