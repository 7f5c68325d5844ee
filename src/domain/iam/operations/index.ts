// Public face of the IAM core operations: every operation by its AWS name, built from its deps.
import type { Operation } from '../../common/operation.ts'
import { accessKeyOperations } from './access-key-operations.ts'
import { accountDetailsOperations } from './account-details-operations.ts'
import { attachmentOperations } from './attachment-operations.ts'
import { groupOperations } from './group-operations.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { inlinePolicyOperations } from './inline-policy-operations.ts'
import { instanceProfileOperations } from './instance-profile-operations.ts'
import { managedPolicyOperations } from './managed-policy-operations.ts'
import { policyTagOperations } from './policy-tag-operations.ts'
import { roleOperations } from './role-operations.ts'
import { samlProviderOperations } from './saml-provider-operations.ts'
import { simulateOperations } from './simulate-operations.ts'
import { userOperations } from './user-operations.ts'

export type { IamCoreDeps, UserReferenceCheck } from './iam-core-deps.ts'

/**
 * Every IAM core operation by its AWS name: users, groups, roles, inline and managed policies
 * with versions, attachments, access keys, GetAccountAuthorizationDetails and the simulators.
 *
 * @example
 * const operations = { ...iamCoreOperations({ store, box, generation }), ...iamSecurityOperations(sec) }
 */
export function iamCoreOperations(deps: IamCoreDeps): Record<string, Operation> {
  return {
    ...userOperations(deps),
    ...groupOperations(deps),
    ...roleOperations(deps),
    ...inlinePolicyOperations(deps),
    ...managedPolicyOperations(deps),
    ...policyTagOperations(deps),
    ...instanceProfileOperations(deps),
    ...samlProviderOperations(deps),
    ...attachmentOperations(deps),
    ...accessKeyOperations(deps),
    ...accountDetailsOperations(deps),
    ...simulateOperations(deps),
  }
}
