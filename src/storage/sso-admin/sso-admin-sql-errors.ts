import { StoreError } from '../../domain/common/store-error.ts'
import { toStoreError } from '../organizations/sql-errors.ts'

/** The sso-admin unique constraints: PostgreSQL's name, SQLite's columns, the StoreError subject. */
const UNIQUE: readonly (readonly [pg: string, sqlite: string, subject: string])[] = [
  ['sso_instance_pkey', 'sso_instance.instance_arn', 'instance.arn'],
  [
    'sso_instance_management_account_key',
    'sso_instance.management_account_id',
    'instance.managementAccountId',
  ],
  ['sso_instance_identity_store_key', 'sso_instance.identity_store_id', 'instance.identityStoreId'],
  ['sso_permission_set_pkey', 'sso_permission_set.arn', 'permissionSet.arn'],
  [
    'sso_permission_set_name_key',
    'sso_permission_set.instance_arn, sso_permission_set.name_key',
    'permissionSet.name',
  ],
  [
    'sso_assignment_pkey',
    'sso_assignment.permission_set_arn, sso_assignment.account_id, sso_assignment.principal_type, sso_assignment.principal_id',
    'assignment.key',
  ],
]

/**
 * A driver's unique violation on an sso-admin table as `StoreError('AlreadyExists', …)`, a
 * foreign-key violation as `StoreError('ReferenceNotFound', onForeignKey)`.
 */
export function toSsoStoreError(error: unknown, onForeignKey?: string): unknown {
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
