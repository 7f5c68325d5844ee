import { StoreError } from '../../domain/common/store-error.ts'
import { toStoreError } from '../organizations/sql-errors.ts'

/** The identity store's unique constraints: PostgreSQL's name, SQLite's columns, the subject. */
const UNIQUE: readonly (readonly [pg: string, sqlite: string, subject: string])[] = [
  ['ids_user_pkey', 'ids_user.identity_store_id, ids_user.user_id', 'user.userId'],
  ['ids_user_name_key', 'ids_user.identity_store_id, ids_user.user_name_key', 'user.userName'],
  ['ids_group_pkey', 'ids_group.identity_store_id, ids_group.group_id', 'group.groupId'],
  [
    'ids_group_name_key',
    'ids_group.identity_store_id, ids_group.display_name_key',
    'group.displayName',
  ],
  [
    'ids_membership_pkey',
    'ids_membership.identity_store_id, ids_membership.membership_id',
    'membership.membershipId',
  ],
  [
    'ids_membership_member_key',
    'ids_membership.identity_store_id, ids_membership.group_id, ids_membership.user_id',
    'membership.member',
  ],
]

/**
 * A driver's constraint violation on an identity store table as a `StoreError`: unique ones as
 * `AlreadyExists` on their subject, a foreign key as `ReferenceNotFound` on `onForeignKey`.
 */
export function toIdentityStoreError(error: unknown, onForeignKey?: string): unknown {
  const converted = toStoreError(
    error,
    onForeignKey === undefined ? undefined : new StoreError('ReferenceNotFound', onForeignKey),
  )
  if (!(converted instanceof StoreError) || converted.kind !== 'AlreadyExists') return converted
  const entry = UNIQUE.find(
    ([pg, sqlite]) => converted.subject === pg || converted.subject === sqlite,
  )
  return entry === undefined
    ? converted
    : new StoreError('AlreadyExists', entry[2], { cause: converted.cause })
}
