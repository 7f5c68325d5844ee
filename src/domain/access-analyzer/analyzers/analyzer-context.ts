/**
 * What the analyzer, archive rule and finding operations share: the store, the findings kept up
 * to date, the organization, and the lookups every operation starts with.
 */
import type { OrganizationSnapshot } from '../../../analysis/index.ts'
import type { CallContext } from '../../common/operation.ts'
import type { AnalyzerFindings } from '../findings/analyzer-findings.ts'
import { analyzerErrors } from './analyzer-errors.ts'
import type { AnalyzerStore, StoredAnalyzer } from './analyzer-store.ts'

/** The dependencies of the analyzer operations. */
export interface AnalyzerContext {
  readonly store: AnalyzerStore
  readonly findings: AnalyzerFindings
  /** The organization as it stands. */
  readonly snapshot: () => Promise<OrganizationSnapshot>
}

/** `arn:aws:access-analyzer:REGION:ACCOUNT:analyzer/NAME` of the caller's analyzer `name`. */
export const analyzerArnOf = (call: CallContext, name: string): string =>
  `arn:aws:access-analyzer:${call.request.region}:${call.caller.accountId}:analyzer/${name}`

/** The caller's analyzer `name`, or ResourceNotFoundException. */
export async function analyzerNamed(
  ctx: AnalyzerContext,
  call: CallContext,
  name: string,
): Promise<StoredAnalyzer> {
  const a = await ctx.store.getAnalyzer(call.caller.accountId, name)
  if (a === undefined) throw analyzerErrors.analyzerNotFound(name)
  return a
}

/** The caller's analyzer with ARN `arn`, or ResourceNotFoundException. */
export async function analyzerByArn(
  ctx: AnalyzerContext,
  call: CallContext,
  arn: string,
): Promise<StoredAnalyzer> {
  const a = await ctx.store.getAnalyzerByArn(arn)
  if (a === undefined || a.accountId !== call.caller.accountId)
    throw analyzerErrors.analyzerNotFound(arn.slice(arn.lastIndexOf('/') + 1))
  return a
}

/** Whether the analyzer reports unused access (else external access). */
export const isUnusedAccess = (a: StoredAnalyzer): boolean => a.type.endsWith('_UNUSED_ACCESS')
