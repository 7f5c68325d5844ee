/**
 * What differs between users, groups and roles for the operations they share: the parameter that
 * names the entity, its length limit, its id prefix, its inline size limit, its attachment quota,
 * and how to find it.
 */
import { newUniqueId } from '../../common/ids.ts'
import { iamArn } from '../iam-arns.ts'
import type { EntityRef, EntityType } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'
import { mustGroup, mustModifiableRole, mustRole, mustUser } from './iam-helpers.ts'
import { InputReader, readName, readPaging } from './iam-input.ts'
import { POLICY_SIZE } from './policy-document-check.ts'

/** One kind of entity that holds policies. */
export interface EntityKind {
  readonly type: EntityType
  /** `User`, `Group`, `Role` as in operation names. */
  readonly noun: 'User' | 'Group' | 'Role'
  /** `UserName`, `GroupName`, `RoleName`. */
  readonly param: 'UserName' | 'GroupName' | 'RoleName'
  readonly maxName: number
  /** The prefix of its unique id: `AIDA`, `AGPA`, `AROA`. */
  readonly idPrefix: 'AIDA' | 'AGPA' | 'AROA'
  readonly inlineLimit: number
  /** The quota name of managed policies attached (`PoliciesPerRole`…) and its default. */
  readonly attachQuota: readonly [string, number]
  /** Finds the entity (NoSuchEntity with AWS's wording when absent). */
  find(store: IamStore, accountId: string, name: string): Promise<EntityRef & { name: string }>
  /** Finds the entity to change it: as `find`, and UnmodifiableEntity for a role only AWS may change. */
  findToChange(
    store: IamStore,
    accountId: string,
    name: string,
  ): Promise<EntityRef & { name: string }>
}

const refOf = (type: EntityType, entity: { id: string; name: string }) => ({
  type,
  id: entity.id,
  name: entity.name,
})

/** Users: `UserName` of up to 128 characters. */
export const USER_KIND: EntityKind = {
  type: 'user',
  noun: 'User',
  param: 'UserName',
  maxName: 128,
  idPrefix: 'AIDA',
  inlineLimit: POLICY_SIZE.userInline,
  attachQuota: ['PoliciesPerUser', 10],
  find: async (store, accountId, name) => refOf('user', await mustUser(store, accountId, name)),
  findToChange: async (store, accountId, name) =>
    refOf('user', await mustUser(store, accountId, name)),
}

/** Groups: `GroupName` of up to 128 characters. */
export const GROUP_KIND: EntityKind = {
  type: 'group',
  noun: 'Group',
  param: 'GroupName',
  maxName: 128,
  idPrefix: 'AGPA',
  inlineLimit: POLICY_SIZE.groupInline,
  attachQuota: ['PoliciesPerGroup', 10],
  find: async (store, accountId, name) => refOf('group', await mustGroup(store, accountId, name)),
  findToChange: async (store, accountId, name) =>
    refOf('group', await mustGroup(store, accountId, name)),
}

/** Roles: `RoleName` of up to 64 characters. */
export const ROLE_KIND: EntityKind = {
  type: 'role',
  noun: 'Role',
  param: 'RoleName',
  maxName: 64,
  idPrefix: 'AROA',
  inlineLimit: POLICY_SIZE.roleInline,
  attachQuota: ['PoliciesPerRole', 10],
  find: async (store, accountId, name) => refOf('role', await mustRole(store, accountId, name)),
  findToChange: async (store, accountId, name) =>
    refOf('role', await mustModifiableRole(store, accountId, name)),
}

/** The three kinds. */
export const ENTITY_KINDS: readonly EntityKind[] = [USER_KIND, GROUP_KIND, ROLE_KIND]

/** The input of an operation that takes the entity's name (`UserName`…) and nothing else. */
export function readEntityName(
  kind: EntityKind,
  raw: Readonly<Record<string, unknown>>,
): { entityName: string } {
  const r = new InputReader(raw)
  const entityName = readName(r, kind.param, kind.maxName)
  r.done()
  return { entityName }
}

/** The input of a list operation on one entity: its name (`UserName`…), `Marker`, `MaxItems`. */
export function readEntityPage(kind: EntityKind, raw: Readonly<Record<string, unknown>>) {
  const r = new InputReader(raw)
  const entityName = readName(r, kind.param, kind.maxName)
  const page = readPaging(r)
  r.done()
  return { entityName, page }
}

/**
 * What every new user, group and role records: its account, a fresh unique id, its name, its path
 * (`/` when the request gives none), its ARN and when it was created.
 */
export function newEntityRecord(
  kind: EntityKind,
  accountId: string,
  name: string,
  requestedPath: string | undefined,
  createdAt: number,
) {
  const path = requestedPath ?? '/'
  return {
    accountId,
    id: newUniqueId(kind.idPrefix),
    name,
    path,
    arn: iamArn(accountId, kind.type, path, name),
    createdAt,
  }
}
