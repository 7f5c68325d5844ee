import type { PolicyGeneration } from '../../authorization/policy-generation.ts'
import type { OrganizationPolicySource } from '../../authorization/policy-sources.ts'
import type { InstanceDirectory, RoleProvisioner, UserDirectory } from '../identity-center-ports.ts'
import type { SsoAdminStore } from './sso-admin-store.ts'

/** What the sso-admin service runs on. */
export interface SsoAdminDeps {
  readonly store: SsoAdminStore
  /** The organization's instance, created on first use ({@link SsoAdminInstances}). */
  readonly instances: InstanceDirectory
  /** Where accounts stand: the caller must be a management account, targets members. */
  readonly organizations: OrganizationPolicySource
  /** The identity store's users and groups, for assignment principals. */
  readonly users: UserDirectory
  /** Creates and removes the `AWSReservedSSO_*` roles in IAM. */
  readonly roles: RoleProvisioner
  /** Bumped after every write, so cached policy sets are recompiled. */
  readonly generation: PolicyGeneration
  /** True for an AWS managed policy ARN that exists (default: IAM's catalog). */
  readonly awsManagedPolicyExists?: (arn: string) => boolean
  /** Epoch ms (default `Date.now`). */
  readonly now?: () => number
}
