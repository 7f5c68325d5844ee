/**
 * CreateAccountAlias, DeleteAccountAlias and ListAccountAliases. An account has at most one
 * alias; aliases are unique across every account. As on AWS, creating an alias when the account
 * already has one replaces it; asking for an alias any account holds (this one included) is
 * EntityAlreadyExists.
 */
import { InputReader } from '../../common/input-reader.ts'
import { operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { securityErrors } from './errors.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import { readPaging } from './security-helpers.ts'

/** AWS's alias pattern: lower-case letters, digits and single hyphens, not at either end. */
export const ALIAS_PATTERN = [
  /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/,
  '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$',
] as const

const readAlias = (raw: Readonly<Record<string, unknown>>) => {
  const r = new InputReader(raw)
  const alias = r.string('AccountAlias', {
    required: true,
    min: 3,
    max: 63,
    pattern: ALIAS_PATTERN,
  })
  r.done()
  return { alias }
}

/** Builds the account alias operations. */
export function accountAliasOperations(deps: IamSecurityDeps) {
  const { store } = deps

  const createAccountAlias = operation({
    parse: readAlias,
    authorization: () => ({ action: 'iam:CreateAccountAlias', resource: '*' }),
    async run(input, call) {
      try {
        await store.setAccountAlias(call.caller.accountId, input.alias)
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'AlreadyExists') {
          throw securityErrors.accountAliasExists(input.alias)
        }
        throw error
      }
      return {}
    },
  })

  const deleteAccountAlias = operation({
    parse: readAlias,
    authorization: () => ({ action: 'iam:DeleteAccountAlias', resource: '*' }),
    async run(input, call) {
      if (!(await store.deleteAccountAlias(call.caller.accountId, input.alias))) {
        throw securityErrors.noSuchAccountAlias(input.alias)
      }
      return {}
    },
  })

  const listAccountAliases = operation({
    parse(raw) {
      const r = new InputReader(raw)
      readPaging(r)
      r.done()
      return {}
    },
    authorization: () => ({ action: 'iam:ListAccountAliases', resource: '*' }),
    async run(_input, call) {
      const alias = await store.getAccountAlias(call.caller.accountId)
      return { AccountAliases: alias === undefined ? [] : [alias], IsTruncated: false }
    },
  })

  return {
    CreateAccountAlias: createAccountAlias,
    DeleteAccountAlias: deleteAccountAlias,
    ListAccountAliases: listAccountAliases,
  }
}
