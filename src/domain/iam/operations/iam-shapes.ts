/**
 * IAM's response shapes (as the recorded AWS responses have them). Policy documents are
 * URL-encoded, as IAM returns them; dates are `Date`s.
 */
import type { AwsManagedPolicy } from '../aws-managed-policies.ts'
import type {
  GroupRecord,
  ManagedPolicyRecord,
  RoleRecord,
  TagRecord,
  UserRecord,
} from '../iam-records.ts'

/** A policy document as IAM returns it: URL-encoded. */
export const encodeDocument = (document: string): string => encodeURIComponent(document)

/** Tags as `[{Key, Value}]`. */
export const tagList = (tags: readonly TagRecord[]) =>
  tags.map((t) => ({ Key: t.key, Value: t.value }))

const boundary = (arn: string | null) =>
  arn === null
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: arn,
        },
      }

const withTags = (tags: readonly TagRecord[] | undefined) =>
  tags === undefined || tags.length === 0 ? {} : { Tags: tagList(tags) }

/** `User`: ListUsers without tags; Create/GetUser with boundary and tags. */
export function userShape(u: UserRecord, tags?: readonly TagRecord[]) {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: u.arn,
    CreateDate: new Date(u.createdAt),
    ...(tags === undefined ? {} : boundary(u.permissionsBoundaryArn)),
    ...withTags(tags),
  }
}

/** `Group`. */
export function groupShape(g: GroupRecord) {
  return {
    Path: g.path,
    GroupName: g.name,
    GroupId: g.id,
    Arn: g.arn,
    CreateDate: new Date(g.createdAt),
  }
}

/** Which form of `Role` an operation returns. */
export type RoleForm = 'create' | 'get' | 'list'

/**
 * `Role`: CreateRole and UpdateRoleDescription without MaxSessionDuration; GetRole with
 * MaxSessionDuration, boundary, RoleLastUsed and tags; ListRoles with MaxSessionDuration only.
 */
export function roleShape(r: RoleRecord, form: RoleForm, tags?: readonly TagRecord[]) {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: new Date(r.createdAt),
    AssumeRolePolicyDocument: encodeDocument(r.trustPolicy),
    ...(r.description === null ? {} : { Description: r.description }),
    ...(form === 'create' ? {} : { MaxSessionDuration: r.maxSessionDuration }),
    ...(form === 'list' ? {} : boundary(r.permissionsBoundaryArn)),
    ...(form === 'get'
      ? {
          RoleLastUsed:
            r.lastUsedAt === null
              ? {}
              : { LastUsedDate: new Date(r.lastUsedAt), Region: r.lastUsedRegion ?? undefined },
        }
      : {}),
    ...(form === 'list' ? {} : withTags(tags)),
  }
}

/** `Policy` of a customer managed policy; `detail` adds Description and Tags (GetPolicy). */
export function policyShape(p: ManagedPolicyRecord, detail?: { tags: readonly TagRecord[] }) {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
    IsAttachable: true,
    ...(detail !== undefined && p.description !== null ? { Description: p.description } : {}),
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    ...(detail === undefined ? {} : withTags(detail.tags)),
  }
}

/** `Policy` of an AWS-managed policy, with this account's counts. */
export function awsPolicyShape(
  p: AwsManagedPolicy,
  counts: { attachments: number; boundaryUses: number },
  detail = false,
) {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaryUses,
    IsAttachable: true,
    ...(detail && p.description !== null ? { Description: p.description } : {}),
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    ...(detail ? { Tags: [] } : {}),
  }
}

/** `IsTruncated` and `Marker` of a page. */
export const pageMarker = (nextToken: string | undefined) =>
  nextToken === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: nextToken }
