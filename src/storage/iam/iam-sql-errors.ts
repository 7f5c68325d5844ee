import { StoreError } from '../../domain/common/store-error.ts'

/**
 * IAM's unique constraints by name (PostgreSQL reports the name) and by the columns SQLite
 * reports after "UNIQUE constraint failed: ", mapped to the `entity.field` a `StoreError` names.
 */
const UNIQUE_CONSTRAINTS: readonly (readonly [pg: string, sqlite: string, subject: string])[] = [
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

const SQLITE_CONSTRAINT_FOREIGNKEY = 787
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555
const SQLITE_CONSTRAINT_UNIQUE = 2067
const PG_UNIQUE_VIOLATION = '23505'
const PG_FOREIGN_KEY_VIOLATION = '23503'

/**
 * Turns a driver's constraint violation into a `StoreError`: unique → `AlreadyExists` on the
 * constraint's subject, foreign key → `onForeignKey` when given. Anything else is returned as is.
 */
export function toIamStoreError(error: unknown, onForeignKey?: StoreError): unknown {
  if (typeof error !== 'object' || error === null) return error
  const { errcode, code, constraint, message } = error as {
    errcode?: unknown
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  if (errcode === SQLITE_CONSTRAINT_UNIQUE || errcode === SQLITE_CONSTRAINT_PRIMARYKEY) {
    const columns = String(message).replace(/^.*UNIQUE constraint failed: /, '')
    const entry = UNIQUE_CONSTRAINTS.find(([, sqlite]) => sqlite === columns)
    return new StoreError('AlreadyExists', entry?.[2] ?? columns, { cause: error })
  }
  if (code === PG_UNIQUE_VIOLATION) {
    const entry = UNIQUE_CONSTRAINTS.find(([pg]) => pg === constraint)
    return new StoreError('AlreadyExists', entry?.[2] ?? String(constraint), { cause: error })
  }
  if (errcode === SQLITE_CONSTRAINT_FOREIGNKEY || code === PG_FOREIGN_KEY_VIOLATION) {
    if (onForeignKey === undefined) return error
    return new StoreError(onForeignKey.kind, onForeignKey.subject, { cause: error })
  }
  return error
}
