/** Row of `idc_identity_source` (migration 0016); the OIDC columns are null for `builtin`. */
export interface IdcIdentitySourceTable {
  instance_arn: string
  kind: string
  issuer: string | null
  client_id: string | null
  sealed_client_secret: string | null
  /** Space-separated, as OAuth writes scopes. */
  scopes: string | null
  user_claim: string | null
  groups_claim: string | null
  provisioning: string | null
  /** A SAML identity provider's metadata document (`saml` only). */
  saml_metadata: string | null
  updated_at: number
  updated_by: string
}

/** Row of `idc_external_sign_in` (migration 0016): a sign-in waiting for the provider. */
export interface IdcExternalSignInTable {
  state_hash: string
  binding_hash: string
  instance_arn: string
  nonce: string
  code_verifier: string
  redirect_uri: string
  return_to: string
  created_at: number
}

/** The identity source tables, for `Kysely<IdentitySourceSchema>`. */
export interface IdentitySourceSchema {
  idc_identity_source: IdcIdentitySourceTable
  idc_external_sign_in: IdcExternalSignInTable
}
