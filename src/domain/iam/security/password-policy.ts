/**
 * Checking a password against an account's password policy, or AWS's default policy when the
 * account has none (8 to 128 characters, at least three of upper case, lower case, digits and
 * symbols).
 */
import type { PasswordPolicyRecord } from './iam-security-records.ts'

/** The symbols AWS counts for `RequireSymbols`. */
export const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'"

/** The longest password IAM accepts. */
export const MAX_PASSWORD_LENGTH = 128

const has = {
  upper: (p: string) => /[A-Z]/.test(p),
  lower: (p: string) => /[a-z]/.test(p),
  digit: (p: string) => /\d/.test(p),
  symbol: (p: string) => [...p].some((c) => PASSWORD_SYMBOLS.includes(c)),
}

/** True when `password` satisfies `policy` (undefined: AWS's default policy). */
export function conformsToPolicy(password: string, policy: PasswordPolicyRecord | undefined) {
  if (password.length > MAX_PASSWORD_LENGTH) return false
  if (policy === undefined) {
    const classes = [has.upper, has.lower, has.digit, has.symbol].filter((f) => f(password))
    return password.length >= 8 && classes.length >= 3
  }
  return (
    password.length >= policy.MinimumPasswordLength &&
    (!policy.RequireUppercaseCharacters || has.upper(password)) &&
    (!policy.RequireLowercaseCharacters || has.lower(password)) &&
    (!policy.RequireNumbers || has.digit(password)) &&
    (!policy.RequireSymbols || has.symbol(password))
  )
}
