/**
 * What a federated user session (GetFederationToken) may not call, whatever its policies say
 * (STS API reference, GetFederationToken, "Permissions"): no IAM operation, and no STS operation
 * but GetCallerIdentity.
 */
import type { Caller } from '../common/caller.ts'
import type { DomainError } from '../common/domain-error.ts'
import { stsErrors } from './errors.ts'

/**
 * The AccessDenied a federated user session gets for `operation` of `service`, or undefined when
 * the call may go on to the policy engine.
 * @example federatedUserRefusal(caller, 'iam', 'ListUsers')?.code // 'AccessDenied'
 */
export function federatedUserRefusal(
  caller: Caller,
  service: string,
  operation: string,
): DomainError | undefined {
  if (caller.type !== 'FederatedUser') return undefined
  if (service === 'sts') {
    if (operation === 'GetCallerIdentity') return undefined
    if (operation === 'GetSessionToken') return stsErrors.sessionCredentialsNotAllowed()
    if (operation === 'GetFederationToken') return stsErrors.federationSessionCredentials()
    return stsErrors.federatedUserNotAllowed(operation)
  }
  if (service === 'iam') return stsErrors.federatedUserNotAllowed(operation)
  return undefined
}
