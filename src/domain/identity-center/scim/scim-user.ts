/**
 * SCIM User resources (RFC 7643 §4.1) and the identity store's users, both ways, within IAM
 * Identity Center's limits: userName (at most 128 characters), displayName, name.givenName and
 * name.familyName are required; emails, addresses and phoneNumbers hold at most one value; a
 * password is refused. Sub-attributes map by name (`givenName` ⇄ `GivenName`).
 */
import type { UserAttributes, UserRecord } from '../identity-store/index.ts'
import { scimErrors } from './scim-error.ts'

/** The core User schema. */
export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
/** The enterprise User extension (accepted, not kept). */
export const SCIM_ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Single-valued string attributes: SCIM name and identity-store member. */
const SIMPLE = [
  ['nickName', 'NickName'],
  ['profileUrl', 'ProfileUrl'],
  ['title', 'Title'],
  ['userType', 'UserType'],
  ['preferredLanguage', 'PreferredLanguage'],
  ['locale', 'Locale'],
  ['timezone', 'Timezone'],
] as const
/** Multi-valued attributes (one value at most here). */
const MULTI = [
  ['emails', 'Emails'],
  ['addresses', 'Addresses'],
  ['phoneNumbers', 'PhoneNumbers'],
] as const
const NAME_PARTS = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
]

const upper = (k: string) => k.charAt(0).toUpperCase() + k.slice(1)
const lower = (k: string) => k.charAt(0).toLowerCase() + k.slice(1)

/** What a SCIM User body says, ready for the identity store. */
export interface ScimUserInput {
  readonly userName: string
  readonly displayName: string
  readonly attributes: UserAttributes
  readonly active: boolean
  readonly externalId: string | undefined
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function text(v: unknown, attribute: string, max = 1024): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw scimErrors.invalidValue(`${attribute} must be a string.`)
  if (v.length > max)
    throw scimErrors.invalidValue(`${attribute} must be at most ${max} characters.`)
  return v
}

/** SCIM booleans, also as Entra ID sends them in PATCH (`"False"`). */
export function scimBoolean(v: unknown, attribute: string): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true'
  throw scimErrors.invalidValue(`${attribute} must be a boolean.`)
}

function multiValue(v: unknown, attribute: string) {
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v)) throw scimErrors.invalidValue(`${attribute} must be an array.`)
  if (v.length === 0) return undefined
  if (v.length > 1)
    throw scimErrors.invalidValue(`${attribute}: multiple values are not supported.`)
  const only: unknown = v[0]
  if (!isObject(only)) throw scimErrors.invalidValue(`${attribute} values must be objects.`)
  const out: Record<string, string | boolean> = {}
  for (const [k, value] of Object.entries(only)) {
    if (k === 'primary') out.Primary = scimBoolean(value, `${attribute}.primary`)
    else if (typeof value === 'string') out[upper(k)] = value
    else if (value !== null && value !== undefined)
      throw scimErrors.invalidValue(`${attribute}.${k} must be a string.`)
  }
  return [out]
}

/**
 * Reads a SCIM User body (POST, PUT, or a PATCHed resource).
 * @example fromScimUser({ userName: 'a', displayName: 'A', name: { givenName: 'A', familyName: 'B' } })
 */
export function fromScimUser(body: unknown): ScimUserInput {
  if (!isObject(body)) throw scimErrors.invalidSyntax('The request body must be a JSON object.')
  if (body.password !== undefined) throw scimErrors.invalidValue('password is not supported.')
  const userName = text(body.userName, 'userName', 128)
  if (userName === undefined || userName.trim() === '') throw scimErrors.required('userName')
  const displayName = text(body.displayName, 'displayName')
  if (displayName === undefined || displayName === '') throw scimErrors.required('displayName')
  const name: Record<string, string> = {}
  if (body.name !== undefined && body.name !== null) {
    if (!isObject(body.name)) throw scimErrors.invalidValue('name must be an object.')
    for (const part of NAME_PARTS) {
      const v = text(body.name[part], `name.${part}`)
      if (v !== undefined) name[upper(part)] = v
    }
  }
  if (name.GivenName === undefined) throw scimErrors.required('name.givenName')
  if (name.FamilyName === undefined) throw scimErrors.required('name.familyName')
  const attributes: Record<string, unknown> = { Name: name }
  for (const [scim, member] of SIMPLE) {
    const v = text(body[scim], scim)
    if (v !== undefined) attributes[member] = v
  }
  for (const [scim, member] of MULTI) {
    const v = multiValue(body[scim], scim)
    if (v !== undefined) attributes[member] = v
  }
  return {
    userName,
    displayName,
    attributes: attributes as UserAttributes,
    active: body.active === undefined || body.active === null || scimBoolean(body.active, 'active'),
    externalId: text(body.externalId, 'externalId'),
  }
}

/** A user as a SCIM User resource. */
export function toScimUser(u: UserRecord, baseUrl: string): Record<string, unknown> {
  const a = u.attributes
  const name: Record<string, string> = {}
  for (const [k, v] of Object.entries(a.Name ?? {})) name[lower(k)] = v
  const out: Record<string, unknown> = {
    schemas: [SCIM_USER_SCHEMA],
    id: u.userId,
    ...(u.externalId === undefined ? {} : { externalId: u.externalId }),
    meta: {
      resourceType: 'User',
      created: new Date(u.createdAt).toISOString(),
      lastModified: new Date(u.updatedAt).toISOString(),
      location: `${baseUrl}/Users/${u.userId}`,
    },
    userName: u.userName,
    name,
    displayName: u.displayName,
  }
  for (const [scim, member] of SIMPLE) if (a[member] !== undefined) out[scim] = a[member]
  out.active = u.active !== false
  for (const [scim, member] of MULTI) {
    const values = a[member]
    if (values === undefined) continue
    out[scim] = values.map((v) =>
      Object.fromEntries(Object.entries(v).map(([k, value]) => [lower(k), value])),
    )
  }
  return out
}
