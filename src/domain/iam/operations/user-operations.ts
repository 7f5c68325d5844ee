/** Users: CreateUser GetUser ListUsers UpdateUser DeleteUser, tags and permissions boundaries. */
import { newUniqueId } from '../../common/ids.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { iamArn, rootArn } from '../iam-arns.ts'
import type { TagRecord } from '../iam-records.ts'
import { allTags, readAllPages } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, mustUser, nowMs, onEntity, onNew, paged, unique, write } from './iam-helpers.ts'
import {
  checkBoundaryArn,
  InputReader,
  readName,
  readOptionalName,
  readPaging,
  readPath,
  readPathPrefix,
  readTagKeys,
  readTags,
  tagContext,
} from './iam-input.ts'
import { pageMarker, tagList, userShape } from './iam-shapes.ts'
import { mustBoundary } from './policy-resolution.ts'

const MAX_TAGS = 50

/** Throws when adding `tags` would take a resource past 50 tags. */
export function checkTagQuota(
  existing: readonly TagRecord[],
  added: readonly TagRecord[],
  quota: string,
): void {
  const keys = new Set(existing.map((t) => t.key.toLowerCase()))
  for (const t of added) keys.add(t.key.toLowerCase())
  if (keys.size > MAX_TAGS) throw iamErrors.quota(quota, MAX_TAGS)
}

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
        onNew(call, 'CreateUser', 'user', input.path, input.userName, {
          ...tagContext(input.tags),
          ...(input.boundary === undefined ? {} : { 'iam:PermissionsBoundary': input.boundary }),
        }),
      async run(input, call) {
        const accountId = accountOf(call)
        if (input.boundary !== undefined) await mustBoundary(store, accountId, input.boundary)
        const path = input.path ?? '/'
        const user = {
          accountId,
          id: newUniqueId('AIDA'),
          name: input.userName,
          path,
          arn: iamArn(accountId, 'user', path, input.userName),
          createdAt: nowMs(deps),
          permissionsBoundaryArn: input.boundary ?? null,
        }
        await write(deps, async (tx) => {
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

    ListUsers: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: 'iam:ListUsers',
        resource: iamArn(accountOf(call), 'user', '/', '*'),
      }),
      async run(input, call) {
        const filter = input.pathPrefix === undefined ? {} : { pathPrefix: input.pathPrefix }
        const page = await paged(() => store.listUsers(accountOf(call), filter, input.page))
        return { Users: page.items.map((u) => userShape(u)), ...pageMarker(page.nextToken) }
      },
    }),

    UpdateUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        const newUserName = readOptionalName(r, 'NewUserName', 64)
        r.done()
        return { userName, newUserName, newPath: readPath(r, 'NewPath') }
      },
      authorization: (input, call) => onEntity(deps, call, 'UpdateUser', 'user', input.userName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          await mustUser(tx, accountId, input.userName)
          const patch = {
            ...(input.newUserName === undefined ? {} : { name: input.newUserName }),
            ...(input.newPath === undefined ? {} : { path: input.newPath }),
          }
          await unique(
            () => tx.updateUser(accountId, input.userName, patch),
            () => iamErrors.userExists(input.newUserName ?? input.userName),
          )
        })
        return {}
      },
    }),

    DeleteUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        r.done()
        return { userName }
      },
      authorization: (input, call) => onEntity(deps, call, 'DeleteUser', 'user', input.userName),
      async run(input, call) {
        const accountId = accountOf(call)
        // INVARIANT: the login profile and MFA check reads another store. On SQLite one
        // connection serves the process, so reading it inside our transaction would wait on our
        // own lock forever: check before the transaction opens.
        const found = await mustUser(deps.store, accountId, input.userName)
        const other = await deps.userReferences?.(accountId, found.id, found.name)
        if (other !== undefined) throw iamErrors.deleteConflict(other)
        await write(deps, async (tx) => {
          const user = await mustUser(tx, accountId, input.userName)
          const ref = { type: 'user', id: user.id } as const
          if ((await tx.listAccessKeys(accountId, user.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDeleteAccessKeys()
          }
          if ((await tx.listGroupsForUser(user.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustRemoveReferences()
          }
          if ((await tx.listInlinePolicyNames(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDeletePolicies()
          }
          if ((await tx.listAttachedPolicyArns(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDetachPolicies()
          }
          await tx.deleteUser(accountId, user.name)
        })
        return {}
      },
    }),

    TagUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        r.done()
        return { userName, tags: readTags(raw) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'TagUser', 'user', input.userName, tagContext(input.tags)),
      async run(input, call) {
        await write(deps, async (tx) => {
          const user = await mustUser(tx, accountOf(call), input.userName)
          checkTagQuota(await allTags(tx, user.id), input.tags, 'TagsPerUser')
          await tx.tagResource(user.id, input.tags)
        })
        return {}
      },
    }),

    UntagUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        r.done()
        return { userName, keys: readTagKeys(raw) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'UntagUser', 'user', input.userName, { 'aws:TagKeys': input.keys }),
      async run(input, call) {
        await write(deps, async (tx) => {
          const user = await mustUser(tx, accountOf(call), input.userName)
          await tx.untagResource(user.id, input.keys)
        })
        return {}
      },
    }),

    ListUserTags: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        const page = readPaging(r)
        r.done()
        return { userName, page }
      },
      authorization: (input, call) => onEntity(deps, call, 'ListUserTags', 'user', input.userName),
      async run(input, call) {
        const user = await mustUser(store, accountOf(call), input.userName)
        const page = await paged(() => store.listTags(user.id, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),

    PutUserPermissionsBoundary: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        const arn = r.string('PermissionsBoundary', { required: true, min: 20, max: 2048 })
        r.done()
        return { userName, arn: checkBoundaryArn(arn) }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'PutUserPermissionsBoundary', 'user', input.userName, {
          'iam:PermissionsBoundary': input.arn,
        }),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          await mustUser(tx, accountId, input.userName)
          await mustBoundary(tx, accountId, input.arn)
          await tx.setUserPermissionsBoundary(accountId, input.userName, input.arn)
        })
        return {}
      },
    }),

    DeleteUserPermissionsBoundary: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        r.done()
        return { userName }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'DeleteUserPermissionsBoundary', 'user', input.userName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          await mustUser(tx, accountId, input.userName)
          await tx.setUserPermissionsBoundary(accountId, input.userName, null)
        })
        return {}
      },
    }),
  }
}

/** Every user of an account (GetAccountAuthorizationDetails). */
export const allUsers = (deps: IamCoreDeps, accountId: string) =>
  readAllPages((page) => deps.store.listUsers(accountId, {}, page))
