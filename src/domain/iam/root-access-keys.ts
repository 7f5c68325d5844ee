/**
 * Access keys of an account's root user: created at bootstrap for the management account (the
 * secret is returned once, then only its sealed form is kept) and listed for administration.
 */
import { newSecretAccessKey, newUniqueId } from '../common/ids.ts'
import type { SealedBox } from '../common/sealed-box.ts'
import type { StoredAccessKey } from './iam-records.ts'
import type { IamStore } from './iam-store.ts'
import { readAllPages } from './iam-store-reads.ts'

/** A new key pair; the secret is shown once. */
export interface NewAccessKeyPair {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/**
 * Creates an active access key for the root user of `accountId`.
 * @example const { accessKeyId, secretAccessKey } = await createRootAccessKey(store, box, id)
 */
export async function createRootAccessKey(
  store: IamStore,
  box: SealedBox,
  accountId: string,
  now: number = Date.now(),
): Promise<NewAccessKeyPair> {
  const accessKeyId = newUniqueId('AKIA')
  const secretAccessKey = newSecretAccessKey()
  await store.createAccessKey({
    accessKeyId,
    accountId,
    userId: null,
    sealedSecret: box.seal('secret', secretAccessKey),
    status: 'Active',
    createdAt: now,
    lastUsedAt: null,
    lastUsedRegion: null,
    lastUsedService: null,
  })
  return { accessKeyId, secretAccessKey }
}

/** The root user's access keys of `accountId` (sealed secrets; never decrypted here). */
export const listRootAccessKeys = (
  store: IamStore,
  accountId: string,
): Promise<StoredAccessKey[]> => readAllPages((page) => store.listAccessKeys(accountId, null, page))
