// Kysely's view of the tables, as the migrations create them. Timestamps are epoch milliseconds
// in `bigint` columns (INTEGER in SQLite); flags are integers 0/1. Tables of the Organizations
// service are prefixed `org_`.

/** Row of `org_organization`. */
export interface OrgOrganizationTable {
  id: string
  arn: string
  feature_set: string
  management_account_id: string
  management_account_arn: string
  management_account_email: string
  created_at: number
}

/** Row of `org_root`. */
export interface OrgRootTable {
  id: string
  organization_id: string
  arn: string
  name: string
}

/** Row of `org_organizational_unit`; `parent_id` is a root or an OU. */
export interface OrgOrganizationalUnitTable {
  id: string
  organization_id: string
  parent_id: string
  arn: string
  name: string
  created_at: number
}

/** Row of `org_account`. */
export interface OrgAccountTable {
  id: string
  organization_id: string
  parent_id: string
  arn: string
  email: string
  name: string
  status: string
  joined_method: string
  joined_at: number
}

/** Row of `org_policy`; `organization_id` is null for AWS-managed policies. */
export interface OrgPolicyTable {
  id: string
  organization_id: string | null
  arn: string
  policy_type: string
  name: string
  description: string
  content: string
  aws_managed: number
}

/** Row of `org_policy_attachment`. */
export interface OrgPolicyAttachmentTable {
  policy_id: string
  target_id: string
  target_type: string
}

/** Row of `org_enabled_policy_type`. */
export interface OrgEnabledPolicyTypeTable {
  root_id: string
  policy_type: string
  status: string
}

/** Row of `org_tag`. */
export interface OrgTagTable {
  resource_id: string
  tag_key: string
  tag_value: string
}

/** Row of `org_create_account_status`. */
export interface OrgCreateAccountStatusTable {
  id: string
  organization_id: string
  account_name: string
  state: string
  requested_at: number
  completed_at: number | null
  account_id: string | null
  failure_reason: string | null
}

/** Every table, for `Kysely<Schema>`. */
export interface Schema {
  org_organization: OrgOrganizationTable
  org_root: OrgRootTable
  org_organizational_unit: OrgOrganizationalUnitTable
  org_account: OrgAccountTable
  org_policy: OrgPolicyTable
  org_policy_attachment: OrgPolicyAttachmentTable
  org_enabled_policy_type: OrgEnabledPolicyTypeTable
  org_tag: OrgTagTable
  org_create_account_status: OrgCreateAccountStatusTable
}
