/** Users: CreateUser GetUser ListUsers UpdateUser DeleteUser, tags and permissions boundaries. */
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { rootArn } from '../iam-arns.ts'
import { allTags, readAllPages } from '../iam-store-reads.ts'
import { newEntityRecord, readEntityName, USER_KIND } from './entity-kinds.ts'
import { entityListOperation } from './entity-list-operation.ts'
import { entityRenameOperation } from './entity-rename-operation.ts'
import { entityTagOperations } from './entity-tag-operations.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import {
  accountOf,
  mustUser,
  nowMs,
  onEntity,
  onNew,
  requireNoPolicies,
  unique,
  write,
} from './iam-helpers.ts'
import {
  checkBoundaryArn,
  creationContext,
  InputReader,
  readName,
  readOptionalName,
  readPath,
  readTags,
} from './iam-input.ts'
import { userShape } from './iam-shapes.ts'
import { permissionsBoundaryOperations } from './permissions-boundary-operations.ts'
import { mustBoundary } from './policy-resolution.ts'

/** The user operations by AWS name. */
export function userOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  return {
    CreateUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 64)
        const boundary = r.string('PermissionsBoundary', { min: 20, max: 2048 })
        r.done()
        return {
          userName,
          path: readPath(r),
          boundary: boundary === undefined ? undefined : checkBoundaryArn(boundary),
          tags: readTags(raw),
        }
      },
      authorization: (input, call) =>
        onNew(
          call,
          'CreateUser',
          'user',
          input.path,
          input.userName,
          creationContext(input.tags, input.boundary),
        ),
      async run(input, call) {
        const accountId = accountOf(call)
        if (input.boundary !== undefined) await mustBoundary(store, accountId, input.boundary)
        const user = {
          ...newEntityRecord(USER_KIND, accountId, input.userName, input.path, nowMs(deps)),
          permissionsBoundaryArn: input.boundary ?? null,
        }
        await write(deps, call, async (tx) => {
          await unique(
            () => tx.createUser(user),
            () => iamErrors.userExists(input.userName),
          )
          await tx.tagResource(user.id, input.tags)
        })
        return { User: userShape(user, input.tags) }
      },
    }),

    GetUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readOptionalName(r, 'UserName', 128)
        r.done()
        return { userName }
      },
      authorization: (input, call) =>
        input.userName === undefined
          ? { action: 'iam:GetUser', resource: call.caller.principalArn }
          : onEntity(deps, call, 'GetUser', 'user', input.userName),
      async run(input, call) {
        const { caller } = call
        let name = input.userName
        if (name === undefined) {
          if (caller.type === 'Account') {
            return {
              User: {
                UserId: caller.accountId,
                Arn: rootArn(caller.accountId),
                CreateDate: new Date(0),
              },
            }
          }
          if (caller.type !== 'User' || caller.userName === undefined) {
            throw iamErrors.userNameRequired()
          }
          name = caller.userName
        }
        const user = await mustUser(store, accountOf(call), name)
        return { User: userShape(user, await allTags(store, user.id)) }
      },
    }),

    ...entityListOperation(
      USER_KIND,
      (accountId, filter, page) => store.listUsers(accountId, filter, page),
      (user) => userShape(user),
    ),

    ...entityRenameOperation(deps, USER_KIND, {
      newNameMax: 64,
      rename: (tx, accountId, name, patch) => tx.updateUser(accountId, name, patch),
      exists: iamErrors.userExists,
    }),

    DeleteUser: operation({
      parse: (raw) => readEntityName(USER_KIND, raw),
      authorization: (input, call) => onEntity(deps, call, 'DeleteUser', 'user', input.entityName),
      async run(input, call) {
        const accountId = accountOf(call)
        // INVARIANT: the login profile and MFA check reads another store. On SQLite one
        // connection serves the process, so reading it inside our transaction would wait on our
        // own lock forever: check before the transaction opens.
        const found = await mustUser(deps.store, accountId, input.entityName)
        const other = await deps.userReferences?.(accountId, found.id, found.name)
        if (other !== undefined) throw iamErrors.deleteConflict(other)
        await write(deps, call, async (tx) => {
          const user = await mustUser(tx, accountId, input.entityName)
          if ((await tx.listAccessKeys(accountId, user.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDeleteAccessKeys()
          }
          if ((await tx.listGroupsForUser(user.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustRemoveReferences()
          }
          await requireNoPolicies(tx, { type: 'user', id: user.id })
          await tx.deleteUser(accountId, user.name)
        })
        return {}
      },
    }),

    ...entityTagOperations(deps, USER_KIND),

    ...permissionsBoundaryOperations(deps, USER_KIND, (tx, accountId, name, arn) =>
      tx.setUserPermissionsBoundary(accountId, name, arn),
    ),
  }
}

/** Every user of an account (GetAccountAuthorizationDetails). */
export const allUsers = (deps: IamCoreDeps, accountId: string) =>
  readAllPages((page) => deps.store.listUsers(accountId, {}, page))
