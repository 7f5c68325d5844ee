import type { GroupRecord, MembershipRecord, UserRecord } from './identity-store-records.ts'

/** A user as DescribeUser and ListUsers return it. */
export function userShape(u: UserRecord): Record<string, unknown> {
  return {
    IdentityStoreId: u.identityStoreId,
    UserId: u.userId,
    UserName: u.userName,
    DisplayName: u.displayName,
    ...u.attributes,
    UserStatus: u.active === false ? 'DISABLED' : 'ENABLED',
    CreatedAt: new Date(u.createdAt),
    CreatedBy: u.createdBy,
    UpdatedAt: new Date(u.updatedAt),
    UpdatedBy: u.updatedBy,
  }
}

/** A group as DescribeGroup and ListGroups return it. */
export function groupShape(g: GroupRecord): Record<string, unknown> {
  return {
    GroupId: g.groupId,
    DisplayName: g.displayName,
    ...(g.description === undefined ? {} : { Description: g.description }),
    CreatedAt: new Date(g.createdAt),
    CreatedBy: g.createdBy,
    UpdatedAt: new Date(g.updatedAt),
    UpdatedBy: g.updatedBy,
    IdentityStoreId: g.identityStoreId,
  }
}

/** A membership as DescribeGroupMembership and the membership lists return it. */
export function membershipShape(m: MembershipRecord): Record<string, unknown> {
  return {
    IdentityStoreId: m.identityStoreId,
    MembershipId: m.membershipId,
    GroupId: m.groupId,
    MemberId: { UserId: m.userId },
    CreatedAt: new Date(m.createdAt),
    CreatedBy: m.createdBy,
    UpdatedAt: new Date(m.createdAt),
    UpdatedBy: m.createdBy,
  }
}
