// Public face of Access Analyzer's analyzers: the storage port and the operations on analyzers,
// archive rules, findings and analyzed resources.
import type { OrganizationSnapshot } from '../../../analysis/index.ts'
import type { AnyOperation } from '../../common/operation.ts'
import { AnalyzerFindings } from '../findings/analyzer-findings.ts'
import { findingOperations } from '../findings/finding-operations.ts'
import type { UnusedAccessSource } from '../findings/unused-access.ts'
import type { AnalyzableBucket } from '../findings/bucket-external-access.ts'
import type { AnalyzerContext } from './analyzer-context.ts'
import { analyzerOperations } from './analyzer-operations.ts'
import type { AnalyzerStore } from './analyzer-store.ts'
import { archiveRuleOperations } from './archive-rule-operations.ts'

export * from './analyzer-store.ts'
export { AuditUsage } from '../findings/audit-usage.ts'
export { analyzableBuckets, type AnalyzableBucket } from '../findings/bucket-external-access.ts'
export type { UnusedAccessSource, UsageAccessKey, UsageEvent } from '../findings/unused-access.ts'
export {
  analyzeRoleExternalAccess,
  type RoleExternalAccess,
  type ZoneOfTrust,
} from '../findings/external-access.ts'

/** What the analyzer operations need. */
export interface AnalyzerDeps {
  readonly store: AnalyzerStore
  /** The organization as it stands now (read from the store). */
  readonly snapshot: () => Promise<OrganizationSnapshot>
  /** Moves on every IAM or Organizations write: analysis is skipped while it stands still. */
  readonly generation?: { readonly current: number } | undefined
  /** The audit trail's record of use, for unused access analyzers. */
  readonly usage?: UnusedAccessSource | undefined
  /** The S3 buckets of some accounts, for external access to buckets. */
  readonly buckets?:
    ((accountIds: readonly string[]) => Promise<readonly AnalyzableBucket[]>) | undefined
}

/**
 * Every analyzer, archive rule and findings operation by name.
 * @example operations: { ...analyzerServiceOperations({ store, snapshot, generation, usage }) }
 */
export function analyzerServiceOperations(deps: AnalyzerDeps): Record<string, AnyOperation> {
  const ctx: AnalyzerContext = {
    store: deps.store,
    snapshot: deps.snapshot,
    findings: new AnalyzerFindings(deps),
  }
  return {
    ...analyzerOperations(ctx),
    ...archiveRuleOperations(ctx),
    ...findingOperations(ctx),
  }
}
