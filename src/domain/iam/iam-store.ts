import type { Page, PageRequest } from '../common/page.ts'
import type {
  AccessKeyStatus,
  EntityRef,
  EntityType,
  GroupRecord,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyEntityRecord,
  PolicyVersionRecord,
  RoleRecord,
  StoredAccessKey,
  TagRecord,
  UserRecord,
} from './iam-records.ts'

/** Filters of the user, group, role and policy lists. */
export interface PathFilter {
  /** Only entities whose path starts with this (case-sensitive, as IAM). */
  readonly pathPrefix?: string
}

/** The fields of a user or group that Update* can change. */
export interface RenamePatch {
  readonly name?: string
  readonly path?: string
}

/** The fields of a role that can change after creation. */
export interface RolePatch {
  readonly description?: string | null
  readonly maxSessionDuration?: number
  readonly trustPolicy?: string
  readonly permissionsBoundaryArn?: string | null
  readonly lastUsedAt?: number
  readonly lastUsedRegion?: string
}

/** Where an access key was last used. */
export interface AccessKeyUse {
  readonly at: number
  readonly region: string
  readonly service: string
}

/** A customer managed policy to create, with its first version (v1, default). */
export interface NewManagedPolicy {
  readonly accountId: string
  readonly id: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description: string | null
  readonly document: string
  readonly createdAt: number
}

/**
 * What the IAM service needs from storage. Implemented in src/storage over SQLite and PostgreSQL;
 * one contract suite holds both to the same behaviour.
 *
 * Conventions: `get*` answers `undefined` when absent; `update*` the updated record or
 * `undefined`; `delete*`/`remove*`/`detach*` whether something was removed. Names of users,
 * groups, roles and managed policies are unique per account case-insensitively: a collision
 * throws `StoreError('AlreadyExists', 'user.name' | 'group.name' | 'role.name' | 'policy.name')`.
 * Lists are ordered by lower-cased name (tags by key, keys by id) and paged with opaque tokens.
 * The store checks no business rules (limits, delete conflicts): the service does, inside
 * {@link IamStore.transaction}. Deleting an entity removes its tags, inline policies,
 * attachments and memberships with it.
 */
export interface IamStore {
  /**
   * Runs `fn` in one transaction: all its writes commit together, or none if it throws. A call
   * made inside `fn` on the given store joins the same transaction.
   *
   * INVARIANT: on PostgreSQL a failed statement aborts the transaction; let a `StoreError`
   * propagate out of `fn`.
   */
  transaction<T>(fn: (store: IamStore) => Promise<T>): Promise<T>

  // Users
  /** Stores a user. */
  createUser(user: UserRecord): Promise<void>
  /** A user by name, case-insensitively. */
  getUser(accountId: string, name: string): Promise<UserRecord | undefined>
  /** A user by unique id. */
  getUserById(id: string): Promise<UserRecord | undefined>
  /** An account's users. */
  listUsers(accountId: string, filter?: PathFilter, page?: PageRequest): Promise<Page<UserRecord>>
  /** Renames or moves a user (the ARN follows). */
  updateUser(accountId: string, name: string, patch: RenamePatch): Promise<UserRecord | undefined>
  /** Sets or clears a user's permissions boundary. */
  setUserPermissionsBoundary(
    accountId: string,
    name: string,
    arn: string | null,
  ): Promise<UserRecord | undefined>
  /** Deletes a user with its tags, inline policies, attachments, memberships and access keys. */
  deleteUser(accountId: string, name: string): Promise<boolean>

  // Groups
  /** Stores a group. */
  createGroup(group: GroupRecord): Promise<void>
  /** A group by name, case-insensitively. */
  getGroup(accountId: string, name: string): Promise<GroupRecord | undefined>
  /** An account's groups. */
  listGroups(accountId: string, filter?: PathFilter, page?: PageRequest): Promise<Page<GroupRecord>>
  /** Renames or moves a group. */
  updateGroup(accountId: string, name: string, patch: RenamePatch): Promise<GroupRecord | undefined>
  /** Deletes a group with its inline policies, attachments and memberships. */
  deleteGroup(accountId: string, name: string): Promise<boolean>
  /** Adds a user to a group; adding a member again changes nothing. */
  addUserToGroup(groupId: string, userId: string): Promise<void>
  /** Removes a user from a group. */
  removeUserFromGroup(groupId: string, userId: string): Promise<boolean>
  /** The groups a user belongs to. */
  listGroupsForUser(userId: string, page?: PageRequest): Promise<Page<GroupRecord>>
  /** The users in a group. */
  listUsersInGroup(groupId: string, page?: PageRequest): Promise<Page<UserRecord>>

  // Roles
  /** Stores a role. */
  createRole(role: RoleRecord): Promise<void>
  /** A role by name, case-insensitively. */
  getRole(accountId: string, name: string): Promise<RoleRecord | undefined>
  /** An account's roles. */
  listRoles(accountId: string, filter?: PathFilter, page?: PageRequest): Promise<Page<RoleRecord>>
  /** Changes a role's description, session duration, trust policy, boundary or last use. */
  updateRole(accountId: string, name: string, patch: RolePatch): Promise<RoleRecord | undefined>
  /** Deletes a role with its tags, inline policies and attachments. */
  deleteRole(accountId: string, name: string): Promise<boolean>

