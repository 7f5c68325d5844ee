import type { AccessKeyRecord, CredentialDirectory } from '../common/credential-directory.ts'
import type { SealedBox } from '../common/sealed-box.ts'
import { rootArn } from './iam-arns.ts'
import type { IamStore } from './iam-store.ts'

/**
 * Long-term access keys for SigV4 authentication: a user's or the account root's, with the secret
 * decrypted (only authentication sees it). A key whose secret no longer opens with the server's
 * key is treated as absent.
 */
export class IamCredentialDirectory implements CredentialDirectory {
  readonly #store: IamStore
  readonly #box: SealedBox

  /** Reads keys from `store`, opening secrets with `box`. */
  constructor(store: IamStore, box: SealedBox) {
    this.#store = store
    this.#box = box
  }

  async findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const key = await this.#store.getAccessKey(accessKeyId)
    if (key === undefined) return undefined
    const secret = this.#box.open('secret', key.sealedSecret)
    if (secret === undefined) return undefined
    if (key.userId === null) {
      return {
        accessKeyId,
        secretAccessKey: secret.toString('utf8'),
        status: key.status,
        accountId: key.accountId,
        userName: undefined,
        userId: key.accountId,
        arn: rootArn(key.accountId),
      }
    }
    const user = await this.#store.getUserById(key.userId)
    if (user === undefined) return undefined
    return {
      accessKeyId,
      secretAccessKey: secret.toString('utf8'),
      status: key.status,
      accountId: key.accountId,
      userName: user.name,
      userId: user.id,
      arn: user.arn,
    }
  }
}
