/**
 * xaccess extensions of the identitystore endpoint for the instance's identity source (AWS sets
 * it in the IAM Identity Center console, with no public API): `XaccessDescribeIdentitySource`
 * and `XaccessSetIdentitySource`. Each is authorized as `identitystore:<operation>` on the
 * identity store; only the management account may call. The client secret is taken on Set
 * (member `ClientSecret`, which no audit record holds), sealed, and never answered.
 * `xaccess sso identity-source show|set-oidc|set-builtin` calls them.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { DomainError } from '../../common/domain-error.ts'
import type { SealedBox } from '../../common/sealed-box.ts'
import type { IdentityStoreDeps } from '../identity-store/index.ts'
import { identityStoreOperation } from '../identity-store/identity-store-operation.ts'
import {
  BUILTIN_SOURCE,
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_SCOPES,
  DEFAULT_USER_ATTRIBUTE,
  DEFAULT_USER_CLAIM,
  type IdentitySource,
  type IdentitySourceStore,
  type ProvisioningMode,
} from './identity-source.ts'
import { readIdpMetadata } from './saml-sign-in.ts'

const invalid = (message: string) => new DomainError('ValidationException', message, 400)

const CLAIM = /^[A-Za-z0-9_:./-]{1,128}$/
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/

/**
 * The issuer as a URL: https, or http on a loopback host (a provider run locally), with no
 * query or fragment (OpenID Connect Discovery 1.0, section 2).
 */
export function checkIssuer(issuer: string): string {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    throw invalid(`Issuer '${issuer}' is not a URL`)
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw invalid(`Issuer '${issuer}' must use https`)
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    throw invalid(`Issuer '${issuer}' must have no query, fragment or credentials`)
  return issuer
}

/** What Describe answers for a source (never the secret). */
export function describeSource(source: IdentitySource) {
  if (source.kind === 'builtin') return { Type: 'BUILT_IN' }
  if (source.kind === 'saml') {
    return {
      Type: 'SAML',
      IdpEntityId: source.entityId,
      SsoUrl: readIdpMetadata(source.metadata)?.ssoUrl ?? '',
      UserNameAttribute: source.userAttribute,
      GroupsAttribute: source.groupsAttribute,
      Provisioning: source.provisioning === 'jit' ? 'JIT' : 'SCIM',
    }
  }
  return {
    Type: 'OIDC',
    Issuer: source.issuer,
    ClientId: source.clientId,
    Scopes: [...source.scopes],
    UserNameClaim: source.userClaim,
    GroupsClaim: source.groupsClaim,
    Provisioning: source.provisioning === 'jit' ? 'JIT' : 'SCIM',
  }
}

/** The identity source operations over `store`, by name. */
export function identitySourceOperations(
  deps: IdentityStoreDeps,
  store: IdentitySourceStore,
  box: SealedBox,
): Record<string, AnyOperation> {
  return {
    XaccessDescribeIdentitySource: identityStoreOperation(deps, {
      action: 'XaccessDescribeIdentitySource',
      parse(r) {
        const storeId = r.storeId()
        r.done()
        return { storeId }
      },
      async run(_input, ctx) {
        const source = (await store.getIdentitySource(ctx.instance.instanceArn)) ?? BUILTIN_SOURCE
        return { InstanceArn: ctx.instance.instanceArn, IdentitySource: describeSource(source) }
      },
    }),
    XaccessSetIdentitySource: identityStoreOperation(deps, {
      action: 'XaccessSetIdentitySource',
      parse(r) {
        const storeId = r.storeId()
        const type = r.reader.string('Type', { required: true, max: 16 })
        if (type === 'BUILT_IN') {
          r.done()
          return { storeId, source: { kind: 'builtin' } as const, secret: undefined }
        }
        if (type === 'SAML') {
          const metadata = r.reader.string('Metadata', { required: true, min: 1, max: 100_000 })
          const userAttribute =
            r.reader.string('UserNameAttribute', { max: 256 }) ?? DEFAULT_USER_ATTRIBUTE
          const groupsAttribute =
            r.reader.string('GroupsAttribute', { max: 256 }) ?? DEFAULT_GROUPS_CLAIM
          const mode = r.reader.string('Provisioning', { max: 8 }) ?? 'JIT'
          r.done()
          const idp = readIdpMetadata(metadata)
          if (idp === undefined)
            throw invalid(
              'Metadata must be a SAML identity provider metadata document with a signing certificate and an HTTP-Redirect SingleSignOnService',
            )
          if (mode !== 'JIT' && mode !== 'SCIM')
            throw invalid(`Provisioning must be JIT or SCIM, not '${mode}'`)
          return {
            storeId,
            secret: undefined,
            source: {
              kind: 'saml',
              entityId: idp.entityId,
              metadata,
              userAttribute,
              groupsAttribute,
              provisioning: mode === 'JIT' ? 'jit' : 'scim',
            } as const,
          }
        }
        if (type !== 'OIDC') throw invalid(`Type must be BUILT_IN, OIDC or SAML, not '${type}'`)
        const issuer = checkIssuer(r.reader.string('Issuer', { required: true, max: 512 }))
        const clientId = r.reader.string('ClientId', { required: true, min: 1, max: 256 })
        const secret = r.reader.string('ClientSecret', { required: true, min: 1, max: 1024 })
        const scopes = r.reader.strings('Scopes', { max: 20 })
        const userClaim = r.reader.string('UserNameClaim', { max: 128 }) ?? DEFAULT_USER_CLAIM
        const groupsClaim = r.reader.string('GroupsClaim', { max: 128 }) ?? DEFAULT_GROUPS_CLAIM
        const mode = r.reader.string('Provisioning', { max: 8 }) ?? 'JIT'
        r.done()
        for (const claim of [userClaim, groupsClaim])
          if (!CLAIM.test(claim)) throw invalid(`claim name '${claim}' is not valid`)
        for (const scope of scopes)
          if (!SCOPE.test(scope)) throw invalid(`scope '${scope}' is not valid`)
        if (mode !== 'JIT' && mode !== 'SCIM')
          throw invalid(`Provisioning must be JIT or SCIM, not '${mode}'`)
        const provisioning: ProvisioningMode = mode === 'JIT' ? 'jit' : 'scim'
        const all = scopes.length === 0 ? DEFAULT_SCOPES : scopes
        return {
          storeId,
          secret,
          source: {
            kind: 'oidc',
            issuer,
            clientId,
            sealedClientSecret: '',
            // `openid` is what makes it an OpenID Connect request: always asked for, once.
            scopes: ['openid', ...all.filter((s) => s !== 'openid')],
            userClaim,
            groupsClaim,
            provisioning,
          } as const,
        }
      },
      async run(input, ctx) {
        const source: IdentitySource =
          input.source.kind === 'oidc'
            ? { ...input.source, sealedClientSecret: box.seal('secret', input.secret ?? '') }
            : input.source.kind === 'saml'
              ? input.source
              : BUILTIN_SOURCE
        await store.putIdentitySource(
          ctx.instance.instanceArn,
          source,
          ctx.now.getTime(),
          ctx.actor,
        )
        return { InstanceArn: ctx.instance.instanceArn, IdentitySource: describeSource(source) }
      },
    }),
  }
}
