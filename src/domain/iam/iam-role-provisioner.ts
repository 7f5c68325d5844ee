import type { PolicyGeneration } from '../authorization/policy-generation.ts'
import { accountScope } from '../authorization/policy-scope.ts'
import { newUniqueId } from '../common/ids.ts'
import type { ReservedRoleSpec, RoleProvisioner } from '../identity-center/identity-center-ports.ts'
import { awsManagedPolicy } from './aws-managed-policies.ts'
import { iamErrors } from './errors.ts'
import { iamArn } from './iam-arns.ts'
import type { IamStore } from './iam-store.ts'
import type { RoleRecord } from './iam-records.ts'

/** The name Identity Center gives a provisioned role's inline policy. */
export const RESERVED_INLINE_POLICY_NAME = 'AwsSSOInlinePolicy'

/**
 * {@link RoleProvisioner} over the IAM store: creates or updates an `AWSReservedSSO_*` role so
 * that it matches the spec exactly — path, trust policy, session length, description, boundary,
 * attached policies (AWS managed, and customer managed resolved by name and path in the account)
 * and the one inline policy — or removes it. Everything happens in one IAM transaction: a
 * customer managed policy missing in the account (NoSuchEntity, as IAM words it) changes nothing.
 *
 * @example
 * const roles = new IamRoleProvisioner(iamStore, generation)
 * await roles.provisionRole(reservedRoleSpec(permissionSet, '222222222222'))
 */
export class IamRoleProvisioner implements RoleProvisioner {
  readonly #store: IamStore
  readonly #generation: PolicyGeneration | undefined
  readonly #now: () => number

  /** Writes to `store`, bumping `generation` (when given) after every change. */
  constructor(store: IamStore, generation?: PolicyGeneration, now: () => number = Date.now) {
    this.#store = store
    this.#generation = generation
    this.#now = now
  }

  async provisionRole(spec: ReservedRoleSpec): Promise<void> {
    const { accountId } = spec
    await this.#store.transaction(async (tx) => {
      const wanted = new Set<string>()
      for (const arn of spec.managedPolicyArns) {
        if (awsManagedPolicy(arn) === undefined) throw iamErrors.policyNotAttachable(arn)
        wanted.add(arn)
      }
      for (const ref of spec.customerManagedPolicies) {
        wanted.add(await customerPolicyArn(tx, accountId, ref))
      }
      const b = spec.permissionsBoundary
      let boundaryArn: string | null = null
      if (b !== undefined && 'managedPolicyArn' in b) {
        if (awsManagedPolicy(b.managedPolicyArn) === undefined) {
          throw iamErrors.boundaryNotFound(b.managedPolicyArn)
        }
        boundaryArn = b.managedPolicyArn
      } else if (b !== undefined) {
        boundaryArn = await customerPolicyArn(tx, accountId, b.customerManagedPolicy)
      }

      let role = await tx.getRole(accountId, spec.roleName)
      if (role !== undefined && (role.path !== spec.path || role.name !== spec.roleName)) {
        // IAM cannot move or rename a role: replace it.
        await tx.deleteRole(accountId, role.name)
        role = undefined
      }
      const description = spec.description === '' ? null : spec.description
      if (role === undefined) {
        role = {
          accountId,
          id: newUniqueId('AROA'),
          name: spec.roleName,
          path: spec.path,
          arn: iamArn(accountId, 'role', spec.path, spec.roleName),
          createdAt: this.#now(),
          trustPolicy: spec.trustPolicy,
          description,
          maxSessionDuration: spec.maxSessionDurationSeconds,
          permissionsBoundaryArn: boundaryArn,
          lastUsedAt: null,
          lastUsedRegion: null,
        } satisfies RoleRecord
        await tx.createRole(role)
      } else {
        await tx.updateRole(accountId, role.name, {
          trustPolicy: spec.trustPolicy,
          description,
          maxSessionDuration: spec.maxSessionDurationSeconds,
          permissionsBoundaryArn: boundaryArn,
        })
      }

      const entity = { type: 'role', id: role.id } as const
      const attached = new Set<string>()
      let token: string | undefined
      do {
        const page = await tx.listAttachedPolicyArns(
          entity,
          token === undefined ? {} : { nextToken: token },
        )
        page.items.forEach((arn) => attached.add(arn))
        token = page.nextToken
      } while (token !== undefined)
      for (const arn of attached) if (!wanted.has(arn)) await tx.detachPolicy(entity, arn)
      for (const arn of wanted)
        if (!attached.has(arn)) await tx.attachPolicy(accountId, entity, arn)

      for (const inline of await tx.listInlinePolicies(entity)) {
        if (inline.name !== RESERVED_INLINE_POLICY_NAME || spec.inlinePolicy === undefined) {
          await tx.deleteInlinePolicy(entity, inline.name)
        }
      }
      if (spec.inlinePolicy !== undefined) {
        await tx.putInlinePolicy(entity, {
          name: RESERVED_INLINE_POLICY_NAME,
          document: spec.inlinePolicy,
        })
      }
    })
    this.#generation?.bump([accountScope(accountId)])
  }

  async removeRole(accountId: string, roleName: string): Promise<void> {
    const removed = await this.#store.deleteRole(accountId, roleName)
    if (removed) this.#generation?.bump([accountScope(accountId)])
  }
}

/** The ARN of a customer managed policy of the account, which must exist. */
async function customerPolicyArn(
  store: IamStore,
  accountId: string,
  ref: { readonly name: string; readonly path: string },
): Promise<string> {
  const arn = iamArn(accountId, 'policy', ref.path, ref.name)
  if ((await store.getManagedPolicy(arn)) === undefined) throw iamErrors.policyNotAttachable(arn)
  return arn
}
