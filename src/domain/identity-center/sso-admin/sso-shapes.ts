/** The response shapes of sso-admin, named as AWS's members; dates as `Date`. */
import type { PageRequest } from '../../common/page.ts'
import { ssoErrors } from './errors.ts'
import type {
  InstanceRecord,
  OperationStatusRecord,
  PermissionSetRecord,
} from './sso-admin-records.ts'

/** `PermissionSet`. */
export const permissionSetShape = (ps: PermissionSetRecord) => ({
  Name: ps.name,
  PermissionSetArn: ps.arn,
  ...(ps.description === null ? {} : { Description: ps.description }),
  CreatedDate: new Date(ps.createdAt),
  SessionDuration: ps.sessionDuration,
  ...(ps.relayState === null ? {} : { RelayState: ps.relayState }),
})

/** `InstanceMetadata` (ListInstances) and DescribeInstance's output. */
export const instanceShape = (i: InstanceRecord) => ({
  InstanceArn: i.instanceArn,
  IdentityStoreId: i.identityStoreId,
  OwnerAccountId: i.managementAccountId,
  CreatedDate: new Date(i.createdAt),
  Status: 'ACTIVE',
})

/** `AccountAssignmentOperationStatus`; `inProgress` for the reply to Create/Delete. */
export const assignmentStatusShape = (s: OperationStatusRecord, inProgress = false) => ({
  Status: inProgress ? 'IN_PROGRESS' : s.status,
  RequestId: s.requestId,
  ...(inProgress || s.failureReason === null ? {} : { FailureReason: s.failureReason }),
  TargetId: s.accountId ?? undefined,
  TargetType: 'AWS_ACCOUNT',
  PermissionSetArn: s.permissionSetArn,
  PrincipalType: s.principalType ?? undefined,
  PrincipalId: s.principalId ?? undefined,
  CreatedDate: new Date(s.createdAt),
})

/** `PermissionSetProvisioningStatus`; `inProgress` for the reply to ProvisionPermissionSet. */
export const provisioningStatusShape = (s: OperationStatusRecord, inProgress = false) => ({
  Status: inProgress ? 'IN_PROGRESS' : s.status,
  RequestId: s.requestId,
  ...(s.accountId === null ? {} : { AccountId: s.accountId }),
  PermissionSetArn: s.permissionSetArn,
  ...(inProgress || s.failureReason === null ? {} : { FailureReason: s.failureReason }),
  CreatedDate: new Date(s.createdAt),
})

/** `…OperationStatusMetadata` of the status lists. */
export const statusMetadataShape = (s: OperationStatusRecord) => ({
  Status: s.status,
  RequestId: s.requestId,
  CreatedDate: new Date(s.createdAt),
})

/**
 * One page of a list held in memory (a permission set's policies), by position; the token names
 * the last item's key so that a removal between pages skips nothing still there.
 */
export function pageInMemory<T>(
  items: readonly T[],
  key: (item: T) => string,
  page: PageRequest,
): { items: T[]; nextToken?: string } {
  let start = 0
  if (page.nextToken !== undefined) {
    let after: unknown
    try {
      after = JSON.parse(Buffer.from(page.nextToken, 'base64url').toString('utf8'))
    } catch {
      throw ssoErrors.invalidNextToken()
    }
    if (!Array.isArray(after) || after[0] !== 'm1' || typeof after[1] !== 'string') {
      throw ssoErrors.invalidNextToken()
    }
    const keys = items.map(key)
    const index = keys.indexOf(after[1])
    start = index === -1 ? keys.filter((k) => k < (after as string[])[1]!).length : index + 1
  }
  const size = page.maxResults ?? 100
  const slice = items.slice(start, start + size)
  if (start + size >= items.length) return { items: slice }
  const nextToken = Buffer.from(JSON.stringify(['m1', key(slice[slice.length - 1]!)])).toString(
    'base64url',
  )
  return { items: slice, nextToken }
}

/** `NextToken` when present. */
export const nextTokenOf = (page: { nextToken?: string }) =>
  page.nextToken === undefined ? {} : { NextToken: page.nextToken }
