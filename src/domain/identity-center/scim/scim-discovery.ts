/**
 * The SCIM discovery resources (RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas,
 * saying what IAM Identity Center's SCIM implementation supports: PATCH yes; bulk, sort, ETags
 * and password change no; filters up to 100 results; OAuth bearer tokens.
 */
import { SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from './scim-user.ts'

/** The core Group schema. */
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
/** The schema of list responses. */
export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
/** The most resources one list response holds (AWS's limit). */
export const SCIM_MAX_RESULTS = 100

/** `GET /ServiceProviderConfig`. */
export function serviceProviderConfig(): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri:
      'https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 1, maxPayloadSize: 1048576 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
  }
}

const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'

/** The User and Group resource types. */
export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCIM_USER_SCHEMA,
      schemaExtensions: [{ schema: SCIM_ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: SCIM_GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ]
}

const attr = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
})

const multi = (name: string, subs: string[]) =>
  attr(name, 'complex', {
    multiValued: true,
    subAttributes: [...subs.map((s) => attr(s, 'string')), attr('primary', 'boolean')],
  })

/** The User and Group schemas, with the attributes kept here. */
export function schemas(baseUrl: string): Record<string, unknown>[] {
  const schema = (id: string, name: string, attributes: unknown[]) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  })
  return [
    schema(SCIM_USER_SCHEMA, 'User', [
      attr('userName', 'string', { required: true, uniqueness: 'server' }),
      attr('name', 'complex', {
        required: true,
        subAttributes: [
          'formatted',
          'familyName',
          'givenName',
          'middleName',
          'honorificPrefix',
          'honorificSuffix',
        ].map((s) =>
          attr(s, 'string', s === 'familyName' || s === 'givenName' ? { required: true } : {}),
        ),
      }),
      attr('displayName', 'string', { required: true }),
      ...[
        'nickName',
        'profileUrl',
        'title',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
      ].map((n) => attr(n, n === 'profileUrl' ? 'reference' : 'string')),
      attr('active', 'boolean'),
      multi('emails', ['value', 'type']),
      multi('addresses', [
        'formatted',
        'streetAddress',
        'locality',
        'region',
        'postalCode',
        'country',
        'type',
      ]),
      multi('phoneNumbers', ['value', 'type']),
    ]),
    schema(SCIM_GROUP_SCHEMA, 'Group', [
      attr('displayName', 'string', { required: true, uniqueness: 'server' }),
      attr('members', 'complex', {
        multiValued: true,
        subAttributes: [attr('value', 'string', { mutability: 'immutable' })],
      }),
    ]),
  ]
}
