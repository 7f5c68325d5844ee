import type { UniqueConstraint } from '../sql/index.ts'

/** The IAM tables' unique constraints: PostgreSQL's name, SQLite's columns, the subject. */
export const IAM_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
  ['iam_user_pkey', 'iam_user.id', 'user.id'],
  ['iam_user_name_key', 'iam_user.account_id, iam_user.name_key', 'user.name'],
  ['iam_group_pkey', 'iam_group.id', 'group.id'],
  ['iam_group_name_key', 'iam_group.account_id, iam_group.name_key', 'group.name'],
  ['iam_role_pkey', 'iam_role.id', 'role.id'],
  ['iam_role_name_key', 'iam_role.account_id, iam_role.name_key', 'role.name'],
  ['iam_managed_policy_pkey', 'iam_managed_policy.id', 'policy.id'],
  [
    'iam_managed_policy_name_key',
    'iam_managed_policy.account_id, iam_managed_policy.name_key',
    'policy.name',
  ],
  ['iam_managed_policy_arn_key', 'iam_managed_policy.arn', 'policy.name'],
  ['iam_access_key_pkey', 'iam_access_key.access_key_id', 'accessKey.id'],
]
