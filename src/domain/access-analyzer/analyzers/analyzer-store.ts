/**
 * The storage port of Access Analyzer's analyzers: analyzers, their archive rules, the findings
 * they keep and the resources they analyzed. Times are epoch milliseconds. Findings and
 * analyzed resources go with their analyzer.
 */

/** The analyzer types: external access (zone of trust) and unused access. */
export const ANALYZER_TYPES = [
  'ACCOUNT',
  'ORGANIZATION',
  'ACCOUNT_UNUSED_ACCESS',
  'ORGANIZATION_UNUSED_ACCESS',
] as const
export type AnalyzerType = (typeof ANALYZER_TYPES)[number]

/** One criterion of a filter or archive rule, as AWS's `Criterion`. */
export interface Criterion {
  readonly eq?: readonly string[]
  readonly neq?: readonly string[]
  readonly contains?: readonly string[]
  readonly exists?: boolean
}

/** A filter: criteria by attribute name (`status`, `principal.AWS`, `condition.sts:ExternalId`). */
export type FilterCriteria = Readonly<Record<string, Criterion>>

/** An analyzer as stored. */
export interface StoredAnalyzer {
  readonly arn: string
  readonly name: string
  readonly accountId: string
  readonly region: string
  readonly type: AnalyzerType
  /** The organization of an ORGANIZATION(_UNUSED_ACCESS) analyzer. */
  readonly organizationId: string | undefined
  /** `unusedAccessAge` in days, for unused access analyzers. */
  readonly unusedAccessAge: number | undefined
  readonly tags: Readonly<Record<string, string>>
  readonly createdAt: number
  readonly lastResourceAnalyzed: string | undefined
  readonly lastResourceAnalyzedAt: number | undefined
}

/** An archive rule as stored. */
export interface StoredArchiveRule {
  readonly analyzerArn: string
  readonly ruleName: string
  readonly filter: FilterCriteria
  readonly createdAt: number
  readonly updatedAt: number
}

/** The statuses of a finding. */
export const FINDING_STATUSES = ['ACTIVE', 'ARCHIVED', 'RESOLVED'] as const
export type FindingStatus = (typeof FINDING_STATUSES)[number]

/** A finding as stored: what filters and sorts read in columns, the rest in `details`. */
export interface StoredFinding {
  readonly id: string
  readonly analyzerArn: string
  /** What makes two analyses' findings the same one: resource, type and principal. */
  readonly key: string
  readonly resource: string
  readonly resourceType: string
  readonly resourceOwnerAccount: string
  /** `ExternalAccess`, `UnusedIAMRole`, `UnusedIAMUserAccessKey`, `UnusedIAMUserPassword`, `UnusedPermission`. */
  readonly findingType: string
  readonly status: FindingStatus
  readonly createdAt: number
  readonly analyzedAt: number
  readonly updatedAt: number
  /** The type's own fields (principal, action, condition, isPublic, or an unused access detail). */
  readonly details: Readonly<Record<string, unknown>>
}

/** A resource an analyzer analyzed, as stored. */
export interface StoredAnalyzedResource {
  readonly analyzerArn: string
  readonly resourceArn: string
  readonly resourceType: string
  readonly resourceOwnerAccount: string
  readonly createdAt: number
  readonly analyzedAt: number
  readonly updatedAt: number
  readonly isPublic: boolean
  readonly actions: readonly string[]
  readonly sharedVia: readonly string[]
  /** The status of its findings: ACTIVE when one is active, else ARCHIVED, else absent. */
  readonly status: FindingStatus | undefined
}

/** Storage of analyzers. Names are unique per account; `createAnalyzer` throws AlreadyExists. */
export interface AnalyzerStore {
  createAnalyzer(analyzer: StoredAnalyzer, rules: readonly StoredArchiveRule[]): Promise<void>
  getAnalyzer(accountId: string, name: string): Promise<StoredAnalyzer | undefined>
  getAnalyzerByArn(arn: string): Promise<StoredAnalyzer | undefined>
  listAnalyzers(accountId: string): Promise<StoredAnalyzer[]>
  /** Every analyzer of every account (for re-analysis after a change). */
  allAnalyzers(): Promise<StoredAnalyzer[]>
  updateAnalyzer(
    arn: string,
    patch: {
      readonly unusedAccessAge?: number
      readonly lastResourceAnalyzed?: string
      readonly lastResourceAnalyzedAt?: number
    },
  ): Promise<void>
  /** Deletes the analyzer with its rules, findings and analyzed resources. */
  deleteAnalyzer(arn: string): Promise<boolean>

  /** Creates a rule; throws AlreadyExists on a taken name. */
  createArchiveRule(rule: StoredArchiveRule): Promise<void>
  updateArchiveRule(rule: StoredArchiveRule): Promise<boolean>
  getArchiveRule(analyzerArn: string, ruleName: string): Promise<StoredArchiveRule | undefined>
  listArchiveRules(analyzerArn: string): Promise<StoredArchiveRule[]>
  deleteArchiveRule(analyzerArn: string, ruleName: string): Promise<boolean>

  listFindings(analyzerArn: string): Promise<StoredFinding[]>
  getFinding(analyzerArn: string, id: string): Promise<StoredFinding | undefined>
  /** Inserts or replaces findings by id, atomically. */
  putFindings(findings: readonly StoredFinding[]): Promise<void>

  listAnalyzedResources(analyzerArn: string): Promise<StoredAnalyzedResource[]>
  /** Inserts or replaces analyzed resources, and deletes those named in `removed`, atomically. */
  putAnalyzedResources(
    analyzerArn: string,
    resources: readonly StoredAnalyzedResource[],
    removed: readonly string[],
  ): Promise<void>
}
