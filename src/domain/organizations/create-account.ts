/**
 * CreateAccount's work. AWS answers at once with the request IN_PROGRESS and finishes
 * asynchronously; xaccess finishes before answering, so DescribeCreateAccountStatus already
 * reports SUCCEEDED (with the AccountId) or FAILED with AWS's FailureReason:
 * EMAIL_ALREADY_EXISTS for an email another account uses, INTERNAL_FAILURE when the account's
 * role could not be provisioned (the account is then removed again).
 */
import { newAccountId, newCreateAccountRequestId } from '../common/ids.ts'
import { StoreError } from '../common/store-error.ts'
import { orgArns } from './org-arns.ts'
import type { WireTag } from './org-input.ts'
import type { OrgCall } from './org-operation.ts'
import type { CreateAccountStatusRecord } from './organizations-records.ts'
import { attachDefaultPolicies } from './policy-type-switch.ts'

/** A validated CreateAccount request. */
export interface CreateAccountInput {
  readonly email: string
  readonly accountName: string
  readonly roleName: string
  readonly tags: readonly WireTag[]
}

/**
 * Records the request, creates the account under the root with its tags and default policies,
 * provisions its access role, and records the outcome. Answers the request as first recorded
 * (IN_PROGRESS), as AWS does.
 */
export async function createAccount(
  org: OrgCall,
  input: CreateAccountInput,
): Promise<CreateAccountStatusRecord> {
  const { store, provisioner } = org.deps
  const status: CreateAccountStatusRecord = {
    id: newCreateAccountRequestId(),
    organizationId: org.organization.id,
    accountName: input.accountName,
    state: 'IN_PROGRESS',
    requestedAt: Date.now(),
    completedAt: null,
    accountId: null,
    failureReason: null,
  }
  await store.createCreateAccountStatus(status)
  const fail = (failureReason: string) =>
    store.updateCreateAccountStatus(status.id, {
      state: 'FAILED',
      completedAt: Date.now(),
      failureReason,
    })

  if ((await store.findAccountByEmail(input.email)) !== undefined) {
    await fail('EMAIL_ALREADY_EXISTS')
    return status
  }
  const accountId = await unusedAccountId(org)
  try {
    await store.transaction(async (tx) => {
      await tx.createAccount({
        id: accountId,
        organizationId: org.organization.id,
        parentId: org.root.id,
        arn: orgArns.account(org.organization.managementAccountId, org.organization.id, accountId),
        email: input.email,
        name: input.accountName,
        status: 'ACTIVE',
        joinedMethod: 'CREATED',
        joinedAt: Date.now(),
      })
      await tx.tagResource(
        accountId,
        input.tags.map((t) => ({ key: t.Key, value: t.Value })),
      )
      await attachDefaultPolicies(tx, org.root.id, { id: accountId, type: 'ACCOUNT' })
    })
  } catch (error) {
    if (error instanceof StoreError && error.subject === 'account.email') {
      await fail('EMAIL_ALREADY_EXISTS')
      return status
    }
    await fail('INTERNAL_FAILURE')
    throw error
  }
  try {
    await provisioner.provisionAccount({
      accountId,
      managementAccountId: org.organization.managementAccountId,
      roleName: input.roleName,
    })
  } catch {
    // As in AWS, the request fails, not the call: the status tells the caller.
    await store.removeAccount(accountId)
    await fail('INTERNAL_FAILURE')
    return status
  }
  await store.updateCreateAccountStatus(status.id, {
    state: 'SUCCEEDED',
    completedAt: Date.now(),
    accountId,
  })
  return status
}

async function unusedAccountId(org: OrgCall): Promise<string> {
  for (;;) {
    const id = newAccountId()
    if ((await org.deps.store.getAccount(id)) === undefined) return id
  }
}
