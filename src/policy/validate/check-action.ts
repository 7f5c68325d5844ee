import type { ProblemDetail } from './messages.ts'

const VENDOR = /^[A-Za-z0-9-]+$/
const ACTION_NAME = /^[A-Za-z0-9_*?-]+$/

/**
 * Checks one Action/NotAction value: `"*"` or `service:ActionName`, where the action name may
 * hold the wildcards `*` and `?` and the service prefix may not. Returns the problem, if any.
 * @example checkAction('s3:Get*') // undefined
 * @example checkAction('s3GetObject') // { code: 'invalid_action', value: 's3GetObject' }
 */
export function checkAction(value: string): ProblemDetail | undefined {
  if (value === '*') return undefined
  const colon = value.indexOf(':')
  if (colon <= 0 || colon === value.length - 1) return { code: 'invalid_action', value }
  if (!VENDOR.test(value.slice(0, colon))) return { code: 'invalid_action_vendor', value }
  if (!ACTION_NAME.test(value.slice(colon + 1))) return { code: 'invalid_action_name', value }
  return undefined
}

/** True when a trust policy may name this action: `"*"` or an `sts:` action (any case). */
export function isStsAction(value: string): boolean {
  return value === '*' || value.slice(0, 4).toLowerCase() === 'sts:'
}

/**
 * Checks one Resource/NotResource value: `"*"` or an ARN (`arn:partition:service:region:account:
 * resource`, at least six colon-separated parts, wildcards and variables allowed).
 */
export function isValidResource(value: string): boolean {
  if (value === '*') return true
  if (!value.startsWith('arn:')) return false
  let colons = 0
  for (let i = 0; i < value.length && colons < 5; i++) if (value.charCodeAt(i) === 0x3a) colons++
  return colons >= 5
}
