/**
 * `sts:GetFederationToken`: temporary credentials for a federated user session, named by the
 * caller, for an IAM user with long-term access keys (or the root user, which AWS allows but
 * advises against). The session's permissions are the intersection of the user's identity
 * policies and the session policies passed here (Policy, PolicyArns); with none it has no
 * permissions, except what a resource policy naming the session's ARN grants (IAM User Guide,
 * "Permissions for GetFederationToken"). Tags become session tags.
 *
 * Durations: 900 to 129600 seconds, 43200 by default; a root user's session is capped at one
 * hour (AWS caps rather than refuses, STS API reference).
 */
import type { FederatedSessionClaims } from '../common/caller.ts'
import { InputReader, PATTERNS } from '../common/input-reader.ts'
import { operation, type AuthorizationRequest, type CallContext } from '../common/operation.ts'
import { readPolicyArns, readSessionTags } from './assume-role-input.ts'
import { federatedUserArn } from './caller-from-envelope.ts'
import { credentialsResult, type CredentialsResult } from './credentials-result.ts'
import { stsErrors } from './errors.ts'
import { DEFAULT_USER_SESSION_SECONDS, ROOT_SESSION_LIMIT_SECONDS } from './get-session-token.ts'
import { checkPackedSize, readSessionPolicy, resolveSessionPolicies } from './session-policies.ts'
import { checkRequestTags, sessionTagSet, tagContext, type SessionTag } from './session-tags.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import { STS_PATTERNS } from './sts-input.ts'

/** The validated input of GetFederationToken. */
export interface GetFederationTokenInput {
  readonly name: string
  readonly durationSeconds: number | undefined
  /** The inline session policy, minified. */
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  readonly tags: readonly SessionTag[]
}

/** GetFederationToken's result, named as AWS names it. */
export interface GetFederationTokenResult {
  readonly Credentials: CredentialsResult
  readonly FederatedUser: { readonly FederatedUserId: string; readonly Arn: string }
  readonly PackedPolicySize?: number
}

/** Parses and validates GetFederationToken's raw parameters. */
export function parseGetFederationToken(
  raw: Readonly<Record<string, unknown>>,
): GetFederationTokenInput {
  const r = new InputReader(raw)
  const name = r.string('Name', {
    required: true,
    min: 2,
    max: 32,
    pattern: STS_PATTERNS.sessionName,
  })
  const policy = r.string('Policy', { min: 1, max: 2048, pattern: PATTERNS.policyDocument })
  const policyArns = readPolicyArns(r)
  const durationSeconds = r.integer('DurationSeconds', { min: 900, max: 129600 })
  const tags = readSessionTags(r)
  r.done()
  checkRequestTags(tags, [])
  return {
    name,
    durationSeconds,
    policy: policy === undefined ? undefined : readSessionPolicy(policy),
    policyArns,
    tags,
  }
}

/** GetFederationToken, resolving managed session policies through `directory`. */
export function getFederationTokenOperation(deps: {
  directory: { managedPolicyDocument(arn: string): Promise<string | undefined> }
  codec: SessionTokenCodec
}) {
  return operation({
    parse: parseGetFederationToken,
    authorization(input, call) {
      // Temporary credentials of any kind are refused before any policy is read (quoted).
      if (call.caller.session !== undefined) throw stsErrors.federationSessionCredentials()
      return request('sts:GetFederationToken', input, call)
    },
    async run(input, call): Promise<GetFederationTokenResult> {
      const { caller } = call
      if (caller.session !== undefined) throw stsErrors.federationSessionCredentials()
      if (input.tags.length > 0) await call.authorize(request('sts:TagSession', input, call))
      const sessionPolicies = await resolveSessionPolicies(deps.directory, input)
      const packed = checkPackedSize(input.policy, input.policyArns, input.tags, [])
      const root = caller.type === 'Account'
      const duration = root
        ? Math.min(input.durationSeconds ?? ROOT_SESSION_LIMIT_SECONDS, ROOT_SESSION_LIMIT_SECONDS)
        : (input.durationSeconds ?? DEFAULT_USER_SESSION_SECONDS)
      const claims: FederatedSessionClaims = {
        kind: 'federated',
        accountId: caller.accountId,
        name: input.name,
        userName: root ? 'root' : (caller.userName ?? 'root'),
        userArn: caller.arn,
        userId: caller.userId,
        sessionPolicies,
        tags: sessionTagSet(input.tags, [], undefined).tags,
      }
      const issued = deps.codec.issue(claims, { now: call.request.now, durationSeconds: duration })
      return {
        Credentials: credentialsResult(issued),
        FederatedUser: {
          FederatedUserId: `${caller.accountId}:${input.name}`,
          Arn: federatedUserArn(caller.accountId, input.name),
        },
        ...(packed === undefined ? {} : { PackedPolicySize: packed }),
      }
    },
  })
}

/** The question for `action` on the federated user session's ARN. */
function request(
  action: string,
  input: GetFederationTokenInput,
  call: CallContext,
): AuthorizationRequest {
  return {
    action,
    resource: federatedUserArn(call.caller.accountId, input.name),
    resourceAccount: call.caller.accountId,
    context: tagContext(input.tags, []),
  }
}
