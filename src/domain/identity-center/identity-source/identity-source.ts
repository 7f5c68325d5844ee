/**
 * The identity source of an Identity Center instance (issue 14): the built-in identity store
 * (passwords and MFA kept here, the default) or an external OpenID Connect provider, through
 * which the access portal signs users in. With an external provider the client secret is kept
 * sealed with the master key and never returned; users are created at first sign-in (`jit`) or
 * must already exist, provisioned through SCIM (`scim`).
 */

/** How users of an external provider come to exist in the identity store. */
export const PROVISIONING_MODES = ['jit', 'scim'] as const
/** One of {@link PROVISIONING_MODES}. */
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number]

/** The claim that names the user unless the setting says otherwise. */
export const DEFAULT_USER_CLAIM = 'preferred_username'
/** The claim tried when the user claim is absent from the ID token. */
export const FALLBACK_USER_CLAIM = 'email'
/** The claim that lists the user's groups unless the setting says otherwise. */
export const DEFAULT_GROUPS_CLAIM = 'groups'
/** The scopes asked for unless the setting says otherwise (`openid` is always asked for). */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email']

/** An external OpenID Connect provider as stored: the secret only sealed ('secret'). */
export interface OidcIdentitySource {
  readonly kind: 'oidc'
  /** The issuer URL, exactly as the provider's ID tokens carry it in `iss`. */
  readonly issuer: string
  readonly clientId: string
  /** The client secret, sealed with the master key (purpose 'secret'). */
  readonly sealedClientSecret: string
  readonly scopes: readonly string[]
  readonly userClaim: string
  readonly groupsClaim: string
  readonly provisioning: ProvisioningMode
}

/** The attribute that names the user unless the setting says otherwise: the assertion's subject. */
export const DEFAULT_USER_ATTRIBUTE = 'NameID'

/** An external SAML 2.0 identity provider as stored. */
export interface SamlIdentitySource {
  readonly kind: 'saml'
  /** The identity provider's entityID (its assertions' Issuer). */
  readonly entityId: string
  /** Its metadata document: signing certificates and single sign-on URL. */
  readonly metadata: string
  /** The attribute naming the user, or `NameID` for the subject. */
  readonly userAttribute: string
  readonly groupsAttribute: string
  readonly provisioning: ProvisioningMode
}

/** The built-in store, or an external provider. */
export type IdentitySource = { readonly kind: 'builtin' } | OidcIdentitySource | SamlIdentitySource

/** The default of every instance. */
export const BUILTIN_SOURCE: IdentitySource = { kind: 'builtin' }

/** A sign-in begun at the portal, kept until the provider sends the user back (single use). */
export interface PendingExternalSignIn {
  /** SHA-256 of the `state` (OIDC) or `RelayState` (SAML) sent to the provider. */
  readonly stateHash: string
  /** SHA-256 of the value of the browser's binding cookie. */
  readonly bindingHash: string
  readonly instanceArn: string
  /** OIDC: the nonce; SAML: the AuthnRequest's ID, which the response must be InResponseTo. */
  readonly nonce: string
  /** The PKCE code verifier (its S256 challenge went to the provider); '' for SAML. */
  readonly codeVerifier: string
  /** The redirect URI the authorization request named (the token request must repeat it). */
  readonly redirectUri: string
  /** Where the portal goes once signed in (a path under /portal/). */
  readonly returnTo: string
  readonly createdAt: number
}

/** Identity sources and pending sign-ins, shared by every node (storage implements it). */
export interface IdentitySourceStore {
  /** The instance's source; undefined when never set (the built-in store). */
  getIdentitySource(instanceArn: string): Promise<IdentitySource | undefined>
  putIdentitySource(
    instanceArn: string,
    source: IdentitySource,
    updatedAt: number,
    updatedBy: string,
  ): Promise<void>
  createPendingSignIn(pending: PendingExternalSignIn): Promise<void>
  /** Removes and returns the pending sign-in of `stateHash` (so it serves once), if any. */
  takePendingSignIn(stateHash: string): Promise<PendingExternalSignIn | undefined>
  /** Drops pending sign-ins created before `createdBefore`. */
  purgePendingSignIns(createdBefore: number): Promise<void>
}
