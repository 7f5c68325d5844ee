/**
 * `sts:AssumeRoleWithWebIdentity`, unsigned as AWS allows: the OpenID Connect token is the
 * credential. Once the token is verified (web-identity-token.ts), the request is decided for the
 * IAM OIDC provider as principal against the role's trust policy, with the keys AWS sets
 * (`<host/path>:sub`, `:aud`, `:oaud`, `:amr`, `aws:FederatedProvider`, `sts:RoleSessionName`).
 */
import type { Caller, RoleSessionClaims } from '../common/caller.ts'
import { InputReader } from '../common/input-reader.ts'
import { operation, type CallContext } from '../common/operation.ts'
import { parseAssumeRole, type AssumeRoleInput } from './assume-role-input.ts'
import { DEFAULT_ROLE_SESSION_SECONDS, TRUSTS_NOBODY } from './assume-role.ts'
import { assumedRoleArn } from './caller-from-envelope.ts'
import { credentialsResult } from './credentials-result.ts'
import { stsErrors } from './errors.ts'
import { checkPackedSize, resolveSessionPolicies } from './session-policies.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { AssumableRole, StsDirectory } from './sts-directory.ts'
import {
  verifyWebIdentityToken,
  type KeySource,
  type VerifiedWebIdentity,
  type WebIdentityProviderLookup,
} from './web-identity-token.ts'

/** What AssumeRoleWithWebIdentity needs besides STS's directory and codec. */
export interface WebIdentityDeps {
  readonly providers: WebIdentityProviderLookup
  readonly keys: KeySource
}

interface Input {
  readonly base: AssumeRoleInput
  readonly token: string
}

interface Resolved {
  readonly role: AssumableRole | undefined
  readonly identity: VerifiedWebIdentity
}

/** The web identity as the engine sees it: the IAM OIDC provider. */
const webIdentityCaller = (identity: VerifiedWebIdentity, accountId: string): Caller => ({
  accountId,
  arn: identity.provider.arn,
  principalArn: identity.provider.arn,
  userId: `${identity.providerName}:${identity.audience}:${identity.subject}`,
  type: 'WebIdentityUser',
  accessKeyId: '',
  // CloudTrail: userName is the token's subject, identityProvider the issuer (host/path).
  federation: { userName: identity.subject, identityProvider: identity.providerName },
})

/** AssumeRoleWithWebIdentity. */
export function assumeRoleWithWebIdentityOperation(deps: {
  directory: StsDirectory
  codec: SessionTokenCodec
  webIdentity: WebIdentityDeps
}) {
  const resolved = new WeakMap<Input, Promise<Resolved>>()
  const resolve = (input: Input, call: CallContext): Promise<Resolved> => {
    let hit = resolved.get(input)
    if (hit === undefined) {
      hit = (async () => {
        const { roleName, accountId, arn } = input.base.role
        const identity = await verifyWebIdentityToken(input.token, accountId, {
          ...deps.webIdentity,
          now: call.request.now,
        })
        const found =
          roleName === undefined ? undefined : await deps.directory.findRole(accountId, roleName)
        return { role: found !== undefined && found.roleArn === arn ? found : undefined, identity }
      })()
      resolved.set(input, hit)
    }
    return hit
  }

  return operation({
    parse(raw): Input {
      const r = new InputReader(raw)
      const token = r.string('WebIdentityToken', { required: true, min: 4, max: 20000 })
      r.string('ProviderId', { min: 4, max: 2048 })
      r.done()
      const base = parseAssumeRole({
        RoleArn: raw.RoleArn,
        RoleSessionName: raw.RoleSessionName,
        DurationSeconds: raw.DurationSeconds,
        Policy: raw.Policy,
        PolicyArns: raw.PolicyArns,
      })
      return { base, token }
    },
    async authorization(input, call) {
      const r = await resolve(input, call)
      return {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: input.base.role.arn,
        resourceAccount: input.base.role.accountId,
        resourcePolicy: { name: 'trust policy', document: r.role?.trustPolicy ?? TRUSTS_NOBODY },
        ...(r.role === undefined ? {} : { resourceTags: r.role.tags }),
        principal: webIdentityCaller(r.identity, input.base.role.accountId),
        context: { ...r.identity.context, 'sts:RoleSessionName': input.base.sessionName },
      }
    },
    async run(input, call) {
      const { role, identity } = await resolve(input, call)
      if (role === undefined) {
        throw stsErrors.accessDenied('Not authorized to perform sts:AssumeRoleWithWebIdentity')
      }
      const base = input.base
      const duration = base.durationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS
      if (duration > role.maxSessionDurationSeconds) throw stsErrors.durationAboveRoleMaximum()
      const sessionPolicies = await resolveSessionPolicies(deps.directory, base)
      const packed = checkPackedSize(base.policy, base.policyArns, [], [])
      const claims: RoleSessionClaims = {
        kind: 'role',
        accountId: role.accountId,
        roleArn: role.roleArn,
        roleId: role.roleId,
        roleName: role.roleName,
        sessionName: base.sessionName,
        sourceArn: identity.provider.arn,
        tags: {},
        transitiveTagKeys: [],
        sessionPolicies,
        chained: false,
      }
      const issued = deps.codec.issue(claims, { now: call.request.now, durationSeconds: duration })
      return {
        Credentials: credentialsResult(issued),
        SubjectFromWebIdentityToken: identity.subject,
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${base.sessionName}`,
          Arn: assumedRoleArn(role.accountId, role.roleName, base.sessionName),
        },
        ...(packed === undefined ? {} : { PackedPolicySize: packed }),
        Provider: identity.providerName,
        Audience: identity.audience,
      }
    },
  })
}
