import { Buffer } from 'node:buffer'
import { senderError, type AwsError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { toJsonValue } from '../json/index.ts'

/** Content type of rest-json responses. */
export const REST_JSON_CONTENT_TYPE = 'application/json'

/** The outcome of {@link parseRestJsonBody}. */
export type RestJsonBodyResult =
  | { readonly ok: true; readonly input: { readonly [key: string]: unknown } }
  | { readonly ok: false; readonly error: AwsError }

/**
 * Parses a rest-json request body: a JSON object, or `{}` when empty. Anything else is a 400
 * `SerializationException`. Path, query and header members are the server's to read.
 */
export function parseRestJsonBody(body: string | Uint8Array): RestJsonBodyResult {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  if (text.trim() === '') return { ok: true, input: {} }
  try {
    const input: unknown = JSON.parse(text)
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      return { ok: true, input: input as { readonly [key: string]: unknown } }
    }
  } catch {
    // fall through to the error below
  }
  return {
    ok: false,
    error: senderError('SerializationException', 'request body must be a JSON object'),
  }
}

/**
 * Encodes a rest-json success: `status` (200 unless told), the payload as JSON (dates as epoch
 * seconds, `undefined` dropped), and any response headers the operation binds.
 *
 * @example encodeRestJsonResponse({ roleCredentials }, requestId)
 */
export function encodeRestJsonResponse(
  payload: object | undefined,
  requestId: string,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): EncodedResponse {
  return {
    status,
    headers: {
      'content-type': REST_JSON_CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      ...lowerCaseKeys(headers),
    },
    body: JSON.stringify(toJsonValue(payload ?? {})),
  }
}

/**
 * Encodes a rest-json error: the error's status, `x-amzn-ErrorType: Code` (which the SDK reads
 * first), and `{"message": "...", ...fields}`. An empty message is left out, for shapes without one
 * such as sso-oidc's `{"error": "authorization_pending", "error_description": "..."}`.
 */
export function encodeRestJsonError(error: AwsError, requestId: string): EncodedResponse {
  const body: Record<string, unknown> = {}
  if (error.message !== '') body.message = error.message
  Object.assign(body, error.fields)
  return {
    status: error.httpStatus,
    headers: {
      'content-type': REST_JSON_CONTENT_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify(body),
  }
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value
  return out
}
