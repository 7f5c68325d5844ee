import type { PolicyInput } from '../../policy/index.ts'
import type { IdentityPolicySource, PrincipalPolicies } from '../authorization/policy-sources.ts'
import type { EntityRef } from './iam-records.ts'
import type { IamStore } from './iam-store.ts'
import { allTags, managedPolicyDocument, readAllPages, tagMap } from './iam-store-reads.ts'

/**
 * The authorizer's view of IAM principals: a user's inline and attached policies with those of
 * its groups, a role's inline and attached policies, as named documents (`{name, document}`;
 * inline policies by name, managed ones by ARN), with the permissions boundary, the tags and the
 * unique id.
 */
export class IamIdentityPolicySource implements IdentityPolicySource {
  readonly #store: IamStore

  /** Reads from `store`. */
  constructor(store: IamStore) {
    this.#store = store
  }

  async userPolicies(accountId: string, userName: string): Promise<PrincipalPolicies | undefined> {
    const user = await this.#store.getUser(accountId, userName)
    if (user === undefined) return undefined
    const identity = await this.#entityPolicies({ type: 'user', id: user.id })
    const groups = await readAllPages((page) => this.#store.listGroupsForUser(user.id, page))
    for (const group of groups) {
      identity.push(...(await this.#entityPolicies({ type: 'group', id: group.id })))
    }
    return {
      identity,
      boundary: await this.#boundary(user.permissionsBoundaryArn),
      tags: tagMap(await allTags(this.#store, user.id)),
      uniqueId: user.id,
    }
  }

  async rolePolicies(accountId: string, roleName: string): Promise<PrincipalPolicies | undefined> {
    const role = await this.#store.getRole(accountId, roleName)
    if (role === undefined) return undefined
    return {
      identity: await this.#entityPolicies({ type: 'role', id: role.id }),
      boundary: await this.#boundary(role.permissionsBoundaryArn),
      tags: tagMap(await allTags(this.#store, role.id)),
      uniqueId: role.id,
    }
  }

  async #entityPolicies(entity: EntityRef): Promise<PolicyInput[]> {
    const out: PolicyInput[] = []
    for (const inline of await this.#store.listInlinePolicies(entity)) {
      out.push({ name: inline.name, document: inline.document })
    }
    const arns = await readAllPages((page) => this.#store.listAttachedPolicyArns(entity, page))
    for (const arn of arns) {
      const document = await managedPolicyDocument(this.#store, arn)
      if (document !== undefined) out.push({ name: arn, document })
    }
    return out
  }

  async #boundary(arn: string | null): Promise<PolicyInput | undefined> {
    if (arn === null) return undefined
    const document = await managedPolicyDocument(this.#store, arn)
    // INVARIANT: a boundary that no longer resolves must still restrict: an empty-statement
    // policy allows nothing.
    return { name: arn, document: document ?? '{"Version":"2012-10-17","Statement":[]}' }
  }
}
