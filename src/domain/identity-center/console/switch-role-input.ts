/**
 * The Switch Role form, validated: the account (12-digit id or alias), the role name (with its
 * path, if any), the display name shown in the header and the colour. AWS's console defaults the
 * display name to `ROLE @ ACCOUNT`.
 */
import { consoleErrors } from './console-errors.ts'
import { ROLE_COLORS, type RoleColor } from './console-session-record.ts'

/** A validated Switch Role request. */
export interface SwitchRoleInput {
  /** A 12-digit account id, or an account alias to resolve. */
  readonly account: string
  /** The role's name, possibly behind its path (`path/to/Name`). */
  readonly roleName: string
  readonly displayName: string
  readonly color: RoleColor
}

const ACCOUNT_ID = /^\d{12}$/
const ACCOUNT_ALIAS = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/
const ROLE_NAME = /^(?:[\x21-\x7e]{1,511}\/)?[\w+=,.@-]{1,64}$/
const MAX_DISPLAY_NAME = 64

/** True for a 12-digit account id. */
export const isAccountId = (account: string): boolean => ACCOUNT_ID.test(account)

/** Reads the Switch Role form; throws a `BadRequest` naming the first bad field. */
export function readSwitchRoleInput(input: Readonly<Record<string, unknown>>): SwitchRoleInput {
  const text = (key: string) => (typeof input[key] === 'string' ? input[key].trim() : '')
  const account = text('account').replace(/^(\d{4})-(\d{4})-(\d{4})$/, '$1$2$3')
  if (!ACCOUNT_ID.test(account) && !ACCOUNT_ALIAS.test(account)) {
    throw consoleErrors.badRequest('Account must be a 12-digit account ID or an account alias')
  }
  const roleName = text('roleName').replace(/^\/+/, '')
  if (!ROLE_NAME.test(roleName)) {
    throw consoleErrors.badRequest(
      'Role name must be 1-64 characters of letters, digits and +=,.@_- (after an optional path)',
    )
  }
  const displayName = text('displayName') || `${roleName.split('/').pop()} @ ${account}`
  if (displayName.length > MAX_DISPLAY_NAME) {
    throw consoleErrors.badRequest(`Display name must be at most ${MAX_DISPLAY_NAME} characters`)
  }
  const color = text('color') || 'blue'
  if (!(ROLE_COLORS as readonly string[]).includes(color)) {
    throw consoleErrors.badRequest(`Color must be one of ${ROLE_COLORS.join(', ')}`)
  }
  return { account, roleName, displayName, color: color as RoleColor }
}

/** The ARN Switch Role assumes: `arn:aws:iam::ACCOUNT:role/PATH/NAME`. */
export const switchRoleArn = (accountId: string, roleName: string): string =>
  `arn:aws:iam::${accountId}:role/${roleName}`
