/**
 * Account assignments: Create/DeleteAccountAssignment with their status operations, and the
 * assignment lists. As in AWS the reply says IN_PROGRESS with a RequestId; here the work is done
 * before replying, so Describe…Status then answers SUCCEEDED, or FAILED with the reason.
 * Creating an assignment provisions the permission set's current version in the account;
 * deleting a permission set's last assignment in an account removes its role there.
 */
import { newRequestId } from '../../common/ids.ts'
import type { AnyOperation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { ssoErrors } from './errors.ts'
import { deprovisionFrom, provisionIn } from './permission-set-provisioning.ts'
import { tagsOf } from './sso-operation.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import {
  PRINCIPAL_TYPES,
  type OperationKind,
  type OperationStatusRecord,
} from './sso-admin-records.ts'
import { accountResourceArn } from './sso-arns.ts'
import { RULES, SSO_PATTERNS, type SsoInput } from './sso-input.ts'
import { permissionSetOf, ssoOperation, type SsoCall } from './sso-operation.ts'
import { assignmentStatusShape, nextTokenOf } from './sso-shapes.ts'
import { statusOperations } from './status-operations.ts'

const TARGET_TYPES = ['AWS_ACCOUNT'] as const

const readAssignment = (r: SsoInput) => ({
  instanceArn: r.string('InstanceArn', RULES.InstanceArn),
  accountId: r.string('TargetId', { ...RULES.AccountId }),
  targetType: r.enumOf('TargetType', TARGET_TYPES),
  permissionSetArn: r.string('PermissionSetArn', RULES.PermissionSetArn),
  principalType: r.enumOf('PrincipalType', PRINCIPAL_TYPES)!,
  principalId: r.string('PrincipalId', RULES.PrincipalId),
})
type AssignmentInput = ReturnType<typeof readAssignment>

/** Account, then instance, then permission set, as the Service Authorization Reference lists. */
const onAssignment = async (
  i: Pick<AssignmentInput, 'instanceArn' | 'accountId' | 'permissionSetArn'>,
  c: SsoCall,
) => ({
  resources: [i.permissionSetArn, i.instanceArn, accountResourceArn(i.accountId)],
  resourceTags: await tagsOf(c, i.permissionSetArn),
})

/** Throws unless `accountId` is a member of the caller's organization. */
export async function requireMember(c: SsoCall, accountId: string): Promise<void> {
  const org = await c.deps.organizations.accountOrganization(accountId)
  const mine = await c.deps.organizations.accountOrganization(c.instance.managementAccountId)
  if (org === undefined || mine === undefined || org.organizationId !== mine.organizationId) {
    throw ssoErrors.accountNotInOrganization(accountId)
  }
}

const statusOf = (
  kind: OperationKind,
  i: AssignmentInput,
  c: SsoCall,
  failureReason: string | undefined,
): OperationStatusRecord => ({
  requestId: newRequestId(),
  instanceArn: i.instanceArn,
  kind,
  status: failureReason === undefined ? 'SUCCEEDED' : 'FAILED',
  failureReason: failureReason ?? null,
  permissionSetArn: i.permissionSetArn,
  accountId: i.accountId,
  principalType: i.principalType,
  principalId: i.principalId,
  createdAt: c.now,
})

