import { sql, type Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import type {
  AssignmentKey,
  AssignmentRecord,
  InstanceRecord,
  OperationKind,
  OperationStatusRecord,
  PermissionSetPatch,
  PermissionSetRecord,
  PrincipalType,
  ProvisionedRecord,
  ProvisioningFilter,
  SsoAdminStore,
  SsoTagRecord,
  StatusValue,
} from '../../domain/identity-center/sso-admin/index.ts'
import { StoreError } from '../../domain/common/store-error.ts'
import type { GrantScope } from '../../domain/identity-center/identity-center-ports.ts'
import type { Schema } from '../schema.ts'
import {
  ambient,
  inTransaction,
  lockInTransaction,
  readKeysetPage,
  withStoreErrors,
} from '../sql/index.ts'
import type { SsoAdminSchema } from './sso-admin-schema.ts'
import {
  fromOperationStatus,
  fromPermissionSet,
  toAssignment,
  toInstance,
  toOperationStatus,
  toPermissionSet,
  toProvisioned,
} from './sso-admin-rows.ts'
import { SSO_ADMIN_UNIQUE_CONSTRAINTS } from './sso-admin-unique-constraints.ts'

type Db = Kysely<SsoAdminSchema>

// Keyset paging over two columns reads one text key; `||` concatenates in both databases.
const PRINCIPAL_KEY = sql<string>`principal_type || '/' || principal_id`
const ACCOUNT_SET_KEY = sql<string>`account_id || '/' || permission_set_arn`

/**
 * The sso-admin store over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const store = new SqlSsoAdminStore(openDatabase(url, dataDir).db)
 */
export class SqlSsoAdminStore implements SsoAdminStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async transaction<T>(fn: (store: SsoAdminStore) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (trx) => fn(new SqlSsoAdminStore(trx)))
  }

  /** Runs a write, turning constraint violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>, onForeignKey?: StoreError): Promise<T> {
    return withStoreErrors(SSO_ADMIN_UNIQUE_CONSTRAINTS, fn, onForeignKey)
  }

  // Instances

  async createInstance(i: InstanceRecord): Promise<void> {
    await this.#write(() =>
      this.#db
        .insertInto('sso_instance')
        .values({
          instance_arn: i.instanceArn,
          identity_store_id: i.identityStoreId,
          management_account_id: i.managementAccountId,
          created_at: i.createdAt,
        })
        .execute(),
    )
  }

  async #instanceWhere(
    column: 'instance_arn' | 'management_account_id' | 'identity_store_id',
    value: string,
  ): Promise<InstanceRecord | undefined> {
    const row = await this.#db
      .selectFrom('sso_instance')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst()
    return row && toInstance(row)
  }

  getInstance(instanceArn: string) {
    return this.#instanceWhere('instance_arn', instanceArn)
  }

  getInstanceByManagementAccount(accountId: string) {
    return this.#instanceWhere('management_account_id', accountId)
  }

  getInstanceByIdentityStore(identityStoreId: string) {
    return this.#instanceWhere('identity_store_id', identityStoreId)
  }

  async listInstances(): Promise<InstanceRecord[]> {
    const rows = await this.#db
      .selectFrom('sso_instance')
      .selectAll()
      .orderBy('instance_arn')
      .execute()
    return rows.map(toInstance)
  }

  // Permission sets

  async createPermissionSet(ps: PermissionSetRecord): Promise<void> {
    await this.#write(
      () => this.#db.insertInto('sso_permission_set').values(fromPermissionSet(ps)).execute(),
      new StoreError('ReferenceNotFound', 'instance.arn'),
    )
  }

  async getPermissionSet(arn: string): Promise<PermissionSetRecord | undefined> {
    const row = await this.#db
      .selectFrom('sso_permission_set')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst()
    return row && toPermissionSet(row)
  }

  listPermissionSets(instanceArn: string, page?: PageRequest): Promise<Page<PermissionSetRecord>> {
    return readKeysetPage(
      page,
      this.#db.selectFrom('sso_permission_set').selectAll().where('instance_arn', '=', instanceArn),
      'arn',
      toPermissionSet,
    )
  }

  async updatePermissionSet(
    arn: string,
    expectedVersion: number,
    patch: PermissionSetPatch,
  ): Promise<PermissionSetRecord | undefined> {
    const current = await this.getPermissionSet(arn)
    if (current === undefined || current.version !== expectedVersion) return undefined
    const next = fromPermissionSet({ ...current, ...patch, version: expectedVersion + 1 })
    const result = await this.#db
      .updateTable('sso_permission_set')
      .set({
        description: next.description,
        session_duration: next.session_duration,
        relay_state: next.relay_state,
        managed_policy_arns: next.managed_policy_arns,
        customer_managed_policies: next.customer_managed_policies,
        inline_policy: next.inline_policy,
        permissions_boundary: next.permissions_boundary,
        version: next.version,
      })
      .where('arn', '=', arn)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n ? toPermissionSet(next) : undefined
  }

  async deletePermissionSet(arn: string): Promise<boolean> {
    await this.#db.deleteFrom('sso_tag').where('resource_arn', '=', arn).execute()
    const result = await this.#write(
      () => this.#db.deleteFrom('sso_permission_set').where('arn', '=', arn).executeTakeFirst(),
      new StoreError('ReferenceNotFound', 'permissionSet.arn'),
    )
    return result.numDeletedRows > 0n
  }

  // Assignments

  async createAssignment(a: AssignmentRecord): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('sso_assignment')
          .values({
            permission_set_arn: a.permissionSetArn,
            account_id: a.accountId,
            principal_type: a.principalType,
            principal_id: a.principalId,
            instance_arn: a.instanceArn,
            created_at: a.createdAt,
          })
          .execute(),
      new StoreError('ReferenceNotFound', 'permissionSet.arn'),
    )
  }

  #assignment(key: AssignmentKey) {
    return this.#db
      .selectFrom('sso_assignment')
      .where('permission_set_arn', '=', key.permissionSetArn)
      .where('account_id', '=', key.accountId)
      .where('principal_type', '=', key.principalType)
      .where('principal_id', '=', key.principalId)
      .where('instance_arn', '=', key.instanceArn)
  }

  async getAssignment(key: AssignmentKey): Promise<AssignmentRecord | undefined> {
    const row = await this.#assignment(key).selectAll().executeTakeFirst()
    return row && toAssignment(row)
  }

  async deleteAssignment(key: AssignmentKey): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('sso_assignment')
      .where('permission_set_arn', '=', key.permissionSetArn)
      .where('account_id', '=', key.accountId)
      .where('principal_type', '=', key.principalType)
      .where('principal_id', '=', key.principalId)
      .where('instance_arn', '=', key.instanceArn)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  listAssignments(
    instanceArn: string,
    accountId: string,
    permissionSetArn: string,
    page?: PageRequest,
  ): Promise<Page<AssignmentRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('sso_assignment')
        .selectAll()
        .select(PRINCIPAL_KEY.as('sort_key'))
        .where('instance_arn', '=', instanceArn)
        .where('permission_set_arn', '=', permissionSetArn)
        .where('account_id', '=', accountId),
      [PRINCIPAL_KEY, 'sort_key'],
      toAssignment,
    )
  }

  listAssignmentsForPrincipal(
    instanceArn: string,
    principalType: PrincipalType,
    principalId: string,
    accountId: string | undefined,
    page?: PageRequest,
  ): Promise<Page<AssignmentRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('sso_assignment')
        .selectAll()
        .select(ACCOUNT_SET_KEY.as('sort_key'))
        .where('instance_arn', '=', instanceArn)
        .where('principal_type', '=', principalType)
        .where('principal_id', '=', principalId)
        .$if(accountId !== undefined, (qb) => qb.where('account_id', '=', accountId!)),
      [ACCOUNT_SET_KEY, 'sort_key'],
      toAssignment,
    )
  }

  async assignmentsOfPrincipals(
    instanceArn: string,
    principals: readonly { readonly type: PrincipalType; readonly id: string }[],
    scope?: GrantScope,
  ): Promise<AssignmentRecord[]> {
    if (principals.length === 0) return []
    let accounts: readonly string[] | undefined
    if (scope !== undefined && 'accountId' in scope) accounts = [scope.accountId]
    else if (scope !== undefined) {
      // The page's accounts: for each principal the first `accountLimit` of its accounts after
      // the key, a range of sso_assignment_principal_idx (instance, type, id, account); merged.
      const found = new Set<string>()
      for (const p of principals) {
        const rows = await this.#db
          .selectFrom('sso_assignment')
          .select('account_id')
          .distinct()
          .where('instance_arn', '=', instanceArn)
          .where('principal_type', '=', p.type)
          .where('principal_id', '=', p.id)
          .$if(scope.afterAccountId !== undefined, (qb) =>
            qb.where('account_id', '>', scope.afterAccountId!),
          )
          .orderBy('account_id')
          .limit(scope.accountLimit)
          .execute()
        for (const r of rows) found.add(r.account_id)
      }
      accounts = [...found].sort().slice(0, scope.accountLimit)
      if (accounts.length === 0) return []
    }
    const rows = await this.#db
      .selectFrom('sso_assignment')
      .selectAll()
      .where('instance_arn', '=', instanceArn)
      .where((eb) =>
        eb.or(
          principals.map((p) =>
            eb.and([eb('principal_type', '=', p.type), eb('principal_id', '=', p.id)]),
          ),
        ),
      )
      .$if(accounts !== undefined, (qb) => qb.where('account_id', 'in', accounts!))
      .orderBy('account_id')
      .orderBy('permission_set_arn')
      .execute()
    return rows.map(toAssignment)
  }

  async countAssignments(permissionSetArn: string, accountId?: string): Promise<number> {
    const row = await this.#db
      .selectFrom('sso_assignment')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('permission_set_arn', '=', permissionSetArn)
      .$if(accountId !== undefined, (qb) => qb.where('account_id', '=', accountId!))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async lockProvisioning(permissionSetArn: string, accountId: string): Promise<void> {
    await lockInTransaction(this.#db, `sso-provisioning\n${permissionSetArn}\n${accountId}`)
  }

  // Provisioning

  async putProvisioned(p: ProvisionedRecord): Promise<void> {
    await this.#write(
      () =>
        this.#db
          .insertInto('sso_provisioned')
          .values({
            permission_set_arn: p.permissionSetArn,
            account_id: p.accountId,
            instance_arn: p.instanceArn,
            role_name: p.roleName,
            version: p.version,
            provisioned_at: p.provisionedAt,
          })
          .onConflict((oc) =>
            oc.columns(['permission_set_arn', 'account_id']).doUpdateSet({
              role_name: p.roleName,
              version: p.version,
              provisioned_at: p.provisionedAt,
            }),
          )
          .execute(),
      new StoreError('ReferenceNotFound', 'permissionSet.arn'),
    )
  }

  async getProvisioned(
    permissionSetArn: string,
    accountId: string,
  ): Promise<ProvisionedRecord | undefined> {
    const row = await this.#db
      .selectFrom('sso_provisioned')
      .selectAll()
      .where('permission_set_arn', '=', permissionSetArn)
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return row && toProvisioned(row)
  }

  async deleteProvisioned(permissionSetArn: string, accountId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('sso_provisioned')
      .where('permission_set_arn', '=', permissionSetArn)
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  /** Provisionings joined with their permission set's current version, filtered by `filter`. */
  #provisioned(filter: ProvisioningFilter | undefined) {
    return this.#db
      .selectFrom('sso_provisioned as p')
      .innerJoin('sso_permission_set as s', 's.arn', 'p.permission_set_arn')
      .selectAll('p')
      .$if(filter === 'LATEST_PERMISSION_SET_PROVISIONED', (qb) =>
        qb.whereRef('p.version', '=', 's.version'),
      )
      .$if(filter === 'LATEST_PERMISSION_SET_NOT_PROVISIONED', (qb) =>
        qb.whereRef('p.version', '<>', 's.version'),
      )
  }

  listProvisionedAccounts(
    permissionSetArn: string,
    filter: ProvisioningFilter | undefined,
    page?: PageRequest,
  ): Promise<Page<ProvisionedRecord>> {
    return readKeysetPage(
      page,
      this.#provisioned(filter).where('p.permission_set_arn', '=', permissionSetArn),
      'p.account_id',
      toProvisioned,
    )
  }

  listProvisionedToAccount(
    instanceArn: string,
    accountId: string,
    filter: ProvisioningFilter | undefined,
    page?: PageRequest,
  ): Promise<Page<ProvisionedRecord>> {
    return readKeysetPage(
      page,
      this.#provisioned(filter)
        .where('p.instance_arn', '=', instanceArn)
        .where('p.account_id', '=', accountId),
      'p.permission_set_arn',
      toProvisioned,
    )
  }

  async countProvisioned(permissionSetArn: string): Promise<number> {
    const row = await this.#db
      .selectFrom('sso_provisioned')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('permission_set_arn', '=', permissionSetArn)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  // Request statuses

  async putOperationStatus(status: OperationStatusRecord): Promise<void> {
    const row = fromOperationStatus(status)
    await this.#db
      .insertInto('sso_operation_status')
      .values(row)
      .onConflict((oc) =>
        oc.column('request_id').doUpdateSet({
          status: row.status,
          failure_reason: row.failure_reason,
        }),
      )
      .execute()
  }

  async getOperationStatus(
    instanceArn: string,
    kind: OperationKind,
    requestId: string,
  ): Promise<OperationStatusRecord | undefined> {
    const row = await this.#db
      .selectFrom('sso_operation_status')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('instance_arn', '=', instanceArn)
      .where('kind', '=', kind)
      .executeTakeFirst()
    return row && toOperationStatus(row)
  }

  listOperationStatuses(
    instanceArn: string,
    kind: OperationKind,
    status: StatusValue | undefined,
    page?: PageRequest,
  ): Promise<Page<OperationStatusRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('sso_operation_status')
        .selectAll()
        .where('instance_arn', '=', instanceArn)
        .where('kind', '=', kind)
        .$if(status !== undefined, (qb) => qb.where('status', '=', status!)),
      'seq_key',
      toOperationStatus,
    )
  }

  // Tags

  async tagResource(resourceArn: string, tags: readonly SsoTagRecord[]): Promise<void> {
    for (const t of tags) {
      await this.#db
        .insertInto('sso_tag')
        .values({ resource_arn: resourceArn, tag_key: t.key, tag_value: t.value })
        .onConflict((oc) =>
          oc.columns(['resource_arn', 'tag_key']).doUpdateSet({ tag_value: t.value }),
        )
        .execute()
    }
  }

  async untagResource(resourceArn: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.#db
      .deleteFrom('sso_tag')
      .where('resource_arn', '=', resourceArn)
      .where('tag_key', 'in', [...keys])
      .execute()
  }

  listTags(resourceArn: string, page?: PageRequest): Promise<Page<SsoTagRecord>> {
    return readKeysetPage(
      page,
      this.#db.selectFrom('sso_tag').selectAll().where('resource_arn', '=', resourceArn),
      'tag_key',
      (row) => ({ key: row.tag_key, value: row.tag_value }),
    )
  }
}
