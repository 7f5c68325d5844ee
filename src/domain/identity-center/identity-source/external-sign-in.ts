/**
 * Signing in to the access portal through an external OpenID Connect provider (issue 14): the
 * authorization code flow with PKCE (S256), `state` and `nonce`. `begin` keeps a pending sign-in
 * (by the SHA-256 of its state, bound to a browser cookie, ten minutes, single use) and names the
 * provider's authorization URL; `complete` takes it back, has the relying party trade the code
 * and verify the ID token, maps the token's claims to an identity store user (created at first
 * sign-in with `jit`, which also keeps the user's memberships in step with the groups claim; or
 * required to exist with `scim`) and opens a portal session like a built-in sign-in's. Each
 * outcome is reported as Identity Center's sign-in events, with credential type EXTERNAL_IDP.
 */
import { createHash, randomUUID } from 'node:crypto'
import { portalSignInEvent, type AuditEvents } from '../../cloudtrail/index.ts'
import type { SealedBox } from '../../common/sealed-box.ts'
import type { SingleUseIds } from '../../common/single-use-ids.ts'
import type { InstanceDirectory, IdentityCenterInstance } from '../identity-center-ports.ts'
import { newResourceId, type IdentityStoreStore, type UserRecord } from '../identity-store/index.ts'
import { hashSecret, randomSecret, secretsEqual } from '../oidc/oidc-secrets.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import type { OpenedSession, PortalSessions } from '../portal/portal-sessions.ts'
import { portalInstance } from '../portal/sign-in.ts'
import type { PortalUser, UserAccess } from '../portal/user-access.ts'
import { ExternalSignInRefused } from './external-sign-in-refusal.ts'
import {
  BUILTIN_SOURCE,
  FALLBACK_USER_CLAIM,
  type IdentitySource,
  type IdentitySourceStore,
  type OidcIdentitySource,
  type ProvisioningMode,
} from './identity-source.ts'
import { authnRequestUrl, readIdpMetadata, verifyPortalSamlResponse } from './saml-sign-in.ts'

/** How long the provider may take to send the user back. */
export const PENDING_SIGN_IN_MS = 10 * 60_000

/** The parameters of an authorization request. */
export interface AuthorizationParams {
  readonly state: string
  readonly nonce: string
  readonly codeChallenge: string
  readonly redirectUri: string
}

/** What the relying party is asked to redeem: the code and what proves this sign-in made it. */
export interface CodeRedemption {
  readonly code: string
  readonly codeVerifier: string
  readonly redirectUri: string
  readonly nonce: string
}

/**
 * The OpenID Connect relying party (the server implements it over HTTP with jose): discovery,
 * the token request and every check of the ID token. It throws {@link ExternalSignInRefused}.
 */
export interface RelyingParty {
  /** The provider's authorization endpoint URL with the request's parameters. */
  authorizationUrl(source: OidcIdentitySource, params: AuthorizationParams): Promise<string>
  /** Trades the code for tokens; the verified ID token's claims. */
  redeem(
    source: OidcIdentitySource,
    clientSecret: string,
    redemption: CodeRedemption,
    now: Date,
  ): Promise<Readonly<Record<string, unknown>>>
}

/** What external sign-in works with. */
export interface ExternalSignInDeps {
  readonly instances: InstanceDirectory
  readonly sources: IdentitySourceStore
  readonly store: IdentityStoreStore
  readonly sessions: PortalSessions
  readonly access: UserAccess
  readonly box: SealedBox
  readonly relyingParty: RelyingParty
  /** Used SAML assertion ids (the database: a replay is refused on every node). */
  readonly singleUse: SingleUseIds
  readonly log: SecurityLog
}

/** This portal as a SAML service provider. */
export interface ServiceProvider {
  /** Its entityID: the audience the provider's assertions must name. */
  readonly entityId: string
  /** Its assertion consumer service URL: the recipient the assertions must name. */
  readonly acsUrl: string
}

/** How claims become a user, whichever the protocol. */
interface UserMapping {
  readonly userClaim: string
  readonly groupsClaim: string
  readonly provisioning: ProvisioningMode
}

/** The callback's query, as the provider sent it. */
export interface CallbackQuery {
  readonly state?: string | undefined
  readonly code?: string | undefined
  readonly error?: string | undefined
}

/** A completed sign-in. */
export interface ExternalSignInResult {
  readonly session: OpenedSession
  readonly user: PortalUser
  readonly returnTo: string
}

