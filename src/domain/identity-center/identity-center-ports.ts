/**
 * The ports between the parts of IAM Identity Center: the identity store (users, groups, their
 * passwords and MFA), sso-admin (permission sets and account assignments), the access portal and
 * `aws sso login` (sign-in, device authorization, role credentials), and IAM (the provisioned
 * `AWSReservedSSO_*` roles).
 */

/** The one Identity Center instance of an organization. */
export interface IdentityCenterInstance {
  /** `arn:aws:sso:::instance/ssoins-<16 hex>` */
  readonly instanceArn: string
  /** `d-<10 alnum>` */
  readonly identityStoreId: string
  readonly managementAccountId: string
  readonly createdAt: number
}

/** Finds and creates the organization's instance (sso-admin implements it). */
export interface InstanceDirectory {
  /** The instance of the organization managed by `managementAccountId`, created on first use. */
  ensureInstance(managementAccountId: string): Promise<IdentityCenterInstance>
  /** The instance, if any, whose identity store is `identityStoreId`. */
  instanceForIdentityStore(identityStoreId: string): Promise<IdentityCenterInstance | undefined>
  /** Every instance (one per organization). */
  listInstances(): Promise<readonly IdentityCenterInstance[]>
}

export interface DirectoryUser {
  readonly identityStoreId: string
  readonly userId: string
  readonly userName: string
  readonly displayName: string
}

/** Users and their groups (the identity store implements it). */
export interface UserDirectory {
  findUserByName(identityStoreId: string, userName: string): Promise<DirectoryUser | undefined>
  getUser(identityStoreId: string, userId: string): Promise<DirectoryUser | undefined>
  /** Ids of the groups the user belongs to. */
  groupIdsOf(identityStoreId: string, userId: string): Promise<readonly string[]>
  userExists(identityStoreId: string, userId: string): Promise<boolean>
  groupExists(identityStoreId: string, groupId: string): Promise<boolean>
}

export const MFA_CHECKS = ['ok', 'invalid', 'replayed', 'not-registered'] as const
export type MfaCheck = (typeof MFA_CHECKS)[number]

/** Passwords (argon2id) and TOTP MFA of identity-store users (the identity store implements it). */
export interface UserCredentials {
  setPassword(identityStoreId: string, userId: string, password: string): Promise<void>
  /** Constant work whether or not the user has a password. */
  verifyPassword(identityStoreId: string, userId: string, password: string): Promise<boolean>
  hasMfa(identityStoreId: string, userId: string): Promise<boolean>
  /** Starts registration: a new seed (base32) and its otpauth URI, not active until confirmed. */
  beginMfaRegistration(
    identityStoreId: string,
    userId: string,
  ): Promise<{ seed: string; uri: string }>
  /** Confirms registration with a code from the new seed. */
  confirmMfaRegistration(
    identityStoreId: string,
    userId: string,
    code: string,
    now: Date,
  ): Promise<MfaCheck>
  /** Checks a code; a code's time step is accepted once. */
  verifyMfa(identityStoreId: string, userId: string, code: string, now: Date): Promise<MfaCheck>
}

/** One account and role a user may use, through one permission set. */
export interface AccessGrant {
  readonly accountId: string
  readonly permissionSetArn: string
  readonly permissionSetName: string
  /** The provisioned role's name, `AWSReservedSSO_<PermissionSetName>_<16 hex>`. */
  readonly roleName: string
  readonly sessionDurationSeconds: number
  readonly relayState: string | undefined
}

/** Who may reach what (sso-admin implements it). */
export interface AssignmentDirectory {
  /**
   * The grants of a user: directly assigned, or through any of the given groups; only those of
   * the accounts `scope` names when given (an implementation may answer more: callers filter).
   */
  grantsFor(
    instanceArn: string,
    userId: string,
    groupIds: readonly string[],
    scope?: GrantScope,
  ): Promise<readonly AccessGrant[]>
}

/**
 * Which accounts' grants to read: one account, or a keyset page of accounts — the first
 * `accountLimit` accounts (by id) after `afterAccountId` — so that no call reads every grant of
 * a user assigned everywhere.
 */
export type GrantScope =
  | { readonly accountId: string }
  | { readonly afterAccountId?: string; readonly accountLimit: number }

/** What sso-admin asks of IAM to provision a permission set in an account (IAM implements it). */
export interface ReservedRoleSpec {
  readonly accountId: string
  /** `AWSReservedSSO_<PermissionSetName>_<16 hex>` */
  readonly roleName: string
  /** `/aws-reserved/sso.amazonaws.com/` */
  readonly path: string
  readonly trustPolicy: string
  readonly maxSessionDurationSeconds: number
  readonly managedPolicyArns: readonly string[]
  /** Customer managed policies by name and path, resolved in the target account. */
  readonly customerManagedPolicies: readonly { readonly name: string; readonly path: string }[]
  readonly inlinePolicy: string | undefined
  /** A managed policy ARN, or a customer managed policy reference resolved in the account. */
  readonly permissionsBoundary:
    | { readonly managedPolicyArn: string }
    | { readonly customerManagedPolicy: { readonly name: string; readonly path: string } }
    | undefined
  readonly description: string
}

export interface RoleProvisioner {
  /** Creates or updates the role to match `spec` exactly (policies attached, inline, boundary). */
  provisionRole(spec: ReservedRoleSpec): Promise<void>
  /** Deletes the role and what is attached to it; no error when it is gone already. */
  removeRole(accountId: string, roleName: string): Promise<void>
}
