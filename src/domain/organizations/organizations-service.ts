/**
 * The AWS Organizations service (JSON 1.1, `AWSOrganizationsV20161128.Op`): the operations
 * xaccess implements, each authorized as `organizations:Op` on the resources of the Service
 * Authorization Reference. Only the management account may call them, except
 * DescribeOrganization, which AWS allows every member account.
 */
import type { ServiceDefinition } from '../common/operation.ts'
import { accountOperations } from './account-operations.ts'
import { attachmentOperations } from './attachment-operations.ts'
import { orgErrors } from './errors.ts'
import { organizationOperations } from './organization-operations.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import { policyOperations } from './policy-operations.ts'
import { tagOperations } from './tag-operations.ts'
import { treeOperations } from './tree-operations.ts'
import { unitOperations } from './unit-operations.ts'

/**
 * The Organizations service definition the server dispatches to.
 * @example
 * const organizations = createOrganizationsService({ store, provisioner, generation })
 * organizations.operations.ListAccounts
 */
export function createOrganizationsService(deps: OrganizationsDeps): ServiceDefinition {
  return {
    name: 'organizations',
    // The engine's denial message, under Organizations' code AccessDeniedException.
    accessDenied: (message) => orgErrors.AccessDeniedException(message),
    operations: {
      ...organizationOperations(deps),
      ...unitOperations(deps),
      ...accountOperations(deps),
      ...treeOperations(deps),
      ...policyOperations(deps),
      ...attachmentOperations(deps),
      ...tagOperations(deps),
    },
  }
}
