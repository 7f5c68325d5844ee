/**
 * The organization policies that bind an account, for the authorizer: its organization, the
 * management account, its `aws:PrincipalOrgPaths` path, and the SCPs and RCPs attached at each
 * level from the root down to the account itself.
 */
import type { PolicyInput } from '../../policy/index.ts'
import type {
  AccountOrganization,
  OrganizationPolicySource,
} from '../authorization/policy-sources.ts'
import { chainTo, readAll } from './org-tree.ts'
import type { NodeRef, PolicyType } from './organizations-records.ts'
import type { OrganizationsStore } from './organizations-store.ts'
import { enabledPolicyTypes } from './policy-type-switch.ts'

/**
 * {@link OrganizationPolicySource} over the Organizations store.
 * @example
 * const source = new OrgPolicySource(store)
 * const org = await source.accountOrganization('222222222222')
 * // org.orgPath → 'o-abc/r-ab12/ou-ab12-11111111/'; org.scp → [[FullAWSAccess], [], [FullAWSAccess]]
 */
export class OrgPolicySource implements OrganizationPolicySource {
  readonly #store: OrganizationsStore

  constructor(store: OrganizationsStore) {
    this.#store = store
  }

  async accountOrganization(accountId: string): Promise<AccountOrganization | undefined> {
    const store = this.#store
    const account = await store.getAccount(accountId)
    if (account === undefined) return undefined
    const organization = await store.getOrganization(account.organizationId)
    if (organization === undefined) return undefined
    const chain = await chainTo(store, account.parentId)
    const root = chain[0]
    const enabled = root === undefined ? [] : await enabledPolicyTypes(store, root.id)
    const levels: NodeRef[] = [...chain, { id: account.id, type: 'ACCOUNT' }]
    const documents = new Map<string, PolicyInput>()
    const policiesAt = async (type: PolicyType) => {
      if (!enabled.includes(type)) return undefined
      const out: PolicyInput[][] = []
      for (const level of levels) {
        const summaries = await readAll((page) => store.listPoliciesForTarget(level.id, type, page))
        const docs: PolicyInput[] = []
        for (const summary of summaries) {
          let doc = documents.get(summary.id)
          if (doc === undefined) {
            const policy = await store.getPolicy(summary.id)
            if (policy === undefined) continue
            doc = { name: policy.name, document: policy.content }
            documents.set(summary.id, doc)
          }
          docs.push(doc)
        }
        out.push(docs)
      }
      return out
    }
    return {
      organizationId: organization.id,
      managementAccountId: organization.managementAccountId,
      orgPath: `${organization.id}/${chain.map((n) => n.id).join('/')}/`,
      scp: await policiesAt('SERVICE_CONTROL_POLICY'),
      rcp: await policiesAt('RESOURCE_CONTROL_POLICY'),
    }
  }
}
