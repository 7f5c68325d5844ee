import type { AwsError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { escapeXml, writeXmlElement, type XmlValue } from './xml-writer.ts'

/** The XML namespaces of the query-protocol services served here. */
export const QUERY_NAMESPACES = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const

/** Content type of every query-protocol response. */
export const QUERY_CONTENT_TYPE = 'text/xml'

/** What {@link encodeQueryResponse} needs. */
export interface QueryResponseInput {
  /** The operation, for example `GetCallerIdentity`: names the `...Response` and `...Result`. */
  readonly action: string
  /** The service namespace, for example {@link QUERY_NAMESPACES}.sts. */
  readonly namespace: string
  readonly requestId: string
  /** The result members; `undefined` for operations without output (no `<...Result>` element). */
  readonly result?: { readonly [key: string]: XmlValue } | undefined
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': QUERY_CONTENT_TYPE, 'x-amzn-requestid': requestId }
}

/**
 * Encodes a successful query-protocol answer as IAM and STS do:
 * `<XResponse xmlns="..."><XResult>...</XResult><ResponseMetadata><RequestId>...`.
 *
 * @example
 * encodeQueryResponse({ action: 'GetCallerIdentity', namespace: QUERY_NAMESPACES.sts,
 *   requestId, result: { UserId, Account, Arn } })
 */
export function encodeQueryResponse(input: QueryResponseInput): EncodedResponse {
  const { action, namespace, requestId, result } = input
  const body =
    `<${action}Response xmlns="${escapeXml(namespace)}">\n` +
    (result === undefined ? '' : writeXmlElement(`${action}Result`, result, '  ')) +
    writeXmlElement('ResponseMetadata', { RequestId: requestId }, '  ') +
    `</${action}Response>\n`
  return { status: 200, headers: headers(requestId), body }
}

/**
 * Encodes an error in the query protocol's shape, with the error's HTTP status:
 * `<ErrorResponse xmlns="..."><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * Extra {@link AwsError.fields} are written inside `<Error>` after the message.
 */
export function encodeQueryError(
  error: AwsError,
  requestId: string,
  namespace: string,
): EncodedResponse {
  const errorBody: Record<string, XmlValue> = {
    Type: error.type,
    Code: error.code,
    Message: error.message,
    ...error.fields,
  }
  const body =
    `<ErrorResponse xmlns="${escapeXml(namespace)}">\n` +
    writeXmlElement('Error', errorBody, '  ') +
    writeXmlElement('RequestId', requestId, '  ') +
    `</ErrorResponse>\n`
  return { status: error.httpStatus, headers: headers(requestId), body }
}
