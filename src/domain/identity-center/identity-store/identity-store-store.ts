/**
 * The storage port of the identity store. Implementations raise `StoreError`:
 * `AlreadyExists` on `user.userName`, `group.displayName` or `membership.member` (names are
 * unique per identity store, case-insensitively), and `InvalidNextToken` for a token they did
 * not issue.
 */
import type { Page, PageRequest } from '../../common/page.ts'
import type {
  GroupPatch,
  GroupRecord,
  MembershipRecord,
  UserCredentialRecord,
  UserPatch,
  UserRecord,
} from './identity-store-records.ts'

/** Users, groups and memberships of identity stores, and users' credentials. */
export interface IdentityStoreStore {
  createUser(user: UserRecord): Promise<void>
  getUser(identityStoreId: string, userId: string): Promise<UserRecord | undefined>
  /** By user name, case-insensitively. */
  findUserByName(identityStoreId: string, userName: string): Promise<UserRecord | undefined>
  /** The user after the change, or undefined when there is no such user. */
  updateUser(
    identityStoreId: string,
    userId: string,
    patch: UserPatch,
  ): Promise<UserRecord | undefined>
  /** Deletes the user, its memberships and its credentials; false when there was none. */
  deleteUser(identityStoreId: string, userId: string): Promise<boolean>
  /** Users by id; only the one named `userName` (case-insensitively) when given. */
  listUsers(
    identityStoreId: string,
    filter: { readonly userName?: string },
    page?: PageRequest,
  ): Promise<Page<UserRecord>>

  createGroup(group: GroupRecord): Promise<void>
  getGroup(identityStoreId: string, groupId: string): Promise<GroupRecord | undefined>
  /** By display name, case-insensitively. */
  findGroupByName(identityStoreId: string, displayName: string): Promise<GroupRecord | undefined>
  updateGroup(
    identityStoreId: string,
    groupId: string,
    patch: GroupPatch,
  ): Promise<GroupRecord | undefined>
  /** Deletes the group and its memberships; false when there was none. */
  deleteGroup(identityStoreId: string, groupId: string): Promise<boolean>
  listGroups(
    identityStoreId: string,
    filter: { readonly displayName?: string },
    page?: PageRequest,
  ): Promise<Page<GroupRecord>>

  /** `AlreadyExists` on `membership.member` when the user is in the group already. */
  createMembership(membership: MembershipRecord): Promise<void>
  getMembership(
    identityStoreId: string,
    membershipId: string,
  ): Promise<MembershipRecord | undefined>
  findMembership(
    identityStoreId: string,
    groupId: string,
    userId: string,
  ): Promise<MembershipRecord | undefined>
  deleteMembership(identityStoreId: string, membershipId: string): Promise<boolean>
  listMembershipsOfGroup(
    identityStoreId: string,
    groupId: string,
    page?: PageRequest,
  ): Promise<Page<MembershipRecord>>
  listMembershipsOfUser(
    identityStoreId: string,
    userId: string,
    page?: PageRequest,
  ): Promise<Page<MembershipRecord>>
  /** Every group id the user belongs to. */
  groupIdsOfUser(identityStoreId: string, userId: string): Promise<string[]>

  getCredentials(identityStoreId: string, userId: string): Promise<UserCredentialRecord | undefined>
  /** Sets the password hash (creating the credential row when needed). */
  setPasswordHash(identityStoreId: string, userId: string, passwordHash: string): Promise<void>
  /** Sets the pending TOTP seed, replacing any earlier pending one. */
  setPendingSeed(identityStoreId: string, userId: string, sealedSeed: string): Promise<void>
  /**
   * Makes the pending seed the active one with `step` as the last used step, if the pending seed
   * is still `pendingSeed` (one atomic conditional update); false otherwise.
   */
  confirmSeed(
    identityStoreId: string,
    userId: string,
    pendingSeed: string,
    step: number,
  ): Promise<boolean>
  /** Records `step` as used if it is later than the last used one (atomically); false otherwise. */
  useStep(identityStoreId: string, userId: string, step: number): Promise<boolean>
  /** Adds one failed attempt (atomically) and returns the new count. */
  addFailedAttempt(identityStoreId: string, userId: string): Promise<number>
  setLockedUntil(identityStoreId: string, userId: string, lockedUntil: number | null): Promise<void>
  /** Zero failed attempts, no lock. */
  clearFailedAttempts(identityStoreId: string, userId: string): Promise<void>
}
