/**
 * Groups: CreateGroup GetGroup (with its users) ListGroups UpdateGroup DeleteGroup
 * AddUserToGroup RemoveUserFromGroup ListGroupsForUser.
 */
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import type { GroupRecord } from '../iam-records.ts'
import {
  GROUP_KIND,
  newEntityRecord,
  readEntityName,
  readEntityPage,
  USER_KIND,
} from './entity-kinds.ts'
import { entityListOperation } from './entity-list-operation.ts'
import { entityRenameOperation } from './entity-rename-operation.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import {
  accountOf,
  mustGroup,
  mustUser,
  nowMs,
  onEntity,
  onNew,
  paged,
  requireNoPolicies,
  unique,
  write,
} from './iam-helpers.ts'
import { InputReader, readName, readPath } from './iam-input.ts'
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
        const group: GroupRecord = newEntityRecord(
          GROUP_KIND,
          accountId,
          input.groupName,
          input.path,
          nowMs(deps),
        )
        await write(deps, call, (tx) =>
          unique(
            () => tx.createGroup(group),
            () => iamErrors.groupExists(input.groupName),
          ),
        )
        return { Group: groupShape(group) }
      },
    }),

    GetGroup: operation({
      parse: (raw) => readEntityPage(GROUP_KIND, raw),
      authorization: (input, call) => onEntity(deps, call, 'GetGroup', 'group', input.entityName),
      async run(input, call) {
        const group = await mustGroup(store, accountOf(call), input.entityName)
        const page = await paged(() => store.listUsersInGroup(group.id, input.page))
        return {
          Group: groupShape(group),
          Users: page.items.map((u) => userShape(u)),
          ...pageMarker(page.nextToken),
        }
      },
    }),

    ...entityListOperation(
      GROUP_KIND,
      (accountId, filter, page) => store.listGroups(accountId, filter, page),
      groupShape,
    ),

    ...entityRenameOperation(deps, GROUP_KIND, {
      newNameMax: 128,
      rename: (tx, accountId, name, patch) => tx.updateGroup(accountId, name, patch),
      exists: iamErrors.groupExists,
    }),

    DeleteGroup: operation({
      parse: (raw) => readEntityName(GROUP_KIND, raw),
      authorization: (input, call) =>
        onEntity(deps, call, 'DeleteGroup', 'group', input.entityName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, call, async (tx) => {
          const group = await mustGroup(tx, accountId, input.entityName)
          if ((await tx.listUsersInGroup(group.id, { maxResults: 1 })).items.length > 0) {
            throw iamErrors.mustRemoveFromGroups()
          }
          await requireNoPolicies(tx, { type: 'group', id: group.id })
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
        await write(deps, call, async (tx) => {
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
        await write(deps, call, async (tx) => {
          const user = await mustUser(tx, accountId, input.userName)
          const group = await mustGroup(tx, accountId, input.groupName)
          await tx.removeUserFromGroup(group.id, user.id)
        })
        return {}
      },
    }),

    ListGroupsForUser: operation({
      parse: (raw) => readEntityPage(USER_KIND, raw),
      authorization: (input, call) =>
        onEntity(deps, call, 'ListGroupsForUser', 'user', input.entityName),
      async run(input, call) {
        const user = await mustUser(store, accountOf(call), input.entityName)
        const page = await paged(() => store.listGroupsForUser(user.id, input.page))
        return { Groups: page.items.map(groupShape), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
