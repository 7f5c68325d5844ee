/**
 * What a signed-in user may reach, and the credentials for it: the grants of the user (direct
 * and through groups), grouped by account, and an STS session for the provisioned
 * `AWSReservedSSO_*` role of a grant. Shared by the sso portal API (`aws sso login`) and the
 * portal's JSON API, so both paths give the same answer.
 */
import type { RoleSessionClaims } from '../../common/caller.ts'
import type { SessionTokenCodec } from '../../sts/session-token-codec.ts'
import type { StsDirectory } from '../../sts/sts-directory.ts'
import type {
  AccessGrant,
  AssignmentDirectory,
  GrantScope,
  InstanceDirectory,
  UserDirectory,
} from '../identity-center-ports.ts'
import type { TokenOwner } from '../oidc/oidc-service.ts'
import type { AccountNames } from './portal-ports.ts'

/** A signed-in identity-store user and their instance. */
export interface PortalUser extends TokenOwner {
  readonly userName: string
  readonly displayName: string
  readonly instanceArn: string
  /** The instance's management account (where the user's calls are recorded). */
  readonly managementAccountId: string
}

/** One account a user may reach, with the permission sets they hold in it. */
export interface AccountAccess {
  readonly accountId: string
  readonly accountName: string
  readonly emailAddress: string
  readonly roles: readonly AccessGrant[]
}

/** Role credentials as the sso portal API returns them (`expiration` in epoch ms). */
export interface RoleCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly expiration: number
}

/** Credentials, or why there are none. */
export type RoleCredentialsResult =
  | { readonly ok: true; readonly credentials: RoleCredentials; readonly roleArn: string }
  | { readonly ok: false; readonly reason: 'no-access' | 'role-missing' }

/** What user access works with. */
export interface UserAccessDeps {
  readonly instances: InstanceDirectory
  readonly users: UserDirectory
  readonly assignments: AssignmentDirectory
  readonly names: AccountNames
  readonly roles: Pick<StsDirectory, 'findRole'>
  readonly codec: SessionTokenCodec
}

/** Accounts read per query when every account of a user is wanted. */
const ACCOUNTS_READ_AT_ONCE = 500

/** A role session name from a user name: AWS's allowed characters, 2 to 64 of them. */
export function roleSessionName(userName: string): string {
  const cleaned = userName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2)
}

/**
 * Grants and credentials for portal users.
 * @example
 * const user = await access.user({ identityStoreId, userId })
 * const result = await access.roleCredentials(user, '111111111111', 'AdministratorAccess', now)
 */
export class UserAccess {
  readonly #deps: UserAccessDeps

  constructor(deps: UserAccessDeps) {
    this.#deps = deps
  }

  /** The user behind a token or session, if they and their instance still exist. */
  async user(owner: TokenOwner): Promise<PortalUser | undefined> {
    const user = await this.#deps.users.getUser(owner.identityStoreId, owner.userId)
    if (user === undefined) return undefined
    const instance = await this.#deps.instances.instanceForIdentityStore(owner.identityStoreId)
    if (instance === undefined) return undefined
    return {
      identityStoreId: user.identityStoreId,
      userId: user.userId,
      userName: user.userName,
      displayName: user.displayName,
      instanceArn: instance.instanceArn,
      managementAccountId: instance.managementAccountId,
    }
  }

