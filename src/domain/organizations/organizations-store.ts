import type {
  AccountRecord,
  AccountStatus,
  ChildType,
  CreateAccountState,
  CreateAccountStatusRecord,
  EnabledPolicyTypeRecord,
  NodeRef,
  OrganizationRecord,
  OrganizationalUnitRecord,
  PolicyRecord,
  PolicySummary,
  PolicyTargetRecord,
  PolicyType,
  PolicyTypeStatus,
  RootRecord,
  TagRecord,
} from './organizations-records.ts'
import type { Page, PageRequest } from '../common/page.ts'

/** The fields of an account that can change after creation. */
export interface AccountPatch {
  readonly name?: string
  readonly email?: string
  readonly status?: AccountStatus
}

/** The fields of a policy that UpdatePolicy can change. */
export interface PolicyPatch {
  readonly name?: string
  readonly description?: string
  readonly content?: string
}

/** The fields of a CreateAccount request that change as it completes. */
export interface CreateAccountStatusPatch {
  readonly state: CreateAccountState
  readonly completedAt?: number | null
  readonly accountId?: string | null
  readonly failureReason?: string | null
}

/**
 * What the Organizations service needs from storage. Implemented in src/storage over SQLite and
 * PostgreSQL; one contract suite holds both to the same behaviour.
 *
 * Conventions: `get*` answers `undefined` when absent; `update*` answers the updated record or
 * `undefined` when absent; `delete*`/`remove*`/`detach*` answer whether something was removed.
 * Writes that collide with an existing record throw `StoreError('AlreadyExists', 'entity.field')`,
 * writes naming a missing record `ReferenceNotFound`, deleting a policy still attached `InUse`.
 * Lists are ordered by id (tags by key) and paged with opaque tokens.
 * The store checks no business rules (parent exists, OU empty, limits): the service does, inside
 * {@link OrganizationsStore.transaction}.
 */
export interface OrganizationsStore {
  /**
   * Runs `fn` in one transaction: all its writes commit together, or none if it throws (the error
   * is rethrown). A call made inside `fn` on the given store joins the same transaction.
   *
   * INVARIANT: on PostgreSQL a failed statement aborts the transaction, so a `StoreError` caught
   * inside `fn` cannot be recovered from there; let it propagate.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   await tx.createAccount(account)
   *   await tx.tagResource(account.id, tags)
   * })
   */
  transaction<T>(fn: (store: OrganizationsStore) => Promise<T>): Promise<T>

  /** Stores a new organization. */
  createOrganization(organization: OrganizationRecord): Promise<void>
  /** Reads one organization. */
  getOrganization(id: string): Promise<OrganizationRecord | undefined>
  /** Every organization in the store (there is usually one), oldest first. */
  listOrganizations(): Promise<OrganizationRecord[]>
  /** Deletes an organization and everything in it: roots, OUs, accounts, policies, tags. */
  deleteOrganization(id: string): Promise<boolean>

  /** Stores a root. */
  createRoot(root: RootRecord): Promise<void>
  /** Reads one root. */
  getRoot(id: string): Promise<RootRecord | undefined>
  /** The roots of an organization. */
  listRoots(organizationId: string, page?: PageRequest): Promise<Page<RootRecord>>

  /** Stores an OU; `AlreadyExists` on `organizationalUnit.name` when its parent has one so named. */
  createOrganizationalUnit(ou: OrganizationalUnitRecord): Promise<void>
  /** Reads one OU. */
  getOrganizationalUnit(id: string): Promise<OrganizationalUnitRecord | undefined>
  /** The OUs directly under a root or OU. */
  listOrganizationalUnitsForParent(
    parentId: string,
    page?: PageRequest,
  ): Promise<Page<OrganizationalUnitRecord>>
  /** Renames an OU. */
  updateOrganizationalUnit(
    id: string,
    patch: { readonly name: string },
  ): Promise<OrganizationalUnitRecord | undefined>
  /** Deletes an OU with its tags and policy attachments (the service checks it is empty). */
  deleteOrganizationalUnit(id: string): Promise<boolean>

