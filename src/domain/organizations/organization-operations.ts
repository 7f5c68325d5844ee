/**
 * DescribeOrganization, ListRoots, EnablePolicyType and DisablePolicyType.
 */
import { orgScope } from '../authorization/policy-scope.ts'
import { AWS_POLICY_TYPES, isSupportedPolicyType } from './aws-managed-policies.ts'
import { orgErrors } from './errors.ts'
import { onNode } from './org-authorization.ts'
import { ID_RULES, type OrgInput } from './org-input.ts'
import { orgOperation, type AnyOperation, type OrgCall } from './org-operation.ts'
import { findParent } from './org-tree.ts'
import { nextTokenShape, organizationShape, rootShape } from './org-shapes.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import type { PolicyType, RootRecord } from './organizations-records.ts'
import { disablePolicyType, enabledPolicyTypes, enablePolicyType } from './policy-type-switch.ts'

interface PolicyTypeInput {
  readonly rootId: string
  readonly type: string
}

const parsePolicyTypeInput = (r: OrgInput): PolicyTypeInput => ({
  rootId: r.string('RootId', ID_RULES.RootId),
  type: r.enumOf('PolicyType', AWS_POLICY_TYPES, { required: true })!,
})

/** The caller's root `rootId` and the supported type, or AWS's error. */
async function rootAndType(
  org: OrgCall,
  input: PolicyTypeInput,
): Promise<[RootRecord, PolicyType]> {
  const root = await findParent(org.deps.store, org.organization.id, input.rootId)
  if (root?.type !== 'ROOT') throw orgErrors.RootNotFoundException()
  if (!isSupportedPolicyType(input.type)) {
    throw orgErrors.PolicyTypeNotAvailableForOrganizationException()
  }
  const record = await org.deps.store.getRoot(root.id)
  return [record!, input.type]
}

async function rootReply(org: OrgCall, root: RootRecord) {
  return { Root: rootShape(root, await org.deps.store.listEnabledPolicyTypes(root.id)) }
}

/** The operations on the organization and its root. */
export function organizationOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    DescribeOrganization: orgOperation(deps, {
      action: 'DescribeOrganization',
      memberAllowed: true,
      parse: () => ({}),
      async run(_input, org) {
        const types = await deps.store.listEnabledPolicyTypes(org.root.id)
        return { Organization: organizationShape(org.organization, types) }
      },
    }),

    ListRoots: orgOperation(deps, {
      action: 'ListRoots',
      parse: (r) => r.page(),
      async run(page, org) {
        const roots = await deps.store.listRoots(org.organization.id, page)
        const items = []
        for (const root of roots.items) {
          items.push(rootShape(root, await deps.store.listEnabledPolicyTypes(root.id)))
        }
        return { Roots: items, ...nextTokenShape(roots.nextToken) }
      },
    }),

    EnablePolicyType: orgOperation(deps, {
      action: 'EnablePolicyType',
      writes: true,
      parse: parsePolicyTypeInput,
      authorize: (input, org) =>
        onNode(org, input.rootId, { context: { 'organizations:PolicyType': input.type } }),
      async run(input, org) {
        const [root, type] = await rootAndType(org, input)
        await deps.store.transaction(async (store) => {
          if ((await enabledPolicyTypes(store, root.id)).includes(type)) {
            throw orgErrors.PolicyTypeAlreadyEnabledException()
          }
          await enablePolicyType(store, org.organization, root, type)
        })
        return rootReply(org, root)
      },
      invalidates: (input) => [orgScope(input.rootId)],
    }),

    DisablePolicyType: orgOperation(deps, {
      action: 'DisablePolicyType',
      writes: true,
      parse: parsePolicyTypeInput,
      authorize: (input, org) =>
        onNode(org, input.rootId, { context: { 'organizations:PolicyType': input.type } }),
      async run(input, org) {
        const [root, type] = await rootAndType(org, input)
        await deps.store.transaction(async (store) => {
          if (!(await enabledPolicyTypes(store, root.id)).includes(type)) {
            throw orgErrors.PolicyTypeNotEnabledException()
          }
          await disablePolicyType(store, org.organization, root, type)
        })
        return rootReply(org, root)
      },
      invalidates: (input) => [orgScope(input.rootId)],
    }),
  }
}
