/**
 * The resources Organizations operations authorize on, by the ARN formats of the Service
 * Authorization Reference: `account`, `organizationalunit`, `root`, `policy` and `awspolicy`.
 * Nodes are named from their ids (no lookup: an unknown id is reported by `run`, after
 * authorization, as AWS does); their tags feed `aws:ResourceTag/…`.
 */
import { orgErrors } from './errors.ts'
import { orgArns } from './org-arns.ts'
import { nodeTypeOf } from './org-ids.ts'
import type { OrgAuthorization, OrgCall } from './org-operation.ts'
import { tagsOf } from './org-tree.ts'
import type { PolicyRecord } from './organizations-records.ts'

/** The ARN of the root, OU or account `id` names in the caller's organization. */
export function nodeArn(org: OrgCall, id: string): string {
  const mgmt = org.organization.managementAccountId
  const orgId = org.organization.id
  switch (nodeTypeOf(id)) {
    case 'ROOT':
      return orgArns.root(mgmt, orgId, id)
    case 'ORGANIZATIONAL_UNIT':
      return orgArns.ou(mgmt, orgId, id)
    default:
      return orgArns.account(mgmt, orgId, id)
  }
}

/** Authorization on a root, OU or account, with its tags. */
export async function onNode(
  org: OrgCall,
  id: string,
  extra: Partial<OrgAuthorization> = {},
): Promise<OrgAuthorization> {
  return {
    resource: nodeArn(org, id),
    resourceTags: await tagsOf(org.deps.store, id),
    ...extra,
  }
}

/**
 * The policy `policyId` if the caller's organization can see it (its own or AWS-managed).
 * @throws PolicyNotFoundException otherwise.
 */
export async function visiblePolicy(org: OrgCall, policyId: string): Promise<PolicyRecord> {
  const policy = await org.deps.store.getPolicy(policyId)
  if (policy === undefined) throw orgErrors.PolicyNotFoundException()
  if (policy.organizationId !== null && policy.organizationId !== org.organization.id) {
    throw orgErrors.PolicyNotFoundException()
  }
  return policy
}

/**
 * Authorization on a policy (its ARN needs its type, so it is read first: an unknown policy is
 * PolicyNotFoundException before authorization), with `organizations:PolicyType`. An AWS-managed
 * policy's ARN names the account `aws`; AWS offers it to every organization, so it is authorized
 * as a resource of the caller's own account (not as a cross-account resource needing a
 * resource-based policy).
 */
export async function onPolicy(
  org: OrgCall,
  policyId: string,
  extra: Partial<OrgAuthorization> = {},
): Promise<OrgAuthorization> {
  const policy = await visiblePolicy(org, policyId)
  return {
    resource: policy.arn,
    ...(policy.awsManaged ? { resourceAccount: org.call.caller.accountId } : {}),
    resourceTags: policy.awsManaged ? {} : await tagsOf(org.deps.store, policy.id),
    context: { 'organizations:PolicyType': policy.type, ...extra.context },
    ...(extra.resourceTags === undefined ? {} : { resourceTags: extra.resourceTags }),
  }
}
