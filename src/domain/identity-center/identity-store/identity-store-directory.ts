/**
 * The identity store as the rest of IAM Identity Center sees its users and groups: the
 * {@link UserDirectory} of the ports, for the access portal, `aws sso login` and sso-admin.
 */
import type { DirectoryUser, UserDirectory } from '../identity-center-ports.ts'
import type { IdentityStoreStore } from './identity-store-store.ts'
import type { UserRecord } from './identity-store-records.ts'

const toDirectoryUser = (u: UserRecord): DirectoryUser => ({
  identityStoreId: u.identityStoreId,
  userId: u.userId,
  userName: u.userName,
  displayName: u.displayName,
})

/**
 * Users and their groups, read from the identity store.
 * @example
 * const directory = new IdentityStoreDirectory(store)
 * const alice = await directory.findUserByName('d-1234567890', 'alice')
 */
export class IdentityStoreDirectory implements UserDirectory {
  readonly #store: IdentityStoreStore

  constructor(store: IdentityStoreStore) {
    this.#store = store
  }

  /** By user name, case-insensitively; a deactivated user (SCIM `active: false`) is not found. */
  async findUserByName(identityStoreId: string, userName: string) {
    const user = await this.#store.findUserByName(identityStoreId, userName)
    return user && user.active !== false ? toDirectoryUser(user) : undefined
  }

  /** A deactivated user is not found: no sign-in, and its sessions stop working. */
  async getUser(identityStoreId: string, userId: string) {
    const user = await this.#store.getUser(identityStoreId, userId)
    return user && user.active !== false ? toDirectoryUser(user) : undefined
  }

  groupIdsOf(identityStoreId: string, userId: string): Promise<readonly string[]> {
    return this.#store.groupIdsOfUser(identityStoreId, userId)
  }

  async userExists(identityStoreId: string, userId: string): Promise<boolean> {
    return (await this.#store.getUser(identityStoreId, userId)) !== undefined
  }

  async groupExists(identityStoreId: string, groupId: string): Promise<boolean> {
    return (await this.#store.getGroup(identityStoreId, groupId)) !== undefined
  }
}
