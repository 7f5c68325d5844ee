// Kysely's view of the IAM tables, as migration 0002 creates them. Timestamps are epoch
// milliseconds in `bigint` columns; `name_key` is the lower-cased name.

/** The columns every user, group and role row has. */
export interface IamEntityTable {
  id: string
  account_id: string
  name: string
  name_key: string
  path: string
  arn: string
  created_at: number
}

/** Row of `iam_user`. */
export interface IamUserTable extends IamEntityTable {
  permissions_boundary_arn: string | null
}

/** Row of `iam_group`: the entity columns only. */
export type IamGroupTable = IamEntityTable

/** Row of `iam_group_member`. */
export interface IamGroupMemberTable {
  group_id: string
  user_id: string
}

/** Row of `iam_role`. */
export interface IamRoleTable extends IamEntityTable {
  trust_policy: string
  description: string | null
  max_session_duration: number
  permissions_boundary_arn: string | null
  last_used_at: number | null
  last_used_region: string | null
}

/** Row of `iam_inline_policy`. */
export interface IamInlinePolicyTable {
  entity_id: string
  entity_type: string
  policy_name: string
  document: string
}

/** Row of `iam_managed_policy`. */
export interface IamManagedPolicyTable {
  id: string
  account_id: string
  name: string
  name_key: string
  path: string
  arn: string
  description: string | null
  default_version_id: string
  last_version_number: number
  created_at: number
  updated_at: number
}

/** Row of `iam_policy_version`. */
export interface IamPolicyVersionTable {
  policy_id: string
  version_id: string
  version_number: number
  document: string
  created_at: number
}

/** Row of `iam_policy_attachment`. */
export interface IamPolicyAttachmentTable {
  entity_id: string
  policy_arn: string
  account_id: string
  entity_type: string
}

/** Row of `iam_access_key`. */
export interface IamAccessKeyTable {
  access_key_id: string
  account_id: string
  user_id: string | null
  sealed_secret: string
  status: string
  created_at: number
  last_used_at: number | null
  last_used_region: string | null
  last_used_service: string | null
}

/** Row of `iam_tag`. */
export interface IamTagTable {
  resource_id: string
  key_lower: string
  tag_key: string
  tag_value: string
}

/** The IAM tables, for `Kysely<IamSchema>`. */
export interface IamSchema {
  iam_user: IamUserTable
  iam_group: IamGroupTable
  iam_group_member: IamGroupMemberTable
  iam_role: IamRoleTable
  iam_inline_policy: IamInlinePolicyTable
  iam_managed_policy: IamManagedPolicyTable
  iam_policy_version: IamPolicyVersionTable
  iam_policy_attachment: IamPolicyAttachmentTable
  iam_access_key: IamAccessKeyTable
  iam_tag: IamTagTable
}
