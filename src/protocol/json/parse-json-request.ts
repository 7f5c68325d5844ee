import { Buffer } from 'node:buffer'
import { senderError, type AwsError } from '../aws-error.ts'

/** An `X-Amz-Target` split at its last dot: `AWSOrganizationsV20161128` and `ListAccounts`. */
export interface JsonTarget {
  readonly prefix: string
  readonly operation: string
}

/**
 * Splits `X-Amz-Target` (`Prefix.Operation`) at the last dot, so prefixes that contain dots
 * (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`) stay whole; `undefined` if malformed.
 */
export function parseJsonTarget(target: string | undefined): JsonTarget | undefined {
  if (target === undefined) return undefined
  const dot = target.lastIndexOf('.')
  if (dot <= 0 || dot === target.length - 1) return undefined
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) }
}

/** A JSON object as parsed: the operation's input, not yet validated. */
export type JsonObject = { readonly [key: string]: unknown }

/** The outcome of {@link parseJsonRequest}. */
export type JsonRequestResult =
  | (JsonTarget & { readonly ok: true; readonly input: JsonObject })
  | { readonly ok: false; readonly error: AwsError }

/**
 * Parses a JSON 1.0/1.1 request: routes by `X-Amz-Target` and parses the body, which must be a JSON
 * object (an empty body is `{}`). A missing or malformed target is `UnknownOperationException`, a
 * body that is not a JSON object `SerializationException`, both 400 as Coral services answer.
 *
 * @example parseJsonRequest(headerValue(headers, 'x-amz-target'), body)
 */
export function parseJsonRequest(
  target: string | undefined,
  body: string | Uint8Array,
): JsonRequestResult {
  const parsedTarget = parseJsonTarget(target)
  if (parsedTarget === undefined) {
    return { ok: false, error: senderError('UnknownOperationException', '') }
  }
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  if (text.trim() === '') return { ok: true, ...parsedTarget, input: {} }
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch {
    return {
      ok: false,
      error: senderError('SerializationException', 'request body is not valid JSON'),
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      error: senderError('SerializationException', 'request body must be a JSON object'),
    }
  }
  return { ok: true, ...parsedTarget, input: input as JsonObject }
}
