/**
 * S3's REST-XML bodies: answers written as XML (lists flattened, as S3 writes them: a member that
 * is an array repeats its element), errors as S3's `<Error>` document, and request bodies read
 * with fast-xml-parser.
 */
import { XMLParser } from 'fast-xml-parser'
import type { AwsError } from '../aws-error.ts'
import type { EncodedResponse } from '../encoded-response.ts'
import { escapeXml } from '../query/xml-writer.ts'

/** The namespace of S3's answers. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/'

/**
 * A value to write as S3 XML: objects become child elements in key order, an array repeats its
 * member's element, dates are ISO 8601 with milliseconds; `undefined` members are left out.
 */
export type S3XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | readonly S3XmlValue[]
  | { readonly [key: string]: S3XmlValue }

function write(name: string, value: S3XmlValue, out: string[]): void {
  if (value === undefined) return
  if (Array.isArray(value)) {
    for (const v of value as readonly S3XmlValue[]) write(name, v, out)
    return
  }
  if (value instanceof Date) {
    out.push(`<${name}>${value.toISOString()}</${name}>`)
    return
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`)
    for (const [k, v] of Object.entries(value)) write(k, v, out)
    out.push(`</${name}>`)
    return
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`)
}

/**
 * An XML document with root `root` in S3's namespace.
 * @example s3Xml('LocationConstraint', {}) // for GetBucketLocation, with text set by the caller
 */
export function s3Xml(root: string, body: { readonly [key: string]: S3XmlValue }): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">`,
  ]
  for (const [k, v] of Object.entries(body)) write(k, v, out)
  out.push(`</${root}>`)
  return out.join('')
}

/** An element holding only text, with S3's namespace (`<LocationConstraint>`). */
export function s3XmlText(root: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${escapeXml(text)}</${root}>`
}

/**
 * S3's error document: `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`, with the
 * error's extra fields (`BucketName`, `Key`, …) between message and request id.
 */
export function encodeS3Error(
  error: AwsError,
  requestId: string,
  hostId: string,
  head = false,
): EncodedResponse {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<Error>']
  write('Code', error.code, out)
  write('Message', error.message, out)
  for (const [k, v] of Object.entries(error.fields ?? {}))
    if (typeof v !== 'object') write(k, v, out)
  write('RequestId', requestId, out)
  write('HostId', hostId, out)
  out.push('</Error>')
  return {
    status: error.httpStatus,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId,
    },
    body: head ? '' : out.join(''),
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ['Object', 'Part', 'Tag'].includes(name),
})

/** A request body's XML as objects (`undefined` when it is not well-formed XML). */
export function parseS3Xml(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return undefined
  try {
    const parsed: unknown = parser.parse(body, true)
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
