/**
 * The Identity Center half of an organization file's snapshot: what applying the file makes.
 * Users, groups and permission sets get stable ids derived from their names; each permission set
 * assigned in an account is provisioned there as `AWSReservedSSO_<Name>_<16 hex>` at
 * `/aws-reserved/sso.amazonaws.com/`, with the permission set's managed and customer managed
 * policies, its inline policy (`AwsSSOInlinePolicy`, as AWS names it), its boundary and the trust
 * policy the server gives those roles.
 */
import { createHash } from 'node:crypto'
import type {
  SnapshotIdentityCenter,
  SnapshotProvisionedRole,
  SnapshotRole,
} from '../../analysis/index.ts'
import { RESERVED_ROLE_TRUST_POLICY } from '../identity-center/sso-admin/permission-set-provisioning.ts'
import { RESERVED_ROLE_PATH, reservedRoleName } from '../identity-center/sso-admin/sso-arns.ts'
import type { IdentityCenterSpec, PermissionSetSpec } from '../org-file/org-file-model.ts'

const INSTANCE_ID = 'ssoins-0f11e0000000000a'
const INSTANCE_ARN = `arn:aws:sso:::instance/${INSTANCE_ID}`
const IDENTITY_STORE_ID = 'd-0f11e00000'

/** A stable id in the shape AWS gives (8-4-4-4-12 hex) for a kind and name. */
function stableId(kind: string, name: string): string {
  const h = createHash('sha256').update(`${kind}\n${name}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** What the snapshot needs from the rest of the file's snapshot. */
export interface IdentityCenterContext {
  /** Account name → id. */
  readonly accountIds: ReadonlyMap<string, string>
  /** Fills `{{account:NAME}}` and `{{organizationId}}`. */
  fill<T>(value: T): T
  /** Registers an AWS managed policy ARN (so the analysis has its document); returns it. */
  awsPolicy(arn: string): string
}

/** The Identity Center snapshot and the roles it provisions, by account id. */
export interface FileIdentityCenter {
  readonly identityCenter: SnapshotIdentityCenter | undefined
  readonly roles: ReadonlyMap<string, readonly SnapshotRole[]>
}

/** Builds the Identity Center part of a file's snapshot; undefined when the file has none. */
export function identityCenterOfFile(
  spec: IdentityCenterSpec,
  ctx: IdentityCenterContext,
): FileIdentityCenter {
  const roles = new Map<string, SnapshotRole[]>()
  const empty =
    spec.users.length + spec.groups.length + spec.permissionSets.length + spec.assignments.length
  if (empty === 0) return { identityCenter: undefined, roles }
  const userId = (name: string) => stableId('user', name)
  const groupId = (name: string) => stableId('group', name)
  const setArn = (name: string) =>
    `arn:aws:sso:::permissionSet/${INSTANCE_ID}/ps-${stableId('ps', name).replaceAll('-', '').slice(0, 16)}`
  const sets = new Map(spec.permissionSets.map((s) => [s.name, s]))
  const provisionedRoles: SnapshotProvisionedRole[] = []
  const provisioned = new Set<string>()
  const assignments = spec.assignments.map((a) => {
    const accountId = ctx.accountIds.get(a.account) ?? ''
    const arn = setArn(a.permissionSet)
    const set = sets.get(a.permissionSet)
    if (set !== undefined && !provisioned.has(`${arn}\n${accountId}`)) {
      provisioned.add(`${arn}\n${accountId}`)
      const role = reservedRole(set, arn, accountId, ctx)
      roles.set(accountId, [...(roles.get(accountId) ?? []), role])
      provisionedRoles.push({ permissionSetArn: arn, accountId, roleArn: role.arn })
    }
    return {
      accountId,
      permissionSetArn: arn,
      principalType: a.principalType,
      principalId: a.principalType === 'USER' ? userId(a.principalName) : groupId(a.principalName),
    }
  })
  return {
    identityCenter: {
      instanceArn: INSTANCE_ARN,
      identityStoreId: IDENTITY_STORE_ID,
      users: spec.users.map((u) => ({ id: userId(u.userName), userName: u.userName })),
      groups: spec.groups.map((g) => ({
        id: groupId(g.displayName),
        displayName: g.displayName,
        memberIds: spec.memberships
          .filter((m) => m.group === g.displayName)
          .map((m) => userId(m.userName)),
      })),
      permissionSets: spec.permissionSets.map((s) => ({ arn: setArn(s.name), name: s.name })),
      assignments,
      provisionedRoles,
    },
    roles,
  }
}

function reservedRole(
  set: PermissionSetSpec,
  arn: string,
  accountId: string,
  ctx: IdentityCenterContext,
): SnapshotRole {
  const name = reservedRoleName(set.name, arn, accountId)
  const customer = (r: { name: string; path: string }) =>
    `arn:aws:iam::${accountId}:policy${r.path}${r.name}`
  const b = set.permissionsBoundary
  return {
    name,
    arn: `arn:aws:iam::${accountId}:role${RESERVED_ROLE_PATH}${name}`,
    id: '',
    path: RESERVED_ROLE_PATH,
    trustPolicy: RESERVED_ROLE_TRUST_POLICY,
    inlinePolicies:
      set.inlinePolicy === undefined
        ? []
        : [{ name: 'AwsSSOInlinePolicy', document: JSON.stringify(ctx.fill(set.inlinePolicy)) }],
    attachedPolicies: [
      ...set.managedPolicies.map((p) => ctx.awsPolicy(p)),
      ...set.customerManagedPolicies.map(customer),
    ],
    permissionsBoundary:
      b === undefined
        ? undefined
        : b.kind === 'managed'
          ? ctx.awsPolicy(b.arn)
          : customer(b.reference),
    tags: {},
    instanceProfiles: [],
  }
}
