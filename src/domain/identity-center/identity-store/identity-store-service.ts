/**
 * The AWS Identity Store service (JSON 1.1, `AWSIdentityStore.Op`, signing name
 * `identitystore`): users, groups and group memberships of the organization's IAM Identity
 * Center instance. Each operation is authorized as `identitystore:Op` on the identity store's
 * ARN and on the user, group and membership ARNs it names; only the management account of the
 * organization owning the identity store may call.
 */
import type { ServiceDefinition } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import { groupOperations } from './group-operations.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { membershipOperations } from './membership-operations.ts'
import { passwordOperations } from './password-operations.ts'
import { userOperations } from './user-operations.ts'

/**
 * The Identity Store service definition the server dispatches to.
 * @example
 * const identitystore = createIdentityStoreService({ store, instances })
 * identitystore.operations.CreateUser
 */
export function createIdentityStoreService(deps: IdentityStoreDeps): ServiceDefinition {
  return {
    name: 'identitystore',
    accessDenied: (message) => identityStoreErrors.accessDenied(message),
    operations: {
      ...userOperations(deps),
      ...groupOperations(deps),
      ...membershipOperations(deps),
      ...passwordOperations(deps),
    },
  }
}
