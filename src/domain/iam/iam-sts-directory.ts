import type { AssumableRole, MfaResult, StsDirectory } from '../sts/sts-directory.ts'
import type { IamStore } from './iam-store.ts'
import { allTags, managedPolicyDocument, tagMap } from './iam-store-reads.ts'

/**
 * What STS reads from IAM: roles to assume with their trust policy and tags, managed policies
 * passed as session policies, access key owners. MFA codes are checked by the function given to
 * the constructor (IAM's virtual MFA devices, `createUserMfaVerifier`), which also checks that
 * the device is the calling user's.
 */
export class IamStsDirectory implements StsDirectory {
  readonly #store: IamStore
  readonly #verifyMfa: StsDirectory['verifyMfaCode']

  /** Reads from `store`; `verifyMfaCode` checks MFA codes of a user's devices. */
  constructor(store: IamStore, verifyMfaCode: StsDirectory['verifyMfaCode']) {
    this.#store = store
    this.#verifyMfa = verifyMfaCode
  }

  async findRole(accountId: string, roleName: string): Promise<AssumableRole | undefined> {
    const role = await this.#store.getRole(accountId, roleName)
    if (role === undefined) return undefined
    return {
      accountId,
      roleName: role.name,
      roleArn: role.arn,
      roleId: role.id,
      path: role.path,
      trustPolicy: role.trustPolicy,
      maxSessionDurationSeconds: role.maxSessionDuration,
      tags: tagMap(await allTags(this.#store, role.id)),
    }
  }

  managedPolicyDocument(policyArn: string): Promise<string | undefined> {
    return managedPolicyDocument(this.#store, policyArn)
  }

  verifyMfaCode(userId: string, serialNumber: string, code: string, now: Date): Promise<MfaResult> {
    return this.#verifyMfa(userId, serialNumber, code, now)
  }

  async accessKeyAccount(accessKeyId: string): Promise<string | undefined> {
    return (await this.#store.getAccessKey(accessKeyId))?.accountId
  }
}
