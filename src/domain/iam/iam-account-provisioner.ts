import type { PolicyGeneration } from '../authorization/policy-generation.ts'
import { accountScope } from '../authorization/policy-scope.ts'
import { newUniqueId } from '../common/ids.ts'
import type { AccountProvisioner } from '../organizations/account-provisioner.ts'
import { iamArn, rootArn } from './iam-arns.ts'
import type { IamStore } from './iam-store.ts'

/** The ARN of the AWS-managed policy the provisioned role gets. */
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'

/**
 * Creates, in a new account, the role Organizations asks for (`OrganizationAccountAccessRole`)
 * as AWS does: path `/`, trusting `arn:aws:iam::MANAGEMENT:root`, one hour sessions,
 * `AdministratorAccess` attached. Idempotent: an existing role keeps its trust policy and gets
 * the attachment if it lacks it.
 */
export class IamAccountProvisioner implements AccountProvisioner {
  readonly #store: IamStore
  readonly #generation: PolicyGeneration | undefined
  readonly #now: () => number

  /** Writes to `store`, bumping `generation` when given. */
  constructor(store: IamStore, generation?: PolicyGeneration, now: () => number = Date.now) {
    this.#store = store
    this.#generation = generation
    this.#now = now
  }

  async provisionAccount(input: {
    readonly accountId: string
    readonly managementAccountId: string
    readonly roleName: string
  }): Promise<void> {
    const { accountId, managementAccountId, roleName } = input
    await this.#store.transaction(async (tx) => {
      let role = await tx.getRole(accountId, roleName)
      if (role === undefined) {
        role = {
          accountId,
          id: newUniqueId('AROA'),
          name: roleName,
          path: '/',
          arn: iamArn(accountId, 'role', '/', roleName),
          createdAt: this.#now(),
          trustPolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: rootArn(managementAccountId) },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
          description: null,
          maxSessionDuration: 3600,
          permissionsBoundaryArn: null,
          lastUsedAt: null,
          lastUsedRegion: null,
        }
        await tx.createRole(role)
      }
      await tx.attachPolicy(accountId, { type: 'role', id: role.id }, ADMINISTRATOR_ACCESS_ARN)
    })
    this.#generation?.bump([accountScope(accountId)])
  }
}
