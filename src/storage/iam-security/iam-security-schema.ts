// Kysely's view of the IAM security tables, as migration 0003 creates them. Timestamps and TOTP
// steps are `bigint` (INTEGER in SQLite); flags 0/1; lists, tags and the password policy JSON.

/** Row of `iam_mfa_device`. */
export interface IamMfaDeviceTable {
  serial_number: string
  account_id: string
  name: string
  path: string
  sealed_seed: string
  user_id: string | null
  enabled_at: number | null
  last_step: number | null
  created_at: number
  tags: string
}

/** Row of `iam_login_profile`. */
export interface IamLoginProfileTable {
  account_id: string
  user_id: string
  password_hash: string
  password_reset_required: number
  created_at: number
}

/** Row of `iam_oidc_provider`. */
export interface IamOidcProviderTable {
  arn: string
  account_id: string
  url: string
  client_ids: string
  thumbprints: string
  tags: string
  created_at: number
}

/** Row of `iam_account_alias`. */
export interface IamAccountAliasTable {
  account_id: string
  alias: string
}

/** Row of `iam_password_policy`. */
export interface IamPasswordPolicyTable {
  account_id: string
  policy: string
}

/** The IAM security tables, for `Kysely<IamSecuritySchema>`. */
export interface IamSecuritySchema {
  iam_mfa_device: IamMfaDeviceTable
  iam_login_profile: IamLoginProfileTable
  iam_oidc_provider: IamOidcProviderTable
  iam_account_alias: IamAccountAliasTable
  iam_password_policy: IamPasswordPolicyTable
}
