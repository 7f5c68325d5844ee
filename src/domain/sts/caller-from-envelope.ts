/**
 * The Caller behind temporary credentials, as the server authenticates them: a role session
 * (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), a federated user session
 * (`arn:aws:sts::ACCOUNT:federated-user/NAME`) or the IAM user or root user that called
 * GetSessionToken.
 */
import type { Caller, SessionEnvelope } from '../common/caller.ts'

/** The assumed-role ARN of a role session. */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`

/** The ARN of a federated user session (GetFederationToken). */
export const federatedUserArn = (accountId: string, name: string) =>
  `arn:aws:sts::${accountId}:federated-user/${name}`

/**
 * The Caller of an opened session token.
 * @example callerFromEnvelope(opened.envelope).arn // 'arn:aws:sts::111111111111:assumed-role/app/s1'
 */
export function callerFromEnvelope(envelope: SessionEnvelope): Caller {
  const c = envelope.claims
  if (c.kind === 'role') {
    return {
      accountId: c.accountId,
      arn: assumedRoleArn(c.accountId, c.roleName, c.sessionName),
      principalArn: c.roleArn,
      userId: `${c.roleId}:${c.sessionName}`,
      type: 'AssumedRole',
      accessKeyId: envelope.accessKeyId,
      session: envelope,
    }
  }
  if (c.kind === 'federated') {
    const arn = federatedUserArn(c.accountId, c.name)
    // aws:userid of a federated user is `account:name` (IAM User Guide, aws:userid).
    return {
      accountId: c.accountId,
      arn,
      principalArn: arn,
      userId: `${c.accountId}:${c.name}`,
      type: 'FederatedUser',
      accessKeyId: envelope.accessKeyId,
      session: envelope,
    }
  }
  const root = c.userName === 'root' && c.userArn.endsWith(':root')
  return {
    accountId: c.accountId,
    arn: c.userArn,
    principalArn: c.userArn,
    userId: c.userId,
    type: root ? 'Account' : 'User',
    ...(root ? {} : { userName: c.userName }),
    accessKeyId: envelope.accessKeyId,
    session: envelope,
  }
}