  // Inline policies
  /** Creates or replaces an inline policy of a user, group or role. */
  putInlinePolicy(entity: EntityRef, policy: InlinePolicyRecord): Promise<void>
  /** One inline policy by name (case-sensitive). */
  getInlinePolicy(entity: EntityRef, name: string): Promise<InlinePolicyRecord | undefined>
  /** Deletes one inline policy. */
  deleteInlinePolicy(entity: EntityRef, name: string): Promise<boolean>
  /** The names of an entity's inline policies, by name. */
  listInlinePolicyNames(entity: EntityRef, page?: PageRequest): Promise<Page<string>>
  /** Every inline policy of an entity with its document, by name. */
  listInlinePolicies(entity: EntityRef): Promise<InlinePolicyRecord[]>

  // Customer managed policies
  /** Stores a managed policy and its version v1 as the default. */
  createManagedPolicy(policy: NewManagedPolicy): Promise<ManagedPolicyRecord>
  /** A customer managed policy by ARN, with its counts. */
  getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined>
  /** An account's customer managed policies; `onlyAttached` keeps those attached somewhere. */
  listManagedPolicies(
    accountId: string,
    filter?: PathFilter & { readonly onlyAttached?: boolean },
    page?: PageRequest,
  ): Promise<Page<ManagedPolicyRecord>>
  /** Deletes a managed policy with its versions and tags (the service checks attachments). */
  deleteManagedPolicy(arn: string): Promise<boolean>
  /**
   * Adds the next version (`v<highest ever + 1>`), optionally as the default; undefined for an
   * unknown policy.
   */
  createPolicyVersion(
    arn: string,
    document: string,
    setAsDefault: boolean,
    at: number,
  ): Promise<PolicyVersionRecord | undefined>
  /** One version of a managed policy. */
  getPolicyVersion(arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>
  /** Every version of a managed policy, newest first. */
  listPolicyVersions(arn: string): Promise<PolicyVersionRecord[]>
  /** Deletes a non-default version. */
  deletePolicyVersion(arn: string, versionId: string): Promise<boolean>
  /** Makes a version the default; false when policy or version is unknown. */
  setDefaultPolicyVersion(arn: string, versionId: string, at: number): Promise<boolean>

  // Attachments (customer or AWS-managed policies, by ARN)
  /** Attaches a managed policy to an entity of `accountId`; attaching again changes nothing. */
  attachPolicy(accountId: string, entity: EntityRef, policyArn: string): Promise<void>
  /** Detaches a managed policy from an entity. */
  detachPolicy(entity: EntityRef, policyArn: string): Promise<boolean>
  /** The ARNs of the managed policies attached to an entity, by ARN. */
  listAttachedPolicyArns(entity: EntityRef, page?: PageRequest): Promise<Page<string>>
  /** The entities a policy is attached to within an account, by type then name. */
  listEntitiesForPolicy(
    accountId: string,
    policyArn: string,
    filter?: PathFilter & { readonly entityType?: EntityType },
    page?: PageRequest,
  ): Promise<Page<PolicyEntityRecord>>
  /** How many entities of `accountId` a policy is attached to. */
  countAttachments(accountId: string, policyArn: string): Promise<number>
  /** How many users and roles of `accountId` use a policy as their permissions boundary. */
  countBoundaryUses(accountId: string, policyArn: string): Promise<number>
  /** The ARNs of AWS-managed (or any) policies attached anywhere in `accountId`. */
  listAttachedPolicyArnsInAccount(accountId: string): Promise<string[]>

  // Access keys
  /** Stores an access key (the secret already sealed). */
  createAccessKey(key: Omit<StoredAccessKey, 'userName'>): Promise<void>
  /** One access key by id, with its owner's current name. */
  getAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined>
  /** The keys of a user (`userId`) or of the account root (`userId` null), by id. */
  listAccessKeys(
    accountId: string,
    userId: string | null,
    page?: PageRequest,
  ): Promise<Page<StoredAccessKey>>
  /** Activates or deactivates a key. */
  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>
  /** Records where and when a key was last used. */
  recordAccessKeyUse(accessKeyId: string, use: AccessKeyUse): Promise<void>
  /** Deletes a key. */
  deleteAccessKey(accessKeyId: string): Promise<boolean>

  // Tags (on users, roles and managed policies, by unique id)
  /** Adds tags, replacing the value (and the spelling) of keys already there case-insensitively. */
  tagResource(resourceId: string, tags: readonly TagRecord[]): Promise<void>
  /** Removes tag keys, case-insensitively; absent keys are ignored. */
  untagResource(resourceId: string, keys: readonly string[]): Promise<void>
  /** A resource's tags, by key. */
  listTags(resourceId: string, page?: PageRequest): Promise<Page<TagRecord>>
}
