/**
 * Policies: CreatePolicy, UpdatePolicy, DeletePolicy, DescribePolicy and ListPolicies.
 * AWS-managed policies (`FullAWSAccess`, `RCPFullAWSAccess`) are visible to every organization
 * and immutable.
 */
import { orgScope, type PolicyScope } from '../authorization/policy-scope.ts'
import { newPolicyId } from '../common/ids.ts'
import {
  AWS_MANAGED_POLICIES,
  AWS_POLICY_TYPES,
  isSupportedPolicyType,
} from './aws-managed-policies.ts'
import { orgErrors } from './errors.ts'
import { orgArns } from './org-arns.ts'
import { onPolicy, visiblePolicy } from './org-authorization.ts'
import { ID_RULES, type OrgInput } from './org-input.ts'
import {
  onConflict,
  orgOperation,
  requestTagContext,
  MAX_TAGS,
  type AnyOperation,
} from './org-operation.ts'
import { nextTokenShape, policyShape, policySummaryShape } from './org-shapes.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import { readAll } from './org-tree.ts'
import type { PolicyRecord, PolicyType } from './organizations-records.ts'
import { checkPolicyContent } from './policy-content.ts'

const NAME_RULE = { min: 1, max: 128 } as const
const DESCRIPTION_RULE = { min: 0, max: 512 } as const
const CONTENT_RULE = { min: 1, max: 1_000_000 } as const
const duplicateName = { 'policy.name': orgErrors.DuplicatePolicyException }

/** A name an AWS-managed policy of the type already has. */
function checkNotManagedName(name: string, type: PolicyType): void {
  if (AWS_MANAGED_POLICIES.some((p) => p.type === type && p.name === name)) {
    throw orgErrors.DuplicatePolicyException()
  }
}

function mutable(policy: PolicyRecord): PolicyRecord {
  if (policy.awsManaged) throw orgErrors.InvalidInputException('IMMUTABLE_POLICY')
  return policy
}

const policyIdInput = (r: OrgInput) => ({ policyId: r.string('PolicyId', ID_RULES.PolicyId) })

/** The operations on policies. */
export function policyOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    CreatePolicy: orgOperation(deps, {
      action: 'CreatePolicy',
      writes: true,
      parse: (r) => ({
        content: r.string('Content', { ...CONTENT_RULE, required: true }),
        description: r.string('Description', { ...DESCRIPTION_RULE, required: true }),
        name: r.string('Name', { ...NAME_RULE, required: true }),
        type: r.enumOf('Type', AWS_POLICY_TYPES, { required: true })!,
        tags: r.tags(),
      }),
      authorize: (input) => ({
        resource: '*',
        context: { 'organizations:PolicyType': input.type, ...requestTagContext(input.tags) },
      }),
      async run(input, org) {
        const type = input.type
        if (!isSupportedPolicyType(type)) {
          throw orgErrors.PolicyTypeNotAvailableForOrganizationException()
        }
        if (input.tags.length > MAX_TAGS) {
          throw orgErrors.ConstraintViolationException('MAX_TAG_LIMIT_EXCEEDED')
        }
        checkPolicyContent(input.content, type)
        checkNotManagedName(input.name, type)
        const id = newPolicyId()
        const { managementAccountId, id: organizationId } = org.organization
        const policy: PolicyRecord = {
          id,
          organizationId,
          arn: orgArns.policy(managementAccountId, organizationId, type, id),
          type,
          name: input.name,
          description: input.description,
          content: input.content,
          awsManaged: false,
        }
        await onConflict(
          () =>
            deps.store.transaction(async (store) => {
              await store.createPolicy(policy)
              await store.tagResource(
                id,
                input.tags.map((t) => ({ key: t.Key, value: t.Value })),
              )
            }),
          duplicateName,
        )
        return { Policy: policyShape(policy) }
      },
      invalidates: () => [],
    }),

    UpdatePolicy: orgOperation(deps, {
      action: 'UpdatePolicy',
      writes: true,
      parse: (r) => ({
        ...policyIdInput(r),
        name: r.string('Name', NAME_RULE),
        description: r.string('Description', DESCRIPTION_RULE),
        content: r.string('Content', CONTENT_RULE),
      }),
      authorize: (input, org) => onPolicy(org, input.policyId),
      async run(input, org) {
        const policy = mutable(await visiblePolicy(org, input.policyId))
        if (input.content !== undefined) checkPolicyContent(input.content, policy.type)
        if (input.name !== undefined) checkNotManagedName(input.name, policy.type)
        const patch = {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.content === undefined ? {} : { content: input.content }),
        }
        const updated = await onConflict(
          () => deps.store.updatePolicy(policy.id, patch),
          duplicateName,
        )
        if (updated === undefined) throw orgErrors.PolicyNotFoundException()
        return { Policy: policyShape(updated) }
      },
      invalidates: (input) => policyTargetScopes(deps, input.policyId),
    }),

    DeletePolicy: orgOperation(deps, {
      action: 'DeletePolicy',
      writes: true,
      parse: policyIdInput,
      authorize: (input, org) => onPolicy(org, input.policyId),
      async run(input, org) {
        const policy = mutable(await visiblePolicy(org, input.policyId))
        await onConflict(() => deps.store.deletePolicy(policy.id), {
          'policy.id': orgErrors.PolicyInUseException,
        })
        return {}
      },
      invalidates: (input) => policyTargetScopes(deps, input.policyId),
    }),

    DescribePolicy: orgOperation(deps, {
      action: 'DescribePolicy',
      parse: policyIdInput,
      authorize: (input, org) => onPolicy(org, input.policyId),
      run: async (input, org) => ({
        Policy: policyShape(await visiblePolicy(org, input.policyId)),
      }),
    }),

    ListPolicies: orgOperation(deps, {
      action: 'ListPolicies',
      parse: (r) => ({
        filter: r.enumOf('Filter', AWS_POLICY_TYPES, { required: true })!,
        page: r.page(),
      }),
      async run(input, org) {
        // Types xaccess does not store have no policies.
        if (!isSupportedPolicyType(input.filter)) return { Policies: [] }
        const page = await deps.store.listPolicies(org.organization.id, input.filter, input.page)
        return {
          Policies: page.items.map(policySummaryShape),
          ...nextTokenShape(page.nextToken),
        }
      },
    }),
  }
}

/** The organization nodes a policy is attached to, each a scope its change invalidates. */
async function policyTargetScopes(
  deps: OrganizationsDeps,
  policyId: string,
): Promise<PolicyScope[]> {
  const targets = await readAll((page) => deps.store.listTargetsForPolicy(policyId, page))
  return targets.map((t) => orgScope(t.targetId))
}
