/**
 * Creating the organization on first start (not an API operation: AWS's CreateOrganization is
 * replaced by the server's bootstrap): the organization with all features, its root, the
 * management account, the AWS-managed policies, SCPs enabled with `FullAWSAccess` attached.
 */
import { newOrganizationId, newRootId } from '../common/ids.ts'
import { orgArns } from './org-arns.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import { enablePolicyType, ensureAwsManagedPolicies } from './policy-type-switch.ts'

/** The management account to create the organization around. */
export interface BootstrapInput {
  readonly managementAccountId: string
  readonly managementEmail: string
  readonly managementName: string
}

/** The organization and root the store now holds. */
export interface BootstrapResult {
  readonly organizationId: string
  readonly rootId: string
}

/**
 * Creates the organization of `managementAccountId` unless the store already holds it, in which
 * case it answers the existing ids and changes nothing.
 * @example
 * const { organizationId } = await bootstrapOrganization(deps, {
 *   managementAccountId: '111111111111', managementEmail: 'admin@example.com', managementName: 'Management',
 * })
 */
export async function bootstrapOrganization(
  deps: Pick<OrganizationsDeps, 'store' | 'generation'>,
  input: BootstrapInput,
): Promise<BootstrapResult> {
  const result = await deps.store.transaction(async (store) => {
    const existing = await store.getAccount(input.managementAccountId)
    if (existing !== undefined) {
      const root = (await store.listRoots(existing.organizationId, { maxResults: 1 })).items[0]
      if (root !== undefined) return { organizationId: existing.organizationId, rootId: root.id }
    }
    const mgmt = input.managementAccountId
    const organizationId = newOrganizationId()
    const rootId = newRootId()
    const now = Date.now()
    const organization = {
      id: organizationId,
      arn: orgArns.organization(mgmt, organizationId),
      featureSet: 'ALL',
      managementAccountId: mgmt,
      managementAccountArn: orgArns.account(mgmt, organizationId, mgmt),
      managementAccountEmail: input.managementEmail,
      createdAt: now,
    } as const
    const root = {
      id: rootId,
      organizationId,
      arn: orgArns.root(mgmt, organizationId, rootId),
      name: 'Root',
    }
    await store.createOrganization(organization)
    await store.createRoot(root)
    await store.createAccount({
      id: mgmt,
      organizationId,
      parentId: rootId,
      arn: organization.managementAccountArn,
      email: input.managementEmail,
      name: input.managementName,
      status: 'ACTIVE',
      // AWS reports the account that created the organization as INVITED.
      joinedMethod: 'INVITED',
      joinedAt: now,
    })
    await ensureAwsManagedPolicies(store)
    await enablePolicyType(store, organization, root, 'SERVICE_CONTROL_POLICY')
    return { organizationId, rootId }
  })
  deps.generation.bump()
  return result
}
