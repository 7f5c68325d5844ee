/**
 * What differs between users, groups and roles for the policy operations: the parameter that
 * names the entity, its length limit, its inline size limit, its attachment quota, and how to
 * find it.
 */
import { iamErrors } from '../errors.ts'
import type { EntityRef, EntityType } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'
import { POLICY_SIZE } from './policy-document-check.ts'

/** One kind of entity that holds policies. */
export interface EntityKind {
  readonly type: EntityType
  /** `User`, `Group`, `Role` as in operation names. */
  readonly noun: 'User' | 'Group' | 'Role'
  /** `UserName`, `GroupName`, `RoleName`. */
  readonly param: 'UserName' | 'GroupName' | 'RoleName'
  readonly maxName: number
  readonly inlineLimit: number
  /** The quota name of managed policies attached (`PoliciesPerRole`…) and its default. */
  readonly attachQuota: readonly [string, number]
  /** Finds the entity (NoSuchEntity with AWS's wording when absent). */
  find(store: IamStore, accountId: string, name: string): Promise<EntityRef & { name: string }>
}

const finder = (type: EntityType) => async (store: IamStore, accountId: string, name: string) => {
  const entity =
    type === 'user'
      ? await store.getUser(accountId, name)
      : type === 'group'
        ? await store.getGroup(accountId, name)
        : await store.getRole(accountId, name)
  if (entity === undefined) {
    throw type === 'user'
      ? iamErrors.noSuchUser(name)
      : type === 'group'
        ? iamErrors.noSuchGroup(name)
        : iamErrors.noSuchRole(name)
  }
  return { type, id: entity.id, name: entity.name }
}

/** The three kinds. */
export const ENTITY_KINDS: readonly EntityKind[] = [
  {
    type: 'user',
    noun: 'User',
    param: 'UserName',
    maxName: 128,
    inlineLimit: POLICY_SIZE.userInline,
    attachQuota: ['PoliciesPerUser', 10],
    find: finder('user'),
  },
  {
    type: 'group',
    noun: 'Group',
    param: 'GroupName',
    maxName: 128,
    inlineLimit: POLICY_SIZE.groupInline,
    attachQuota: ['PoliciesPerGroup', 10],
    find: finder('group'),
  },
  {
    type: 'role',
    noun: 'Role',
    param: 'RoleName',
    maxName: 64,
    inlineLimit: POLICY_SIZE.roleInline,
    attachQuota: ['PoliciesPerRole', 10],
    find: finder('role'),
  },
]
