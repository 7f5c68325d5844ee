/**
 * Attaching policies: AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy.
 * At most five policies of a type per target; an SCP target keeps at least one SCP
 * (ConstraintViolationException MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED); `RCPFullAWSAccess`
 * cannot be detached.
 */
import { orgScope } from '../authorization/policy-scope.ts'
import {
  AWS_POLICY_TYPES,
  FULL_ACCESS_POLICY_ID,
  isSupportedPolicyType,
} from './aws-managed-policies.ts'
import { orgErrors } from './errors.ts'
import { onNode, onPolicy, visiblePolicy } from './org-authorization.ts'
import { ID_RULES, type OrgInput } from './org-input.ts'
import { onConflict, orgOperation, type AnyOperation, type OrgCall } from './org-operation.ts'
import { nextTokenShape, policySummaryShape, targetShape } from './org-shapes.ts'
import { findNode, readAll, type TreeNode } from './org-tree.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import type { OrganizationsStore } from './organizations-store.ts'
import { enabledPolicyTypes } from './policy-type-switch.ts'

/** The most policies of one type attached to one target (Organizations quotas). */
export const MAX_POLICIES_PER_TARGET = 5

const attachmentInput = (r: OrgInput) => ({
  policyId: r.string('PolicyId', ID_RULES.PolicyId),
  targetId: r.string('TargetId', ID_RULES.TargetId),
})

async function ownTarget(store: OrganizationsStore, org: OrgCall, id: string): Promise<TreeNode> {
  const target = await findNode(store, org.organization.id, id)
  if (target === undefined) throw orgErrors.TargetNotFoundException()
  return target
}

/** Authorizes the target as a second resource of the action (AttachPolicy, DetachPolicy). */
async function authorizeTarget(org: OrgCall, action: string, targetId: string): Promise<void> {
  await org.call.authorize({ action: `organizations:${action}`, ...(await onNode(org, targetId)) })
}

/** The operations on policy attachments. */
export function attachmentOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    AttachPolicy: orgOperation(deps, {
      action: 'AttachPolicy',
      writes: true,
      parse: attachmentInput,
      authorize: (input, org) => onPolicy(org, input.policyId),
      async run(input, org) {
        await authorizeTarget(org, 'AttachPolicy', input.targetId)
        await onConflict(
          () =>
            deps.store.transaction(async (store) => {
              const policy = await visiblePolicy(
                { ...org, deps: { ...deps, store } },
                input.policyId,
              )
              const target = await ownTarget(store, org, input.targetId)
              if (!(await enabledPolicyTypes(store, org.root.id)).includes(policy.type)) {
                throw orgErrors.PolicyTypeNotEnabledException()
              }
              const attached = await readAll((page) =>
                store.listPoliciesForTarget(target.id, policy.type, page),
              )
              if (attached.some((p) => p.id === policy.id)) {
                throw orgErrors.DuplicatePolicyAttachmentException()
              }
              if (attached.length >= MAX_POLICIES_PER_TARGET) {
                throw orgErrors.ConstraintViolationException(
                  'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
                )
              }
              await store.attachPolicy(policy.id, { id: target.id, type: target.type })
            }),
          { 'policyAttachment.target': orgErrors.DuplicatePolicyAttachmentException },
        )
        return {}
      },
      invalidates: (input) => [orgScope(input.targetId)],
    }),

    DetachPolicy: orgOperation(deps, {
      action: 'DetachPolicy',
      writes: true,
      parse: attachmentInput,
      authorize: (input, org) => onPolicy(org, input.policyId),
      async run(input, org) {
        await authorizeTarget(org, 'DetachPolicy', input.targetId)
        await deps.store.transaction(async (store) => {
          const policy = await visiblePolicy({ ...org, deps: { ...deps, store } }, input.policyId)
          const target = await ownTarget(store, org, input.targetId)
          if (policy.id === FULL_ACCESS_POLICY_ID.RESOURCE_CONTROL_POLICY) {
            throw orgErrors.InvalidInputException('NON_DETACHABLE_POLICY')
          }
          const attached = await readAll((page) =>
            store.listPoliciesForTarget(target.id, policy.type, page),
          )
          if (!attached.some((p) => p.id === policy.id)) {
            throw orgErrors.PolicyNotAttachedException()
          }
          if (policy.type === 'SERVICE_CONTROL_POLICY' && attached.length <= 1) {
            throw orgErrors.ConstraintViolationException(
              'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
            )
          }
          await store.detachPolicy(policy.id, target.id)
        })
        return {}
      },
      invalidates: (input) => [orgScope(input.targetId)],
    }),

    ListPoliciesForTarget: orgOperation(deps, {
      action: 'ListPoliciesForTarget',
      parse: (r) => ({
        targetId: r.string('TargetId', ID_RULES.TargetId),
        filter: r.enumOf('Filter', AWS_POLICY_TYPES, { required: true })!,
        page: r.page(),
      }),
      authorize: (input, org) =>
        onNode(org, input.targetId, { context: { 'organizations:PolicyType': input.filter } }),
      async run(input, org) {
        const target = await ownTarget(deps.store, org, input.targetId)
        if (!isSupportedPolicyType(input.filter)) return { Policies: [] }
        const page = await deps.store.listPoliciesForTarget(target.id, input.filter, input.page)
        return {
          Policies: page.items.map(policySummaryShape),
          ...nextTokenShape(page.nextToken),
        }
      },
    }),

    ListTargetsForPolicy: orgOperation(deps, {
      action: 'ListTargetsForPolicy',
      parse: (r) => ({ policyId: r.string('PolicyId', ID_RULES.PolicyId), page: r.page() }),
      authorize: (input, org) => onPolicy(org, input.policyId),
      async run(input, org) {
        const policy = await visiblePolicy(org, input.policyId)
        const page = await deps.store.listTargetsForPolicy(policy.id, input.page)
        // AWS-managed policies are shared by every organization in the store: show ours.
        const marker = `/${org.organization.id}/`
        return {
          Targets: page.items.filter((t) => t.arn.includes(marker)).map(targetShape),
          ...nextTokenShape(page.nextToken),
        }
      },
    }),
  }
}
