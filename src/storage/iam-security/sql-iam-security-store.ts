import type { Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import { StoreError } from '../../domain/common/store-error.ts'
import type {
  AssignmentStatus,
  IamSecurityStore,
  LoginProfilePatch,
  LoginProfileRecord,
  MfaDeviceRecord,
  OidcProviderPatch,
  OidcProviderRecord,
  PasswordPolicyRecord,
} from '../../domain/iam/security/index.ts'
import type { Schema } from '../schema.ts'
import { ambient, inTransaction, readKeysetPage, withStoreErrors } from '../sql/index.ts'
import type { IamSecuritySchema } from './iam-security-schema.ts'
import {
  fromMfaDevice,
  fromOidcProvider,
  tagsText,
  toLoginProfile,
  toMfaDevice,
  toOidcProvider,
} from './iam-security-rows.ts'
import { IAM_SECURITY_UNIQUE_CONSTRAINTS } from './iam-security-unique-constraints.ts'

type Db = Kysely<IamSecuritySchema>

/**
 * The IAM security store over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const store = new SqlIamSecurityStore(openDatabase(url, dataDir).db)
 */
export class SqlIamSecurityStore implements IamSecurityStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction (its other tables are not touched). */
  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async transaction<T>(fn: (store: IamSecurityStore) => Promise<T>): Promise<T> {
    return inTransaction(this.#db, (trx) => fn(new SqlIamSecurityStore(trx)))
  }

  /** Runs a write, turning unique violations into `StoreError`s. */
  #write<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreErrors(IAM_SECURITY_UNIQUE_CONSTRAINTS, fn)
  }

  // MFA devices

  async createMfaDevice(device: MfaDeviceRecord): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto('iam_mfa_device').values(fromMfaDevice(device)).execute(),
    )
  }

  async getMfaDevice(serialNumber: string): Promise<MfaDeviceRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_mfa_device')
      .selectAll()
      .where('serial_number', '=', serialNumber)
      .executeTakeFirst()
    return row && toMfaDevice(row)
  }

  listVirtualMfaDevices(
    accountId: string,
    status: AssignmentStatus,
    page?: PageRequest,
  ): Promise<Page<MfaDeviceRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_mfa_device')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(status === 'Assigned', (qb) => qb.where('user_id', 'is not', null))
        .$if(status === 'Unassigned', (qb) => qb.where('user_id', 'is', null)),
      'serial_number',
      toMfaDevice,
    )
  }

  listMfaDevicesForUser(
    accountId: string,
    userId: string,
    page?: PageRequest,
  ): Promise<Page<MfaDeviceRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_mfa_device')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId),
      'serial_number',
      toMfaDevice,
    )
  }

  async assignMfaDevice(
    serialNumber: string,
    userId: string,
    enabledAt: number,
    step: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('iam_mfa_device')
      .set({ user_id: userId, enabled_at: enabledAt, last_step: step })
      .where('serial_number', '=', serialNumber)
      .where('user_id', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async unassignMfaDevice(serialNumber: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('iam_mfa_device')
      .set({ user_id: null, enabled_at: null })
      .where('serial_number', '=', serialNumber)
      .where('user_id', 'is not', null)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async useMfaStep(serialNumber: string, step: number): Promise<boolean> {
    // One conditional UPDATE: the database serialises concurrent uses of the same step.
    const result = await this.#db
      .updateTable('iam_mfa_device')
      .set({ last_step: step })
      .where('serial_number', '=', serialNumber)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async deleteMfaDevice(serialNumber: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_mfa_device')
      .where('serial_number', '=', serialNumber)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // Login profiles

  async createLoginProfile(profile: LoginProfileRecord): Promise<void> {
    await this.#write(() =>
      this.#db
        .insertInto('iam_login_profile')
        .values({
          account_id: profile.accountId,
          user_id: profile.userId,
          password_hash: profile.passwordHash,
          password_reset_required: profile.passwordResetRequired ? 1 : 0,
          created_at: profile.createdAt,
        })
        .execute(),
    )
  }

  async getLoginProfile(
    accountId: string,
    userId: string,
  ): Promise<LoginProfileRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_login_profile')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row && toLoginProfile(row)
  }

  async updateLoginProfile(
    accountId: string,
    userId: string,
    patch: LoginProfilePatch,
  ): Promise<LoginProfileRecord | undefined> {
    const set = {
      ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
      ...(patch.passwordResetRequired === undefined
        ? {}
        : { password_reset_required: patch.passwordResetRequired ? 1 : 0 }),
    }
    if (Object.keys(set).length > 0) {
      await this.#db
        .updateTable('iam_login_profile')
        .set(set)
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute()
    }
    return this.getLoginProfile(accountId, userId)
  }

  async deleteLoginProfile(accountId: string, userId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_login_profile')
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // OIDC providers

  async createOidcProvider(provider: OidcProviderRecord): Promise<void> {
    await this.#write(() =>
      this.#db.insertInto('iam_oidc_provider').values(fromOidcProvider(provider)).execute(),
    )
  }

  async getOidcProvider(arn: string): Promise<OidcProviderRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_oidc_provider')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst()
    return row && toOidcProvider(row)
  }

  async listOidcProviders(accountId: string): Promise<OidcProviderRecord[]> {
    const rows = await this.#db
      .selectFrom('iam_oidc_provider')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('arn')
      .execute()
    return rows.map(toOidcProvider)
  }

  async updateOidcProvider(
    arn: string,
    patch: OidcProviderPatch,
  ): Promise<OidcProviderRecord | undefined> {
    const set = {
      ...(patch.clientIds === undefined ? {} : { client_ids: JSON.stringify(patch.clientIds) }),
      ...(patch.thumbprints === undefined
        ? {}
        : { thumbprints: JSON.stringify(patch.thumbprints) }),
      ...(patch.tags === undefined ? {} : { tags: tagsText(patch.tags) }),
    }
    if (Object.keys(set).length > 0) {
      await this.#db.updateTable('iam_oidc_provider').set(set).where('arn', '=', arn).execute()
    }
    return this.getOidcProvider(arn)
  }

  async deleteOidcProvider(arn: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_oidc_provider')
      .where('arn', '=', arn)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // Account aliases

  async setAccountAlias(accountId: string, alias: string): Promise<void> {
    await inTransaction(this.#db, async (db) => {
      const taken = await db
        .selectFrom('iam_account_alias')
        .select('account_id')
        .where('alias', '=', alias)
        .executeTakeFirst()
      if (taken !== undefined) throw new StoreError('AlreadyExists', 'accountAlias.alias')
      await db.deleteFrom('iam_account_alias').where('account_id', '=', accountId).execute()
      await this.#write(() =>
        db.insertInto('iam_account_alias').values({ account_id: accountId, alias }).execute(),
      )
    })
  }

  async getAccountAlias(accountId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('iam_account_alias')
      .select('alias')
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return row?.alias
  }

  async accountIdForAlias(alias: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('iam_account_alias')
      .select('account_id')
      .where('alias', '=', alias)
      .executeTakeFirst()
    return row?.account_id
  }

  async deleteAccountAlias(accountId: string, alias: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_account_alias')
      .where('account_id', '=', accountId)
      .where('alias', '=', alias)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  // Password policies

  async putPasswordPolicy(accountId: string, policy: PasswordPolicyRecord): Promise<void> {
    const text = JSON.stringify(policy)
    await this.#db
      .insertInto('iam_password_policy')
      .values({ account_id: accountId, policy: text })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ policy: text }))
      .execute()
  }

  async getPasswordPolicy(accountId: string): Promise<PasswordPolicyRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_password_policy')
      .select('policy')
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return row && (JSON.parse(row.policy) as PasswordPolicyRecord)
  }

  async deletePasswordPolicy(accountId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_password_policy')
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }
}