  /**
   * The grants of the user, directly or through their groups: all of them, or those of the
   * accounts `scope` names (one account, or a keyset page of accounts).
   */
  async grants(user: PortalUser, scope?: GrantScope): Promise<readonly AccessGrant[]> {
    const groups = await this.#deps.users.groupIdsOf(user.identityStoreId, user.userId)
    const grants = await this.#deps.assignments.grantsFor(
      user.instanceArn,
      user.userId,
      groups,
      scope,
    )
    if (scope === undefined) return grants
    if ('accountId' in scope) return grants.filter((g) => g.accountId === scope.accountId)
    const after = scope.afterAccountId
    const inPage = grants.filter((g) => after === undefined || g.accountId > after)
    const accounts = [...new Set(inPage.map((g) => g.accountId))].sort()
    const last = accounts[scope.accountLimit - 1]
    return last === undefined ? inPage : inPage.filter((g) => g.accountId <= last)
  }

  /** The user's accounts (by id), each with its permission sets (by name), without repeats. */
  async accounts(user: PortalUser): Promise<AccountAccess[]> {
    const out: AccountAccess[] = []
    let after: string | undefined
    for (;;) {
      const page = await this.accountsPage(user, after, ACCOUNTS_READ_AT_ONCE)
      out.push(...page.accounts)
      if (page.lastAccountId === undefined) return out
      after = page.lastAccountId
    }
  }

  /**
   * One keyset page of the user's accounts: the first `limit` accounts (by id) after `after`
   * that the user holds a grant in, with their names read at once. `lastAccountId` is the page's
   * last account when more may follow (the key of the next page), else undefined. An account
   * that left the organization is skipped, so a page may hold fewer than `limit`.
   */
  async accountsPage(
    user: PortalUser,
    after: string | undefined,
    limit: number,
  ): Promise<{ accounts: AccountAccess[]; lastAccountId?: string }> {
    const scope = {
      accountLimit: limit + 1,
      ...(after === undefined ? {} : { afterAccountId: after }),
    }
    const byAccount = new Map<string, Map<string, AccessGrant>>()
    for (const grant of await this.grants(user, scope)) {
      const roles = byAccount.get(grant.accountId) ?? new Map<string, AccessGrant>()
      roles.set(grant.permissionSetName, grant)
      byAccount.set(grant.accountId, roles)
    }
    const ids = [...byAccount.keys()].sort()
    const more = ids.length > limit
    const pageIds = ids.slice(0, limit)
    const names = await this.#namesOf(pageIds)
    const accounts: AccountAccess[] = []
    for (const accountId of pageIds) {
      const found = names.get(accountId)
      // INVARIANT: an account that left the organization has no name and is not offered.
      if (found === undefined) continue
      const roles = [...byAccount.get(accountId)!.values()].sort((a, b) =>
        a.permissionSetName < b.permissionSetName ? -1 : 1,
      )
      accounts.push({ accountId, accountName: found.name, emailAddress: found.email, roles })
    }
    return more ? { accounts, lastAccountId: pageIds[pageIds.length - 1]! } : { accounts }
  }

  async #namesOf(ids: readonly string[]) {
    const names = this.#deps.names
    if (names.namesOf !== undefined) return names.namesOf(ids)
    const out = new Map<string, { name: string; email: string }>()
    for (const id of ids) {
      const found = await names.nameOf(id)
      if (found !== undefined) out.set(id, found)
    }
    return out
  }

  /**
   * Credentials for the role provisioned for permission set `permissionSetName` in `accountId`:
   * only for a grant the user holds now, only while the role exists; the session lasts the
   * permission set's session duration (within the role's maximum).
   */
  async roleCredentials(
    user: PortalUser,
    accountId: string,
    permissionSetName: string,
    now: Date,
    /** The eventID of the call that asked: every event of the session points back to it. */
    sourceEventId?: string,
  ): Promise<RoleCredentialsResult> {
    const grant = (await this.grants(user, { accountId })).find(
      (g) => g.accountId === accountId && g.permissionSetName === permissionSetName,
    )
    if (grant === undefined) return { ok: false, reason: 'no-access' }
    const role = await this.#deps.roles.findRole(accountId, grant.roleName)
    if (role === undefined) return { ok: false, reason: 'role-missing' }
    const claims: RoleSessionClaims = {
      kind: 'role',
      accountId,
      roleArn: role.roleArn,
      roleId: role.roleId,
      roleName: role.roleName,
      sessionName: roleSessionName(user.userName),
      // The identity-store user, as the Service Authorization Reference names it.
      sourceArn: `arn:aws:identitystore:::user/${user.userId}`,
      tags: {},
      transitiveTagKeys: [],
      sessionPolicies: [],
      chained: false,
      ...(sourceEventId === undefined ? {} : { sourceEventId }),
    }
    const durationSeconds = Math.max(
      900,
      Math.min(grant.sessionDurationSeconds, role.maxSessionDurationSeconds),
    )
    const issued = this.#deps.codec.issue(claims, { now, durationSeconds })
    return {
      ok: true,
      roleArn: role.roleArn,
      credentials: {
        accessKeyId: issued.accessKeyId,
        secretAccessKey: issued.secretAccessKey,
        sessionToken: issued.sessionToken,
        expiration: issued.expiresAt,
      },
    }
  }
}
