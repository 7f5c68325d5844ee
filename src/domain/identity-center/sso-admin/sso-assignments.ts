import type { AccessGrant, AssignmentDirectory, GrantScope } from '../identity-center-ports.ts'
import type { SsoAdminStore } from './sso-admin-store.ts'
import { reservedRoleName } from './sso-arns.ts'
import { DEFAULT_SESSION_DURATION, durationSeconds } from './session-duration.ts'

/**
 * {@link AssignmentDirectory} over the sso-admin store: a user's grants are the assignments made
 * to the user or to any of the given groups, one per account and permission set. Assignments are
 * kept only once their role was provisioned, so every grant names a role that exists.
 * @example
 * const grants = await new SsoAssignments(store).grantsFor(instanceArn, userId, groupIds)
 */
export class SsoAssignments implements AssignmentDirectory {
  readonly #store: SsoAdminStore

  constructor(store: SsoAdminStore) {
    this.#store = store
  }

  async grantsFor(
    instanceArn: string,
    userId: string,
    groupIds: readonly string[],
    scope?: GrantScope,
  ): Promise<readonly AccessGrant[]> {
    const assignments = await this.#store.assignmentsOfPrincipals(
      instanceArn,
      [{ type: 'USER', id: userId }, ...groupIds.map((id) => ({ type: 'GROUP' as const, id }))],
      scope,
    )
    const grants = new Map<string, AccessGrant>()
    const sets = new Map<string, Awaited<ReturnType<SsoAdminStore['getPermissionSet']>>>()
    for (const a of assignments) {
      const key = `${a.accountId}\n${a.permissionSetArn}`
      if (grants.has(key)) continue
      if (!sets.has(a.permissionSetArn)) {
        sets.set(a.permissionSetArn, await this.#store.getPermissionSet(a.permissionSetArn))
      }
      const ps = sets.get(a.permissionSetArn)
      if (ps === undefined) continue
      grants.set(key, {
        accountId: a.accountId,
        permissionSetArn: ps.arn,
        permissionSetName: ps.name,
        roleName: reservedRoleName(ps.name, ps.arn, a.accountId),
        sessionDurationSeconds:
          durationSeconds(ps.sessionDuration) ??
          (durationSeconds(DEFAULT_SESSION_DURATION) as number),
        relayState: ps.relayState ?? undefined,
      })
    }
    return [...grants.values()].sort((x, y) =>
      x.accountId === y.accountId
        ? x.permissionSetName.localeCompare(y.permissionSetName)
        : x.accountId < y.accountId
          ? -1
          : 1,
    )
  }
}
