/**
 * A user's profile members as CreateUser takes them and UpdateUser changes them: which exist,
 * their JSON types, and the checks AWS applies (strings of 1 to 1024 characters; Emails,
 * Addresses and PhoneNumbers of one item each).
 */
import { identityStoreErrors } from './errors.ts'
import type { UserAttributes } from './identity-store-records.ts'

/** The string members of a user besides UserName and DisplayName. */
export const STRING_ATTRIBUTES = [
  'NickName',
  'ProfileUrl',
  'UserType',
  'Title',
  'PreferredLanguage',
  'Locale',
  'Timezone',
  'Website',
  'Birthdate',
] as const

/** The list members, each with the keys of its items and its item limit. */
export const LIST_ATTRIBUTES = {
  Emails: { keys: ['Value', 'Type', 'Primary'], max: 1 },
  Addresses: {
    keys: [
      'StreetAddress',
      'Locality',
      'Region',
      'PostalCode',
      'Country',
      'Formatted',
      'Type',
      'Primary',
    ],
    max: 1,
  },
  PhoneNumbers: { keys: ['Value', 'Type', 'Primary'], max: 1 },
  Photos: { keys: ['Value', 'Type', 'Display', 'Primary'], max: 3 },
  Roles: { keys: ['Value', 'Type', 'Primary'], max: 3 },
} as const

/** The members of `Name`. */
export const NAME_KEYS = [
  'Formatted',
  'FamilyName',
  'GivenName',
  'MiddleName',
  'HonorificPrefix',
  'HonorificSuffix',
] as const

type ListAttribute = keyof typeof LIST_ATTRIBUTES
type Item = Readonly<Record<string, string | boolean>>

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A string member's value: 1 to 1024 characters, else a ValidationException on `path`. */
export function attributeString(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
    throw identityStoreErrors.invalidAttributeValue(path)
  }
  return value
}

/** `Name` with only its known string members. */
export function nameValue(path: string, value: unknown): Record<string, string> {
  if (!isObject(value)) throw identityStoreErrors.invalidAttributeValue(path)
  const out: Record<string, string> = {}
  for (const key of NAME_KEYS) {
    if (value[key] !== undefined && value[key] !== null) {
      out[key] = attributeString(`${path}.${key}`, value[key])
    }
  }
  return out
}

/** A list member with only the known keys of its items. */
export function listValue(name: ListAttribute, path: string, value: unknown): Item[] {
  const spec = LIST_ATTRIBUTES[name]
  if (!Array.isArray(value) || value.length > spec.max) {
    throw identityStoreErrors.invalidAttributeValue(path)
  }
  return value.map((raw) => {
    if (!isObject(raw)) throw identityStoreErrors.invalidAttributeValue(path)
    const item: Record<string, string | boolean> = {}
    for (const key of spec.keys) {
      const v = raw[key]
      if (v === undefined || v === null) continue
      if (key === 'Primary') {
        if (typeof v !== 'boolean') throw identityStoreErrors.invalidAttributeValue(path)
        item[key] = v
      } else {
        item[key] = attributeString(path, v)
      }
    }
    return item
  })
}

/** The profile members of a CreateUser request. */
export function attributesFromRequest(raw: Readonly<Record<string, unknown>>): UserAttributes {
  const out: Record<string, unknown> = {}
  if (raw.Name !== undefined && raw.Name !== null) out.Name = nameValue('Name', raw.Name)
  for (const key of STRING_ATTRIBUTES) {
    if (raw[key] !== undefined && raw[key] !== null) out[key] = attributeString(key, raw[key])
  }
  for (const key of Object.keys(LIST_ATTRIBUTES) as ListAttribute[]) {
    if (raw[key] !== undefined && raw[key] !== null) out[key] = listValue(key, key, raw[key])
  }
  return out as UserAttributes
}

/** The wire member of an attribute path, case-insensitively (`nickname` → `NickName`). */
export function attributeMember(path: string): string | undefined {
  const all = ['Name', ...STRING_ATTRIBUTES, ...Object.keys(LIST_ATTRIBUTES)]
  return all.find((k) => k.toLowerCase() === path.toLowerCase())
}

/** The `Name` member of a `name.x` path, case-insensitively. */
export function nameMember(key: string): string | undefined {
  return NAME_KEYS.find((k) => k.toLowerCase() === key.toLowerCase())
}

/** Sets (or, for `undefined`, removes) one top-level member, checking its value. */
export function withAttribute(
  attributes: UserAttributes,
  member: string,
  path: string,
  value: unknown,
): UserAttributes {
  const next: Record<string, unknown> = { ...attributes }
  if (value === undefined || value === null) {
    delete next[member]
  } else if (member === 'Name') {
    next.Name = nameValue(path, value)
  } else if (member in LIST_ATTRIBUTES) {
    next[member] = listValue(member as ListAttribute, path, value)
  } else {
    next[member] = attributeString(path, value)
  }
  return next as UserAttributes
}
