/**
 * `sts:AssumeRole`: temporary credentials for a role, when the caller's policies allow
 * `sts:AssumeRole` on the role and the role's trust policy trusts the caller (the engine decides
 * both, with the request's condition keys). Passing tags also needs `sts:TagSession`, a source
 * identity `sts:SetSourceIdentity`. A role session assuming a role is role chaining: at most one
 * hour, transitive tags and source identity carried over.
 *
 * A role that does not exist is authorized against a trust policy that trusts nobody, so the
 * caller gets exactly the denial an untrusting role would give (AWS does not reveal existence).
 */
import type { Caller, RoleSessionClaims } from '../common/caller.ts'
import { operation, type AuthorizationRequest, type CallContext } from '../common/operation.ts'
import { parseAssumeRole, type AssumeRoleInput } from './assume-role-input.ts'
import { assumedRoleArn } from './caller-from-envelope.ts'
import { credentialsResult, type CredentialsResult } from './credentials-result.ts'
import { stsErrors } from './errors.ts'
import { checkPackedSize, resolveSessionPolicies } from './session-policies.ts'
import { sessionTagSet, tagContext } from './session-tags.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { AssumableRole, StsDirectory } from './sts-directory.ts'
import { verifyMfa } from './verify-mfa.ts'

/** AssumeRole's result, named as AWS names it. */
export interface AssumeRoleResult {
  readonly Credentials: CredentialsResult
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string }
  readonly PackedPolicySize?: number
  readonly SourceIdentity?: string
}

/** Default session length, and the most a chained role session may last. */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600
export const CHAINED_SESSION_LIMIT_SECONDS = 3600

/** The stand-in trust policy of a role that does not exist: it trusts nobody. */
export const TRUSTS_NOBODY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'nobody.xaccess.invalid' }, Action: 'sts:AssumeRole' },
  ],
})

interface Resolved {
  readonly role: AssumableRole | undefined
  /** When a valid MFA code came with this request (epoch ms). */
  readonly mfaAt: number | undefined
}

