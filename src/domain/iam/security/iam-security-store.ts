import type { Page, PageRequest } from '../../common/page.ts'
import type {
  AssignmentStatus,
  LoginProfileRecord,
  MfaDeviceRecord,
  OidcProviderRecord,
  PasswordPolicyRecord,
  TagRecord,
} from './iam-security-records.ts'

/** What UpdateLoginProfile can change. */
export interface LoginProfilePatch {
  readonly passwordHash?: string
  readonly passwordResetRequired?: boolean
}

/** What the OIDC provider operations can change. */
export interface OidcProviderPatch {
  readonly clientIds?: readonly string[]
  readonly thumbprints?: readonly string[]
  readonly tags?: readonly TagRecord[]
}

/**
 * What IAM's security features need from storage. Implemented in src/storage over SQLite and
 * PostgreSQL; one contract suite holds both to the same behaviour.
 *
 * Conventions as the other stores: `get*` answers undefined when absent, `update*` the updated
 * record or undefined, `delete*` whether something was removed; collisions throw
 * `StoreError('AlreadyExists', 'entity.field')`; lists are ordered by their key and paged with
 * opaque tokens (`InvalidNextToken` for a token the store did not issue).
 */
export interface IamSecurityStore {
  /** Runs `fn` in one transaction (see `OrganizationsStore.transaction`). */
  transaction<T>(fn: (store: IamSecurityStore) => Promise<T>): Promise<T>

  /**
   * Stores a new virtual MFA device; `AlreadyExists` on `mfaDevice.name` when the account has one
   * of that name, or `mfaDevice.serialNumber`.
   */
  createMfaDevice(device: MfaDeviceRecord): Promise<void>
  /** Reads one device by serial number. */
  getMfaDevice(serialNumber: string): Promise<MfaDeviceRecord | undefined>
  /** An account's virtual devices, by serial number. */
  listVirtualMfaDevices(
    accountId: string,
    status: AssignmentStatus,
    page?: PageRequest,
  ): Promise<Page<MfaDeviceRecord>>
  /** The devices assigned to a user, by serial number. */
  listMfaDevicesForUser(
    accountId: string,
    userId: string,
    page?: PageRequest,
  ): Promise<Page<MfaDeviceRecord>>
  /**
   * Assigns an unassigned device to a user, recording the step of the code that enabled it;
   * false (and nothing changes) if it is absent or already assigned.
   */
  assignMfaDevice(
    serialNumber: string,
    userId: string,
    enabledAt: number,
    step: number,
  ): Promise<boolean>
  /** Unassigns a device (DeactivateMFADevice); false if it is absent or not assigned. */
  unassignMfaDevice(serialNumber: string): Promise<boolean>
  /**
   * Records that a TOTP step was used, only if it is later than the last one recorded: atomic, so
   * of two concurrent uses of one code exactly one gets true (replay protection).
   */
  useMfaStep(serialNumber: string, step: number): Promise<boolean>
  /** Deletes a device. */
  deleteMfaDevice(serialNumber: string): Promise<boolean>

  /** Stores a login profile; `AlreadyExists` on `loginProfile.userId`. */
  createLoginProfile(profile: LoginProfileRecord): Promise<void>
  /** Reads a user's login profile. */
  getLoginProfile(accountId: string, userId: string): Promise<LoginProfileRecord | undefined>
  /** Changes a login profile. */
  updateLoginProfile(
    accountId: string,
    userId: string,
    patch: LoginProfilePatch,
  ): Promise<LoginProfileRecord | undefined>
  /** Deletes a login profile. */
  deleteLoginProfile(accountId: string, userId: string): Promise<boolean>

  /** Stores an OIDC provider; `AlreadyExists` on `oidcProvider.arn`. */
  createOidcProvider(provider: OidcProviderRecord): Promise<void>
  /** Reads one provider by ARN. */
  getOidcProvider(arn: string): Promise<OidcProviderRecord | undefined>
  /** An account's providers, by ARN. */
  listOidcProviders(accountId: string): Promise<OidcProviderRecord[]>
  /** Changes a provider's client ids, thumbprints or tags. */
  updateOidcProvider(arn: string, patch: OidcProviderPatch): Promise<OidcProviderRecord | undefined>
  /** Deletes a provider. */
  deleteOidcProvider(arn: string): Promise<boolean>

  /**
   * Sets an account's alias, replacing the one it had; `AlreadyExists` on `accountAlias.alias`
   * when any account (this one included) holds that alias.
   */
  setAccountAlias(accountId: string, alias: string): Promise<void>
  /** An account's alias. */
  getAccountAlias(accountId: string): Promise<string | undefined>
  /** The account that holds `alias` (as the console's "account ID or alias" needs). */
  accountIdForAlias(alias: string): Promise<string | undefined>
  /** Removes an account's alias if it is `alias`. */
  deleteAccountAlias(accountId: string, alias: string): Promise<boolean>

  /** Sets an account's password policy, replacing the one it had. */
  putPasswordPolicy(accountId: string, policy: PasswordPolicyRecord): Promise<void>
  /** An account's password policy. */
  getPasswordPolicy(accountId: string): Promise<PasswordPolicyRecord | undefined>
  /** Removes an account's password policy. */
  deletePasswordPolicy(accountId: string): Promise<boolean>
}
