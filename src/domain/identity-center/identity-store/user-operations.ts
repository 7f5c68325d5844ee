/**
 * CreateUser, DescribeUser, UpdateUser, DeleteUser, ListUsers and GetUserId. A user needs a
 * UserName, a DisplayName and a Name with GivenName and FamilyName, as IAM Identity Center
 * requires; UserName is unique in its identity store, case-insensitively.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { ID_PATTERNS, isReservedName, newResourceId, userArn } from './identity-store-ids.ts'
import { identityStoreOperation } from './identity-store-operation.ts'
import type { UserAttributes, UserPatch, UserRecord } from './identity-store-records.ts'
import {
  createdNow,
  createResource,
  mustGetResource,
  readUpdate,
  resourceOperations,
  updatedNow,
  updateResource,
  type ResourceKind,
} from './resource-operations.ts'
import { applyUserOperations } from './user-update.ts'
import { attributesFromRequest } from './user-attributes.ts'
import { userShape } from './user-shapes.ts'

/** What users differ in for the operations they share with groups. */
const USERS: ResourceKind<UserRecord, UserPatch> = {
  noun: 'User',
  resourceType: 'USER',
  idMember: 'UserId',
  uniqueAttribute: 'UserName',
  arn: userArn,
  get: (store, storeId, id) => store.getUser(storeId, id),
  findByName: (store, storeId, name) => store.findUserByName(storeId, name),
  list: (store, storeId, name, page) =>
    store.listUsers(storeId, name === undefined ? {} : { userName: name }, page),
  create: (store, user) => store.createUser(user),
  update: (store, storeId, id, patch) => store.updateUser(storeId, id, patch),
  conflicts: { 'user.userName': identityStoreErrors.duplicateUserName },
  delete: (store, storeId, id) => store.deleteUser(storeId, id),
  shape: userShape,
  idReply: (storeId, user) => ({ IdentityStoreId: storeId, UserId: user.userId }),
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
      run: (input, ctx) =>
        createResource(deps, USERS, input.storeId, {
          identityStoreId: input.storeId,
          userId: newResourceId(input.storeId),
          userName: input.userName,
          displayName: input.displayName,
          attributes: input.attributes,
          ...createdNow(ctx),
        }),
    }),

    ...resourceOperations(deps, USERS),

    UpdateUser: identityStoreOperation(deps, {
      action: 'UpdateUser',
      parse: (r) => readUpdate(r, USERS),
      resources: (input) => [userArn(input.id)],
      async run(input, ctx) {
        const user = await mustGetResource(deps, USERS, input.storeId, input.id)
        const changes = applyUserOperations(user, input.operations)
        await updateResource(deps, USERS, input.storeId, input.id, {
          ...changes,
          ...updatedNow(ctx),
        })
        return {}
      },
    }),
  }
}
