import type { Page, PageRequest } from '../../common/page.ts'
import type { GrantScope } from '../identity-center-ports.ts'
import type {
  AssignmentRecord,
  InstanceRecord,
  OperationKind,
  OperationStatusRecord,
  PermissionSetPatch,
  PermissionSetRecord,
  PrincipalType,
  ProvisionedRecord,
  SsoTagRecord,
  StatusValue,
} from './sso-admin-records.ts'

/** Which provisioned accounts to list: all, or those at (or behind) the latest version. */
export const PROVISIONING_FILTERS = [
  'LATEST_PERMISSION_SET_PROVISIONED',
  'LATEST_PERMISSION_SET_NOT_PROVISIONED',
] as const
/** One of {@link PROVISIONING_FILTERS}. */
export type ProvisioningFilter = (typeof PROVISIONING_FILTERS)[number]

/** The identity of an assignment. */
export interface AssignmentKey {
  readonly instanceArn: string
  readonly accountId: string
  readonly permissionSetArn: string
  readonly principalType: PrincipalType
  readonly principalId: string
}

/**
 * What sso-admin needs from storage. Implemented in src/storage over SQLite and PostgreSQL; one
 * contract suite holds both to the same behaviour.
 *
 * Conventions: `get*` answers `undefined` when absent; `delete*` whether something was removed.
 * Collisions throw `StoreError('AlreadyExists', subject)` with subject `instance.arn`,
 * `instance.managementAccountId`, `instance.identityStoreId`, `permissionSet.arn`,
 * `permissionSet.name` (unique per instance case-insensitively) or `assignment.key`. Lists are
 * paged with opaque tokens (a token this store did not issue: `StoreError('InvalidNextToken')`).
 * The store checks no business rules: the service does, inside {@link SsoAdminStore.transaction}.
 */
export interface SsoAdminStore {
  /**
   * Runs `fn` in one transaction; a call made inside `fn` on the given store joins it.
   *
   * INVARIANT: on PostgreSQL a failed statement aborts the transaction; let a `StoreError`
   * propagate out of `fn`.
   */
  transaction<T>(fn: (store: SsoAdminStore) => Promise<T>): Promise<T>

  // Instances
  /** Stores an instance (one per management account). */
  createInstance(instance: InstanceRecord): Promise<void>
  getInstance(instanceArn: string): Promise<InstanceRecord | undefined>
  getInstanceByManagementAccount(accountId: string): Promise<InstanceRecord | undefined>
  getInstanceByIdentityStore(identityStoreId: string): Promise<InstanceRecord | undefined>
  /** Every instance, by ARN. */
  listInstances(): Promise<InstanceRecord[]>

  // Permission sets
  /** Stores a permission set. */
  createPermissionSet(permissionSet: PermissionSetRecord): Promise<void>
  getPermissionSet(arn: string): Promise<PermissionSetRecord | undefined>
  /** An instance's permission sets, by ARN. */
  listPermissionSets(instanceArn: string, page?: PageRequest): Promise<Page<PermissionSetRecord>>
  /**
   * Applies `patch` if the stored version is still `expectedVersion`, and increments the version;
   * `undefined` when the permission set is gone or was changed meanwhile.
   */
  updatePermissionSet(
    arn: string,
    expectedVersion: number,
    patch: PermissionSetPatch,
  ): Promise<PermissionSetRecord | undefined>
  /** Deletes a permission set with its tags (the service checks assignments first). */
  deletePermissionSet(arn: string): Promise<boolean>

  // Assignments
  /** Stores an assignment. */
  createAssignment(assignment: AssignmentRecord): Promise<void>
  getAssignment(key: AssignmentKey): Promise<AssignmentRecord | undefined>
  deleteAssignment(key: AssignmentKey): Promise<boolean>
  /** The assignments of a permission set in an account, by principal type then id. */
  listAssignments(
    instanceArn: string,
    accountId: string,
    permissionSetArn: string,
    page?: PageRequest,
  ): Promise<Page<AssignmentRecord>>
  /** A principal's assignments (optionally in one account), by account then permission set. */
  listAssignmentsForPrincipal(
    instanceArn: string,
    principalType: PrincipalType,
    principalId: string,
    accountId: string | undefined,
    page?: PageRequest,
  ): Promise<Page<AssignmentRecord>>
  /**
   * The assignments of any of the principals (a user and their groups), by account and
   * permission set: all of them, those of one account, or those of the first `accountLimit`
   * accounts after `afterAccountId` (see {@link GrantScope}); each an indexed range read.
   */
  assignmentsOfPrincipals(
    instanceArn: string,
    principals: readonly { readonly type: PrincipalType; readonly id: string }[],
    scope?: GrantScope,
  ): Promise<AssignmentRecord[]>
  /** How many assignments a permission set has in an account (all accounts when undefined). */
  countAssignments(permissionSetArn: string, accountId?: string): Promise<number>
  /**
   * Until the current transaction ends, holds the right to change what `permissionSetArn`
   * provisions in `accountId` (its role, its provisioning record, its last assignment there):
   * concurrent writers of the same pair, on any node, wait and then see this one's outcome.
   */
  lockProvisioning(permissionSetArn: string, accountId: string): Promise<void>

  // Provisioning
  /** Records (or updates) a permission set's provisioning in an account. */
  putProvisioned(record: ProvisionedRecord): Promise<void>
  getProvisioned(
    permissionSetArn: string,
    accountId: string,
  ): Promise<ProvisionedRecord | undefined>
  deleteProvisioned(permissionSetArn: string, accountId: string): Promise<boolean>
  /** The accounts a permission set is provisioned to, by account id. */
  listProvisionedAccounts(
    permissionSetArn: string,
    filter: ProvisioningFilter | undefined,
    page?: PageRequest,
  ): Promise<Page<ProvisionedRecord>>
  /** The permission sets provisioned to an account, by permission set ARN. */
  listProvisionedToAccount(
    instanceArn: string,
    accountId: string,
    filter: ProvisioningFilter | undefined,
    page?: PageRequest,
  ): Promise<Page<ProvisionedRecord>>
  /** How many accounts a permission set is provisioned to. */
  countProvisioned(permissionSetArn: string): Promise<number>

  // Request statuses
  /** Stores the outcome of a request (replacing an earlier one with the same id). */
  putOperationStatus(status: OperationStatusRecord): Promise<void>
  getOperationStatus(
    instanceArn: string,
    kind: OperationKind,
    requestId: string,
  ): Promise<OperationStatusRecord | undefined>
  /** An instance's requests of one kind, oldest first, optionally of one status. */
  listOperationStatuses(
    instanceArn: string,
    kind: OperationKind,
    status: StatusValue | undefined,
    page?: PageRequest,
  ): Promise<Page<OperationStatusRecord>>

  // Tags (instances and permission sets, by ARN)
  /** Adds tags, replacing the values of keys already there. */
  tagResource(resourceArn: string, tags: readonly SsoTagRecord[]): Promise<void>
  /** Removes tag keys; absent keys are ignored. */
  untagResource(resourceArn: string, keys: readonly string[]): Promise<void>
  /** A resource's tags, by key. */
  listTags(resourceArn: string, page?: PageRequest): Promise<Page<SsoTagRecord>>
}
