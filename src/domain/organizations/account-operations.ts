/**
 * Accounts: CreateAccount (with DescribeCreateAccountStatus and ListCreateAccountStatus),
 * DescribeAccount, ListAccounts, ListAccountsForParent, MoveAccount and
 * RemoveAccountFromOrganization.
 */
import { accountScope, orgScope } from '../authorization/policy-scope.ts'
import { orgErrors } from './errors.ts'
import { onNode } from './org-authorization.ts'
import { ID_RULES } from './org-input.ts'
import {
  orgOperation,
  requestTagContext,
  type AnyOperation,
  type OrgCall,
} from './org-operation.ts'
import { accountShape, createAccountStatusShape, nextTokenShape } from './org-shapes.ts'
import { findNode, findParent, type TreeNode } from './org-tree.ts'
import { createAccount } from './create-account.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import { CREATE_ACCOUNT_STATES } from './organizations-records.ts'
import { ORG_PATTERNS } from './org-ids.ts'

async function ownAccount(org: OrgCall, id: string): Promise<TreeNode> {
  const node = await findNode(org.deps.store, org.organization.id, id)
  if (node?.type !== 'ACCOUNT') throw orgErrors.AccountNotFoundException()
  return node
}

/** The operations on accounts. */
export function accountOperations(deps: OrganizationsDeps): Record<string, AnyOperation> {
  return {
    CreateAccount: orgOperation(deps, {
      action: 'CreateAccount',
      writes: true,
      parse: (r) => {
        const roleName = r.string('RoleName', { max: 64, pattern: ORG_PATTERNS.roleName })
        if (roleName?.startsWith('AWSServiceRoleFor')) {
          throw orgErrors.InvalidInputException('INVALID_ROLE_NAME')
        }
        r.enumOf('IamUserAccessToBilling', ['ALLOW', 'DENY'] as const)
        return {
          email: r.string('Email', {
            required: true,
            min: 6,
            max: 64,
            pattern: ORG_PATTERNS.email,
          }),
          accountName: r.string('AccountName', {
            required: true,
            min: 1,
            max: 50,
            pattern: ORG_PATTERNS.accountName,
          }),
          roleName: roleName ?? 'OrganizationAccountAccessRole',
          tags: r.tags(),
        }
      },
      authorize: (input) => ({ resource: '*', context: requestTagContext(input.tags) }),
      run: async (input, org) => ({
        CreateAccountStatus: createAccountStatusShape(await createAccount(org, input)),
      }),
      invalidates: (_input, _org, output) => {
        if (output === undefined) return undefined
        const id = output.CreateAccountStatus.AccountId
        return id === undefined ? [] : [orgScope(id), accountScope(id)]
      },
    }),

    DescribeCreateAccountStatus: orgOperation(deps, {
      action: 'DescribeCreateAccountStatus',
      parse: (r) => ({ id: r.string('CreateAccountRequestId', ID_RULES.CreateAccountRequestId) }),
      async run(input, org) {
        const status = await deps.store.getCreateAccountStatus(input.id)
        if (status?.organizationId !== org.organization.id) {
          throw orgErrors.CreateAccountStatusNotFoundException()
        }
        return { CreateAccountStatus: createAccountStatusShape(status) }
      },
    }),

    ListCreateAccountStatus: orgOperation(deps, {
      action: 'ListCreateAccountStatus',
      parse: (r) => ({
        states: r.strings('States').map((s) => {
          if (!(CREATE_ACCOUNT_STATES as readonly string[]).includes(s)) {
            throw orgErrors.InvalidInputException('INVALID_ENUM')
          }
          return s as (typeof CREATE_ACCOUNT_STATES)[number]
        }),
        page: r.page(),
      }),
      async run(input, org) {
        const page = await deps.store.listCreateAccountStatuses(
          org.organization.id,
          input.states,
          input.page,
        )
        return {
          CreateAccountStatuses: page.items.map(createAccountStatusShape),
          ...nextTokenShape(page.nextToken),
        }
      },
    }),

    DescribeAccount: orgOperation(deps, {
      action: 'DescribeAccount',
      parse: (r) => ({ id: r.string('AccountId', ID_RULES.AccountId) }),
      authorize: (input, org) => onNode(org, input.id),
      run: async (input, org) => ({
        Account: accountShape((await ownAccount(org, input.id)).account!),
      }),
    }),

    ListAccounts: orgOperation(deps, {
      action: 'ListAccounts',
      parse: (r) => r.page(),
      async run(page, org) {
        const accounts = await deps.store.listAccounts(org.organization.id, page)
        return { Accounts: accounts.items.map(accountShape), ...nextTokenShape(accounts.nextToken) }
      },
    }),

    ListAccountsForParent: orgOperation(deps, {
      action: 'ListAccountsForParent',
      parse: (r) => ({ parentId: r.string('ParentId', ID_RULES.ParentId), page: r.page() }),
      authorize: (input, org) => onNode(org, input.parentId),
      async run(input, org) {
        const parent = await findParent(deps.store, org.organization.id, input.parentId)
        if (parent === undefined) throw orgErrors.ParentNotFoundException()
        const accounts = await deps.store.listAccountsForParent(parent.id, input.page)
        return { Accounts: accounts.items.map(accountShape), ...nextTokenShape(accounts.nextToken) }
      },
    }),

    MoveAccount: orgOperation(deps, {
      action: 'MoveAccount',
      writes: true,
      parse: (r) => ({
        accountId: r.string('AccountId', ID_RULES.AccountId),
        sourceParentId: r.string('SourceParentId', ID_RULES.ParentId),
        destinationParentId: r.string('DestinationParentId', ID_RULES.ParentId),
      }),
      authorize: (input, org) => onNode(org, input.accountId),
      async run(input, org) {
        // MoveAccount also names the source and destination parents as resources.
        for (const parentId of [input.sourceParentId, input.destinationParentId]) {
          await org.call.authorize({
            action: 'organizations:MoveAccount',
            ...(await onNode(org, parentId)),
          })
        }
        await deps.store.transaction(async (store) => {
          const scoped = { ...org, deps: { ...deps, store } }
          const account = await ownAccount(scoped, input.accountId)
          const source = await findParent(store, org.organization.id, input.sourceParentId)
          if (source === undefined) throw orgErrors.SourceParentNotFoundException()
          const destination = await findParent(
            store,
            org.organization.id,
            input.destinationParentId,
          )
          if (destination === undefined) throw orgErrors.DestinationParentNotFoundException()
          if (account.parentId === destination.id) throw orgErrors.DuplicateAccountException()
          if (!(await store.moveAccount(account.id, source.id, destination.id))) {
            throw orgErrors.AccountNotFoundException()
          }
        })
        return {}
      },
      invalidates: (input) => [orgScope(input.accountId)],
    }),

    RemoveAccountFromOrganization: orgOperation(deps, {
      action: 'RemoveAccountFromOrganization',
      writes: true,
      parse: (r) => ({ id: r.string('AccountId', ID_RULES.AccountId) }),
      authorize: (input, org) => onNode(org, input.id),
      async run(input, org) {
        const account = await ownAccount(org, input.id)
        if (account.id === org.organization.managementAccountId) {
          throw orgErrors.MasterCannotLeaveOrganizationException()
        }
        await deps.store.removeAccount(account.id)
        return {}
      },
      invalidates: (input) => [orgScope(input.id), accountScope(input.id)],
    }),
  }
}
