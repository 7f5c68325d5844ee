import type { AssumableRole, MfaResult, StsDirectory } from '../sts/sts-directory.ts'
import type { IamStore } from './iam-store.ts'
import { allTags, managedPolicyDocument, tagMap } from './iam-store-reads.ts'

/** Checks a TOTP code for an MFA device (provided by IAM's MFA devices). */
export type MfaVerifier = (serialNumber: string, code: string, now: Date) => Promise<MfaResult>

/**
 * What STS reads from IAM: roles to assume with their trust policy and tags, managed policies
 * passed as session policies, access key owners. MFA codes are checked by the function given to
 * the constructor (IAM's virtual MFA devices).
 */
export class IamStsDirectory implements StsDirectory {
  readonly #store: IamStore
  readonly #verifyMfa: MfaVerifier

  /** Reads from `store`; `verifyMfaCode` checks MFA codes. */
  constructor(store: IamStore, verifyMfaCode: MfaVerifier) {
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

  verifyMfaCode(serialNumber: string, code: string, now: Date): Promise<MfaResult> {
    return this.#verifyMfa(serialNumber, code, now)
  }

  async accessKeyAccount(accessKeyId: string): Promise<string | undefined> {
    return (await this.#store.getAccessKey(accessKeyId))?.accountId
  }
}
