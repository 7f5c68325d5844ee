/** Who is at fault, as AWS reports it in the query protocol's `<Type>` element. */
export const AWS_ERROR_TYPES = ['Sender', 'Receiver'] as const

/** `'Sender'` (the caller's fault, 4xx) or `'Receiver'` (the service's fault, 5xx). */
export type AwsErrorType = (typeof AWS_ERROR_TYPES)[number]

/**
 * An AWS error as data: what every protocol encoder turns into a wire response.
 *
 * `code` is the wire code (`NoSuchEntity`, `InvalidClientTokenId`, `UnrecognizedClientException`),
 * `message` AWS's wording. `fields` carries extra members some error shapes declare (for example
 * Organizations' `ConstraintViolationException.Reason`); encoders write them beside the message.
 */
export interface AwsError {
  readonly code: string
  readonly message: string
  readonly httpStatus: number
  readonly type: AwsErrorType
  readonly fields?: Readonly<Record<string, AwsErrorFieldValue>>
}

/**
 * The value of an extra error member: a scalar, or a list of records such as the `fieldList` of
 * a rest-json ValidationException (`[{"name": "policyType", "message": "..."}]`).
 */
export type AwsErrorFieldValue =
  string | number | boolean | readonly Readonly<Record<string, string>>[]

/** Extra members for {@link AwsError.fields}. */
export type AwsErrorFields = NonNullable<AwsError['fields']>

/**
 * Builds an {@link AwsError}; the type follows the status: 5xx is `Receiver`, anything else `Sender`.
 *
 * @example awsError('NoSuchEntity', 'The role with name x cannot be found.', 404)
 */
export function awsError(
  code: string,
  message: string,
  httpStatus = 400,
  fields?: AwsErrorFields,
): AwsError {
  const type: AwsErrorType = httpStatus >= 500 ? 'Receiver' : 'Sender'
  return fields === undefined
    ? { code, message, httpStatus, type }
    : { code, message, httpStatus, type, fields }
}

/** A caller's error (`Type` `Sender`), 400 unless told otherwise. */
export function senderError(
  code: string,
  message: string,
  httpStatus = 400,
  fields?: AwsErrorFields,
): AwsError {
  const error = awsError(code, message, httpStatus, fields)
  return { ...error, type: 'Sender' }
}

/** A service-side error (`Type` `Receiver`), 500 unless told otherwise. */
export function receiverError(
  code: string,
  message: string,
  httpStatus = 500,
  fields?: AwsErrorFields,
): AwsError {
  const error = awsError(code, message, httpStatus, fields)
  return { ...error, type: 'Receiver' }
}

/** Narrows an unknown value (for example something caught) to an {@link AwsError}. */
export function isAwsError(value: unknown): value is AwsError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.code === 'string' &&
    typeof v.message === 'string' &&
    typeof v.httpStatus === 'number' &&
    (v.type === 'Sender' || v.type === 'Receiver')
  )
}
