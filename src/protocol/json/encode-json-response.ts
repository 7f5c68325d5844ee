import type { AwsError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'

/** Content type of JSON 1.1 requests and responses. */
export const JSON_1_1_CONTENT_TYPE = 'application/x-amz-json-1.1'

/**
 * Converts an output value to what AWS JSON protocols carry: `Date` becomes epoch seconds (a
 * number, fractional for milliseconds), `Map` a plain object; `undefined` members are dropped.
 */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000
  if (value instanceof Map) return toJsonValue(Object.fromEntries(value))
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonValue(item)
    }
    return out
  }
  return value
}

/**
 * Encodes a JSON 1.1 success: 200, the output as JSON (`{}` when there is none).
 *
 * @example encodeJsonResponse({ Organization: org }, requestId)
 */
export function encodeJsonResponse(
  output: object | undefined,
  requestId: string,
  contentType: string = JSON_1_1_CONTENT_TYPE,
): EncodedResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(toJsonValue(output ?? {})),
  }
}

/** Options of {@link encodeJsonError}. */
export interface JsonErrorOptions {
  /**
   * The message member's name. `message` (the default) is what AWS's common errors carry; services
   * whose error shapes declare `Message` (Organizations) may use that. SDK v3 and botocore read
   * either into the exception's message.
   */
  readonly messageKey?: 'message' | 'Message'
  readonly contentType?: string
}

/**
 * Encodes an error as JSON 1.0/1.1 services do: the error's status, `x-amzn-ErrorType: Code`, and
 * `{"__type": "Code", "message": "...", ...fields}`. The SDK reads the code from the header, else
 * `__type`; an empty message is left out, as Coral does for `UnknownOperationException`.
 */
export function encodeJsonError(
  error: AwsError,
  requestId: string,
  options: JsonErrorOptions = {},
): EncodedResponse {
  const body: Record<string, unknown> = { __type: error.code }
  if (error.message !== '') body[options.messageKey ?? 'message'] = error.message
  Object.assign(body, error.fields)
  return {
    status: error.httpStatus,
    headers: {
      'content-type': options.contentType ?? JSON_1_1_CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify(body),
  }
}
