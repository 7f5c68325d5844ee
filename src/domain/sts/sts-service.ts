/**
 * STS as a service definition: its signing name, its AccessDenied and its operations. The server
 * wires it with IAM's StsDirectory, the session token codec and the sealed box.
 */
import type { SealedBox } from '../common/sealed-box.ts'
import type { ServiceDefinition } from '../common/operation.ts'
import { assumeRoleOperation } from './assume-role.ts'
import {
  assumeRoleWithWebIdentityOperation,
  type WebIdentityDeps,
} from './assume-role-with-web-identity.ts'
import { assumeRoleWithSamlOperation, type SamlFederationDeps } from './assume-role-with-saml.ts'
import { decodeAuthorizationMessageOperation } from './decode-authorization-message.ts'
import { stsErrors } from './errors.ts'
import { getAccessKeyInfoOperation } from './get-access-key-info.ts'
import { getCallerIdentityOperation } from './get-caller-identity.ts'
import { getFederationTokenOperation } from './get-federation-token.ts'
import { getSessionTokenOperation } from './get-session-token.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { StsDirectory } from './sts-directory.ts'

/** What STS needs. */
export interface StsDeps {
  readonly directory: StsDirectory
  readonly codec: SessionTokenCodec
  /** Opens encoded authorization messages (purpose `authorization-message`). */
  readonly box: SealedBox
  /** IAM OIDC providers and the issuers' keys; without it AssumeRoleWithWebIdentity is absent. */
  readonly webIdentity?: WebIdentityDeps
  /** SAML providers' certificates; without it AssumeRoleWithSAML is absent. */
  readonly saml?: SamlFederationDeps
}

/**
 * The STS service.
 * @example const sts = createStsService({ directory, codec: new SessionTokenCodec(box), box })
 */
export function createStsService(deps: StsDeps): ServiceDefinition {
  const operations = {
    AssumeRole: assumeRoleOperation(deps),
    GetCallerIdentity: getCallerIdentityOperation(),
    GetSessionToken: getSessionTokenOperation(deps),
    GetFederationToken: getFederationTokenOperation(deps),
    GetAccessKeyInfo: getAccessKeyInfoOperation(deps),
    DecodeAuthorizationMessage: decodeAuthorizationMessageOperation(deps),
    ...(deps.webIdentity === undefined
      ? {}
      : {
          AssumeRoleWithWebIdentity: assumeRoleWithWebIdentityOperation({
            ...deps,
            webIdentity: deps.webIdentity,
          }),
        }),
    ...(deps.saml === undefined
      ? {}
      : { AssumeRoleWithSAML: assumeRoleWithSamlOperation({ ...deps, saml: deps.saml }) }),
  }
  return {
    name: 'sts',
    accessDenied: stsErrors.accessDenied,
    operations,
  }
}
