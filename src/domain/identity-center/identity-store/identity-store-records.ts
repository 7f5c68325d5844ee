/**
 * What the identity store keeps: users, groups, memberships, and the sign-in credentials of users
 * (argon2id password hash, sealed TOTP seed, replay and lockout counters). Timestamps are epoch
 * milliseconds.
 */

/** The profile members of a user other than its name and display name, as the wire has them. */
export interface UserAttributes {
  readonly Name?: Readonly<Record<string, string>>
  readonly NickName?: string
  readonly ProfileUrl?: string
  readonly Emails?: readonly Readonly<Record<string, string | boolean>>[]
  readonly Addresses?: readonly Readonly<Record<string, string | boolean>>[]
  readonly PhoneNumbers?: readonly Readonly<Record<string, string | boolean>>[]
  readonly Photos?: readonly Readonly<Record<string, string | boolean>>[]
  readonly Roles?: readonly Readonly<Record<string, string | boolean>>[]
  readonly UserType?: string
  readonly Title?: string
  readonly PreferredLanguage?: string
  readonly Locale?: string
  readonly Timezone?: string
  readonly Website?: string
  readonly Birthdate?: string
}

/** One user of an identity store. */
export interface UserRecord {
  readonly identityStoreId: string
  readonly userId: string
  readonly userName: string
  readonly displayName: string
  readonly attributes: UserAttributes
  readonly createdAt: number
  readonly updatedAt: number
  /** The ARN of the principal that created or last changed it. */
  readonly createdBy: string
  readonly updatedBy: string
  /** False for a deactivated user (SCIM `active`), who cannot sign in; absent means active. */
  readonly active?: boolean
  /** The identity provider's id of the user (SCIM `externalId`). */
  readonly externalId?: string
}

/** One group of an identity store. */
export interface GroupRecord {
  readonly identityStoreId: string
  readonly groupId: string
  readonly displayName: string
  readonly description: string | undefined
  readonly createdAt: number
  readonly updatedAt: number
  readonly createdBy: string
  readonly updatedBy: string
}

/** A user's membership of a group. */
export interface MembershipRecord {
  readonly identityStoreId: string
  readonly membershipId: string
  readonly groupId: string
  readonly userId: string
  readonly createdAt: number
  readonly createdBy: string
}

/** A user's sign-in credentials; every field but the keys may be absent. */
export interface UserCredentialRecord {
  readonly identityStoreId: string
  readonly userId: string
  /** argon2id PHC string. */
  readonly passwordHash: string | null
  /** The confirmed TOTP seed, sealed ('secret'). */
  readonly sealedSeed: string | null
  /** A seed being registered, sealed, not yet confirmed. */
  readonly pendingSeed: string | null
  /** The last TOTP time step accepted (replay protection). */
  readonly lastStep: number | null
  /** Consecutive failed sign-ins. */
  readonly failedAttempts: number
  /** Sign-in refused until then (epoch ms). */
  readonly lockedUntil: number | null
}

/** Changes to a user; `undefined` leaves a member as it is. */
export interface UserPatch {
  readonly userName?: string
  readonly displayName?: string
  readonly attributes?: UserAttributes
  readonly active?: boolean
  /** `null` removes it. */
  readonly externalId?: string | null
  readonly updatedAt: number
  readonly updatedBy: string
}

/** Changes to a group; `description: null` removes it. */
export interface GroupPatch {
  readonly displayName?: string
  readonly description?: string | null
  readonly updatedAt: number
  readonly updatedBy: string
}
