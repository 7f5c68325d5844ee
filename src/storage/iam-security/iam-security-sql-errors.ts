import { StoreError } from '../../domain/common/store-error.ts'
import { toStoreError } from '../organizations/sql-errors.ts'

/** The IAM security constraints: PostgreSQL's name, SQLite's columns, the StoreError subject. */
const UNIQUE: readonly (readonly [pg: string, sqlite: string, subject: string])[] = [
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

/** A driver's unique violation on an IAM security table as `StoreError('AlreadyExists', …)`. */
export function toSecurityStoreError(error: unknown): unknown {
  const converted = toStoreError(error)
  if (!(converted instanceof StoreError) || converted.kind !== 'AlreadyExists') return converted
  const entry = UNIQUE.find(
    ([pg, sqlite]) => converted.subject === pg || converted.subject === sqlite,
  )
  return entry === undefined
    ? converted
    : new StoreError('AlreadyExists', entry[2], { cause: converted.cause })
}