/** The account assignment operations. */
export function assignmentOperations(deps: SsoAdminDeps): Record<string, AnyOperation> {
  return {
    CreateAccountAssignment: ssoOperation(deps, {
      action: 'CreateAccountAssignment',
      writes: true,
      parse: readAssignment,
      instanceArn: (i) => i.instanceArn,
      resources: onAssignment,
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        const storeId = c.instance.identityStoreId
        const exists =
          input.principalType === 'USER'
            ? await c.deps.users.userExists(storeId, input.principalId)
            : await c.deps.users.groupExists(storeId, input.principalId)
        if (!exists) throw ssoErrors.principalNotFound(input.principalType, input.principalId)
        await requireMember(c, input.accountId)
        const failure = await provisionIn(c.deps, ps, input.accountId, c.now)
        const status = statusOf('assignment-creation', input, c, failure)
        // Assigning again changes nothing, as in AWS. The insert is not tried when the assignment
        // exists: a failed statement voids the rest of a PostgreSQL transaction.
        const record = () =>
          c.deps.store.transaction(async (tx) => {
            if (failure === undefined && (await tx.getAssignment(input)) === undefined) {
              await tx.createAssignment({ ...input, createdAt: c.now })
            }
            await tx.putOperationStatus(status)
          })
        try {
          await record()
        } catch (error) {
          // A concurrent identical request inserted it first: record again, finding it.
          if (!(error instanceof StoreError && error.subject === 'assignment.key')) throw error
          await record()
        }
        return { AccountAssignmentCreationStatus: assignmentStatusShape(status, true) }
      },
    }),

    DeleteAccountAssignment: ssoOperation(deps, {
      action: 'DeleteAccountAssignment',
      writes: true,
      parse: readAssignment,
      instanceArn: (i) => i.instanceArn,
      resources: onAssignment,
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        // Taken before the count: two last deletions at once would each see the other's
        // assignment and leave the role behind.
        await c.deps.store.lockProvisioning(ps.arn, input.accountId)
        const removed = await c.deps.store.deleteAssignment(input)
        if (!removed) throw ssoErrors.assignmentNotFound()
        if ((await c.deps.store.countAssignments(ps.arn, input.accountId)) === 0) {
          await deprovisionFrom(c.deps, ps, input.accountId)
        }
        const status = statusOf('assignment-deletion', input, c, undefined)
        await c.deps.store.putOperationStatus(status)
        return { AccountAssignmentDeletionStatus: assignmentStatusShape(status, true) }
      },
    }),

    ...statusOperations(
      deps,
      'assignment-creation',
      {
        describe: 'DescribeAccountAssignmentCreationStatus',
        list: 'ListAccountAssignmentCreationStatus',
        idMember: 'AccountAssignmentCreationRequestId',
        listMember: 'AccountAssignmentsCreationStatus',
        single: 'AccountAssignmentCreationStatus',
      },
      (s) => assignmentStatusShape(s),
    ),
    ...statusOperations(
      deps,
      'assignment-deletion',
      {
        describe: 'DescribeAccountAssignmentDeletionStatus',
        list: 'ListAccountAssignmentDeletionStatus',
        idMember: 'AccountAssignmentDeletionRequestId',
        listMember: 'AccountAssignmentsDeletionStatus',
        single: 'AccountAssignmentDeletionStatus',
      },
      (s) => assignmentStatusShape(s),
    ),

    ListAccountAssignments: ssoOperation(deps, {
      action: 'ListAccountAssignments',
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        accountId: r.string('AccountId', RULES.AccountId),
        permissionSetArn: r.string('PermissionSetArn', RULES.PermissionSetArn),
        page: r.page(),
      }),
      instanceArn: (i) => i.instanceArn,
      resources: onAssignment,
      async run(input, c) {
        await permissionSetOf(c, input.permissionSetArn)
        const page = await c.deps.store.listAssignments(
          input.instanceArn,
          input.accountId,
          input.permissionSetArn,
          input.page,
        )
        return {
          AccountAssignments: page.items.map((a) => ({
            AccountId: a.accountId,
            PermissionSetArn: a.permissionSetArn,
            PrincipalType: a.principalType,
            PrincipalId: a.principalId,
          })),
          ...nextTokenOf(page),
        }
      },
    }),

    ListAccountAssignmentsForPrincipal: ssoOperation(deps, {
      action: 'ListAccountAssignmentsForPrincipal',
      parse: (r) => {
        const filter = r.reader.raw.Filter as { AccountId?: unknown } | undefined
        const accountId = filter?.AccountId
        if (
          accountId !== undefined &&
          !(typeof accountId === 'string' && SSO_PATTERNS.accountId[0].test(accountId))
        ) {
          r.reader.fail(
            'Filter.accountId',
            accountId,
            `Member must satisfy regular expression pattern: ${SSO_PATTERNS.accountId[1]}`,
          )
        }
        return {
          instanceArn: r.string('InstanceArn', RULES.InstanceArn),
          principalId: r.string('PrincipalId', RULES.PrincipalId),
          principalType: r.enumOf('PrincipalType', PRINCIPAL_TYPES)!,
          accountId: accountId as string | undefined,
          page: r.page(),
        }
      },
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn] }),
      async run(input, c) {
        const page = await c.deps.store.listAssignmentsForPrincipal(
          input.instanceArn,
          input.principalType,
          input.principalId,
          input.accountId,
          input.page,
        )
        return {
          AccountAssignments: page.items.map((a) => ({
            AccountId: a.accountId,
            PermissionSetArn: a.permissionSetArn,
            PrincipalId: a.principalId,
            PrincipalType: a.principalType,
          })),
          ...nextTokenOf(page),
        }
      },
    }),
  }
}
