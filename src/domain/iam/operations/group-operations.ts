/**
 * Groups: CreateGroup GetGroup (with its users) ListGroups UpdateGroup DeleteGroup
 * AddUserToGroup RemoveUserFromGroup ListGroupsForUser.
 */
import { newUniqueId } from '../../common/ids.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { iamArn } from '../iam-arns.ts'
import type { GroupRecord } from '../iam-records.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import {
  accountOf,
  mustGroup,
  mustUser,
  nowMs,
  onEntity,
  onNew,
  paged,
  unique,
  write,
} from './iam-helpers.ts'
import {
  InputReader,
  readName,
  readOptionalName,
  readPaging,
  readPath,
  readPathPrefix,
} from './iam-input.ts'
import { groupShape, pageMarker, userShape } from './iam-shapes.ts'

const GROUPS_PER_USER = 10

/** The group operations by AWS name. */
export function groupOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  const membership = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const groupName = readName(r, 'GroupName', 128)
    const userName = readName(r, 'UserName', 128)
    r.done()
    return { groupName, userName }
  }
  return {
    CreateGroup: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const groupName = readName(r, 'GroupName', 128)
        r.done()
        return { groupName, path: readPath(r) }
      },
      authorization: (input, call) =>
        onNew(call, 'CreateGroup', 'group', input.path, input.groupName),
      async run(input, call) {
        const accountId = accountOf(call)
        const path = input.path ?? '/'
        const group: GroupRecord = {
          accountId,
          id: newUniqueId('AGPA'),
          name: input.groupName,
          path,
          arn: iamArn(accountId, 'group', path, input.groupName),
          createdAt: nowMs(deps),
        }
        await write(deps, (tx) =>
          unique(
            () => tx.createGroup(group),
            () => iamErrors.groupExists(input.groupName),
          ),
        )
        return { Group: groupShape(group) }
      },
    }),

    GetGroup: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const groupName = readName(r, 'GroupName', 128)
        const page = readPaging(r)
        r.done()
        return { groupName, page }
      },
      authorization: (input, call) => onEntity(deps, call, 'GetGroup', 'group', input.groupName),
      async run(input, call) {
        const group = await mustGroup(store, accountOf(call), input.groupName)
        const page = await paged(() => store.listUsersInGroup(group.id, input.page))
        return {
          Group: groupShape(group),
          Users: page.items.map((u) => userShape(u)),
          ...pageMarker(page.nextToken),
        }
      },
    }),

    ListGroups: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: 'iam:ListGroups',
        resource: iamArn(accountOf(call), 'group', '/', '*'),
      }),
      async run(input, call) {
        const filter = input.pathPrefix === undefined ? {} : { pathPrefix: input.pathPrefix }
        const page = await paged(() => store.listGroups(accountOf(call), filter, input.page))
        return { Groups: page.items.map(groupShape), ...pageMarker(page.nextToken) }
      },
    }),

    UpdateGroup: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const groupName = readName(r, 'GroupName', 128)
        const newGroupName = readOptionalName(r, 'NewGroupName', 128)
        r.done()
        return { groupName, newGroupName, newPath: readPath(r, 'NewPath') }
      },
      authorization: (input, call) => onEntity(deps, call, 'UpdateGroup', 'group', input.groupName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          await mustGroup(tx, accountId, input.groupName)
          const patch = {
            ...(input.newGroupName === undefined ? {} : { name: input.newGroupName }),
            ...(input.newPath === undefined ? {} : { path: input.newPath }),
          }
          await unique(
            () => tx.updateGroup(accountId, input.groupName, patch),
            () => iamErrors.groupExists(input.newGroupName ?? input.groupName),
          )
        })
        return {}
      },
    }),

    DeleteGroup: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const groupName = readName(r, 'GroupName', 128)
        r.done()
        return { groupName }
      },
      authorization: (input, call) => onEntity(deps, call, 'DeleteGroup', 'group', input.groupName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          const group = await mustGroup(tx, accountId, input.groupName)
          const ref = { type: 'group', id: group.id } as const
          if ((await tx.listUsersInGroup(group.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustRemoveFromGroups()
          }
          if ((await tx.listInlinePolicyNames(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDeletePolicies()
          }
          if ((await tx.listAttachedPolicyArns(ref, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustDetachPolicies()
          }
          await tx.deleteGroup(accountId, group.name)
        })
        return {}
      },
    }),

    AddUserToGroup: operation({
      parse: membership,
      authorization: (input, call) =>
        onEntity(deps, call, 'AddUserToGroup', 'group', input.groupName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          const group = await mustGroup(tx, accountId, input.groupName)
          const user = await mustUser(tx, accountId, input.userName)
          const groups = (await tx.listGroupsForUser(user.id, { maxResults: 1000 })).items
          if (!groups.some((g) => g.id === group.id) && groups.length >= GROUPS_PER_USER) {
            throw iamErrors.quota('GroupsPerUser', GROUPS_PER_USER)
          }
          await tx.addUserToGroup(group.id, user.id)
        })
        return {}
      },
    }),

    RemoveUserFromGroup: operation({
      parse: membership,
      authorization: (input, call) =>
        onEntity(deps, call, 'RemoveUserFromGroup', 'group', input.groupName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, async (tx) => {
          const user = await mustUser(tx, accountId, input.userName)
          const group = await mustGroup(tx, accountId, input.groupName)
          await tx.removeUserFromGroup(group.id, user.id)
        })
        return {}
      },
    }),

    ListGroupsForUser: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readName(r, 'UserName', 128)
        const page = readPaging(r)
        r.done()
        return { userName, page }
      },
      authorization: (input, call) =>
        onEntity(deps, call, 'ListGroupsForUser', 'user', input.userName),
      async run(input, call) {
        const user = await mustUser(store, accountOf(call), input.userName)
        const page = await paged(() => store.listGroupsForUser(user.id, input.page))
        return { Groups: page.items.map(groupShape), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
