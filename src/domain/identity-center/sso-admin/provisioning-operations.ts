/**
 * ProvisionPermissionSet and what it leaves: provisioning statuses, the accounts a permission
 * set is provisioned to and the permission sets provisioned to an account. Provisioning to
 * ALL_PROVISIONED_ACCOUNTS brings every account's role up to the permission set's latest version.
 */
import { newRequestId } from '../../common/ids.ts'
import type { AnyOperation } from '../../common/operation.ts'
import { requireMember } from './assignment-operations.ts'
import { ssoErrors } from './errors.ts'
import { provisionIn } from './permission-set-provisioning.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import type { OperationStatusRecord } from './sso-admin-records.ts'
import { PROVISIONING_FILTERS } from './sso-admin-store.ts'
import { accountResourceArn } from './sso-arns.ts'
import { RULES } from './sso-input.ts'
import { permissionSetOf, readAll, ssoOperation, tagsOf } from './sso-operation.ts'
import { nextTokenOf, provisioningStatusShape } from './sso-shapes.ts'
import { statusOperations } from './status-operations.ts'

const PROVISION_TARGETS = ['AWS_ACCOUNT', 'ALL_PROVISIONED_ACCOUNTS'] as const

/** The provisioning operations. */
export function provisioningOperations(deps: SsoAdminDeps): Record<string, AnyOperation> {
  return {
    ProvisionPermissionSet: ssoOperation(deps, {
      action: 'ProvisionPermissionSet',
      writes: true,
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        permissionSetArn: r.string('PermissionSetArn', RULES.PermissionSetArn),
        targetId: r.string('TargetId', { ...RULES.AccountId, required: false }),
        targetType: r.enumOf('TargetType', PROVISION_TARGETS)!,
      }),
      instanceArn: (i) => i.instanceArn,
      resources: async (i, c) => ({
        resources: [
          i.permissionSetArn,
          i.instanceArn,
          ...(i.targetType === 'AWS_ACCOUNT' && i.targetId !== undefined
            ? [accountResourceArn(i.targetId)]
            : []),
        ],
        resourceTags: await tagsOf(c, i.permissionSetArn),
      }),
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        let accounts: string[]
        if (input.targetType === 'AWS_ACCOUNT') {
          if (input.targetId === undefined) throw ssoErrors.targetIdRequired()
          await requireMember(c, input.targetId)
          accounts = [input.targetId]
        } else {
          const provisioned = await readAll((page) =>
            c.deps.store.listProvisionedAccounts(ps.arn, undefined, page),
          )
          accounts = provisioned.map((p) => p.accountId)
        }
        let failure: string | undefined
        for (const accountId of accounts) {
          failure ??= await provisionIn(c.deps, ps, accountId, c.now)
        }
        const status: OperationStatusRecord = {
          requestId: newRequestId(),
          instanceArn: input.instanceArn,
          kind: 'provisioning',
          status: failure === undefined ? 'SUCCEEDED' : 'FAILED',
          failureReason: failure ?? null,
          permissionSetArn: ps.arn,
          accountId: input.targetType === 'AWS_ACCOUNT' ? (input.targetId ?? null) : null,
          principalType: null,
          principalId: null,
          createdAt: c.now,
        }
        await c.deps.store.putOperationStatus(status)
        return { PermissionSetProvisioningStatus: provisioningStatusShape(status, true) }
      },
    }),

    ...statusOperations(
      deps,
      'provisioning',
      {
        describe: 'DescribePermissionSetProvisioningStatus',
        list: 'ListPermissionSetProvisioningStatus',
        idMember: 'ProvisionPermissionSetRequestId',
        listMember: 'PermissionSetsProvisioningStatus',
        single: 'PermissionSetProvisioningStatus',
      },
      (s) => provisioningStatusShape(s),
    ),

    ListAccountsForProvisionedPermissionSet: ssoOperation(deps, {
      action: 'ListAccountsForProvisionedPermissionSet',
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        permissionSetArn: r.string('PermissionSetArn', RULES.PermissionSetArn),
        filter: r.enumOf('ProvisioningStatus', PROVISIONING_FILTERS, false),
        page: r.page(),
      }),
      instanceArn: (i) => i.instanceArn,
      resources: async (i, c) => ({
        resources: [i.permissionSetArn, i.instanceArn],
        resourceTags: await tagsOf(c, i.permissionSetArn),
      }),
      async run(input, c) {
        await permissionSetOf(c, input.permissionSetArn)
        const page = await c.deps.store.listProvisionedAccounts(
          input.permissionSetArn,
          input.filter,
          input.page,
        )
        return { AccountIds: page.items.map((p) => p.accountId), ...nextTokenOf(page) }
      },
    }),

    ListPermissionSetsProvisionedToAccount: ssoOperation(deps, {
      action: 'ListPermissionSetsProvisionedToAccount',
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        accountId: r.string('AccountId', RULES.AccountId),
        filter: r.enumOf('ProvisioningStatus', PROVISIONING_FILTERS, false),
        page: r.page(),
      }),
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [accountResourceArn(i.accountId), i.instanceArn] }),
      async run(input, c) {
        const page = await c.deps.store.listProvisionedToAccount(
          input.instanceArn,
          input.accountId,
          input.filter,
          input.page,
        )
        return { PermissionSets: page.items.map((p) => p.permissionSetArn), ...nextTokenOf(page) }
      },
    }),
  }
}
