/**
 * What the IAM security store keeps: virtual MFA devices, login profiles, OpenID Connect
 * providers, account aliases and account password policies. Times are epoch milliseconds.
 * Users are referred to by their unique id (`AIDA…`), so renaming a user keeps its devices and
 * login profile.
 */

/** A virtual MFA device; `userId` and `enabledAt` are set while it is assigned to a user. */
export interface MfaDeviceRecord {
  readonly accountId: string
  /** Its ARN: `arn:aws:iam::ACCOUNT:mfa/PATH+NAME`. */
  readonly serialNumber: string
  readonly name: string
  readonly path: string
  /** The 20-byte TOTP seed, sealed with SealedBox purpose 'secret'. */
  readonly sealedSeed: string
  readonly userId: string | null
  readonly enabledAt: number | null
  /** The last TOTP time step accepted (replay protection), null before the first. */
  readonly lastStep: number | null
  readonly createdAt: number
  readonly tags: readonly TagRecord[]
}

/** `AssignmentStatus` of ListVirtualMFADevices. */
export const ASSIGNMENT_STATUSES = ['Assigned', 'Unassigned', 'Any'] as const
/** One of {@link ASSIGNMENT_STATUSES}. */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

/** A user's console password. */
export interface LoginProfileRecord {
  readonly accountId: string
  readonly userId: string
  /** An argon2id PHC string. */
  readonly passwordHash: string
  readonly passwordResetRequired: boolean
  readonly createdAt: number
}

/** A tag, as IAM lists it. */
export interface TagRecord {
  readonly key: string
  readonly value: string
}

/** An IAM OpenID Connect identity provider. */
export interface OidcProviderRecord {
  readonly accountId: string
  /** `arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH` */
  readonly arn: string
  /** The issuer URL without its `https://`, as GetOpenIDConnectProvider returns it. */
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
  readonly tags: readonly TagRecord[]
  readonly createdAt: number
}

/** An account's password policy, with AWS's member names. */
export interface PasswordPolicyRecord {
  readonly MinimumPasswordLength: number
  readonly RequireSymbols: boolean
  readonly RequireNumbers: boolean
  readonly RequireUppercaseCharacters: boolean
  readonly RequireLowercaseCharacters: boolean
  readonly AllowUsersToChangePassword: boolean
  /** Days; absent when passwords do not expire. */
  readonly MaxPasswordAge?: number
  readonly PasswordReusePrevention?: number
  readonly HardExpiry?: boolean
}
