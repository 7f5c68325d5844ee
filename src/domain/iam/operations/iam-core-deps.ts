import type { PolicyGeneration } from '../../authorization/policy-generation.ts'
import type { OrganizationPolicySource } from '../../authorization/policy-sources.ts'
import type { SealedBox } from '../../common/sealed-box.ts'
import type { IamStore } from '../iam-store.ts'
import type { InstanceProfileStore } from '../instance-profile-store.ts'
import type { SamlProviderStore } from '../saml-provider-store.ts'

/**
 * Answers, for DeleteUser, whether another part of IAM (login profile, MFA devices, signing
 * certificates…) still refers to the user: a DeleteConflict message, or undefined when none does.
 */
export type UserReferenceCheck = (
  accountId: string,
  userId: string,
  userName: string,
) => Promise<string | undefined>

/** What the IAM core operations work with; the server builds it once. */
export interface IamCoreDeps {
  readonly store: IamStore
  /** Seals secret access keys at rest (purpose 'secret'). */
  readonly box: SealedBox
  /** Bumped after every write that changes policies, principals or tags. */
  readonly generation: PolicyGeneration
  /** DeleteUser asks it before deleting (IAM security's login profiles and MFA devices). */
  readonly userReferences?: UserReferenceCheck
  /** SimulatePrincipalPolicy adds the SCPs on the principal's account when given. */
  readonly organizations?: OrganizationPolicySource
  /** Instance profiles; without it their operations are absent and DeleteRole does not ask. */
  readonly instanceProfiles?: InstanceProfileStore
  /** SAML providers; without it their operations are absent. */
  readonly samlProviders?: SamlProviderStore
  /** The clock (tests). */
  readonly now?: () => Date
}
