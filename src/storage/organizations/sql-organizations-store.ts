import type { Kysely } from 'kysely'
import { StoreError } from '../../domain/organizations/index.ts'
import type {
  AccountPatch,
  AccountRecord,
  ChildType,
  CreateAccountState,
  CreateAccountStatusPatch,
  CreateAccountStatusRecord,
  EnabledPolicyTypeRecord,
  NodeRef,
  OrganizationRecord,
  OrganizationalUnitRecord,
  OrganizationsStore,
  Page,
  PageRequest,
  PolicyPatch,
  PolicyRecord,
  PolicySummary,
  PolicyTargetRecord,
  PolicyType,
  PolicyTypeStatus,
  RootRecord,
  TagRecord,
  TargetType,
} from '../../domain/organizations/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction, readKeysetPage, withStoreErrors } from '../sql/index.ts'
import {
  fromAccount,
  fromCreateAccountStatus,
  fromOrganization,
  fromOrganizationalUnit,
  fromPolicy,
  toAccount,
  toCreateAccountStatus,
  toOrganization,
  toOrganizationalUnit,
  toPolicy,
  toPolicySummary,
  toRoot,
} from './organizations-rows.ts'
import { ORGANIZATIONS_UNIQUE_CONSTRAINTS } from './organizations-unique-constraints.ts'

const POLICY_SUMMARY_COLUMNS = [
  'p.id',
  'p.organization_id',
  'p.arn',
  'p.policy_type',
  'p.name',
  'p.description',
  'p.aws_managed',
] as const

/**
 * The Organizations store over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const store = new SqlOrganizationsStore(openDatabase(url, dataDir).db)
 */
export class SqlOrganizationsStore implements OrganizationsStore {
  readonly #root: Kysely<Schema>

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Kysely<Schema> {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction. */
  constructor(db: Kysely<Schema>) {
    this.#root = db
  }

  async transaction<T>(fn: (store: OrganizationsStore) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (trx) => fn(new SqlOrganizationsStore(trx)))
  }

