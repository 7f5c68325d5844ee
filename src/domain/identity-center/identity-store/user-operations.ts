/**
 * CreateUser, DescribeUser, UpdateUser, DeleteUser, ListUsers and GetUserId. A user needs a
 * UserName, a DisplayName and a Name with GivenName and FamilyName, as IAM Identity Center
 * requires; UserName is unique in its identity store, case-insensitively.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { ID_PATTERNS, isReservedName, newResourceId, userArn } from './identity-store-ids.ts'
import type { IdentityStoreInput } from './identity-store-input.ts'
import { identityStoreOperation, onConflict } from './identity-store-operation.ts'
import type { UserAttributes, UserRecord } from './identity-store-records.ts'
import { applyUserOperations } from './user-update.ts'
import { attributesFromRequest } from './user-attributes.ts'
import { userShape } from './user-shapes.ts'

const conflicts = { 'user.userName': identityStoreErrors.duplicateUserName }

/** `{storeId, userId}` of the operations on one user. */
function userRef(r: IdentityStoreInput) {
  const input = { storeId: r.storeId(), userId: r.resourceId('UserId') }
  r.done()
  return input
}

/** Checks the members IAM Identity Center requires of a new user. */
function requireProfile(displayName: string | undefined, attributes: UserAttributes): void {
  const missing: string[] = []
  if (displayName === undefined) missing.push('displayname')
  if (attributes.Name === undefined) missing.push('name')
  else {
    if (attributes.Name.FamilyName === undefined) missing.push('familyname')
    if (attributes.Name.GivenName === undefined) missing.push('givenname')
  }
  if (missing.length > 0) throw identityStoreErrors.attributesRequired(missing)
}

/** The user operations, by name. */
export function userOperations(deps: IdentityStoreDeps): Record<string, AnyOperation> {
  const mustGetUser = async (storeId: string, userId: string): Promise<UserRecord> => {
    const user = await deps.store.getUser(storeId, userId)
    if (user === undefined) throw identityStoreErrors.resourceNotFound('USER', userId)
    return user
  }
  return {
    CreateUser: identityStoreOperation(deps, {
      action: 'CreateUser',
      parse(r) {
        const storeId = r.storeId()
        const userName = r.reader.string('UserName', {
          min: 1,
          max: 128,
          pattern: ID_PATTERNS.userName,
        })
        const displayName = r.reader.string('DisplayName', {
          min: 1,
          max: 1024,
          pattern: ID_PATTERNS.displayName,
        })
        r.done()
        if (userName === undefined) throw identityStoreErrors.userNameRequired()
        const attributes = attributesFromRequest(r.raw)
        requireProfile(displayName, attributes)
        if (isReservedName(userName)) throw identityStoreErrors.reservedName(userName)
        return { storeId, userName, displayName: displayName!, attributes }
      },
      async run(input, ctx) {
        const at = ctx.now.getTime()
        const user: UserRecord = {
          identityStoreId: input.storeId,
          userId: newResourceId(input.storeId),
          userName: input.userName,
          displayName: input.displayName,
          attributes: input.attributes,
          createdAt: at,
          updatedAt: at,
          createdBy: ctx.actor,
          updatedBy: ctx.actor,
        }
        await onConflict(() => deps.store.createUser(user), conflicts)
        return { IdentityStoreId: user.identityStoreId, UserId: user.userId }
      },
    }),

    DescribeUser: identityStoreOperation(deps, {
      action: 'DescribeUser',
      parse: userRef,
      resources: (input) => [userArn(input.userId)],
      run: async (input) => userShape(await mustGetUser(input.storeId, input.userId)),
    }),

    UpdateUser: identityStoreOperation(deps, {
      action: 'UpdateUser',
      parse(r) {
        const input = {
          storeId: r.storeId(),
          userId: r.resourceId('UserId'),
          operations: r.operations(),
        }
        r.done()
        return input
      },
      resources: (input) => [userArn(input.userId)],
      async run(input, ctx) {
        const user = await mustGetUser(input.storeId, input.userId)
        const next = applyUserOperations(user, input.operations)
        const patch = { ...next, updatedAt: ctx.now.getTime(), updatedBy: ctx.actor }
        const updated = await onConflict(
          () => deps.store.updateUser(input.storeId, input.userId, patch),
          conflicts,
        )
        if (updated === undefined) throw identityStoreErrors.resourceNotFound('USER', input.userId)
        return {}
      },
    }),

    DeleteUser: identityStoreOperation(deps, {
      action: 'DeleteUser',
      parse: userRef,
      resources: (input) => [userArn(input.userId)],
      async run(input) {
        if (!(await deps.store.deleteUser(input.storeId, input.userId))) {
          throw identityStoreErrors.resourceNotFound('USER', input.userId)
        }
        return {}
      },
    }),

    ListUsers: identityStoreOperation(deps, {
      action: 'ListUsers',
      parse(r) {
        const input = { storeId: r.storeId(), page: r.page(), userName: r.filter('UserName') }
        r.done()
        return input
      },
      async run(input) {
        const filter = input.userName === undefined ? {} : { userName: input.userName }
        const page = await deps.store.listUsers(input.storeId, filter, input.page)
        return {
          Users: page.items.map(userShape),
          ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        }
      },
    }),

    GetUserId: identityStoreOperation(deps, {
      action: 'GetUserId',
      parse(r) {
        const input = { storeId: r.storeId(), identifier: r.alternateIdentifier() }
        r.done()
        return input
      },
      async run(input) {
        const id = input.identifier
        let user: UserRecord | undefined
        if (id.kind === 'unique') {
          if (id.path.toLowerCase() !== 'username') {
            throw identityStoreErrors.invalidAttributePath(id.path)
          }
          if (typeof id.value !== 'string' || id.value.length === 0) {
            throw identityStoreErrors.invalidAttributeValue(id.path)
          }
          user = await deps.store.findUserByName(input.storeId, id.value)
        }
        // No user of this store has external ids: they come only from SCIM provisioning.
        if (user === undefined) throw identityStoreErrors.resourceNotFound('USER', describe(id))
        return { IdentityStoreId: input.storeId, UserId: user.userId }
      },
    }),
  }
}

/** The ResourceId reported for an alternate identifier that matched nothing. */
export const describe = (
  id: { kind: 'unique'; value: unknown } | { kind: 'external'; id: string },
): string => (id.kind === 'unique' ? String(id.value) : id.id)
