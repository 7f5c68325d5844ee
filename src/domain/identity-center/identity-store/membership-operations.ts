/**
 * CreateGroupMembership, DeleteGroupMembership, DescribeGroupMembership, ListGroupMemberships,
 * ListGroupMembershipsForMember, IsMemberInGroups and GetGroupMembershipId. Members are users.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import {
  groupArn,
  ID_PATTERNS,
  membershipArn,
  newResourceId,
  userArn,
} from './identity-store-ids.ts'
import type { IdentityStoreInput } from './identity-store-input.ts'
import { identityStoreOperation, onConflict } from './identity-store-operation.ts'
import type { MembershipRecord } from './identity-store-records.ts'
import { membershipShape } from './user-shapes.ts'

function membershipRef(r: IdentityStoreInput) {
  const input = { storeId: r.storeId(), membershipId: r.resourceId('MembershipId') }
  r.done()
  return input
}

function groupAndMember(r: IdentityStoreInput) {
  const input = { storeId: r.storeId(), groupId: r.resourceId('GroupId'), userId: r.memberUserId() }
  r.done()
  return input
}

const pageOf = (page: { items: MembershipRecord[]; nextToken?: string }) => ({
  GroupMemberships: page.items.map(membershipShape),
  ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
})

/** The membership operations, by name. */
export function membershipOperations(deps: IdentityStoreDeps): Record<string, AnyOperation> {
  const { store } = deps
  const mustExist = async (storeId: string, groupId: string | undefined, userId?: string) => {
    if (groupId !== undefined && (await store.getGroup(storeId, groupId)) === undefined) {
      throw identityStoreErrors.resourceNotFound('GROUP', groupId)
    }
    if (userId !== undefined && (await store.getUser(storeId, userId)) === undefined) {
      throw identityStoreErrors.resourceNotFound('USER', userId)
    }
  }
  const mustGetMembership = async (storeId: string, membershipId: string) => {
    const m = await store.getMembership(storeId, membershipId)
    if (m === undefined)
      throw identityStoreErrors.resourceNotFound('GROUP_MEMBERSHIP', membershipId)
    return m
  }
  return {
    CreateGroupMembership: identityStoreOperation(deps, {
      action: 'CreateGroupMembership',
      parse: groupAndMember,
      resources: (input) => [groupArn(input.groupId), userArn(input.userId)],
      async run(input, ctx) {
        await mustExist(input.storeId, input.groupId, input.userId)
        const membership: MembershipRecord = {
          identityStoreId: input.storeId,
          membershipId: newResourceId(input.storeId),
          groupId: input.groupId,
          userId: input.userId,
          createdAt: ctx.now.getTime(),
          createdBy: ctx.actor,
        }
        await onConflict(() => store.createMembership(membership), {
          'membership.member': identityStoreErrors.duplicateMembership,
        })
        return { MembershipId: membership.membershipId, IdentityStoreId: input.storeId }
      },
    }),

    DeleteGroupMembership: identityStoreOperation(deps, {
      action: 'DeleteGroupMembership',
      parse: membershipRef,
      resources: (input) => [membershipArn(input.membershipId)],
      async run(input) {
        if (!(await store.deleteMembership(input.storeId, input.membershipId))) {
          throw identityStoreErrors.resourceNotFound('GROUP_MEMBERSHIP', input.membershipId)
        }
        return {}
      },
    }),

    DescribeGroupMembership: identityStoreOperation(deps, {
      action: 'DescribeGroupMembership',
      parse: membershipRef,
      resources: (input) => [membershipArn(input.membershipId)],
      run: async (input) =>
        membershipShape(await mustGetMembership(input.storeId, input.membershipId)),
    }),

    ListGroupMemberships: identityStoreOperation(deps, {
      action: 'ListGroupMemberships',
      parse(r) {
        const input = { storeId: r.storeId(), groupId: r.resourceId('GroupId'), page: r.page() }
        r.done()
        return input
      },
      resources: (input) => [groupArn(input.groupId)],
      async run(input) {
        await mustExist(input.storeId, input.groupId)
        return pageOf(await store.listMembershipsOfGroup(input.storeId, input.groupId, input.page))
      },
    }),

    ListGroupMembershipsForMember: identityStoreOperation(deps, {
      action: 'ListGroupMembershipsForMember',
      parse(r) {
        const input = { storeId: r.storeId(), userId: r.memberUserId(), page: r.page() }
        r.done()
        return input
      },
      resources: (input) => [userArn(input.userId)],
      async run(input) {
        await mustExist(input.storeId, undefined, input.userId)
        return pageOf(await store.listMembershipsOfUser(input.storeId, input.userId, input.page))
      },
    }),

    IsMemberInGroups: identityStoreOperation(deps, {
      action: 'IsMemberInGroups',
      parse(r) {
        const storeId = r.storeId()
        const userId = r.memberUserId()
        const groupIds = r.reader.strings('GroupIds', { max: 100 })
        if (groupIds.length === 0) r.reader.fail('GroupIds', undefined, 'Member must not be null')
        r.done()
        for (const id of groupIds) {
          if (!ID_PATTERNS.resourceId[0].test(id)) {
            throw identityStoreErrors.invalidAttributeValue('GroupIds')
          }
        }
        return { storeId, userId, groupIds }
      },
      resources: (input) => [userArn(input.userId), ...input.groupIds.map(groupArn)],
      async run(input) {
        await mustExist(input.storeId, undefined, input.userId)
        const member = new Set(await store.groupIdsOfUser(input.storeId, input.userId))
        return {
          Results: input.groupIds.map((groupId) => ({
            GroupId: groupId,
            MemberId: { UserId: input.userId },
            MembershipExists: member.has(groupId),
          })),
        }
      },
    }),

    GetGroupMembershipId: identityStoreOperation(deps, {
      action: 'GetGroupMembershipId',
      parse: groupAndMember,
      resources: (input) => [groupArn(input.groupId), userArn(input.userId)],
      async run(input) {
        await mustExist(input.storeId, input.groupId, input.userId)
        const m = await store.findMembership(input.storeId, input.groupId, input.userId)
        if (m === undefined) {
          throw identityStoreErrors.resourceNotFound('GROUP_MEMBERSHIP', input.userId)
        }
        return { MembershipId: m.membershipId, IdentityStoreId: input.storeId }
      },
    }),
  }
}