  /** Stores an account; `AlreadyExists` on `account.id` or `account.email` (case-insensitive). */
  createAccount(account: AccountRecord): Promise<void>
  /** Reads one account. */
  getAccount(id: string): Promise<AccountRecord | undefined>
  /** Reads several accounts in one query; those not found are left out. */
  getAccounts(ids: readonly string[]): Promise<AccountRecord[]>
  /** Finds an account by email, case-insensitively. */
  findAccountByEmail(email: string): Promise<AccountRecord | undefined>
  /** Every account of an organization. */
  listAccounts(organizationId: string, page?: PageRequest): Promise<Page<AccountRecord>>
  /** The accounts directly under a root or OU. */
  listAccountsForParent(parentId: string, page?: PageRequest): Promise<Page<AccountRecord>>
  /** Changes an account's name, email or status. */
  updateAccount(id: string, patch: AccountPatch): Promise<AccountRecord | undefined>
  /**
   * Moves an account from `sourceParentId` to `destinationParentId`; answers false (and moves
   * nothing) unless the account is currently under `sourceParentId`.
   */
  moveAccount(id: string, sourceParentId: string, destinationParentId: string): Promise<boolean>
  /** Removes an account from the store with its tags and policy attachments. */
  removeAccount(id: string): Promise<boolean>

  /** The OUs or the accounts directly under a root or OU. */
  listChildren(parentId: string, childType: ChildType, page?: PageRequest): Promise<Page<NodeRef>>
  /** The parent (root or OU) of an OU or account; `undefined` for an unknown child. */
  getParent(childId: string): Promise<NodeRef | undefined>

  /** Stores a policy; `AlreadyExists` on `policy.name` for the same organization and type. */
  createPolicy(policy: PolicyRecord): Promise<void>
  /** Reads one policy. */
  getPolicy(id: string): Promise<PolicyRecord | undefined>
  /** An organization's policies of one type, AWS-managed ones included. */
  listPolicies(
    organizationId: string,
    type: PolicyType,
    page?: PageRequest,
  ): Promise<Page<PolicySummary>>
  /** Changes a policy's name, description or content. */
  updatePolicy(id: string, patch: PolicyPatch): Promise<PolicyRecord | undefined>
  /** Deletes a policy with its tags; `InUse` on `policy.id` while it is attached anywhere. */
  deletePolicy(id: string): Promise<boolean>

  /**
   * Attaches a policy to a root, OU or account; `AlreadyExists` on `policyAttachment.target`
   * when already attached there, `ReferenceNotFound` on `policy.id` for an unknown policy.
   */
  attachPolicy(policyId: string, target: NodeRef): Promise<void>
  /** Detaches a policy from a target. */
  detachPolicy(policyId: string, targetId: string): Promise<boolean>
  /** Where a policy is attached, with each target's ARN and name. */
  listTargetsForPolicy(policyId: string, page?: PageRequest): Promise<Page<PolicyTargetRecord>>
  /** The policies of one type attached directly to a target. */
  listPoliciesForTarget(
    targetId: string,
    type: PolicyType,
    page?: PageRequest,
  ): Promise<Page<PolicySummary>>

  /** Sets a policy type's status on a root, enabling it if absent. */
  setPolicyTypeStatus(rootId: string, type: PolicyType, status: PolicyTypeStatus): Promise<void>
  /** Removes a policy type from a root (disabled). */
  removePolicyType(rootId: string, type: PolicyType): Promise<boolean>
  /** The policy types enabled (or pending) on a root, by type. */
  listEnabledPolicyTypes(rootId: string): Promise<EnabledPolicyTypeRecord[]>

  /** Adds tags to a resource, replacing the value of keys it already has. */
  tagResource(resourceId: string, tags: readonly TagRecord[]): Promise<void>
  /** Removes tag keys from a resource; absent keys are ignored. */
  untagResource(resourceId: string, keys: readonly string[]): Promise<void>
  /** A resource's tags, by key. */
  listTags(resourceId: string, page?: PageRequest): Promise<Page<TagRecord>>

  /** Records a CreateAccount request. */
  createCreateAccountStatus(status: CreateAccountStatusRecord): Promise<void>
  /** Reads one CreateAccount request. */
  getCreateAccountStatus(id: string): Promise<CreateAccountStatusRecord | undefined>
  /** Records a CreateAccount request's progress. */
  updateCreateAccountStatus(
    id: string,
    patch: CreateAccountStatusPatch,
  ): Promise<CreateAccountStatusRecord | undefined>
  /** An organization's CreateAccount requests, optionally only those in the given states. */
  listCreateAccountStatuses(
    organizationId: string,
    states?: readonly CreateAccountState[],
    page?: PageRequest,
  ): Promise<Page<CreateAccountStatusRecord>>
}
