/**
 * Enabling and disabling a policy type on a root, as AWS does it: enabling attaches the type's
 * AWS-managed full-access policy to the root, every OU and every account; disabling detaches
 * every policy of the type from every node of the organization. New OUs and accounts get the
 * full-access policy of each enabled type.
 */
import { AWS_MANAGED_POLICIES, FULL_ACCESS_POLICY_ID } from './aws-managed-policies.ts'
import { allOrganizationalUnits, readAll } from './org-tree.ts'
import type {
  NodeRef,
  OrganizationRecord,
  PolicyType,
  RootRecord,
} from './organizations-records.ts'
import type { OrganizationsStore } from './organizations-store.ts'

/** Stores the AWS-managed policies unless present. */
export async function ensureAwsManagedPolicies(store: OrganizationsStore): Promise<void> {
  for (const policy of AWS_MANAGED_POLICIES) {
    if ((await store.getPolicy(policy.id)) === undefined) await store.createPolicy(policy)
  }
}

/** The policy types enabled (status ENABLED) on a root. */
export async function enabledPolicyTypes(
  store: OrganizationsStore,
  rootId: string,
): Promise<PolicyType[]> {
  const types = await store.listEnabledPolicyTypes(rootId)
  return types.filter((t) => t.status === 'ENABLED').map((t) => t.type)
}

/** Attaches the full-access policy of every type enabled on `rootId` to a new OU or account. */
export async function attachDefaultPolicies(
  store: OrganizationsStore,
  rootId: string,
  target: NodeRef,
): Promise<void> {
  for (const type of await enabledPolicyTypes(store, rootId)) {
    await store.attachPolicy(FULL_ACCESS_POLICY_ID[type], target)
  }
}

/** Enables `type` on the root and attaches its full-access policy everywhere it is missing. */
export async function enablePolicyType(
  store: OrganizationsStore,
  organization: OrganizationRecord,
  root: RootRecord,
  type: PolicyType,
): Promise<void> {
  await ensureAwsManagedPolicies(store)
  await store.setPolicyTypeStatus(root.id, type, 'ENABLED')
  const policyId = FULL_ACCESS_POLICY_ID[type]
  const attached = new Set(
    (await readAll((page) => store.listTargetsForPolicy(policyId, page))).map((t) => t.targetId),
  )
  const ous = await allOrganizationalUnits(store, root.id)
  const accounts = await readAll((page) => store.listAccounts(organization.id, page))
  const targets: NodeRef[] = [
    { id: root.id, type: 'ROOT' },
    ...ous.map((id): NodeRef => ({ id, type: 'ORGANIZATIONAL_UNIT' })),
    ...accounts.map((a): NodeRef => ({ id: a.id, type: 'ACCOUNT' })),
  ]
  for (const target of targets) {
    if (!attached.has(target.id)) await store.attachPolicy(policyId, target)
  }
}

/** Detaches every policy of `type` from the organization's nodes and disables the type. */
export async function disablePolicyType(
  store: OrganizationsStore,
  organization: OrganizationRecord,
  root: RootRecord,
  type: PolicyType,
): Promise<void> {
  const marker = `/${organization.id}/`
  const policies = await readAll((page) => store.listPolicies(organization.id, type, page))
  for (const policy of policies) {
    const targets = await readAll((page) => store.listTargetsForPolicy(policy.id, page))
    for (const target of targets) {
      // AWS-managed policies are shared by every organization in the store: only ours go.
      if (target.arn.includes(marker)) await store.detachPolicy(policy.id, target.targetId)
    }
  }
  await store.removePolicyType(root.id, type)
}