/** Who created JIT users and memberships, in records' createdBy/updatedBy. */
const JIT_ACTOR = 'external-identity-provider'

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url')
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined

/**
 * External sign-in.
 * @example
 * const { authorizationUrl, binding } = await external.begin('/portal/', redirectUri, now)
 * const { session, returnTo } = await external.complete(query, binding, now, events)
 */
export class ExternalSignIn {
  readonly #d: ExternalSignInDeps

  constructor(deps: ExternalSignInDeps) {
    this.#d = deps
  }

  /** The portal's instance and its identity source (the built-in store when never set). */
  async source(): Promise<
    { instance: IdentityCenterInstance; source: IdentitySource } | undefined
  > {
    const instance = await portalInstance(this.#d.instances)
    if (instance === undefined) return undefined
    const source = (await this.#d.sources.getIdentitySource(instance.instanceArn)) ?? BUILTIN_SOURCE
    return { instance, source }
  }

  /** The external provider (its protocol and issuer) when the portal signs in through one. */
  async externalProvider(): Promise<{ protocol: 'oidc' | 'saml'; issuer: string } | undefined> {
    const found = await this.source()
    if (found?.source.kind === 'oidc') return { protocol: 'oidc', issuer: found.source.issuer }
    if (found?.source.kind === 'saml') return { protocol: 'saml', issuer: found.source.entityId }
    return undefined
  }

  /**
   * Begins a SAML sign-in: the provider's SSO URL with an AuthnRequest and a RelayState naming the
   * pending sign-in (the provider posts back cross-site, so no cookie can bind it: the response
   * must answer this request's ID, once).
   */
  async beginSaml(returnTo: string, sp: ServiceProvider, now: Date): Promise<string> {
    const found = await this.source()
    if (found === undefined || found.source.kind !== 'saml')
      throw new ExternalSignInRefused('not-configured')
    const metadata = readIdpMetadata(found.source.metadata)
    if (metadata === undefined) throw new ExternalSignInRefused('not-configured', 'metadata')
    const relayState = randomSecret('', 32)
    const { url, requestId } = authnRequestUrl(metadata, sp, relayState, now)
    await this.#d.sources.purgePendingSignIns(now.getTime() - PENDING_SIGN_IN_MS)
    await this.#d.sources.createPendingSignIn({
      stateHash: hashSecret(relayState),
      bindingHash: '',
      instanceArn: found.instance.instanceArn,
      nonce: requestId,
      codeVerifier: '',
      redirectUri: sp.acsUrl,
      returnTo,
      createdAt: now.getTime(),
    })
    return url
  }

