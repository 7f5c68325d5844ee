/**
 * Identity Center's identifiers: instance and permission set ARNs, identity store ids, the ARN
 * of an account as the sso authorization resource, and the name of the role a permission set
 * provisions in an account.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto'

/** The path of every role Identity Center provisions. */
export const RESERVED_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/'

const hex16 = () => randomBytes(8).toString('hex')

/** A new `arn:aws:sso:::instance/ssoins-<16 hex>`. */
export const newInstanceArn = (): string => `arn:aws:sso:::instance/ssoins-${hex16()}`

/** A new identity store id, `d-` and 10 lowercase hex-like characters (as AWS's `d-906716d5b3`). */
export function newIdentityStoreId(): string {
  const alphabet = '0123456789abcdef'
  let out = 'd-'
  for (let i = 0; i < 10; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** The instance id (`ssoins-…`) of an instance ARN. */
export const instanceIdOf = (instanceArn: string): string =>
  instanceArn.slice(instanceArn.lastIndexOf('/') + 1)

/** A new permission set ARN under an instance. */
export const newPermissionSetArn = (instanceArn: string): string =>
  `arn:aws:sso:::permissionSet/${instanceIdOf(instanceArn)}/ps-${hex16()}`

/** The instance id a permission set ARN names (`ssoins-…`). */
export const instanceIdOfPermissionSet = (permissionSetArn: string): string =>
  permissionSetArn.split('/')[1] ?? ''

/** `arn:aws:sso:::account/ACCOUNT`, the resource of account-scoped sso actions. */
export const accountResourceArn = (accountId: string): string =>
  `arn:aws:sso:::account/${accountId}`

/**
 * The role a permission set provisions in an account, `AWSReservedSSO_<Name>_<16 hex>`; the hex
 * part is derived from the permission set and the account, so it is stable across provisionings.
 * @example reservedRoleName('AdministratorAccess', psArn, '111111111111') // AWSReservedSSO_AdministratorAccess_3f0a…
 */
export function reservedRoleName(
  name: string,
  permissionSetArn: string,
  accountId: string,
): string {
  const digest = createHash('sha256').update(`${permissionSetArn}\n${accountId}`).digest('hex')
  return `AWSReservedSSO_${name}_${digest.slice(0, 16)}`
}
