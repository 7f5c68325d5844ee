/**
 * Finding the managed policy an ARN names, as the policy, attach and boundary operations need:
 * one of the AWS-managed catalog, or a customer managed policy of the caller's own account.
 */
import { awsManagedPolicy } from '../aws-managed-policies.ts'
import { iamErrors } from '../errors.ts'
import type { ManagedPolicyRecord } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'

/** True when `arn` names an AWS-managed policy or a customer policy of `accountId`. */
export async function policyExists(
  store: IamStore,
  accountId: string,
  arn: string,
): Promise<boolean> {
  if (awsManagedPolicy(arn) !== undefined) return true
  const policy = await store.getManagedPolicy(arn)
  return policy !== undefined && policy.accountId === accountId
}

/** A customer managed policy of `accountId`, or NoSuchEntity "Policy … was not found." */
export async function mustLocalPolicy(
  store: IamStore,
  accountId: string,
  arn: string,
): Promise<ManagedPolicyRecord> {
  const policy = await store.getManagedPolicy(arn)
  if (policy === undefined || policy.accountId !== accountId) throw iamErrors.policyNotFound(arn)
  return policy
}

/** Throws AWS's "Scope ARN … does not exist or is not attachable." for an unknown boundary. */
export async function mustBoundary(store: IamStore, accountId: string, arn: string): Promise<void> {
  if (!(await policyExists(store, accountId, arn))) throw iamErrors.boundaryNotFound(arn)
}

/** Throws AWS's "Policy … does not exist or is not attachable." for an unknown policy. */
export async function mustAttachable(
  store: IamStore,
  accountId: string,
  arn: string,
): Promise<void> {
  if (!(await policyExists(store, accountId, arn))) throw iamErrors.policyNotAttachable(arn)
}
