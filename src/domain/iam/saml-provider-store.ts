/**
 * IAM SAML providers: what their operations and STS AssumeRoleWithSAML need from storage. Tags
 * live with the other IAM tags, keyed by the provider's ARN.
 */

/** An IAM SAML provider with the identity provider's metadata document. */
export interface SamlProviderRecord {
  readonly accountId: string
  /** `arn:aws:iam::<account>:saml-provider/<name>` */
  readonly arn: string
  readonly name: string
  readonly uuid: string
  readonly metadata: string
  /** Epoch ms. */
  readonly validUntil: number
  /** Epoch ms. */
  readonly createdAt: number
}

/** The storage port of SAML providers. */
export interface SamlProviderStore {
  /** Throws a StoreError `AlreadyExists` when the ARN is taken. */
  createSamlProvider(provider: SamlProviderRecord): Promise<void>
  getSamlProvider(arn: string): Promise<SamlProviderRecord | undefined>
  /** Every SAML provider of the account, by ARN. */
  listSamlProviders(accountId: string): Promise<SamlProviderRecord[]>
  /** Replaces the metadata and its validity of an existing provider. */
  updateSamlProvider(provider: SamlProviderRecord): Promise<void>
  /** False when there was no such provider. */
  deleteSamlProvider(arn: string): Promise<boolean>
}
