/**
 * CreateGroup, DescribeGroup, UpdateGroup, DeleteGroup, ListGroups and GetGroupId. A group's
 * DisplayName is unique in its identity store, case-insensitively.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { groupArn, ID_PATTERNS, isReservedName, newResourceId } from './identity-store-ids.ts'
import type { AttributeOperation } from './identity-store-input.ts'
import { identityStoreOperation } from './identity-store-operation.ts'
import type { GroupPatch, GroupRecord } from './identity-store-records.ts'
import {
  createdNow,
  createResource,
  readUpdate,
  resourceOperations,
  updatedNow,
  updateResource,
  type ResourceKind,
} from './resource-operations.ts'
import { groupShape } from './user-shapes.ts'

/** What groups differ in for the operations they share with users. */
const GROUPS: ResourceKind<GroupRecord, GroupPatch> = {
  noun: 'Group',
  resourceType: 'GROUP',
  idMember: 'GroupId',
  uniqueAttribute: 'DisplayName',
  arn: groupArn,
  get: (store, storeId, id) => store.getGroup(storeId, id),
  findByName: (store, storeId, name) => store.findGroupByName(storeId, name),
  list: (store, storeId, name, page) =>
    store.listGroups(storeId, name === undefined ? {} : { displayName: name }, page),
  create: (store, group) => store.createGroup(group),
  update: (store, storeId, id, patch) => store.updateGroup(storeId, id, patch),
  conflicts: { 'group.displayName': identityStoreErrors.duplicateGroupDisplayName },
  delete: (store, storeId, id) => store.deleteGroup(storeId, id),
  shape: groupShape,
  idReply: (storeId, group) => ({ GroupId: group.groupId, IdentityStoreId: storeId }),
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
      run: (input, ctx) =>
        createResource(deps, GROUPS, input.storeId, {
          identityStoreId: input.storeId,
          groupId: newResourceId(input.storeId),
          displayName: input.displayName,
          description: input.description,
          ...createdNow(ctx),
        }),
    }),

    ...resourceOperations(deps, GROUPS),

    UpdateGroup: identityStoreOperation(deps, {
      action: 'UpdateGroup',
      parse(r) {
        const input = readUpdate(r, GROUPS)
        return { ...input, changes: groupChanges(input.operations) }
      },
      resources: (input) => [groupArn(input.id)],
      async run(input, ctx) {
        await updateResource(deps, GROUPS, input.storeId, input.id, {
          ...input.changes,
          ...updatedNow(ctx),
        })
        return {}
      },
    }),
  }
}
