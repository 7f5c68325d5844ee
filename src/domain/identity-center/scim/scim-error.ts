/**
 * SCIM errors (RFC 7644 §3.12) as IAM Identity Center answers them: HTTP status, an optional
 * `scimType` and a `detail`, in the `urn:ietf:params:scim:api:messages:2.0:Error` shape.
 */

/** The schema of every SCIM error body. */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** The `scimType`s this implementation answers. */
export const SCIM_TYPES = [
  'invalidFilter',
  'invalidValue',
  'invalidPath',
  'invalidSyntax',
  'uniqueness',
  'mutability',
  'noTarget',
] as const
/** One of {@link SCIM_TYPES}. */
export type ScimType = (typeof SCIM_TYPES)[number]

/** A SCIM request refused, as data. */
export class ScimError extends Error {
  override readonly name = 'ScimError'
  readonly status: number
  readonly scimType: ScimType | undefined

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail)
    this.status = status
    this.scimType = scimType
  }

  /** The wire body. */
  body(): Record<string, unknown> {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType === undefined ? {} : { scimType: this.scimType }),
      detail: this.message,
    }
  }
}

/** The errors, by what went wrong (user input quoted). */
export const scimErrors = {
  unauthorized: () => new ScimError(401, 'Authorization header is invalid or missing.'),
  notFound: (kind: 'User' | 'Group', id: string) =>
    new ScimError(404, `${kind} with id '${id}' not found.`),
  noRoute: () => new ScimError(404, 'Resource not found.'),
  methodNotAllowed: () => new ScimError(405, 'Method not allowed.'),
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  invalidFilter: (filter: string) =>
    new ScimError(400, `Unsupported filter '${filter}'.`, 'invalidFilter'),
  invalidPath: (path: string) => new ScimError(400, `Invalid path '${path}'.`, 'invalidPath'),
  duplicateUserName: () => new ScimError(409, 'Duplicate userName', 'uniqueness'),
  duplicateGroupName: () => new ScimError(409, 'Duplicate GroupDisplayName', 'uniqueness'),
  required: (attribute: string) =>
    new ScimError(400, `${attribute}: The attribute ${attribute} is required`, 'invalidValue'),
}
