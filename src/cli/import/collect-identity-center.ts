/**
 * The Identity Center part of `xaccess import aws --collect`: from the management account, the
 * `sso-admin` and `identitystore` listings of the import layout, each written as the AWS CLI
 * prints it (every page merged). A permission set without a boundary gets no
 * get-permissions-boundary-for-permission-set file (the CLI fails there with
 * ResourceNotFoundException), and one without an inline policy no
 * get-inline-policy-for-permission-set file (the CLI prints nothing). An organization without an Identity Center instance writes an empty
 * list-instances and nothing else.
 */
import {
  IdentitystoreClient,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
} from '@aws-sdk/client-identitystore'
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin'
import { IMPORT_LAYOUT, instanceIdOf, permissionSetIdOf } from '../../domain/snapshots/index.ts'

/** What the collection needs from its caller. */
export interface IdentityCenterCollection {
  /** Client configuration of the management account. */
  readonly config: Record<string, unknown>
  /** Writes one file of the import as the CLI prints it. */
  readonly write: (rel: string, value: unknown) => void
  /** Concatenates every page's lists. */
  readonly merged: <P extends object>(
    pages: AsyncIterable<P>,
    keys: readonly (keyof P & string)[],
  ) => Promise<Record<string, unknown[]>>
  /** The organization's active accounts. */
  readonly accounts: readonly string[]
  readonly progress: (line: string) => void
}

/** Collects Identity Center; throws on a call that fails (the caller reports it). */
export async function collectIdentityCenter(c: IdentityCenterCollection): Promise<void> {
  const sso = new SSOAdminClient(c.config)
  const ids = new IdentitystoreClient(c.config)
  try {
    const listed = await c.merged(paginateListInstances({ client: sso }, {}), ['Instances'])
    c.write(IMPORT_LAYOUT.listInstances, listed)
    const instances = listed.Instances as { InstanceArn: string; IdentityStoreId: string }[]
    for (const { InstanceArn, IdentityStoreId } of instances) {
      const sets = await c.merged(paginateListPermissionSets({ client: sso }, { InstanceArn }), [
        'PermissionSets',
      ])
      c.write(IMPORT_LAYOUT.permissionSets(instanceIdOf(InstanceArn)), sets)
      let assignments = 0
      for (const PermissionSetArn of sets.PermissionSets as string[]) {
        const id = permissionSetIdOf(PermissionSetArn)
        const target = { InstanceArn, PermissionSetArn }
        c.write(
          IMPORT_LAYOUT.describePermissionSet(id),
          await sso.send(new DescribePermissionSetCommand(target)),
        )
        c.write(
          IMPORT_LAYOUT.managedPolicies(id),
          await c.merged(paginateListManagedPoliciesInPermissionSet({ client: sso }, target), [
            'AttachedManagedPolicies',
          ]),
        )
        const inline = await sso.send(new GetInlinePolicyForPermissionSetCommand(target))
        if (typeof inline.InlinePolicy === 'string' && inline.InlinePolicy !== '')
          c.write(IMPORT_LAYOUT.inlinePolicy(id), inline)
        c.write(
          IMPORT_LAYOUT.customerPolicies(id),
          await c.merged(
            paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: sso }, target),
            ['CustomerManagedPolicyReferences'],
          ),
        )
        try {
          c.write(
            IMPORT_LAYOUT.permissionsBoundary(id),
            await sso.send(new GetPermissionsBoundaryForPermissionSetCommand(target)),
          )
        } catch (e) {
          if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e
        }
        for (const AccountId of c.accounts) {
          const listedAssignments = await c.merged(
            paginateListAccountAssignments({ client: sso }, { ...target, AccountId }),
            ['AccountAssignments'],
          )
          c.write(IMPORT_LAYOUT.accountAssignments(AccountId, id), listedAssignments)
          assignments += listedAssignments.AccountAssignments!.length
        }
      }
      const store = { IdentityStoreId }
      const users = await c.merged(paginateListUsers({ client: ids }, store), ['Users'])
      c.write(IMPORT_LAYOUT.users(IdentityStoreId), users)
      const groups = await c.merged(paginateListGroups({ client: ids }, store), ['Groups'])
      c.write(IMPORT_LAYOUT.groups(IdentityStoreId), groups)
      for (const { GroupId } of groups.Groups as { GroupId: string }[]) {
        c.write(
          IMPORT_LAYOUT.groupMemberships(GroupId),
          await c.merged(paginateListGroupMemberships({ client: ids }, { ...store, GroupId }), [
            'GroupMemberships',
          ]),
        )
      }
      c.progress(
        `Identity Center ${instanceIdOf(InstanceArn)}: ${users.Users!.length} user(s), ${groups.Groups!.length} group(s), ${sets.PermissionSets!.length} permission set(s), ${assignments} assignment(s)`,
      )
    }
  } finally {
    sso.destroy()
    ids.destroy()
  }
}
