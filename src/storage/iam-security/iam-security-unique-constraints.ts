import type { UniqueConstraint } from '../sql/index.ts'

/** The IAM security tables' unique constraints: PostgreSQL's name, SQLite's columns, subject. */
export const IAM_SECURITY_UNIQUE_CONSTRAINTS: readonly UniqueConstraint[] = [
  ['iam_mfa_device_pkey', 'iam_mfa_device.serial_number', 'mfaDevice.serialNumber'],
  ['iam_mfa_device_name_key', 'iam_mfa_device.account_id, iam_mfa_device.name', 'mfaDevice.name'],
  [
    'iam_login_profile_pkey',
    'iam_login_profile.account_id, iam_login_profile.user_id',
    'loginProfile.userId',
  ],
  ['iam_oidc_provider_pkey', 'iam_oidc_provider.arn', 'oidcProvider.arn'],
  ['iam_account_alias_pkey', 'iam_account_alias.account_id', 'accountAlias.accountId'],
  ['iam_account_alias_alias_key', 'iam_account_alias.alias', 'accountAlias.alias'],
]
