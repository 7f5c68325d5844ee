/**
 * The texts of "Command line access": shell exports, a `credential_process` profile that hands
 * the same credentials to the AWS CLI and SDKs, and the IAM Identity Center profile for
 * `~/.aws/config` (used with `aws sso login`, credentials refreshed automatically).
 */
import type { RoleCredentials } from './portal-types.ts'

/** A profile name from account and role: `Dev-AdministratorAccess`. */
export const profileName = (accountName: string, roleName: string): string =>
  `${accountName}-${roleName}`.replace(/[^\w.-]+/g, '-')

/** `export AWS_ACCESS_KEY_ID=…` lines (POSIX shells). */
export function exportLines(c: RoleCredentials): string {
  return [
    `export AWS_ACCESS_KEY_ID="${c.accessKeyId}"`,
    `export AWS_SECRET_ACCESS_KEY="${c.secretAccessKey}"`,
    `export AWS_SESSION_TOKEN="${c.sessionToken}"`,
  ].join('\n')
}

/**
 * A profile whose `credential_process` prints these credentials in the process-credentials
 * format (`Version: 1`); they stop working at `Expiration`.
 */
export function credentialProcessEntry(profile: string, c: RoleCredentials): string {
  const json = JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: new Date(c.expiration).toISOString(),
  })
  return [`[profile ${profile}]`, `credential_process = echo '${json}'`].join('\n')
}

/** The IAM Identity Center profile for `~/.aws/config`. */
export function ssoProfile(
  profile: string,
  startUrl: string,
  region: string,
  accountId: string,
  roleName: string,
): string {
  return [
    `[profile ${profile}]`,
    `sso_start_url = ${startUrl}`,
    `sso_region = ${region}`,
    `sso_account_id = ${accountId}`,
    `sso_role_name = ${roleName}`,
    `region = ${region}`,
  ].join('\n')
}
