/**
 * Pieces every security operation shares: IAM paging (`Marker`/`MaxItems` → `IsTruncated`/
 * `Marker`), the user a request names, ARNs, tags.
 */
import type { CallContext } from '../../common/operation.ts'
import type { InputReader } from '../../common/input-reader.ts'
import type { Page, PageRequest } from '../../common/page.ts'
import { StoreError } from '../../common/store-error.ts'
import { securityErrors } from './errors.ts'
import type { TagRecord } from './iam-security-records.ts'
import type { SecurityUser, UserLookup } from './user-lookup.ts'

/** IAM's `MaxItems` default. */
export const DEFAULT_MAX_ITEMS = 100

/** Reads `Marker` and `MaxItems` with AWS's bounds. */
export function readPaging(r: InputReader): PageRequest {
  const marker = r.string('Marker', { min: 1, max: 320 })
  const maxItems = r.integer('MaxItems', { min: 1, max: 1000 })
  return { maxResults: maxItems ?? DEFAULT_MAX_ITEMS, ...(marker ? { nextToken: marker } : {}) }
}

/** Reads a page from the store, turning a token it did not issue into AWS's "Invalid Marker.". */
export async function readStorePage<T>(read: () => Promise<Page<T>>): Promise<Page<T>> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'InvalidNextToken') {
      throw securityErrors.invalidMarker()
    }
    throw error
  }
}

/** `IsTruncated` and `Marker` of a page. */
export const pageFields = (page: Page<unknown>) =>
  page.nextToken === undefined
    ? { IsTruncated: false }
    : { IsTruncated: true, Marker: page.nextToken }

/** The ARN of an IAM resource in the caller's account. */
export const iamArn = (accountId: string, resource: string) =>
  `arn:aws:iam::${accountId}:${resource}`

/** The ARN to authorize for a user: its real ARN when it exists, else the path-less one. */
export async function userResource(
  users: UserLookup,
  call: CallContext,
  userName: string,
): Promise<string> {
  const user = await users.findUser(call.caller.accountId, userName)
  return user?.arn ?? iamArn(call.caller.accountId, `user/${userName}`)
}

/**
 * The authorization of an operation on the user its input names: `action` on the user's ARN, or
 * on the caller's own ARN when the input names none.
 * @example authorization: authorizeOnUser(users, 'iam:GetLoginProfile')
 */
export const authorizeOnUser =
  (users: UserLookup, action: string) =>
  async <T extends { readonly userName?: string | undefined }>(input: T, call: CallContext) => ({
    action,
    resource:
      input.userName === undefined
        ? call.caller.principalArn
        : await userResource(users, call, input.userName),
  })

/** The named user of the caller's account, or AWS's NoSuchEntity. */
export async function requireUser(
  users: UserLookup,
  call: CallContext,
  userName: string,
): Promise<SecurityUser> {
  const user = await users.findUser(call.caller.accountId, userName)
  if (user === undefined) throw securityErrors.noSuchUser(userName)
  return user
}

/** Tags as IAM returns them. */
export const tagsOut = (tags: readonly TagRecord[]) =>
  tags.map((t) => ({ Key: t.key, Value: t.value }))

/** `aws:RequestTag/…` and `aws:TagKeys` for a request that sets tags. */
export function tagContext(tags: readonly { Key: string; Value: string }[]) {
  if (tags.length === 0) return {}
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) }
  for (const t of tags) context[`aws:RequestTag/${t.Key}`] = t.Value
  return context
}
