/**
 * IAM's quota on inline policies is on their aggregate: a user's inline policies together may
 * hold 2,048 characters, a group's 5,120, a role's 10,240, white space not counted (IAM User
 * Guide, "IAM and AWS STS quotas"; GetAccountSummary's `UserPolicySizeQuota`,
 * `GroupPolicySizeQuota`, `RolePolicySizeQuota`).
 */
import type { DomainError } from '../../common/domain-error.ts'
import type { InlinePolicyRecord } from '../iam-records.ts'
import { compactLength } from './policy-document-check.ts'

/**
 * Throws `tooLarge()` when the inline policies of one user, group or role — `existing`, with
 * `put` added or, when a policy of the same name (case-sensitive) exists, in its place — would
 * together exceed `limit` characters, counted as {@link compactLength} counts each document.
 *
 * @example
 * checkInlinePolicyTotal(await tx.listInlinePolicies(role), { name, document }, 10240, tooLarge)
 */
export function checkInlinePolicyTotal(
  existing: readonly InlinePolicyRecord[],
  put: InlinePolicyRecord,
  limit: number,
  tooLarge: () => DomainError,
): void {
  let total = compactLength(put.document)
  for (const policy of existing) {
    if (policy.name !== put.name) total += compactLength(policy.document)
  }
  if (total > limit) throw tooLarge()
}
