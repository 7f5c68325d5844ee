/**
 * What STS reads from IAM (IAM implements this port): roles to assume, managed policies passed as
 * session policies, MFA devices, access key owners, users.
 */

export interface AssumableRole {
  readonly accountId: string
  readonly roleName: string
  readonly roleArn: string
  /** `AROA…` */
  readonly roleId: string
  readonly path: string
  /** The trust policy document (JSON text). */
  readonly trustPolicy: string
  readonly maxSessionDurationSeconds: number
  readonly tags: Readonly<Record<string, string>>
}

export const MFA_RESULTS = ['ok', 'invalid', 'replayed', 'no-device'] as const
export type MfaResult = (typeof MFA_RESULTS)[number]

export interface StsDirectory {
  findRole(accountId: string, roleName: string): Promise<AssumableRole | undefined>
  /** The default version's document of a managed policy (AWS-managed or customer), or undefined. */
  managedPolicyDocument(policyArn: string): Promise<string | undefined>
  /**
   * Checks a TOTP code (RFC 6238) for the MFA device `serialNumber` (its ARN) of the IAM user
   * `userId` (its unique id, `AIDA…`), and records its time step so the same code cannot be used
   * twice. A device that is unknown, unassigned or assigned to anyone else is `no-device`, and
   * its code is left unused.
   */
  verifyMfaCode(userId: string, serialNumber: string, code: string, now: Date): Promise<MfaResult>
  /** The account that owns an access key (`sts:GetAccessKeyInfo`), or undefined. */
  accessKeyAccount(accessKeyId: string): Promise<string | undefined>
}
