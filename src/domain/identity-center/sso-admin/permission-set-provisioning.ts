/**
 * Provisioning: what a permission set becomes in an account. Each provisioned account holds the
 * role `AWSReservedSSO_<Name>_<16 hex>` at `/aws-reserved/sso.amazonaws.com/`, with the
 * permission set's AWS managed and customer managed policies, inline policy and boundary, and
 * sessions as long as its session duration. The role trusts Identity Center itself
 * (`{"Service": "sso.amazonaws.com"}` for `sts:AssumeRole` and `sts:TagSession`): AWS trusts a
 * per-account SAML provider instead, but here the access portal issues role credentials itself,
 * so no SAML provider exists and no other principal can assume the role.
 */
import { isDomainError } from '../../common/domain-error.ts'
import type { ReservedRoleSpec } from '../identity-center-ports.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import type { PermissionSetRecord } from './sso-admin-records.ts'
import { RESERVED_ROLE_PATH, reservedRoleName } from './sso-arns.ts'
import { DEFAULT_SESSION_DURATION, durationSeconds } from './session-duration.ts'

/** The trust policy of every provisioned role. */
export const RESERVED_ROLE_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'sso.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
})

/** The role a permission set provisions in `accountId`, as IAM is asked to create it. */
export function reservedRoleSpec(ps: PermissionSetRecord, accountId: string): ReservedRoleSpec {
  const boundary = ps.permissionsBoundary
  return {
    accountId,
    roleName: reservedRoleName(ps.name, ps.arn, accountId),
    path: RESERVED_ROLE_PATH,
    trustPolicy: RESERVED_ROLE_TRUST_POLICY,
    maxSessionDurationSeconds:
      durationSeconds(ps.sessionDuration) ?? (durationSeconds(DEFAULT_SESSION_DURATION) as number),
    managedPolicyArns: ps.managedPolicyArns,
    customerManagedPolicies: ps.customerManagedPolicies,
    inlinePolicy: ps.inlinePolicy ?? undefined,
    permissionsBoundary:
      boundary === null
        ? undefined
        : boundary.kind === 'managed'
          ? { managedPolicyArn: boundary.arn }
          : { customerManagedPolicy: boundary.ref },
    description: ps.description ?? '',
  }
}

/**
 * Provisions `ps` in `accountId` and records it at the permission set's version, holding the
 * pair's provisioning lock (concurrent assignments of one permission set to one account would
 * otherwise both try to create its role). Answers the
 * failure reason when IAM refuses (a customer managed policy missing in the account), else
 * undefined; other errors propagate.
 */
export async function provisionIn(
  deps: SsoAdminDeps,
  ps: PermissionSetRecord,
  accountId: string,
  now: number,
): Promise<string | undefined> {
  const spec = reservedRoleSpec(ps, accountId)
  await deps.store.lockProvisioning(ps.arn, accountId)
  try {
    await deps.roles.provisionRole(spec)
  } catch (error) {
    if (isDomainError(error)) return `Received a ${error.httpStatus} status error: ${error.message}`
    throw error
  }
  await deps.store.putProvisioned({
    instanceArn: ps.instanceArn,
    permissionSetArn: ps.arn,
    accountId,
    roleName: spec.roleName,
    version: ps.version,
    provisionedAt: now,
  })
  return undefined
}

/** Removes the role of `ps` from `accountId` and forgets the provisioning. */
export async function deprovisionFrom(
  deps: SsoAdminDeps,
  ps: PermissionSetRecord,
  accountId: string,
): Promise<void> {
  await deps.store.lockProvisioning(ps.arn, accountId)
  await deps.roles.removeRole(accountId, reservedRoleName(ps.name, ps.arn, accountId))
  await deps.store.deleteProvisioned(ps.arn, accountId)
}