  /** Runs `fn` atomically: in the current transaction, or in a new one. */
  #atomic<T>(fn: (db: Kysely<Schema>) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, fn)
  }

  /** Runs a write, turning constraint violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>, onForeignKey?: StoreError): Promise<T> {
    return withStoreErrors(ORGANIZATIONS_UNIQUE_CONSTRAINTS, fn, onForeignKey)
  }

  // Organization

  async createOrganization(organization: OrganizationRecord): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto('org_organization').values(fromOrganization(organization)).execute(),
    )
  }

  async getOrganization(id: string): Promise<OrganizationRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_organization')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toOrganization(row)
  }

  async listOrganizations(): Promise<OrganizationRecord[]> {
    const rows = await this.#db
      .selectFrom('org_organization')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toOrganization)
  }

  async deleteOrganization(id: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      const nodes = [
        db.selectFrom('org_root').select('id').where('organization_id', '=', id),
        db.selectFrom('org_organizational_unit').select('id').where('organization_id', '=', id),
        db.selectFrom('org_account').select('id').where('organization_id', '=', id),
      ]
      const policies = db.selectFrom('org_policy').select('id').where('organization_id', '=', id)
      await db
        .deleteFrom('org_policy_attachment')
        .where((eb) =>
          eb.or([
            eb('policy_id', 'in', policies),
            ...nodes.map((ids) => eb('target_id', 'in', ids)),
          ]),
        )
        .execute()
      await db
        .deleteFrom('org_tag')
        .where((eb) =>
          eb.or([
            eb('resource_id', '=', id),
            eb('resource_id', 'in', policies),
            ...nodes.map((ids) => eb('resource_id', 'in', ids)),
          ]),
        )
        .execute()
      // Roots (with their enabled policy types), OUs, accounts, policies and CreateAccount
      // records go by ON DELETE CASCADE.
      const result = await db.deleteFrom('org_organization').where('id', '=', id).executeTakeFirst()
      return result.numDeletedRows > 0n
    })
  }

  // Roots

  async createRoot(root: RootRecord): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('org_root')
          .values({
            id: root.id,
            organization_id: root.organizationId,
            arn: root.arn,
            name: root.name,
          })
          .execute(),
      new StoreError('ReferenceNotFound', 'organization.id'),
    )
  }

  async getRoot(id: string): Promise<RootRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_root')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toRoot(row)
  }

  async listRoots(organizationId: string, page?: PageRequest): Promise<Page<RootRecord>> {
    return readKeysetPage(
      page,
      this.#db.selectFrom('org_root').selectAll().where('organization_id', '=', organizationId),
      'id',
      toRoot,
    )
  }

  // Organizational units

  async createOrganizationalUnit(ou: OrganizationalUnitRecord): Promise<void> {
    await this.#write(
      () =>
        this.#db.insertInto('org_organizational_unit').values(fromOrganizationalUnit(ou)).execute(),
      new StoreError('ReferenceNotFound', 'organization.id'),
    )
  }

  async getOrganizationalUnit(id: string): Promise<OrganizationalUnitRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_organizational_unit')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toOrganizationalUnit(row)
  }

  async listOrganizationalUnitsForParent(
    parentId: string,
    page?: PageRequest,
  ): Promise<Page<OrganizationalUnitRecord>> {
    return readKeysetPage(
      page,
      this.#db.selectFrom('org_organizational_unit').selectAll().where('parent_id', '=', parentId),
      'id',
      toOrganizationalUnit,
    )
  }

  async updateOrganizationalUnit(
    id: string,
    patch: { readonly name: string },
  ): Promise<OrganizationalUnitRecord | undefined> {
    const row = await this.#write(() =>
      this.#db
        .updateTable('org_organizational_unit')
        .set({ name: patch.name })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    )
    return row && toOrganizationalUnit(row)
  }

  async deleteOrganizationalUnit(id: string): Promise<boolean> {
    return this.#deleteNode('org_organizational_unit', id)
  }

  /** Deletes an OU or an account with the policy attachments and tags that name it. */
  #deleteNode(table: 'org_organizational_unit' | 'org_account', id: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      await db.deleteFrom('org_policy_attachment').where('target_id', '=', id).execute()
      await db.deleteFrom('org_tag').where('resource_id', '=', id).execute()
      const result = await db.deleteFrom(table).where('id', '=', id).executeTakeFirst()
      return result.numDeletedRows > 0n
    })
  }

  // Accounts

  async createAccount(account: AccountRecord): Promise<void> {
    await this.#write(
      () => this.#db.insertInto('org_account').values(fromAccount(account)).execute(),
      new StoreError('ReferenceNotFound', 'organization.id'),
    )
  }

  async getAccounts(ids: readonly string[]): Promise<AccountRecord[]> {
    if (ids.length === 0) return []
    const rows = await this.#db
      .selectFrom('org_account')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute()
    return rows.map(toAccount)
  }

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_account')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toAccount(row)
  }

  async findAccountByEmail(email: string): Promise<AccountRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_account')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst()
    return row && toAccount(row)
  }

  async listAccounts(organizationId: string, page?: PageRequest): Promise<Page<AccountRecord>> {
    return this.#listAccountsWhere('organization_id', organizationId, page)
  }

  async listAccountsForParent(parentId: string, page?: PageRequest): Promise<Page<AccountRecord>> {
    return this.#listAccountsWhere('parent_id', parentId, page)
  }

  async #listAccountsWhere(
    column: 'organization_id' | 'parent_id',
    value: string,
    page: PageRequest | undefined,
  ): Promise<Page<AccountRecord>> {
    return readKeysetPage(
      page,
      this.#db.selectFrom('org_account').selectAll().where(column, '=', value),
      'id',
      toAccount,
    )
  }

  async updateAccount(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const set = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.email === undefined ? {} : { email: patch.email }),
      ...(patch.status === undefined ? {} : { status: patch.status }),
    }
    if (Object.keys(set).length === 0) return this.getAccount(id)
    const row = await this.#write(() =>
      this.#db
        .updateTable('org_account')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    )
    return row && toAccount(row)
  }

  async moveAccount(
    id: string,
    sourceParentId: string,
    destinationParentId: string,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('org_account')
      .set({ parent_id: destinationParentId })
      .where('id', '=', id)
      .where('parent_id', '=', sourceParentId)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async removeAccount(id: string): Promise<boolean> {
    return this.#deleteNode('org_account', id)
  }

  // Tree

  async listChildren(
    parentId: string,
    childType: ChildType,
    page?: PageRequest,
  ): Promise<Page<NodeRef>> {
    const table = childType === 'ACCOUNT' ? 'org_account' : 'org_organizational_unit'
    return readKeysetPage(
      page,
      this.#db.selectFrom(table).select('id').where('parent_id', '=', parentId),
      'id',
      (row) => ({ id: row.id, type: childType }),
    )
  }

  async getParent(childId: string): Promise<NodeRef | undefined> {
    const row = await this.#db
      .selectFrom('org_account')
      .select('parent_id')
      .where('id', '=', childId)
      .unionAll((eb) =>
        eb.selectFrom('org_organizational_unit').select('parent_id').where('id', '=', childId),
      )
      .executeTakeFirst()
    if (row === undefined) return undefined
    const root = await this.getRoot(row.parent_id)
    return { id: row.parent_id, type: root ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }
  }

  // Policies

  async createPolicy(policy: PolicyRecord): Promise<void> {
    await this.#write(
      () => this.#db.insertInto('org_policy').values(fromPolicy(policy)).execute(),
      new StoreError('ReferenceNotFound', 'organization.id'),
    )
  }

  async getPolicy(id: string): Promise<PolicyRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_policy')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toPolicy(row)
  }

  async listPolicies(
    organizationId: string,
    type: PolicyType,
    page?: PageRequest,
  ): Promise<Page<PolicySummary>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('org_policy as p')
        .select(POLICY_SUMMARY_COLUMNS)
        .where('p.policy_type', '=', type)
        .where((eb) =>
          eb.or([
            eb('p.organization_id', '=', organizationId),
            eb('p.organization_id', 'is', null),
          ]),
        ),
      'p.id',
      toPolicySummary,
    )
  }

  async updatePolicy(id: string, patch: PolicyPatch): Promise<PolicyRecord | undefined> {
    const set = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.content === undefined ? {} : { content: patch.content }),
    }
    if (Object.keys(set).length === 0) return this.getPolicy(id)
    const row = await this.#write(() =>
      this.#db
        .updateTable('org_policy')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    )
    return row && toPolicy(row)
  }

  async deletePolicy(id: string): Promise<boolean> {
    return this.#atomic(async (db) => {
      await db.deleteFrom('org_tag').where('resource_id', '=', id).execute()
      const result = await this.#write(
        () => db.deleteFrom('org_policy').where('id', '=', id).executeTakeFirst(),
        new StoreError('InUse', 'policy.id'),
      )
      return result.numDeletedRows > 0n
    })
  }

  // Attachments

  async attachPolicy(policyId: string, target: NodeRef): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('org_policy_attachment')
          .values({ policy_id: policyId, target_id: target.id, target_type: target.type })
          .execute(),
      new StoreError('ReferenceNotFound', 'policy.id'),
    )
  }

  async detachPolicy(policyId: string, targetId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('org_policy_attachment')
      .where('policy_id', '=', policyId)
      .where('target_id', '=', targetId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async listTargetsForPolicy(
    policyId: string,
    page?: PageRequest,
  ): Promise<Page<PolicyTargetRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('org_policy_attachment as a')
        .leftJoin('org_root as r', 'r.id', 'a.target_id')
        .leftJoin('org_organizational_unit as o', 'o.id', 'a.target_id')
        .leftJoin('org_account as c', 'c.id', 'a.target_id')
        .select((eb) => [
          'a.target_id',
          'a.target_type',
          eb.fn.coalesce('r.arn', 'o.arn', 'c.arn', eb.val('')).as('arn'),
          eb.fn.coalesce('r.name', 'o.name', 'c.name', eb.val('')).as('name'),
        ])
        .where('a.policy_id', '=', policyId),
      'a.target_id',
      (row) => ({
        targetId: row.target_id,
        type: row.target_type as TargetType,
        arn: row.arn,
        name: row.name,
      }),
    )
  }

  async listPoliciesForTarget(
    targetId: string,
    type: PolicyType,
    page?: PageRequest,
  ): Promise<Page<PolicySummary>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('org_policy_attachment as a')
        .innerJoin('org_policy as p', 'p.id', 'a.policy_id')
        .select(POLICY_SUMMARY_COLUMNS)
        .where('a.target_id', '=', targetId)
        .where('p.policy_type', '=', type),
      'p.id',
      toPolicySummary,
    )
  }

  // Policy types

  async setPolicyTypeStatus(
    rootId: string,
    type: PolicyType,
    status: PolicyTypeStatus,
  ): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('org_enabled_policy_type')
          .values({ root_id: rootId, policy_type: type, status })
          .onConflict((oc) => oc.columns(['root_id', 'policy_type']).doUpdateSet({ status }))
          .execute(),
      new StoreError('ReferenceNotFound', 'root.id'),
    )
  }

  async removePolicyType(rootId: string, type: PolicyType): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('org_enabled_policy_type')
      .where('root_id', '=', rootId)
      .where('policy_type', '=', type)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async listEnabledPolicyTypes(rootId: string): Promise<EnabledPolicyTypeRecord[]> {
    const rows = await this.#db
      .selectFrom('org_enabled_policy_type')
      .selectAll()
      .where('root_id', '=', rootId)
      .orderBy('policy_type')
      .execute()
    return rows.map((row) => ({
      rootId: row.root_id,
      type: row.policy_type as PolicyType,
      status: row.status as PolicyTypeStatus,
    }))
  }

  // Tags

  async tagResource(resourceId: string, tags: readonly TagRecord[]): Promise<void> {
    // One row per key, the last value winning: PostgreSQL refuses an upsert that touches a row
    // twice in one statement.
    const byKey = new Map(tags.map((tag) => [tag.key, tag.value]))
    if (byKey.size === 0) return
    await this.#write(() =>
      this.#db
        .insertInto('org_tag')
        .values(
          [...byKey].map(([key, value]) => ({
            resource_id: resourceId,
            tag_key: key,
            tag_value: value,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['resource_id', 'tag_key'])
            .doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })),
        )
        .execute(),
    )
  }

  async untagResource(resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.#db
      .deleteFrom('org_tag')
      .where('resource_id', '=', resourceId)
      .where('tag_key', 'in', keys)
      .execute()
  }

  async listTags(resourceId: string, page?: PageRequest): Promise<Page<TagRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('org_tag')
        .select(['tag_key', 'tag_value'])
        .where('resource_id', '=', resourceId),
      'tag_key',
      (row) => ({ key: row.tag_key, value: row.tag_value }),
    )
  }

  // CreateAccount requests

  async createCreateAccountStatus(status: CreateAccountStatusRecord): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('org_create_account_status')
          .values(fromCreateAccountStatus(status))
          .execute(),
      new StoreError('ReferenceNotFound', 'organization.id'),
    )
  }

  async getCreateAccountStatus(id: string): Promise<CreateAccountStatusRecord | undefined> {
    const row = await this.#db
      .selectFrom('org_create_account_status')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && toCreateAccountStatus(row)
  }

  async updateCreateAccountStatus(
    id: string,
    patch: CreateAccountStatusPatch,
  ): Promise<CreateAccountStatusRecord | undefined> {
    const row = await this.#db
      .updateTable('org_create_account_status')
      .set({
        state: patch.state,
        ...(patch.completedAt === undefined ? {} : { completed_at: patch.completedAt }),
        ...(patch.accountId === undefined ? {} : { account_id: patch.accountId }),
        ...(patch.failureReason === undefined ? {} : { failure_reason: patch.failureReason }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    return row && toCreateAccountStatus(row)
  }

  async listCreateAccountStatuses(
    organizationId: string,
    states?: readonly CreateAccountState[],
    page?: PageRequest,
  ): Promise<Page<CreateAccountStatusRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('org_create_account_status')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .$if(states !== undefined && states.length > 0, (qb) => qb.where('state', 'in', states!)),
      'id',
      toCreateAccountStatus,
    )
  }
}
