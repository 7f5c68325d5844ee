/**
 * The sso-admin service (JSON 1.1, `X-Amz-Target: SWBExternalService.Op`, SigV4 signing name
 * `sso`): permission sets, their policies, account assignments and provisioning, each authorized
 * as `sso:Op` on the resources of the Service Authorization Reference. Only an organization's
 * management account may call it; member accounts get AccessDeniedException.
 */
import type { ServiceDefinition } from '../../common/operation.ts'
import { assignmentOperations } from './assignment-operations.ts'
import { ssoErrors } from './errors.ts'
import { permissionSetOperations } from './permission-set-operations.ts'
import { policyOperations } from './policy-operations.ts'
import { provisioningOperations } from './provisioning-operations.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import { tagOperations } from './tag-operations.ts'

/** The X-Amz-Target prefix of sso-admin requests. */
export const SSO_ADMIN_TARGET_PREFIX = 'SWBExternalService'

/**
 * The sso-admin service definition the server dispatches to.
 * @example
 * const sso = createSsoAdminService({ store, instances, organizations, users, roles, generation })
 * sso.operations.CreatePermissionSet
 */
export function createSsoAdminService(deps: SsoAdminDeps): ServiceDefinition {
  return {
    name: 'sso',
    accessDenied: (message) => ssoErrors.accessDenied(message),
    operations: {
      ...permissionSetOperations(deps),
      ...policyOperations(deps),
      ...assignmentOperations(deps),
      ...provisioningOperations(deps),
      ...tagOperations(deps),
    },
  }
}
