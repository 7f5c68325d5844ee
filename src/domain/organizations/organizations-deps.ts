import type { PolicyGeneration } from '../authorization/policy-generation.ts'
import type { AccountProvisioner } from './account-provisioner.ts'
import type { OrganizationsStore } from './organizations-store.ts'

/** What the Organizations service runs on. */
export interface OrganizationsDeps {
  readonly store: OrganizationsStore
  /** Creates `OrganizationAccountAccessRole` (or the requested role) in each new account. */
  readonly provisioner: AccountProvisioner
  /** Bumped after every write, so cached policy sets are recompiled. */
  readonly generation: PolicyGeneration
}
