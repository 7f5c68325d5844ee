import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { StoreError } from '../../domain/common/store-error.ts'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import type {
  AccessKeyStatus,
  EntityRef,
  EntityType,
  GroupRecord,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyEntityRecord,
  PolicyVersionRecord,
  RoleRecord,
  StoredAccessKey,
  TagRecord,
  UserRecord,
} from '../../domain/iam/iam-records.ts'
import type {
  AccessKeyUse,
  IamStore,
  NewManagedPolicy,
  PathFilter,
  RenamePatch,
  RolePatch,
} from '../../domain/iam/iam-store.ts'
import { ambient, inTransaction, readKeysetPage, readPage, withStoreErrors } from '../sql/index.ts'
import type { Schema } from '../schema.ts'
import {
  fromGroup,
  fromRole,
  fromUser,
  nameKey,
  toAccessKey,
  toEntityType,
  toGroup,
  toPolicyVersion,
  toRole,
  toUser,
} from './iam-rows.ts'
import type { IamSchema } from './iam-schema.ts'
import { IAM_UNIQUE_CONSTRAINTS } from './iam-unique-constraints.ts'

type Db = Kysely<IamSchema>

/** `substr(column, 1, n) = prefix`: a prefix test without LIKE's wildcards, on both databases. */
function startsWith(column: string, prefix: string) {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${sql.lit(prefix.length)}) = ${prefix}`
}

/** `entity_type || '/' || name_key`: the paging key of ListEntitiesForPolicy. */
const ENTITY_KEY = sql<string>`${sql.ref('a.entity_type')} || '/' || ${sql.ref('e.name_key')}`

/**
 * The IAM store over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const store = new SqlIamStore(openDatabase(url, dataDir).db)
 */
export class SqlIamStore implements IamStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction. */
  constructor(db: Kysely<Schema> | Kysely<IamSchema>) {
    this.#root = db as unknown as Db
  }

  async transaction<T>(fn: (store: IamStore) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (trx) => fn(new SqlIamStore(trx)))
  }

  /** Runs `fn` atomically: in the current transaction, or in a new one. */
  #atomic<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, fn)
  }

  /** Runs a write, turning constraint violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>, onForeignKey?: StoreError): Promise<T> {
    return withStoreErrors(IAM_UNIQUE_CONSTRAINTS, fn, onForeignKey)
  }

  /** Removes what refers to an entity by id without a foreign key. */
  async #deleteDependents(db: Db, id: string): Promise<void> {
    await db.deleteFrom('iam_inline_policy').where('entity_id', '=', id).execute()
    await db.deleteFrom('iam_policy_attachment').where('entity_id', '=', id).execute()
    await db.deleteFrom('iam_tag').where('resource_id', '=', id).execute()
  }

  // Users

  async createUser(user: UserRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('iam_user').values(fromUser(user)).execute())
  }

  async getUser(accountId: string, name: string): Promise<UserRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_user')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst()
    return row && toUser(row)
  }

  async getUserById(id: string): Promise<UserRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_user')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toUser(row)
  }

  async listUsers(
    accountId: string,
    filter: PathFilter = {},
    page?: PageRequest,
  ): Promise<Page<UserRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_user')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(filter.pathPrefix !== undefined, (qb) =>
          qb.where(startsWith('path', filter.pathPrefix!)),
        ),
      'name_key',
      toUser,
    )
  }

  async updateUser(
    accountId: string,
    name: string,
    patch: RenamePatch,
  ): Promise<UserRecord | undefined> {
    const current = await this.getUser(accountId, name)
    if (current === undefined) return undefined
    const next = renamed(current, patch, 'user')
    const row = await this.#write(() =>
      this.#db
        .updateTable('iam_user')
        .set({ name: next.name, name_key: nameKey(next.name), path: next.path, arn: next.arn })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirst(),
    )
    return row && toUser(row)
  }

  async setUserPermissionsBoundary(
    accountId: string,
    name: string,
    arn: string | null,
  ): Promise<UserRecord | undefined> {
    const row = await this.#db
      .updateTable('iam_user')
      .set({ permissions_boundary_arn: arn })
      .where('account_id', '=', accountId)
      .where('name_key', '=', nameKey(name))
      .returningAll()
      .executeTakeFirst()
    return row && toUser(row)
  }

  async deleteUser(accountId: string, name: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      const user = await new SqlIamStore(db).getUser(accountId, name)
      if (user === undefined) return false
      await this.#deleteDependents(db, user.id)
      await db.deleteFrom('iam_group_member').where('user_id', '=', user.id).execute()
      await db.deleteFrom('iam_access_key').where('user_id', '=', user.id).execute()
      await db.deleteFrom('iam_user').where('id', '=', user.id).execute()
      return true
    })
  }

  // Groups

  async createGroup(group: GroupRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('iam_group').values(fromGroup(group)).execute())
  }

  async getGroup(accountId: string, name: string): Promise<GroupRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_group')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst()
    return row && toGroup(row)
  }

  async listGroups(
    accountId: string,
    filter: PathFilter = {},
    page?: PageRequest,
  ): Promise<Page<GroupRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_group')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(filter.pathPrefix !== undefined, (qb) =>
          qb.where(startsWith('path', filter.pathPrefix!)),
        ),
      'name_key',
      toGroup,
    )
  }

  async updateGroup(
    accountId: string,
    name: string,
    patch: RenamePatch,
  ): Promise<GroupRecord | undefined> {
    const current = await this.getGroup(accountId, name)
    if (current === undefined) return undefined
    const next = renamed(current, patch, 'group')
    const row = await this.#write(() =>
      this.#db
        .updateTable('iam_group')
        .set({ name: next.name, name_key: nameKey(next.name), path: next.path, arn: next.arn })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirst(),
    )
    return row && toGroup(row)
  }

  async deleteGroup(accountId: string, name: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      const group = await new SqlIamStore(db).getGroup(accountId, name)
      if (group === undefined) return false
      await this.#deleteDependents(db, group.id)
      await db.deleteFrom('iam_group_member').where('group_id', '=', group.id).execute()
      await db.deleteFrom('iam_group').where('id', '=', group.id).execute()
      return true
    })
  }

  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('iam_group_member')
          .values({ group_id: groupId, user_id: userId })
          .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
          .execute(),
      new StoreError('ReferenceNotFound', 'groupMember.id'),
    )
  }

  async removeUserFromGroup(groupId: string, userId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_group_member')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async listGroupsForUser(userId: string, page?: PageRequest): Promise<Page<GroupRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_group_member as m')
        .innerJoin('iam_group as g', 'g.id', 'm.group_id')
        .selectAll('g')
        .where('m.user_id', '=', userId),
      'g.name_key',
      toGroup,
    )
  }

  async listUsersInGroup(groupId: string, page?: PageRequest): Promise<Page<UserRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_group_member as m')
        .innerJoin('iam_user as u', 'u.id', 'm.user_id')
        .selectAll('u')
        .where('m.group_id', '=', groupId),
      'u.name_key',
      toUser,
    )
  }

  // Roles

  async createRole(role: RoleRecord): Promise<void> {
    await this.#write(() => this.#db.insertInto('iam_role').values(fromRole(role)).execute())
  }

  async getRole(accountId: string, name: string): Promise<RoleRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_role')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst()
    return row && toRole(row)
  }

  async listRoles(
    accountId: string,
    filter: PathFilter = {},
    page?: PageRequest,
  ): Promise<Page<RoleRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_role')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(filter.pathPrefix !== undefined, (qb) =>
          qb.where(startsWith('path', filter.pathPrefix!)),
        ),
      'name_key',
      toRole,
    )
  }

  async updateRole(
    accountId: string,
    name: string,
    patch: RolePatch,
  ): Promise<RoleRecord | undefined> {
    const set = {
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.maxSessionDuration === undefined
        ? {}
        : { max_session_duration: patch.maxSessionDuration }),
      ...(patch.trustPolicy === undefined ? {} : { trust_policy: patch.trustPolicy }),
      ...(patch.permissionsBoundaryArn === undefined
        ? {}
        : { permissions_boundary_arn: patch.permissionsBoundaryArn }),
      ...(patch.lastUsedAt === undefined ? {} : { last_used_at: patch.lastUsedAt }),
      ...(patch.lastUsedRegion === undefined ? {} : { last_used_region: patch.lastUsedRegion }),
    }
    if (Object.keys(set).length === 0) return this.getRole(accountId, name)
    const row = await this.#db
      .updateTable('iam_role')
      .set(set)
      .where('account_id', '=', accountId)
      .where('name_key', '=', nameKey(name))
      .returningAll()
      .executeTakeFirst()
    return row && toRole(row)
  }

  async deleteRole(accountId: string, name: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      const role = await new SqlIamStore(db).getRole(accountId, name)
      if (role === undefined) return false
      await this.#deleteDependents(db, role.id)
      await db.deleteFrom('iam_role').where('id', '=', role.id).execute()
      return true
    })
  }

  // Inline policies

  async putInlinePolicy(entity: EntityRef, policy: InlinePolicyRecord): Promise<void> {
    await this.#db
      .insertInto('iam_inline_policy')
      .values({
        entity_id: entity.id,
        entity_type: entity.type,
        policy_name: policy.name,
        document: policy.document,
      })
      .onConflict((oc) =>
        oc.columns(['entity_id', 'policy_name']).doUpdateSet({ document: policy.document }),
      )
      .execute()
  }

  async getInlinePolicy(entity: EntityRef, name: string): Promise<InlinePolicyRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_inline_policy')
      .select(['policy_name', 'document'])
      .where('entity_id', '=', entity.id)
      .where('policy_name', '=', name)
      .executeTakeFirst()
    return row && { name: row.policy_name, document: row.document }
  }

  async deleteInlinePolicy(entity: EntityRef, name: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_inline_policy')
      .where('entity_id', '=', entity.id)
      .where('policy_name', '=', name)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async listInlinePolicyNames(entity: EntityRef, page?: PageRequest): Promise<Page<string>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_inline_policy')
        .select('policy_name')
        .where('entity_id', '=', entity.id),
      'policy_name',
      (row) => row.policy_name,
    )
  }

  async listInlinePolicies(entity: EntityRef): Promise<InlinePolicyRecord[]> {
    const rows = await this.#db
      .selectFrom('iam_inline_policy')
      .select(['policy_name', 'document'])
      .where('entity_id', '=', entity.id)
      .orderBy('policy_name')
      .execute()
    return rows.map((row) => ({ name: row.policy_name, document: row.document }))
  }

  // Customer managed policies

  #policyColumns(db: Db) {
    return db
      .selectFrom('iam_managed_policy as p')
      .selectAll('p')
      .select((eb) => [
        eb
          .selectFrom('iam_policy_attachment as a')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('a.policy_arn', '=', 'p.arn')
          .whereRef('a.account_id', '=', 'p.account_id')
          .as('attachment_count'),
        eb
          .selectFrom('iam_user as u')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('u.permissions_boundary_arn', '=', 'p.arn')
          .as('user_boundary_count'),
        eb
          .selectFrom('iam_role as r')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('r.permissions_boundary_arn', '=', 'p.arn')
          .as('role_boundary_count'),
      ])
  }

  async createManagedPolicy(policy: NewManagedPolicy): Promise<ManagedPolicyRecord> {
    await this.#atomic(async (db) => {
      await this.#write(() =>
        db
          .insertInto('iam_managed_policy')
          .values({
            id: policy.id,
            account_id: policy.accountId,
            name: policy.name,
            name_key: nameKey(policy.name),
            path: policy.path,
            arn: policy.arn,
            description: policy.description,
            default_version_id: 'v1',
            last_version_number: 1,
            created_at: policy.createdAt,
            updated_at: policy.createdAt,
          })
          .execute(),
      )
      await db
        .insertInto('iam_policy_version')
        .values({
          policy_id: policy.id,
          version_id: 'v1',
          version_number: 1,
          document: policy.document,
          created_at: policy.createdAt,
        })
        .execute()
    })
    return {
      accountId: policy.accountId,
      id: policy.id,
      name: policy.name,
      path: policy.path,
      arn: policy.arn,
      description: policy.description,
      defaultVersionId: 'v1',
      createdAt: policy.createdAt,
      updatedAt: policy.createdAt,
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
    }
  }

  async getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined> {
    const row = await this.#policyColumns(this.#db).where('p.arn', '=', arn).executeTakeFirst()
    return row && toManagedPolicy(row)
  }

  async listManagedPolicies(
    accountId: string,
    filter: PathFilter & { readonly onlyAttached?: boolean } = {},
    page?: PageRequest,
  ): Promise<Page<ManagedPolicyRecord>> {
    return readKeysetPage(
      page,
      this.#policyColumns(this.#db)
        .where('p.account_id', '=', accountId)
        .$if(filter.pathPrefix !== undefined, (qb) =>
          qb.where(startsWith('path', filter.pathPrefix!)),
        )
        .$if(filter.onlyAttached === true, (qb) =>
          qb.where((eb) =>
            eb.exists(
              eb
                .selectFrom('iam_policy_attachment as x')
                .select('x.entity_id')
                .whereRef('x.policy_arn', '=', 'p.arn'),
            ),
          ),
        ),
      'p.name_key',
      toManagedPolicy,
    )
  }

  async deleteManagedPolicy(arn: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      const row = await db
        .selectFrom('iam_managed_policy')
        .select('id')
        .where('arn', '=', arn)
        .executeTakeFirst()
      if (row === undefined) return false
      await db.deleteFrom('iam_tag').where('resource_id', '=', row.id).execute()
      await db.deleteFrom('iam_policy_version').where('policy_id', '=', row.id).execute()
      await db.deleteFrom('iam_managed_policy').where('id', '=', row.id).execute()
      return true
    })
  }

  async createPolicyVersion(
    arn: string,
    document: string,
    setAsDefault: boolean,
    at: number,
  ): Promise<PolicyVersionRecord | undefined> {
    return this.#atomic(async (db) => {
      const policy = await db
        .updateTable('iam_managed_policy')
        .set((eb) => ({ last_version_number: eb('last_version_number', '+', 1) }))
        .where('arn', '=', arn)
        .returning(['id', 'last_version_number'])
        .executeTakeFirst()
      if (policy === undefined) return undefined
      const number = Number(policy.last_version_number)
      const versionId = `v${number}`
      await db
        .insertInto('iam_policy_version')
        .values({
          policy_id: policy.id,
          version_id: versionId,
          version_number: number,
          document,
          created_at: at,
        })
        .execute()
      if (setAsDefault) {
        await db
          .updateTable('iam_managed_policy')
          .set({ default_version_id: versionId, updated_at: at })
          .where('id', '=', policy.id)
          .execute()
      }
      return { versionId, document, isDefault: setAsDefault, createdAt: at }
    })
  }

  async getPolicyVersion(arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_policy_version as v')
      .innerJoin('iam_managed_policy as p', 'p.id', 'v.policy_id')
      .selectAll('v')
      .select('p.default_version_id')
      .where('p.arn', '=', arn)
      .where('v.version_id', '=', versionId)
      .executeTakeFirst()
    return row && toPolicyVersion(row, row.default_version_id)
  }

  async listPolicyVersions(arn: string): Promise<PolicyVersionRecord[]> {
    const rows = await this.#db
      .selectFrom('iam_policy_version as v')
      .innerJoin('iam_managed_policy as p', 'p.id', 'v.policy_id')
      .selectAll('v')
      .select('p.default_version_id')
      .where('p.arn', '=', arn)
      .orderBy('v.version_number', 'desc')
      .execute()
    return rows.map((row) => toPolicyVersion(row, row.default_version_id))
  }

  async deletePolicyVersion(arn: string, versionId: string): Promise<boolean> {
    const policy = await this.#db
      .selectFrom('iam_managed_policy')
      .select('id')
      .where('arn', '=', arn)
      .executeTakeFirst()
    if (policy === undefined) return false
    const result = await this.#db
      .deleteFrom('iam_policy_version')
      .where('policy_id', '=', policy.id)
      .where('version_id', '=', versionId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async setDefaultPolicyVersion(arn: string, versionId: string, at: number): Promise<boolean> {
    const version = await this.getPolicyVersion(arn, versionId)
    if (version === undefined) return false
    await this.#db
      .updateTable('iam_managed_policy')
      .set({ default_version_id: versionId, updated_at: at })
      .where('arn', '=', arn)
      .execute()
    return true
  }

  // Attachments

  async attachPolicy(accountId: string, entity: EntityRef, policyArn: string): Promise<void> {
    await this.#db
      .insertInto('iam_policy_attachment')
      .values({
        entity_id: entity.id,
        policy_arn: policyArn,
        account_id: accountId,
        entity_type: entity.type,
      })
      .onConflict((oc) => oc.columns(['entity_id', 'policy_arn']).doNothing())
      .execute()
  }

  async detachPolicy(entity: EntityRef, policyArn: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_policy_attachment')
      .where('entity_id', '=', entity.id)
      .where('policy_arn', '=', policyArn)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async listAttachedPolicyArns(entity: EntityRef, page?: PageRequest): Promise<Page<string>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_policy_attachment')
        .select('policy_arn')
        .where('entity_id', '=', entity.id),
      'policy_arn',
      (row) => row.policy_arn,
    )
  }

  async listEntitiesForPolicy(
    accountId: string,
    policyArn: string,
    filter: PathFilter & { readonly entityType?: EntityType } = {},
    page?: PageRequest,
  ): Promise<Page<PolicyEntityRecord>> {
    const entities = this.#db
      .selectFrom('iam_user')
      .select(['id', 'name', 'name_key', 'path', sql.lit('user').as('type')])
      .unionAll((eb) =>
        eb
          .selectFrom('iam_group')
          .select(['id', 'name', 'name_key', 'path', sql.lit('group').as('type')]),
      )
      .unionAll((eb) =>
        eb
          .selectFrom('iam_role')
          .select(['id', 'name', 'name_key', 'path', sql.lit('role').as('type')]),
      )
    return readPage(
      page,
      (after, limit) =>
        this.#db
          .selectFrom('iam_policy_attachment as a')
          .innerJoin(entities.as('e'), 'e.id', 'a.entity_id')
          .select(['e.id', 'e.name', 'e.path', 'a.entity_type', 'e.name_key'])
          .select(ENTITY_KEY.as('k'))
          .where('a.account_id', '=', accountId)
          .where('a.policy_arn', '=', policyArn)
          .$if(filter.entityType !== undefined, (qb) =>
            qb.where('a.entity_type', '=', filter.entityType!),
          )
          .$if(filter.pathPrefix !== undefined, (qb) =>
            qb.where(startsWith('e.path', filter.pathPrefix!)),
          )
          .$if(after !== undefined, (qb) => qb.where(sql<boolean>`${ENTITY_KEY} > ${after!}`))
          .orderBy('a.entity_type')
          .orderBy('e.name_key')
          .limit(limit)
          .execute(),
      (row) => row.k,
      (row) => ({
        type: toEntityType(row.entity_type),
        id: row.id,
        name: row.name,
        path: row.path,
      }),
    )
  }

  async countAttachments(accountId: string, policyArn: string): Promise<number> {
    const row = await this.#db
      .selectFrom('iam_policy_attachment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('policy_arn', '=', policyArn)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async countBoundaryUses(accountId: string, policyArn: string): Promise<number> {
    const row = await this.#db
      .selectFrom('iam_user')
      .select('id')
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', '=', policyArn)
      .unionAll((eb) =>
        eb
          .selectFrom('iam_role')
          .select('id')
          .where('account_id', '=', accountId)
          .where('permissions_boundary_arn', '=', policyArn),
      )
      .execute()
    return row.length
  }

  async listAttachedPolicyArnsInAccount(accountId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('iam_policy_attachment')
      .select('policy_arn')
      .distinct()
      .where('account_id', '=', accountId)
      .orderBy('policy_arn')
      .execute()
    return rows.map((row) => row.policy_arn)
  }

  // Access keys

  async createAccessKey(key: Omit<StoredAccessKey, 'userName'>): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('iam_access_key')
          .values({
            access_key_id: key.accessKeyId,
            account_id: key.accountId,
            user_id: key.userId,
            sealed_secret: key.sealedSecret,
            status: key.status,
            created_at: key.createdAt,
            last_used_at: key.lastUsedAt,
            last_used_region: key.lastUsedRegion,
            last_used_service: key.lastUsedService,
          })
          .execute(),
      new StoreError('ReferenceNotFound', 'user.id'),
    )
  }

  #accessKeys(db: Db) {
    return db
      .selectFrom('iam_access_key as k')
      .leftJoin('iam_user as u', 'u.id', 'k.user_id')
      .selectAll('k')
      .select('u.name as user_name')
  }

  async getAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const row = await this.#accessKeys(this.#db)
      .where('k.access_key_id', '=', accessKeyId)
      .executeTakeFirst()
    return row && toAccessKey(row)
  }

  async listAccessKeys(
    accountId: string,
    userId: string | null,
    page?: PageRequest,
  ): Promise<Page<StoredAccessKey>> {
    return readKeysetPage(
      page,
      this.#accessKeys(this.#db)
        .where('k.account_id', '=', accountId)
        .where('k.user_id', userId === null ? 'is' : '=', userId),
      'k.access_key_id',
      toAccessKey,
    )
  }

  async updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean> {
    const result = await this.#db
      .updateTable('iam_access_key')
      .set({ status })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async recordAccessKeyUse(accessKeyId: string, use: AccessKeyUse): Promise<void> {
    await this.#db
      .updateTable('iam_access_key')
      .set({ last_used_at: use.at, last_used_region: use.region, last_used_service: use.service })
      .where('access_key_id', '=', accessKeyId)
      .execute()
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_access_key')
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // Tags

  async tagResource(resourceId: string, tags: readonly TagRecord[]): Promise<void> {
    const byKey = new Map(tags.map((tag) => [tag.key.toLowerCase(), tag]))
    if (byKey.size === 0) return
    await this.#db
      .insertInto('iam_tag')
      .values(
        [...byKey].map(([lower, tag]) => ({
          resource_id: resourceId,
          key_lower: lower,
          tag_key: tag.key,
          tag_value: tag.value,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['resource_id', 'key_lower']).doUpdateSet((eb) => ({
          tag_key: eb.ref('excluded.tag_key'),
          tag_value: eb.ref('excluded.tag_value'),
        })),
      )
      .execute()
  }

  async untagResource(resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.#db
      .deleteFrom('iam_tag')
      .where('resource_id', '=', resourceId)
      .where(
        'key_lower',
        'in',
        keys.map((k) => k.toLowerCase()),
      )
      .execute()
  }

  async listTags(resourceId: string, page?: PageRequest): Promise<Page<TagRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_tag')
        .select(['key_lower', 'tag_key', 'tag_value'])
        .where('resource_id', '=', resourceId),
      'key_lower',
      (row) => ({ key: row.tag_key, value: row.tag_value }),
    )
  }
}

/** The record after a rename or move, its ARN rebuilt. */
function renamed<T extends { name: string; path: string; arn: string }>(
  current: T,
  patch: RenamePatch,
  kind: 'user' | 'group',
): { name: string; path: string; arn: string } {
  const name = patch.name ?? current.name
  const path = patch.path ?? current.path
  const prefix = current.arn.slice(0, current.arn.indexOf(`:${kind}/`))
  return { name, path, arn: `${prefix}:${kind}${path}${name}` }
}

function toManagedPolicy(row: {
  id: string
  account_id: string
  name: string
  path: string
  arn: string
  description: string | null
  default_version_id: string
  created_at: number
  updated_at: number
  attachment_count: number | string | bigint | null
  user_boundary_count: number | string | bigint | null
  role_boundary_count: number | string | bigint | null
}): ManagedPolicyRecord {
  return {
    accountId: row.account_id,
    id: row.id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    description: row.description,
    defaultVersionId: row.default_version_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    attachmentCount: Number(row.attachment_count ?? 0),
    permissionsBoundaryUsageCount:
      Number(row.user_boundary_count ?? 0) + Number(row.role_boundary_count ?? 0),
  }
}
