import type { UniqueConstraint } from '../sql/index.ts'

/** The sso-admin unique constraints: PostgreSQL's name, SQLite's columns, the subject. */
export const SSO_ADMIN_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
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
