/** The value of an extra error member: text, or a list of records (a `fieldList`). */
export type DomainErrorField = string | readonly Readonly<Record<string, string>>[]

/**
 * An error a service returns to its caller, as data: AWS's error code, message and HTTP status.
 * The HTTP edge turns it into the wire shape of the service's protocol; each service keeps its
 * codes and message templates in one `errors.ts` registry.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  /** AWS's error code, e.g. `NoSuchEntity`. */
  readonly code: string
  readonly httpStatus: number
  /** True for the caller's fault (`Sender`), false for the service's (`Receiver`). */
  readonly senderFault: boolean
  /**
   * Extra members some services put on errors (Organizations' `Reason`, sso-oidc's `error`,
   * Access Analyzer's `fieldList` of `{name, message}` records).
   */
  readonly fields: Readonly<Record<string, DomainErrorField>> | undefined

  constructor(
    code: string,
    message: string,
    httpStatus = 400,
    options: {
      senderFault?: boolean
      fields?: Readonly<Record<string, DomainErrorField>>
      cause?: unknown
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.httpStatus = httpStatus
    this.senderFault = options.senderFault ?? httpStatus < 500
    this.fields = options.fields
  }
}

/** True for a {@link DomainError}. */
export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError

/** Errors every service shares, with AWS's wording. */
export const commonErrors = {
  /** AWS's wording for a request parameter that fails its constraints. */
  validation: (message: string) => new DomainError('ValidationError', message, 400),
  accessDenied: (message: string) => new DomainError('AccessDenied', message, 403),
  /** The service is up but a dependency failed; never used for bad input. */
  internal: (cause?: unknown) =>
    new DomainError(
      'InternalFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
      { cause },
    ),
}