  /** Completes a SAML sign-in from the posted form; reported like {@link complete}. */
  async completeSaml(
    form: { readonly SAMLResponse?: string | undefined; readonly RelayState?: string | undefined },
    sp: ServiceProvider,
    now: Date,
    events: AuditEvents,
    loginTo: string,
  ): Promise<ExternalSignInResult> {
    const found = await this.source()
    return this.#reported(found, events, loginTo, async () => {
      if (found === undefined || found.source.kind !== 'saml')
        throw new ExternalSignInRefused('not-configured')
      const { instance, source } = found
      const relayState = text(form.RelayState)
      const pending =
        relayState === undefined || relayState.length > 256
          ? undefined
          : await this.#d.sources.takePendingSignIn(hashSecret(relayState))
      if (
        pending === undefined ||
        pending.instanceArn !== instance.instanceArn ||
        pending.codeVerifier !== ''
      )
        throw new ExternalSignInRefused('no-pending-sign-in')
      if (now.getTime() - pending.createdAt > PENDING_SIGN_IN_MS)
        throw new ExternalSignInRefused('expired')
      const response = text(form.SAMLResponse)
      if (response === undefined) throw new ExternalSignInRefused('provider-error', 'no response')
      const metadata = readIdpMetadata(source.metadata)
      if (metadata === undefined) throw new ExternalSignInRefused('not-configured', 'metadata')
      const verified = await verifyPortalSamlResponse(response, {
        metadata,
        spEntityId: sp.entityId,
        acsUrl: sp.acsUrl,
        requestId: pending.nonce,
        replay: this.#d.singleUse,
        now,
      })
      const mapping = {
        userClaim: source.userAttribute,
        groupsClaim: source.groupsAttribute,
        provisioning: source.provisioning,
      }
      return this.#signInAs(instance, mapping, verified.claims, now, pending.returnTo)
    })
  }

  async #reported(
    found: { instance: IdentityCenterInstance } | undefined,
    events: AuditEvents,
    loginTo: string,
    run: () => Promise<ExternalSignInResult>,
  ): Promise<ExternalSignInResult> {
    const workflowId = randomUUID()
    const report = (
      name: 'CredentialVerification' | 'UserAuthentication',
      ok: boolean,
      user?: string,
    ) => {
      if (found === undefined) return
      events.emit(
        portalSignInEvent({
          name,
          accountId: found.instance.managementAccountId,
          userName: user,
          workflowId,
          credentialTypes: ['EXTERNAL_IDP'],
          succeeded: ok,
          ...(name === 'UserAuthentication' ? { loginTo } : {}),
        }),
      )
    }
    try {
      const result = await run()
      report('CredentialVerification', true, result.user.userName)
      report('UserAuthentication', true, result.user.userName)
      this.#d.log.info('portal.external-signed-in', { userId: result.user.userId })
      return result
    } catch (error) {
      if (error instanceof ExternalSignInRefused) {
        report('CredentialVerification', false, error.userName)
        this.#d.log.warn('portal.sign-in-refused', {
          reason: error.reason,
          detail: error.message,
        })
      }
      throw error
    }
  }

  /**
   * Begins a sign-in: the provider's authorization URL and the value of the binding cookie the
   * browser must bring back.
   */
  async begin(
    returnTo: string,
    redirectUri: string,
    now: Date,
  ): Promise<{ authorizationUrl: string; binding: string }> {
    const found = await this.source()
    if (found === undefined || found.source.kind !== 'oidc')
      throw new ExternalSignInRefused('not-configured')
    const state = randomSecret('', 32)
    const nonce = randomSecret('', 32)
    const codeVerifier = randomSecret('', 32)
    const binding = randomSecret('', 32)
    await this.#d.sources.purgePendingSignIns(now.getTime() - PENDING_SIGN_IN_MS)
    await this.#d.sources.createPendingSignIn({
      stateHash: hashSecret(state),
      bindingHash: hashSecret(binding),
      instanceArn: found.instance.instanceArn,
      nonce,
      codeVerifier,
      redirectUri,
      returnTo,
      createdAt: now.getTime(),
    })
    const authorizationUrl = await this.#d.relyingParty.authorizationUrl(found.source, {
      state,
      nonce,
      codeChallenge: s256(codeVerifier),
      redirectUri,
    })
    return { authorizationUrl, binding }
  }

  /**
   * Completes a sign-in from the provider's callback and the binding cookie; throws
   * {@link ExternalSignInRefused}. Reported to `events` either way.
   */
  async complete(
    query: CallbackQuery,
    binding: string | undefined,
    now: Date,
    events: AuditEvents,
    loginTo: string,
  ): Promise<ExternalSignInResult> {
    const found = await this.source()
    return this.#reported(found, events, loginTo, () => this.#complete(found, query, binding, now))
  }

  async #complete(
    found: { instance: IdentityCenterInstance; source: IdentitySource } | undefined,
    query: CallbackQuery,
    binding: string | undefined,
    now: Date,
  ): Promise<ExternalSignInResult> {
    if (found === undefined || found.source.kind !== 'oidc')
      throw new ExternalSignInRefused('not-configured')
    const { instance, source } = found
    const state = text(query.state)
    const pending =
      state === undefined || state.length > 256
        ? undefined
        : await this.#d.sources.takePendingSignIn(hashSecret(state))
    if (pending === undefined || pending.instanceArn !== instance.instanceArn)
      throw new ExternalSignInRefused('no-pending-sign-in')
    if (binding === undefined || !secretsEqual(hashSecret(binding), pending.bindingHash))
      throw new ExternalSignInRefused('binding-mismatch')
    if (now.getTime() - pending.createdAt > PENDING_SIGN_IN_MS)
      throw new ExternalSignInRefused('expired')
    if (query.error !== undefined) throw new ExternalSignInRefused('provider-error', query.error)
    const code = text(query.code)
    if (code === undefined) throw new ExternalSignInRefused('provider-error', 'no code')
    const secret = this.#d.box.open('secret', source.sealedClientSecret)
    if (secret === undefined) throw new ExternalSignInRefused('not-configured', 'secret unreadable')
    const claims = await this.#d.relyingParty.redeem(
      source,
      secret.toString('utf8'),
      {
        code,
        codeVerifier: pending.codeVerifier,
        redirectUri: pending.redirectUri,
        nonce: pending.nonce,
      },
      now,
    )
    return this.#signInAs(instance, source, claims, now, pending.returnTo)
  }

  /** The user the claims name (created with JIT), its groups in step, and a new session. */
  async #signInAs(
    instance: IdentityCenterInstance,
    source: UserMapping,
    claims: Readonly<Record<string, unknown>>,
    now: Date,
    returnTo: string,
  ): Promise<ExternalSignInResult> {
    const userName = text(claims[source.userClaim]) ?? text(claims[FALLBACK_USER_CLAIM])
    if (userName === undefined || userName.length > 128)
      throw new ExternalSignInRefused('no-user-claim')
    const storeId = instance.identityStoreId
    let user = await this.#d.store.findUserByName(storeId, userName)
    if (user === undefined) {
      if (source.provisioning === 'scim')
        throw new ExternalSignInRefused('unknown-user', undefined, userName)
      user = await this.#createUser(storeId, userName, claims, now)
    }
    if (user.active === false) throw new ExternalSignInRefused('user-disabled', undefined, userName)
    if (source.provisioning === 'jit') {
      await this.#syncGroups(storeId, user.userId, claims[source.groupsClaim], now)
    }
    const who = { identityStoreId: storeId, userId: user.userId }
    const portalUser = await this.#d.access.user(who)
    if (portalUser === undefined)
      throw new ExternalSignInRefused('unknown-user', undefined, userName)
    const session = await this.#d.sessions.open(who, 'active', now)
    return { session, user: portalUser, returnTo }
  }

  async #createUser(
    storeId: string,
    userName: string,
    claims: Readonly<Record<string, unknown>>,
    now: Date,
  ): Promise<UserRecord> {
    const given = text(claims.given_name)
    const family = text(claims.family_name)
    const email = text(claims.email)
    const user: UserRecord = {
      identityStoreId: storeId,
      userId: newResourceId(storeId),
      userName,
      displayName: (text(claims.name) ?? userName).slice(0, 1024),
      attributes: {
        ...(given === undefined && family === undefined
          ? {}
          : {
              Name: {
                ...(given === undefined ? {} : { GivenName: given }),
                ...(family === undefined ? {} : { FamilyName: family }),
              },
            }),
        ...(email === undefined ? {} : { Emails: [{ Value: email, Type: 'work', Primary: true }] }),
      },
      createdAt: now.getTime(),
      updatedAt: now.getTime(),
      createdBy: JIT_ACTOR,
      updatedBy: JIT_ACTOR,
      ...(typeof claims.sub === 'string' ? { externalId: claims.sub } : {}),
    }
    try {
      await this.#d.store.createUser(user)
    } catch (error) {
      // Two first sign-ins at once: the other one created the user.
      const again = await this.#d.store.findUserByName(storeId, userName)
      if (again === undefined) throw error
      return again
    }
    this.#d.log.info('portal.jit-user-created', { userId: user.userId })
    return user
  }

  /** Memberships in step with the groups claim, for groups that exist by DisplayName. */
  async #syncGroups(storeId: string, userId: string, claim: unknown, now: Date): Promise<void> {
    const names = Array.isArray(claim)
      ? claim.filter((g): g is string => typeof g === 'string' && g !== '' && g.length <= 1024)
      : typeof claim === 'string' && claim !== ''
        ? [claim]
        : []
    const wanted = new Set<string>()
    for (const name of names.slice(0, 100)) {
      const group = await this.#d.store.findGroupByName(storeId, name)
      if (group !== undefined) wanted.add(group.groupId)
    }
    const have = new Set(await this.#d.store.groupIdsOfUser(storeId, userId))
    for (const groupId of wanted) {
      if (have.has(groupId)) continue
      try {
        await this.#d.store.createMembership({
          identityStoreId: storeId,
          membershipId: newResourceId(storeId),
          groupId,
          userId,
          createdAt: now.getTime(),
          createdBy: JIT_ACTOR,
        })
      } catch {
        // Already a member (a concurrent sign-in added it).
      }
    }
    for (const groupId of have) {
      if (wanted.has(groupId)) continue
      const m = await this.#d.store.findMembership(storeId, groupId, userId)
      if (m !== undefined) await this.#d.store.deleteMembership(storeId, m.membershipId)
    }
  }
}
