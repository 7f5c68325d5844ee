/**
 * The organization a call acts on: the caller's. An account outside every organization gets
 * AWSOrganizationsNotInUseException; a member account, AccessDeniedException for what only the
 * management account may do.
 */
import type { CallContext } from '../common/operation.ts'
import { orgErrors } from './errors.ts'
import type { OrganizationRecord, RootRecord } from './organizations-records.ts'
import type { OrganizationsStore } from './organizations-store.ts'

/** The caller's organization, its root and the caller's standing in it. */
export interface CallerOrganization {
  readonly organization: OrganizationRecord
  readonly root: RootRecord
  /** True when the caller's account is the organization's management account. */
  readonly isManagement: boolean
}

const resolved = new WeakMap<CallContext, Promise<CallerOrganization>>()

/**
 * The caller's organization, read once per call (authorization and run share it).
 * @throws AWSOrganizationsNotInUseException when the caller's account is in no organization.
 */
export function callerOrganization(
  store: OrganizationsStore,
  call: CallContext,
): Promise<CallerOrganization> {
  let found = resolved.get(call)
  if (found === undefined) {
    found = lookup(store, call.caller.accountId)
    resolved.set(call, found)
  }
  return found
}

async function lookup(store: OrganizationsStore, accountId: string): Promise<CallerOrganization> {
  const account = await store.getAccount(accountId)
  const organization = account && (await store.getOrganization(account.organizationId))
  const root = organization && (await store.listRoots(organization.id, { maxResults: 1 })).items[0]
  if (organization === undefined || root === undefined) {
    throw orgErrors.AWSOrganizationsNotInUseException()
  }
  return { organization, root, isManagement: organization.managementAccountId === accountId }
}
