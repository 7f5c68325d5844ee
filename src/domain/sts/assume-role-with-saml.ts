/**
 * `sts:AssumeRoleWithSAML`, unsigned as AWS allows: the signed SAML assertion is the credential.
 * Once verified against the SAML provider's metadata certificates (saml-assertion.ts), the
 * request is decided for the SAML provider as principal against the role's trust policy, with
 * `SAML:aud`, `SAML:sub`, `SAML:sub_type`, `SAML:iss`, `SAML:namequalifier` and
 * `aws:FederatedProvider`.
 */
import { InMemorySingleUseIds, type SingleUseIds } from '../common/single-use-ids.ts'
import type { Caller, RoleSessionClaims } from '../common/caller.ts'
import { InputReader, PATTERNS } from '../common/input-reader.ts'
import { operation, type CallContext } from '../common/operation.ts'
import { parseAssumeRole, type AssumeRoleInput } from './assume-role-input.ts'
import { DEFAULT_ROLE_SESSION_SECONDS, TRUSTS_NOBODY } from './assume-role.ts'
import { assumedRoleArn } from './caller-from-envelope.ts'
import { credentialsResult } from './credentials-result.ts'
import { stsErrors } from './errors.ts'
import { samlErrors, verifySamlAssertion, type VerifiedSamlAssertion } from './saml-assertion.ts'
import { checkPackedSize, resolveSessionPolicies } from './session-policies.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { AssumableRole, StsDirectory } from './sts-directory.ts'

/** What AssumeRoleWithSAML needs besides STS's directory and codec. */
export interface SamlFederationDeps {
  /** The signing certificates of a SAML provider's metadata, or undefined when there is none. */
  readonly providerCertificates: (providerArn: string) => Promise<readonly string[] | undefined>
  /** This server's own SAML endpoint, accepted as audience and recipient besides AWS's. */
  readonly localEndpoint: string
  /** Used assertion ids; the server passes the database's (shared by every node), else memory. */
  readonly singleUse?: SingleUseIds
}

interface Input {
  readonly base: AssumeRoleInput
  readonly providerArn: string
  readonly assertion: string
}

interface Resolved {
  readonly role: AssumableRole | undefined
  readonly saml: VerifiedSamlAssertion
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/** AssumeRoleWithSAML. */
export function assumeRoleWithSamlOperation(deps: {
  directory: StsDirectory
  codec: SessionTokenCodec
  saml: SamlFederationDeps
}) {
  const replay = deps.saml.singleUse ?? new InMemorySingleUseIds()
  const resolved = new WeakMap<Input, Promise<Resolved>>()
  const resolve = (input: Input, call: CallContext): Promise<Resolved> => {
    let hit = resolved.get(input)
    if (hit === undefined) {
      hit = (async () => {
        const certificates = await deps.saml.providerCertificates(input.providerArn)
        if (certificates === undefined) throw samlErrors.noProvider(input.providerArn)
        const saml = await verifySamlAssertion(
          input.assertion,
          { roleArn: input.base.role.arn, providerArn: input.providerArn },
          { certificates, localEndpoint: deps.saml.localEndpoint, replay, now: call.request.now },
        )
        const { roleName, accountId, arn } = input.base.role
        const found =
          roleName === undefined ? undefined : await deps.directory.findRole(accountId, roleName)
        return { role: found !== undefined && found.roleArn === arn ? found : undefined, saml }
      })()
      resolved.set(input, hit)
    }
    return hit
  }

  return operation({
    parse(raw): Input {
      const r = new InputReader(raw)
      const providerArn = r.string('PrincipalArn', {
        required: true,
        min: 20,
        max: 2048,
        pattern: PATTERNS.arn,
      })
      const assertion = r.string('SAMLAssertion', { required: true, min: 4, max: 100000 })
      r.done()
      const base = parseAssumeRole({
        RoleArn: raw.RoleArn,
        RoleSessionName: 'saml-session',
        DurationSeconds: raw.DurationSeconds,
        Policy: raw.Policy,
        PolicyArns: raw.PolicyArns,
      })
      return { base, providerArn, assertion }
    },
    async authorization(input, call) {
      const r = await resolve(input, call)
      const principal: Caller = {
        accountId: input.base.role.accountId,
        arn: input.providerArn,
        principalArn: input.providerArn,
        userId: `${String(r.saml.context['SAML:namequalifier'])}:${r.saml.subject}`,
        type: 'SAMLUser',
        accessKeyId: '',
        // CloudTrail: userName is the subject, identityProvider the name qualifier.
        federation: {
          userName: r.saml.subject,
          identityProvider: String(r.saml.context['SAML:namequalifier']),
        },
      }
      const sessionName = r.saml.roleSessionName ?? r.saml.subject
      return {
        action: 'sts:AssumeRoleWithSAML',
        resource: input.base.role.arn,
        resourceAccount: input.base.role.accountId,
        resourcePolicy: { name: 'trust policy', document: r.role?.trustPolicy ?? TRUSTS_NOBODY },
        ...(r.role === undefined ? {} : { resourceTags: r.role.tags }),
        principal,
        context: { ...r.saml.context, 'sts:RoleSessionName': sessionName },
      }
    },
    async run(input, call) {
      const { role, saml } = await resolve(input, call)
      if (role === undefined) {
        throw stsErrors.accessDenied('Not authorized to perform sts:AssumeRoleWithSAML')
      }
      const sessionName = saml.roleSessionName ?? saml.subject
      if (!SESSION_NAME.test(sessionName)) {
        throw samlErrors.invalid('RoleSessionName attribute is not a valid session name')
      }
      const base = input.base
      const duration =
        base.durationSeconds ?? saml.sessionDurationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS
      if (duration > role.maxSessionDurationSeconds) throw stsErrors.durationAboveRoleMaximum()
      const sessionPolicies = await resolveSessionPolicies(deps.directory, base)
      const packed = checkPackedSize(base.policy, base.policyArns, [], [])
      const claims: RoleSessionClaims = {
        kind: 'role',
        accountId: role.accountId,
        roleArn: role.roleArn,
        roleId: role.roleId,
        roleName: role.roleName,
        sessionName,
        sourceArn: input.providerArn,
        tags: {},
        transitiveTagKeys: [],
        sessionPolicies,
        chained: false,
      }
      const issued = deps.codec.issue(claims, { now: call.request.now, durationSeconds: duration })
      return {
        Credentials: credentialsResult(issued),
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${sessionName}`,
          Arn: assumedRoleArn(role.accountId, role.roleName, sessionName),
        },
        ...(packed === undefined ? {} : { PackedPolicySize: packed }),
        Subject: saml.subject,
        SubjectType: saml.subjectType,
        Issuer: saml.issuer,
        Audience: String(saml.context['SAML:aud']),
        NameQualifier: String(saml.context['SAML:namequalifier']),
      }
    },
  })
}
