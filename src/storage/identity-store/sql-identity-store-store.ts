import type { Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import type {
  GroupPatch,
  GroupRecord,
  IdentityStoreStore,
  MembershipRecord,
  UserCredentialRecord,
  UserPatch,
  UserRecord,
} from '../../domain/identity-center/identity-store/index.ts'
import { StoreError } from '../../domain/common/store-error.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction, readKeysetPage, withStoreErrors } from '../sql/index.ts'
import {
  fromGroup,
  fromMembership,
  fromUser,
  nameKey,
  toCredential,
  toGroup,
  toMembership,
  toUser,
} from './identity-store-rows.ts'
import type { IdentityStoreSchema } from './identity-store-schema.ts'
import { IDENTITY_STORE_UNIQUE_CONSTRAINTS } from './identity-store-unique-constraints.ts'

type Db = Kysely<IdentityStoreSchema>

/**
 * The identity store over Kysely, in SQL that SQLite and PostgreSQL both run unchanged. Lists
 * page by keyset on the id; names are matched through their lowercased `*_key` columns.
 *
 * @example
 * const store = new SqlIdentityStoreStore(openDatabase(url, dataDir).db)
 */
export class SqlIdentityStoreStore implements IdentityStoreStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  /** Runs a write, turning constraint violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>, onForeignKey?: StoreError): Promise<T> {
    return withStoreErrors(IDENTITY_STORE_UNIQUE_CONSTRAINTS, fn, onForeignKey)
  }

  /** Runs `fn` in a transaction (or in the current one). */
  #tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, fn)
  }

  // Users

  async createUser(user: UserRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('ids_user').values(fromUser(user)).execute())
  }

  async getUser(identityStoreId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.#db
      .selectFrom('ids_user')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row && toUser(row)
  }

  async findUserByName(identityStoreId: string, userName: string) {
    const row = await this.#db
      .selectFrom('ids_user')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('user_name_key', '=', nameKey(userName))
      .executeTakeFirst()
    return row && toUser(row)
  }

  async updateUser(identityStoreId: string, userId: string, patch: UserPatch) {
    const set = {
      ...(patch.userName === undefined
        ? {}
        : { user_name: patch.userName, user_name_key: nameKey(patch.userName) }),
      ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      ...(patch.attributes === undefined ? {} : { attributes: JSON.stringify(patch.attributes) }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
      ...(patch.externalId === undefined ? {} : { external_id: patch.externalId }),
      updated_at: patch.updatedAt,
      updated_by: patch.updatedBy,
    }
    await this.#write(() =>
      this.#db
        .updateTable('ids_user')
        .set(set)
        .where('identity_store_id', '=', identityStoreId)
        .where('user_id', '=', userId)
        .execute(),
    )
    return this.getUser(identityStoreId, userId)
  }

  async deleteUser(identityStoreId: string, userId: string): Promise<boolean> {
    // Memberships and credentials go with the user (on delete cascade).
    const result = await this.#db
      .deleteFrom('ids_user')
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  listUsers(
    identityStoreId: string,
    filter: { readonly userName?: string },
    page?: PageRequest,
  ): Promise<Page<UserRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('ids_user')
        .selectAll()
        .where('identity_store_id', '=', identityStoreId)
        .$if(filter.userName !== undefined, (qb) =>
          qb.where('user_name_key', '=', nameKey(filter.userName!)),
        ),
      'user_id',
      toUser,
    )
  }

  // Groups

  async createGroup(group: GroupRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('ids_group').values(fromGroup(group)).execute())
  }

  async getGroup(identityStoreId: string, groupId: string): Promise<GroupRecord | undefined> {
    const row = await this.#db
      .selectFrom('ids_group')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('group_id', '=', groupId)
      .executeTakeFirst()
    return row && toGroup(row)
  }

  async findGroupByName(identityStoreId: string, displayName: string) {
    const row = await this.#db
      .selectFrom('ids_group')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('display_name_key', '=', nameKey(displayName))
      .executeTakeFirst()
    return row && toGroup(row)
  }

  async updateGroup(identityStoreId: string, groupId: string, patch: GroupPatch) {
    const set = {
      ...(patch.displayName === undefined
        ? {}
        : { display_name: patch.displayName, display_name_key: nameKey(patch.displayName) }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      updated_at: patch.updatedAt,
      updated_by: patch.updatedBy,
    }
    await this.#write(() =>
      this.#db
        .updateTable('ids_group')
        .set(set)
        .where('identity_store_id', '=', identityStoreId)
        .where('group_id', '=', groupId)
        .execute(),
    )
    return this.getGroup(identityStoreId, groupId)
  }

  async deleteGroup(identityStoreId: string, groupId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('ids_group')
      .where('identity_store_id', '=', identityStoreId)
      .where('group_id', '=', groupId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  listGroups(
    identityStoreId: string,
    filter: { readonly displayName?: string },
    page?: PageRequest,
  ): Promise<Page<GroupRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('ids_group')
        .selectAll()
        .where('identity_store_id', '=', identityStoreId)
        .$if(filter.displayName !== undefined, (qb) =>
          qb.where('display_name_key', '=', nameKey(filter.displayName!)),
        ),
      'group_id',
      toGroup,
    )
  }

  // Memberships

  async createMembership(membership: MembershipRecord): Promise<void> {
    await this.#write(
      () => this.#db.insertInto('ids_membership').values(fromMembership(membership)).execute(),
      new StoreError('ReferenceNotFound', 'membership.reference'),
    )
  }

  async getMembership(identityStoreId: string, membershipId: string) {
    const row = await this.#db
      .selectFrom('ids_membership')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('membership_id', '=', membershipId)
      .executeTakeFirst()
    return row && toMembership(row)
  }

  async findMembership(identityStoreId: string, groupId: string, userId: string) {
    const row = await this.#db
      .selectFrom('ids_membership')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row && toMembership(row)
  }

  async deleteMembership(identityStoreId: string, membershipId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('ids_membership')
      .where('identity_store_id', '=', identityStoreId)
      .where('membership_id', '=', membershipId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  listMembershipsOfGroup(identityStoreId: string, groupId: string, page?: PageRequest) {
    return this.#memberships(identityStoreId, 'group_id', groupId, page)
  }

  listMembershipsOfUser(identityStoreId: string, userId: string, page?: PageRequest) {
    return this.#memberships(identityStoreId, 'user_id', userId, page)
  }

  #memberships(
    identityStoreId: string,
    column: 'group_id' | 'user_id',
    id: string,
    page: PageRequest | undefined,
  ): Promise<Page<MembershipRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('ids_membership')
        .selectAll()
        .where('identity_store_id', '=', identityStoreId)
        .where(column, '=', id),
      'membership_id',
      toMembership,
    )
  }

  async groupIdsOfUser(identityStoreId: string, userId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('ids_membership')
      .select('group_id')
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .orderBy('group_id')
      .execute()
    return rows.map((r) => r.group_id)
  }

  // Credentials

  async getCredentials(
    identityStoreId: string,
    userId: string,
  ): Promise<UserCredentialRecord | undefined> {
    const row = await this.#db
      .selectFrom('ids_user_credential')
      .selectAll()
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row && toCredential(row)
  }

  /** Inserts the user's empty credential row unless it exists; ReferenceNotFound for no user. */
  async #ensureCredentials(db: Db, identityStoreId: string, userId: string): Promise<void> {
    await this.#write(
      () =>
        db
          .insertInto('ids_user_credential')
          .values({
            identity_store_id: identityStoreId,
            user_id: userId,
            password_hash: null,
            sealed_seed: null,
            pending_seed: null,
            last_step: null,
            failed_attempts: 0,
            locked_until: null,
          })
          .onConflict((oc) => oc.columns(['identity_store_id', 'user_id']).doNothing())
          .execute(),
      new StoreError('ReferenceNotFound', 'user.userId'),
    )
  }

  /** Ensures the row, then applies `set` to it. */
  async #updateCredentials(
    identityStoreId: string,
    userId: string,
    set: Partial<Omit<IdentityStoreSchema['ids_user_credential'], 'identity_store_id' | 'user_id'>>,
  ): Promise<void> {
    await this.#tx(async (db) => {
      await this.#ensureCredentials(db, identityStoreId, userId)
      await db
        .updateTable('ids_user_credential')
        .set(set)
        .where('identity_store_id', '=', identityStoreId)
        .where('user_id', '=', userId)
        .execute()
    })
  }

  setPasswordHash(identityStoreId: string, userId: string, passwordHash: string) {
    return this.#updateCredentials(identityStoreId, userId, { password_hash: passwordHash })
  }

  setPendingSeed(identityStoreId: string, userId: string, sealedSeed: string) {
    return this.#updateCredentials(identityStoreId, userId, { pending_seed: sealedSeed })
  }

  async confirmSeed(
    identityStoreId: string,
    userId: string,
    pendingSeed: string,
    step: number,
  ): Promise<boolean> {
    // One conditional UPDATE: of two confirmations with the same pending seed, one wins.
    const result = await this.#db
      .updateTable('ids_user_credential')
      .set({ sealed_seed: pendingSeed, pending_seed: null, last_step: step })
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .where('pending_seed', '=', pendingSeed)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async useStep(identityStoreId: string, userId: string, step: number): Promise<boolean> {
    // One conditional UPDATE: the database serialises concurrent uses of the same step.
    const result = await this.#db
      .updateTable('ids_user_credential')
      .set({ last_step: step })
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .where('sealed_seed', 'is not', null)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async addFailedAttempt(identityStoreId: string, userId: string): Promise<number> {
    return this.#tx(async (db) => {
      await this.#ensureCredentials(db, identityStoreId, userId)
      await db
        .updateTable('ids_user_credential')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('identity_store_id', '=', identityStoreId)
        .where('user_id', '=', userId)
        .execute()
      const row = await db
        .selectFrom('ids_user_credential')
        .select('failed_attempts')
        .where('identity_store_id', '=', identityStoreId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
      return Number(row.failed_attempts)
    })
  }

  async setLockedUntil(identityStoreId: string, userId: string, lockedUntil: number | null) {
    await this.#updateCredentials(identityStoreId, userId, { locked_until: lockedUntil })
  }

  async clearFailedAttempts(identityStoreId: string, userId: string): Promise<void> {
    await this.#db
      .updateTable('ids_user_credential')
      .set({ failed_attempts: 0, locked_until: null })
      .where('identity_store_id', '=', identityStoreId)
      .where('user_id', '=', userId)
      .execute()
  }
}
