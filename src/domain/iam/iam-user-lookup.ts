import type { SecurityUser, UserLookup } from './security/user-lookup.ts'
import type { UserRecord } from './iam-records.ts'
import type { IamStore } from './iam-store.ts'

const toSecurityUser = (u: UserRecord): SecurityUser => ({
  accountId: u.accountId,
  userName: u.name,
  userId: u.id,
  path: u.path,
  arn: u.arn,
  createDate: new Date(u.createdAt),
})

/** IAM core's users as the IAM security operations look them up. */
export class IamUserLookup implements UserLookup {
  readonly #store: IamStore

  /** Reads from `store`. */
  constructor(store: IamStore) {
    this.#store = store
  }

  async findUser(accountId: string, userName: string): Promise<SecurityUser | undefined> {
    const user = await this.#store.getUser(accountId, userName)
    return user && toSecurityUser(user)
  }

  async findUserById(accountId: string, userId: string): Promise<SecurityUser | undefined> {
    const user = await this.#store.getUserById(userId)
    return user !== undefined && user.accountId === accountId ? toSecurityUser(user) : undefined
  }
}