/** AssumeRole, reading roles, policies and MFA devices through `directory`. */
export function assumeRoleOperation(deps: { directory: StsDirectory; codec: SessionTokenCodec }) {
  // INVARIANT: one lookup and one MFA check per request: authorization and run share them
  // (checking the code twice would make the second check a replay).
  const resolved = new WeakMap<AssumeRoleInput, Promise<Resolved>>()
  const resolve = (input: AssumeRoleInput, call: CallContext): Promise<Resolved> => {
    let hit = resolved.get(input)
    if (hit === undefined) {
      hit = resolveRequest(deps.directory, input, call)
      resolved.set(input, hit)
    }
    return hit
  }

  return operation({
    parse: parseAssumeRole,
    async authorization(input, call) {
      // AWS refuses role assumption to root users before any policy is read.
      if (call.caller.type === 'Account') throw stsErrors.rootCannotAssumeRoles()
      const r = await resolve(input, call)
      return roleRequest('sts:AssumeRole', input, r, requestContext(input, r))
    },
    async run(input, call): Promise<AssumeRoleResult> {
      const r = await resolve(input, call)
      const { caller } = call
      const role = r.role
      if (role === undefined) {
        // Not reached: the engine denies every caller the stand-in trust policy.
        throw stsErrors.accessDenied(
          `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.role.arn}`,
        )
      }
      const parent = roleClaims(caller)
      const chained = caller.type === 'AssumedRole'
      const duration = input.durationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS
      if (chained && duration > CHAINED_SESSION_LIMIT_SECONDS) {
        throw stsErrors.durationAboveChainingLimit()
      }
      if (duration > role.maxSessionDurationSeconds) throw stsErrors.durationAboveRoleMaximum()

      const tagSet = sessionTagSet(input.tags, input.transitiveTagKeys, parent)
      const inherited = parent?.sourceIdentity
      if (
        inherited !== undefined &&
        input.sourceIdentity !== undefined &&
        input.sourceIdentity !== inherited
      ) {
        throw stsErrors.sourceIdentityChanged(input.sourceIdentity)
      }
      const sourceIdentity = inherited ?? input.sourceIdentity

      const context = requestContext(input, r)
      if (input.tags.length > 0) {
        await call.authorize(roleRequest('sts:TagSession', input, r, context))
      }
      if (sourceIdentity !== undefined) {
        await call.authorize(
          roleRequest('sts:SetSourceIdentity', input, r, {
            ...context,
            'sts:SourceIdentity': sourceIdentity,
          }),
        )
      }

      const sessionPolicies = await resolveSessionPolicies(deps.directory, input)
      const packed = checkPackedSize(
        input.policy,
        input.policyArns,
        input.tags,
        input.transitiveTagKeys,
      )
      const mfaAt = r.mfaAt ?? caller.session?.claims.mfaAuthenticatedAt
      const claims: RoleSessionClaims = {
        kind: 'role',
        accountId: role.accountId,
        roleArn: role.roleArn,
        roleId: role.roleId,
        roleName: role.roleName,
        sessionName: input.sessionName,
        sourceArn: caller.arn,
        ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
        tags: tagSet.tags,
        transitiveTagKeys: tagSet.transitiveTagKeys,
        sessionPolicies,
        ...(mfaAt === undefined ? {} : { mfaAuthenticatedAt: mfaAt }),
        chained,
      }
      const issued = deps.codec.issue(claims, {
        now: call.request.now,
        durationSeconds: duration,
      })
      return {
        Credentials: credentialsResult(issued),
        AssumedRoleUser: {
          AssumedRoleId: `${role.roleId}:${input.sessionName}`,
          Arn: assumedRoleArn(role.accountId, role.roleName, input.sessionName),
        },
        ...(packed === undefined ? {} : { PackedPolicySize: packed }),
        ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
      }
    },
  })
}

const roleClaims = (caller: Caller): RoleSessionClaims | undefined => {
  const claims = caller.session?.claims
  return claims?.kind === 'role' ? claims : undefined
}

async function resolveRequest(
  directory: StsDirectory,
  input: AssumeRoleInput,
  call: CallContext,
): Promise<Resolved> {
  const mfaAt = input.mfa === undefined ? undefined : await verifyMfa(directory, call, input.mfa)
  const { roleName, accountId, arn } = input.role
  const found = roleName === undefined ? undefined : await directory.findRole(accountId, roleName)
  // The ARN must name the role exactly, path included.
  const role = found !== undefined && found.roleArn === arn ? found : undefined
  return { role, mfaAt }
}

/** The condition keys AssumeRole, TagSession and SetSourceIdentity are decided with. */
function requestContext(input: AssumeRoleInput, r: Resolved): Record<string, string | string[]> {
  return {
    'sts:RoleSessionName': input.sessionName,
    ...(input.externalId === undefined ? {} : { 'sts:ExternalId': input.externalId }),
    ...(input.sourceIdentity === undefined ? {} : { 'sts:SourceIdentity': input.sourceIdentity }),
    ...tagContext(input.tags, input.transitiveTagKeys),
    ...(r.mfaAt === undefined
      ? {}
      : { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' }),
  }
}

function roleRequest(
  action: string,
  input: AssumeRoleInput,
  r: Resolved,
  context: Record<string, string | string[]>,
): AuthorizationRequest {
  const account = r.role?.accountId ?? input.role.accountId
  return {
    action,
    resource: input.role.arn,
    ...(account === '' ? {} : { resourceAccount: account }),
    resourcePolicy: { name: 'trust policy', document: r.role?.trustPolicy ?? TRUSTS_NOBODY },
    ...(r.role === undefined ? {} : { resourceTags: r.role.tags }),
    context,
  }
}
