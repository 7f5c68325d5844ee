import type { PolicyGeneration } from '../../authorization/policy-generation.ts'
import type { SealedBox } from '../../common/sealed-box.ts'
import type { IamSecurityStore } from './iam-security-store.ts'
import type { PasswordHasher } from './password-hasher.ts'
import type { UserLookup } from './user-lookup.ts'

/** What the security operations work with; the server builds it once. */
export interface IamSecurityDeps {
  readonly store: IamSecurityStore
  /** Seals MFA seeds at rest (purpose 'secret'). */
  readonly box: SealedBox
  /** IAM core's users. */
  readonly users: UserLookup
  /** Bumped after writes that change principals or tags (OIDC providers). */
  readonly generation?: PolicyGeneration
  /** Defaults to argon2id. */
  readonly hasher?: PasswordHasher
}
