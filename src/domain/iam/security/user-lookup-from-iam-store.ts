import type { IamStore } from '../iam-store.ts'
import type { SecurityUser, UserLookup } from './user-lookup.ts'

/**
 * The {@link UserLookup} the security operations need, answered by IAM core's store.
 *
 * @example
 * const users = userLookupFromIamStore(new SqlIamStore(db))
 */
export function userLookupFromIamStore(iam: IamStore): UserLookup {
  const out = (u: {
    accountId: string
    id: string
    name: string
    path: string
    arn: string
    createdAt: number
  }): SecurityUser => ({
    accountId: u.accountId,
    userName: u.name,
    userId: u.id,
    path: u.path,
    arn: u.arn,
    createDate: new Date(u.createdAt),
  })
  return {
    async findUser(accountId, userName) {
      const user = await iam.getUser(accountId, userName)
      return user && out(user)
    },
    async findUserById(accountId, userId) {
      const user = await iam.getUserById(userId)
      return user?.accountId === accountId ? out(user) : undefined
    },
  }
}
