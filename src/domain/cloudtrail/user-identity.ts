/**
 * The `userIdentity` element for a caller, as the CloudTrail User Guide's "CloudTrail userIdentity
 * element" describes it: Root, IAMUser, AssumedRole and FederatedUser (with `sessionContext`),
 * and the `AWSAccount` form the other account of a cross-account call sees.
 */
import type { Caller } from '../common/caller.ts'
import { cloudTrailTime, type SessionContext, type UserIdentity } from './audit-record.ts'

/** The access key id as CloudTrail shows it; in-process calls (organization files) have none. */
const keyOf = (caller: Caller): string =>
  caller.accessKeyId === 'in-process' ? '' : caller.accessKeyId

function sessionAttributes(caller: Caller): SessionContext['attributes'] | undefined {
  const session = caller.session
  if (session === undefined) return undefined
  return {
    creationDate: cloudTrailTime(session.issuedAt),
    mfaAuthenticated: session.claims.mfaAuthenticatedAt === undefined ? 'false' : 'true',
  }
}

/**
 * The caller's own `userIdentity`.
 * @example userIdentityOf(caller).type // 'AssumedRole'
 */
export function userIdentityOf(caller: Caller): UserIdentity {
  const attributes = sessionAttributes(caller)
  const claims = caller.session?.claims
  if (caller.type === 'AssumedRole' && claims?.kind === 'role') {
    return {
      type: 'AssumedRole',
      principalId: caller.userId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: keyOf(caller),
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: claims.roleId,
          arn: claims.roleArn,
          accountId: claims.accountId,
          userName: claims.roleName,
        },
        attributes: attributes!,
        ...(claims.sourceIdentity === undefined ? {} : { sourceIdentity: claims.sourceIdentity }),
      },
    }
  }
  if (caller.type === 'FederatedUser' && claims?.kind === 'federated') {
    // CloudTrail User Guide: a GetFederationToken session, issued by an IAM user (or root).
    const root = claims.userName === 'root' && claims.userArn.endsWith(':root')
    return {
      type: 'FederatedUser',
      principalId: caller.userId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: keyOf(caller),
      sessionContext: {
        sessionIssuer: {
          type: root ? 'Root' : 'IAMUser',
          principalId: claims.userId,
          arn: claims.userArn,
          accountId: claims.accountId,
          userName: claims.userName,
        },
        attributes: attributes!,
      },
    }
  }
  if (
    (caller.type === 'WebIdentityUser' || caller.type === 'SAMLUser') &&
    caller.federation !== undefined
  ) {
    // CloudTrail User Guide, userIdentity of AssumeRoleWithWebIdentity / AssumeRoleWithSAML.
    return {
      type: caller.type,
      principalId: caller.userId,
      userName: caller.federation.userName,
      identityProvider: caller.federation.identityProvider,
    }
  }
  const base = {
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: keyOf(caller),
    ...(attributes === undefined ? {} : { sessionContext: { attributes } }),
  }
  if (caller.type === 'Account') return { type: 'Root', ...base }
  if (caller.type === 'User') {
    return {
      type: 'IAMUser',
      ...base,
      ...(caller.userName === undefined ? {} : { userName: caller.userName }),
    }
  }
  return { type: caller.type, ...base }
}

/**
 * How a call looks from another account it concerns (the role's account of a cross-account
 * AssumeRole): `{"type": "AWSAccount", "principalId", "accountId"}`.
 */
export function awsAccountIdentityOf(caller: Caller): UserIdentity {
  return { type: 'AWSAccount', principalId: caller.userId, accountId: caller.accountId }
}

/** The user name LookupEvents reports and filters on (`Username`). */
export function lookupUserName(identity: UserIdentity): string | undefined {
  if (identity.userName !== undefined) return identity.userName
  if (identity.type === 'Root') return 'root'
  // An Identity Center user's call: the identity-store user it was made for.
  if (identity.type === 'IdentityCenterUser') return identity.onBehalfOf?.userId
  if (
    (identity.type === 'AssumedRole' || identity.type === 'FederatedUser') &&
    identity.arn !== undefined
  ) {
    return identity.arn.slice(identity.arn.lastIndexOf('/') + 1)
  }
  return undefined
}
