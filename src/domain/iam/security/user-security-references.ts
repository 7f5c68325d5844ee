import type { IamSecurityStore } from './iam-security-store.ts'

/**
 * Whether a user still has a login profile or an MFA device assigned: AWS refuses DeleteUser
 * (DeleteConflict) until they are removed, so IAM core's DeleteUser asks this first.
 */
export async function userHasSecurityReferences(
  store: IamSecurityStore,
  accountId: string,
  userId: string,
): Promise<boolean> {
  if ((await store.getLoginProfile(accountId, userId)) !== undefined) return true
  const devices = await store.listMfaDevicesForUser(accountId, userId, { maxResults: 1 })
  return devices.items.length > 0
}
