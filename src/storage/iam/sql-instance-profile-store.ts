import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import type {
  InstanceProfileRecord,
  InstanceProfileStore,
  ProfileRoleRef,
} from '../../domain/iam/instance-profile-store.ts'
import { ambient, readKeysetPage, withStoreErrors } from '../sql/index.ts'
import type { UniqueConstraint } from '../sql/index.ts'
import type { Schema } from '../schema.ts'

/** Row of `iam_instance_profile` (migration 0010). */
export interface IamInstanceProfileTable {
  id: string
  account_id: string
  name: string
  name_key: string
  path: string
  arn: string
  created_at: number
}

/** Row of `iam_instance_profile_role`. */
export interface IamInstanceProfileRoleTable {
  profile_id: string
  role_id: string
  role_name: string
}

/** Kysely's view of the instance profile tables. */
export interface InstanceProfileSchema {
  iam_instance_profile: IamInstanceProfileTable
  iam_instance_profile_role: IamInstanceProfileRoleTable
}

type Db = Kysely<InstanceProfileSchema>

const CONSTRAINTS: readonly UniqueConstraint[] = [
  ['iam_instance_profile_pkey', 'iam_instance_profile.id', 'instanceProfile.id'],
  [
    'iam_instance_profile_name_key',
    'iam_instance_profile.account_id, iam_instance_profile.name_key',
    'instanceProfile.name',
  ],
  [
    'iam_instance_profile_role_pkey',
    'iam_instance_profile_role.profile_id, iam_instance_profile_role.role_id',
    'instanceProfile.role',
  ],
]

const toProfile = (row: IamInstanceProfileTable): InstanceProfileRecord => ({
  accountId: row.account_id,
  id: row.id,
  name: row.name,
  path: row.path,
  arn: row.arn,
  createdAt: Number(row.created_at),
})

/** `substr(column, 1, n) = prefix`: a prefix test without LIKE's wildcards, on both databases. */
const startsWith = (column: string, prefix: string) =>
  sql<boolean>`substr(${sql.ref(column)}, 1, ${sql.lit(prefix.length)}) = ${prefix}`

/**
 * Instance profiles over Kysely, in SQL that SQLite and PostgreSQL both run unchanged.
 *
 * @example
 * const profiles = new SqlInstanceProfileStore(openDatabase(url, dataDir).db)
 */
export class SqlInstanceProfileStore implements InstanceProfileStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  /** Works on `db`, a database or a transaction. */
  constructor(db: Kysely<Schema> | Kysely<InstanceProfileSchema>) {
    this.#root = db as unknown as Db
  }

  async createInstanceProfile(p: InstanceProfileRecord): Promise<void> {
    await withStoreErrors(CONSTRAINTS, () =>
      this.#db
        .insertInto('iam_instance_profile')
        .values({
          id: p.id,
          account_id: p.accountId,
          name: p.name,
          name_key: p.name.toLowerCase(),
          path: p.path,
          arn: p.arn,
          created_at: p.createdAt,
        })
        .execute(),
    )
  }

  async getInstanceProfile(
    accountId: string,
    name: string,
  ): Promise<InstanceProfileRecord | undefined> {
    const row = await this.#db
      .selectFrom('iam_instance_profile')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', name.toLowerCase())
      .executeTakeFirst()
    return row === undefined ? undefined : toProfile(row)
  }

  listInstanceProfiles(
    accountId: string,
    pathPrefix: string | undefined,
    page?: PageRequest,
  ): Promise<Page<InstanceProfileRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_instance_profile')
        .selectAll()
        .where('account_id', '=', accountId)
        .$if(pathPrefix !== undefined, (qb) => qb.where(startsWith('path', pathPrefix!))),
      'name_key',
      toProfile,
    )
  }

  async deleteInstanceProfile(accountId: string, name: string): Promise<boolean> {
    const profile = await this.getInstanceProfile(accountId, name)
    if (profile === undefined) return false
    await this.#db
      .deleteFrom('iam_instance_profile_role')
      .where('profile_id', '=', profile.id)
      .execute()
    const result = await this.#db
      .deleteFrom('iam_instance_profile')
      .where('id', '=', profile.id)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  async rolesOf(profileId: string): Promise<ProfileRoleRef[]> {
    const rows = await this.#db
      .selectFrom('iam_instance_profile_role')
      .select(['role_id', 'role_name'])
      .where('profile_id', '=', profileId)
      .orderBy('role_name')
      .execute()
    return rows.map((r) => ({ roleId: r.role_id, roleName: r.role_name }))
  }

  async addRole(profileId: string, role: ProfileRoleRef): Promise<void> {
    await withStoreErrors(CONSTRAINTS, () =>
      this.#db
        .insertInto('iam_instance_profile_role')
        .values({ profile_id: profileId, role_id: role.roleId, role_name: role.roleName })
        .execute(),
    )
  }

  async removeRole(profileId: string, roleId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('iam_instance_profile_role')
      .where('profile_id', '=', profileId)
      .where('role_id', '=', roleId)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  listInstanceProfilesForRole(
    roleId: string,
    page?: PageRequest,
  ): Promise<Page<InstanceProfileRecord>> {
    return readKeysetPage(
      page,
      this.#db
        .selectFrom('iam_instance_profile as p')
        .innerJoin('iam_instance_profile_role as r', 'r.profile_id', 'p.id')
        .selectAll('p')
        .where('r.role_id', '=', roleId),
      'p.name_key',
      toProfile,
    )
  }
}
