// Kysely's view of the sso-admin tables, as migration 0005 creates them. Timestamps are `bigint`
// (INTEGER in SQLite); policy lists and the boundary are JSON text.

/** Row of `sso_instance`. */
export interface SsoInstanceTable {
  instance_arn: string
  identity_store_id: string
  management_account_id: string
  created_at: number
}

/** Row of `sso_permission_set`. */
export interface SsoPermissionSetTable {
  arn: string
  instance_arn: string
  name: string
  name_key: string
  description: string | null
  session_duration: string
  relay_state: string | null
  created_at: number
  managed_policy_arns: string
  customer_managed_policies: string
  inline_policy: string | null
  permissions_boundary: string | null
  version: number
}

/** Row of `sso_assignment`. */
export interface SsoAssignmentTable {
  permission_set_arn: string
  account_id: string
  principal_type: string
  principal_id: string
  instance_arn: string
  created_at: number
}

/** Row of `sso_provisioned`. */
export interface SsoProvisionedTable {
  permission_set_arn: string
  account_id: string
  instance_arn: string
  role_name: string
  version: number
  provisioned_at: number
}

/** Row of `sso_operation_status`; `seq_key` orders by time (zero-padded ms, then request id). */
export interface SsoOperationStatusTable {
  request_id: string
  instance_arn: string
  kind: string
  status: string
  failure_reason: string | null
  permission_set_arn: string
  account_id: string | null
  principal_type: string | null
  principal_id: string | null
  created_at: number
  seq_key: string
}

/** Row of `sso_tag`. */
export interface SsoTagTable {
  resource_arn: string
  tag_key: string
  tag_value: string
}

/** The sso-admin tables, for `Kysely<SsoAdminSchema>`. */
export interface SsoAdminSchema {
  sso_instance: SsoInstanceTable
  sso_permission_set: SsoPermissionSetTable
  sso_assignment: SsoAssignmentTable
  sso_provisioned: SsoProvisionedTable
  sso_operation_status: SsoOperationStatusTable
  sso_tag: SsoTagTable
}
