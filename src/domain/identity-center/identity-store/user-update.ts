/**
 * UpdateUser's `Operations`: each sets (or, without a value, removes) one attribute by its path,
 * case-insensitively: `userName`, `displayName`, `name`, `name.givenName`, `nickName`, `emails`…
 * UserName and DisplayName cannot be removed.
 */
import { identityStoreErrors } from './errors.ts'
import { ID_PATTERNS, isReservedName } from './identity-store-ids.ts'
import type { AttributeOperation } from './identity-store-input.ts'
import type { UserAttributes, UserRecord } from './identity-store-records.ts'
import { attributeMember, attributeString, nameMember, withAttribute } from './user-attributes.ts'

/** What UpdateUser changes. */
export interface UserChanges {
  readonly userName: string
  readonly displayName: string
  readonly attributes: UserAttributes
}

/** Applies `operations` in order to `user`, checking each value. */
export function applyUserOperations(
  user: UserRecord,
  operations: readonly AttributeOperation[],
): UserChanges {
  let { userName, displayName, attributes } = user
  for (const { path, value } of operations) {
    const lower = path.toLowerCase()
    if (lower === 'username') {
      userName = checked(path, value, ID_PATTERNS.userName[0], 128)
      if (isReservedName(userName)) throw identityStoreErrors.reservedName(userName)
    } else if (lower === 'displayname') {
      displayName = checked(path, value, ID_PATTERNS.displayName[0], 1024)
    } else if (lower.startsWith('name.')) {
      const key = nameMember(path.slice('name.'.length))
      if (key === undefined) throw identityStoreErrors.invalidAttributePath(path)
      const name: Record<string, string> = { ...attributes.Name }
      if (value === undefined || value === null) delete name[key]
      else name[key] = attributeString(path, value)
      attributes = { ...attributes, Name: name }
    } else {
      const member = attributeMember(path)
      if (member === undefined) throw identityStoreErrors.invalidAttributePath(path)
      attributes = withAttribute(attributes, member, path, value)
    }
  }
  return { userName, displayName, attributes }
}

/** A required string attribute's new value. */
function checked(path: string, value: unknown, pattern: RegExp, max: number): string {
  if (typeof value !== 'string' || value.length > max || !pattern.test(value)) {
    throw identityStoreErrors.invalidAttributeValue(path)
  }
  return value
}
