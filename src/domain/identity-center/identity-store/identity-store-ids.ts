/**
 * Identifiers and ARNs of the identity store. User, group and membership ids take AWS's form
 * `<10 hex of the store>-<UUID>` (AWS's ResourceId pattern admits it, as ids such as
 * `9067a1b2c3-…` show); identity store ids are `d-<10 hex>`.
 */
import { randomUUID } from 'node:crypto'

/** AWS's patterns, with their text as AWS prints them in validation messages. */
export const ID_PATTERNS = {
  identityStoreId: [
    /^(?:d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    'd-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  ],
  resourceId: [
    /^(?:[0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/,
    '([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}',
  ],
  userName: [/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'],
  displayName: [
    /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00A0\u3000]+$/u,
    '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r \u00A0\u3000]+',
  ],
} as const satisfies Record<string, readonly [RegExp, string]>

/** A new user, group or membership id in the store `identityStoreId`. */
export function newResourceId(identityStoreId: string): string {
  const hex = /^d-([0-9a-f]{10})$/.exec(identityStoreId)?.[1]
  return hex === undefined ? randomUUID() : `${hex}-${randomUUID()}`
}

/** `arn:aws:identitystore::ACCOUNT:identitystore/d-…` */
export const identityStoreArn = (accountId: string, identityStoreId: string): string =>
  `arn:aws:identitystore::${accountId}:identitystore/${identityStoreId}`
/** `arn:aws:identitystore:::user/ID` */
export const userArn = (userId: string): string => `arn:aws:identitystore:::user/${userId}`
/** `arn:aws:identitystore:::group/ID` */
export const groupArn = (groupId: string): string => `arn:aws:identitystore:::group/${groupId}`
/** `arn:aws:identitystore:::membership/ID` */
export const membershipArn = (membershipId: string): string =>
  `arn:aws:identitystore:::membership/${membershipId}`

/** Names AWS reserves, refused for users and groups. */
export const RESERVED_NAMES = ['administrator', 'awsadministrators'] as const
/** True for a name AWS reserves (case-insensitively). */
export const isReservedName = (name: string): boolean =>
  (RESERVED_NAMES as readonly string[]).includes(name.toLowerCase())
