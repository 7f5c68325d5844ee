import type { Operation } from '../../common/operation.ts'
import { accountAliasOperations } from './account-alias-operations.ts'
import { loginProfileOperations } from './login-profile-operations.ts'
import { mfaAssignmentOperations } from './mfa-assignment-operations.ts'
import { oidcProviderOperations } from './oidc-provider-operations.ts'
import { passwordPolicyOperations } from './password-policy-operations.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import { virtualMfaOperations } from './virtual-mfa-operations.ts'

/**
 * Every IAM security operation by its AWS name, ready to merge into the IAM service's
 * operations: virtual MFA devices, login profiles, OIDC providers, account aliases and the
 * account password policy.
 *
 * @example
 * const operations = { ...iamCoreOperations, ...iamSecurityOperations({ store, box, users }) }
 */
export function iamSecurityOperations(deps: IamSecurityDeps): Record<string, Operation> {
  return {
    ...virtualMfaOperations(deps),
    ...mfaAssignmentOperations(deps),
    ...loginProfileOperations(deps),
    ...oidcProviderOperations(deps),
    ...accountAliasOperations(deps),
    ...passwordPolicyOperations(deps),
  }
}
