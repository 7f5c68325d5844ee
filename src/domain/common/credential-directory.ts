/**
 * The port the server authenticates long-term access keys through (IAM implements it).
 */

/** An IAM access key as authentication needs it. */
export interface AccessKeyRecord {
  readonly accessKeyId: string
  /** The decrypted secret; only authentication sees it. */
  readonly secretAccessKey: string
  readonly status: 'Active' | 'Inactive'
  readonly accountId: string
  /** The user's name, or undefined for the account root user. */
  readonly userName: string | undefined
  /** `AIDA…` for a user, the account id for root. */
  readonly userId: string
  /** The user's ARN, or `arn:aws:iam::ACCOUNT:root`. */
  readonly arn: string
}

export interface CredentialDirectory {
  /** Undefined when no such key exists. */
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>
}
