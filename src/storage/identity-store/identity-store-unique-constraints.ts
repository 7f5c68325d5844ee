import type { UniqueConstraint } from '../sql/index.ts'

/** The identity store's unique constraints: PostgreSQL's name, SQLite's columns, the subject. */
export const IDENTITY_STORE_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
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
