/**
 * GetAccountPasswordPolicy, UpdateAccountPasswordPolicy and DeleteAccountPasswordPolicy.
 */
import { InputReader } from '../../common/input-reader.ts'
import { operation } from '../../common/operation.ts'
import { securityErrors } from './errors.ts'
import type { PasswordPolicyRecord } from './iam-security-records.ts'
import type { IamSecurityDeps } from './security-deps.ts'

/** Integer members and their bounds, in the order AWS reports their violations. */
const BOUNDS = [
  ['MinimumPasswordLength', 6, 128],
  ['PasswordReusePrevention', 1, 24],
  ['MaxPasswordAge', 1, 1095],
] as const

const FLAGS = [
  'RequireSymbols',
  'RequireNumbers',
  'RequireUppercaseCharacters',
  'RequireLowercaseCharacters',
  'AllowUsersToChangePassword',
] as const

/** Builds the password policy operations. */
export function passwordPolicyOperations(deps: IamSecurityDeps) {
  const { store } = deps

  const updateAccountPasswordPolicy = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const violations: string[] = []
      const numbers: Partial<Record<(typeof BOUNDS)[number][0], number>> = {}
      for (const [name, min, max] of BOUNDS) {
        const n = r.integer(name)
        if (n === undefined) continue
        const member = name.charAt(0).toLowerCase() + name.slice(1)
        const at = `Value at '${member}' failed to satisfy constraint: Member must have value`
        if (n < min) violations.push(`${at} greater than or equal to ${min}`)
        else if (n > max) violations.push(`${at} less than or equal to ${max}`)
        numbers[name] = n
      }
      const flags = Object.fromEntries(FLAGS.map((f) => [f, r.boolean(f) ?? false]))
      const hardExpiry = r.boolean('HardExpiry')
      r.done()
      if (violations.length > 0) throw securityErrors.outOfRange(violations)
      const policy = {
        MinimumPasswordLength: numbers.MinimumPasswordLength ?? 6,
        ...flags,
        ...(numbers.MaxPasswordAge === undefined ? {} : { MaxPasswordAge: numbers.MaxPasswordAge }),
        ...(numbers.PasswordReusePrevention === undefined
          ? {}
          : { PasswordReusePrevention: numbers.PasswordReusePrevention }),
        ...(hardExpiry === undefined ? {} : { HardExpiry: hardExpiry }),
      } as PasswordPolicyRecord
      return { policy }
    },
    authorization: () => ({ action: 'iam:UpdateAccountPasswordPolicy', resource: '*' }),
    async run(input, call) {
      await store.putPasswordPolicy(call.caller.accountId, input.policy)
      return {}
    },
  })

  const getAccountPasswordPolicy = operation({
    parse: () => ({}),
    authorization: () => ({ action: 'iam:GetAccountPasswordPolicy', resource: '*' }),
    async run(_input, call) {
      const policy = await store.getPasswordPolicy(call.caller.accountId)
      if (policy === undefined) throw securityErrors.noSuchPasswordPolicy(call.caller.accountId)
      return {
        PasswordPolicy: {
          ...policy,
          ExpirePasswords: policy.MaxPasswordAge !== undefined && policy.MaxPasswordAge > 0,
        },
      }
    },
  })

  const deleteAccountPasswordPolicy = operation({
    parse: () => ({}),
    authorization: () => ({ action: 'iam:DeleteAccountPasswordPolicy', resource: '*' }),
    async run(_input, call) {
      if (!(await store.deletePasswordPolicy(call.caller.accountId))) {
        throw securityErrors.noPasswordPolicyToDelete()
      }
      return {}
    },
  })

  return {
    UpdateAccountPasswordPolicy: updateAccountPasswordPolicy,
    GetAccountPasswordPolicy: getAccountPasswordPolicy,
    DeleteAccountPasswordPolicy: deleteAccountPasswordPolicy,
  }
}
