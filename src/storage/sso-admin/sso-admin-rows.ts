// Conversions between the sso-admin tables' rows and the domain's records.
import type {
  AssignmentRecord,
  BoundaryRef,
  CustomerPolicyRef,
  InstanceRecord,
  OperationKind,
  OperationStatusRecord,
  PermissionSetRecord,
  PrincipalType,
  ProvisionedRecord,
  StatusValue,
} from '../../domain/identity-center/sso-admin/index.ts'
import type {
  SsoAssignmentTable,
  SsoInstanceTable,
  SsoOperationStatusTable,
  SsoPermissionSetTable,
  SsoProvisionedTable,
} from './sso-admin-schema.ts'

// INVARIANT: PostgreSQL's pg returns `bigint` columns as strings; every read goes through Number().
const num = (v: number | string) => Number(v)

/** An instance record. */
export const toInstance = (r: SsoInstanceTable): InstanceRecord => ({
  instanceArn: r.instance_arn,
  identityStoreId: r.identity_store_id,
  managementAccountId: r.management_account_id,
  createdAt: num(r.created_at),
})

/** A permission set row. */
export const fromPermissionSet = (p: PermissionSetRecord): SsoPermissionSetTable => ({
  arn: p.arn,
  instance_arn: p.instanceArn,
  name: p.name,
  name_key: p.name.toLowerCase(),
  description: p.description,
  session_duration: p.sessionDuration,
  relay_state: p.relayState,
  created_at: p.createdAt,
  managed_policy_arns: JSON.stringify(p.managedPolicyArns),
  customer_managed_policies: JSON.stringify(p.customerManagedPolicies.map((r) => [r.name, r.path])),
  inline_policy: p.inlinePolicy,
  permissions_boundary:
    p.permissionsBoundary === null ? null : JSON.stringify(p.permissionsBoundary),
  version: p.version,
})

/** A permission set record. */
export const toPermissionSet = (r: SsoPermissionSetTable): PermissionSetRecord => ({
  arn: r.arn,
  instanceArn: r.instance_arn,
  name: r.name,
  description: r.description,
  sessionDuration: r.session_duration,
  relayState: r.relay_state,
  createdAt: num(r.created_at),
  managedPolicyArns: JSON.parse(r.managed_policy_arns) as string[],
  customerManagedPolicies: (JSON.parse(r.customer_managed_policies) as [string, string][]).map(
    ([name, path]): CustomerPolicyRef => ({ name, path }),
  ),
  inlinePolicy: r.inline_policy,
  permissionsBoundary:
    r.permissions_boundary === null ? null : (JSON.parse(r.permissions_boundary) as BoundaryRef),
  version: num(r.version),
})

/** An assignment record. */
export const toAssignment = (r: SsoAssignmentTable): AssignmentRecord => ({
  instanceArn: r.instance_arn,
  accountId: r.account_id,
  permissionSetArn: r.permission_set_arn,
  principalType: r.principal_type as PrincipalType,
  principalId: r.principal_id,
  createdAt: num(r.created_at),
})

/** A provisioning record. */
export const toProvisioned = (r: SsoProvisionedTable): ProvisionedRecord => ({
  instanceArn: r.instance_arn,
  permissionSetArn: r.permission_set_arn,
  accountId: r.account_id,
  roleName: r.role_name,
  version: num(r.version),
  provisionedAt: num(r.provisioned_at),
})

/** An operation status row; `seq_key` orders statuses by time. */
export const fromOperationStatus = (s: OperationStatusRecord): SsoOperationStatusTable => ({
  request_id: s.requestId,
  instance_arn: s.instanceArn,
  kind: s.kind,
  status: s.status,
  failure_reason: s.failureReason,
  permission_set_arn: s.permissionSetArn,
  account_id: s.accountId,
  principal_type: s.principalType,
  principal_id: s.principalId,
  created_at: s.createdAt,
  seq_key: `${String(s.createdAt).padStart(15, '0')}/${s.requestId}`,
})

/** An operation status record. */
export const toOperationStatus = (r: SsoOperationStatusTable): OperationStatusRecord => ({
  requestId: r.request_id,
  instanceArn: r.instance_arn,
  kind: r.kind as OperationKind,
  status: r.status as StatusValue,
  failureReason: r.failure_reason,
  permissionSetArn: r.permission_set_arn,
  accountId: r.account_id,
  principalType: r.principal_type as PrincipalType | null,
  principalId: r.principal_id,
  createdAt: num(r.created_at),
})
