/**
 * CreateGroup, DescribeGroup, UpdateGroup, DeleteGroup, ListGroups and GetGroupId. A group's
 * DisplayName is unique in its identity store, case-insensitively.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { groupArn, ID_PATTERNS, isReservedName, newResourceId } from './identity-store-ids.ts'
import type { AttributeOperation, IdentityStoreInput } from './identity-store-input.ts'
import { identityStoreOperation, onConflict } from './identity-store-operation.ts'
import type { GroupPatch, GroupRecord } from './identity-store-records.ts'
import { groupShape } from './user-shapes.ts'
import { describe } from './user-operations.ts'

const conflicts = { 'group.displayName': identityStoreErrors.duplicateGroupDisplayName }

function groupRef(r: IdentityStoreInput) {
  const input = { storeId: r.storeId(), groupId: r.resourceId('GroupId') }
  r.done()
  return input
}

/** UpdateGroup's operations: `displayName` (not removable) and `description`. */
function groupChanges(
  operations: readonly AttributeOperation[],
): Omit<GroupPatch, 'updatedAt' | 'updatedBy'> {
  const patch: { displayName?: string; description?: string | null } = {}
  for (const { path, value } of operations) {
    const lower = path.toLowerCase()
    if (lower === 'displayname') {
      if (
        typeof value !== 'string' ||
        value.length > 1024 ||
        !ID_PATTERNS.displayName[0].test(value)
      ) {
        throw identityStoreErrors.invalidAttributeValue(path)
      }
      if (isReservedName(value)) throw identityStoreErrors.reservedName(value)
      patch.displayName = value
    } else if (lower === 'description') {
      if (value === undefined || value === null) patch.description = null
      else if (typeof value === 'string' && value.length >= 1 && value.length <= 1024) {
        patch.description = value
      } else throw identityStoreErrors.invalidAttributeValue(path)
    } else {
      throw identityStoreErrors.invalidAttributePath(path)
    }
  }
  return patch
}

/** The group operations, by name. */
export function groupOperations(deps: IdentityStoreDeps): Record<string, AnyOperation> {
  const mustGetGroup = async (storeId: string, groupId: string): Promise<GroupRecord> => {
    const group = await deps.store.getGroup(storeId, groupId)
    if (group === undefined) throw identityStoreErrors.resourceNotFound('GROUP', groupId)
    return group
  }
  return {
    CreateGroup: identityStoreOperation(deps, {
      action: 'CreateGroup',
      parse(r) {
        const storeId = r.storeId()
        const displayName = r.reader.string('DisplayName', {
          min: 1,
          max: 1024,
          pattern: ID_PATTERNS.displayName,
        })
        const description = r.reader.string('Description', { min: 1, max: 1024 })
        r.done()
        if (displayName === undefined) throw identityStoreErrors.attributesRequired(['displayname'])
        if (isReservedName(displayName)) throw identityStoreErrors.reservedName(displayName)
        return { storeId, displayName, description }
      },
      async run(input, ctx) {
        const at = ctx.now.getTime()
        const group: GroupRecord = {
          identityStoreId: input.storeId,
          groupId: newResourceId(input.storeId),
          displayName: input.displayName,
          description: input.description,
          createdAt: at,
          updatedAt: at,
          createdBy: ctx.actor,
          updatedBy: ctx.actor,
        }
        await onConflict(() => deps.store.createGroup(group), conflicts)
        return { GroupId: group.groupId, IdentityStoreId: group.identityStoreId }
      },
    }),

    DescribeGroup: identityStoreOperation(deps, {
      action: 'DescribeGroup',
      parse: groupRef,
      resources: (input) => [groupArn(input.groupId)],
      run: async (input) => groupShape(await mustGetGroup(input.storeId, input.groupId)),
    }),

    UpdateGroup: identityStoreOperation(deps, {
      action: 'UpdateGroup',
      parse(r) {
        const input = {
          storeId: r.storeId(),
          groupId: r.resourceId('GroupId'),
          operations: r.operations(),
        }
        r.done()
        return { ...input, changes: groupChanges(input.operations) }
      },
      resources: (input) => [groupArn(input.groupId)],
      async run(input, ctx) {
        const patch = { ...input.changes, updatedAt: ctx.now.getTime(), updatedBy: ctx.actor }
        const updated = await onConflict(
          () => deps.store.updateGroup(input.storeId, input.groupId, patch),
          conflicts,
        )
        if (updated === undefined) {
          throw identityStoreErrors.resourceNotFound('GROUP', input.groupId)
        }
        return {}
      },
    }),

    DeleteGroup: identityStoreOperation(deps, {
      action: 'DeleteGroup',
      parse: groupRef,
      resources: (input) => [groupArn(input.groupId)],
      async run(input) {
        if (!(await deps.store.deleteGroup(input.storeId, input.groupId))) {
          throw identityStoreErrors.resourceNotFound('GROUP', input.groupId)
        }
        return {}
      },
    }),

    ListGroups: identityStoreOperation(deps, {
      action: 'ListGroups',
      parse(r) {
        const input = { storeId: r.storeId(), page: r.page(), displayName: r.filter('DisplayName') }
        r.done()
        return input
      },
      async run(input) {
        const filter = input.displayName === undefined ? {} : { displayName: input.displayName }
        const page = await deps.store.listGroups(input.storeId, filter, input.page)
        return {
          Groups: page.items.map(groupShape),
          ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        }
      },
    }),

    GetGroupId: identityStoreOperation(deps, {
      action: 'GetGroupId',
      parse(r) {
        const input = { storeId: r.storeId(), identifier: r.alternateIdentifier() }
        r.done()
        return input
      },
      async run(input) {
        const id = input.identifier
        let group: GroupRecord | undefined
        if (id.kind === 'unique') {
          if (id.path.toLowerCase() !== 'displayname') {
            throw identityStoreErrors.invalidAttributePath(id.path)
          }
          if (typeof id.value !== 'string' || id.value.length === 0) {
            throw identityStoreErrors.invalidAttributeValue(id.path)
          }
          group = await deps.store.findGroupByName(input.storeId, id.value)
        }
        if (group === undefined) throw identityStoreErrors.resourceNotFound('GROUP', describe(id))
        return { GroupId: group.groupId, IdentityStoreId: input.storeId }
      },
    }),
  }
}
