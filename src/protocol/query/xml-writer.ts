/**
 * A value to write as AWS query-protocol XML. Objects become child elements in key order, arrays
 * `<member>` elements, `Map`s `<entry><key/><value/></entry>` elements, dates ISO 8601 UTC to the
 * second (`2024-05-01T12:00:00Z`); `null` and `undefined` members are left out.
 */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | readonly XmlValue[]
  | ReadonlyMap<string, XmlValue>
  | { readonly [key: string]: XmlValue }

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates halves and U+FFFE/F.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/**
 * Escapes text for XML content or attribute values: `& < > " '` as entities, CR as `&#xD;` (so a
 * parser's line-end normalisation keeps it); characters XML 1.0 cannot carry become U+FFFD.
 */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/[&<>"'\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;'
      case '<':
        return '&lt;'
      case '>':
        return '&gt;'
      case '"':
        return '&quot;'
      case "'":
        return '&apos;'
      default:
        return '&#xD;'
    }
  })
}

/** Formats a date as AWS query responses do: `2024-05-01T12:00:00Z`. */
export function formatXmlDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function scalarText(value: string | number | boolean | Date): string {
  if (value instanceof Date) return formatXmlDate(value)
  return String(value)
}

function isContainer(
  value: XmlValue,
): value is
  readonly XmlValue[] | ReadonlyMap<string, XmlValue> | { readonly [key: string]: XmlValue } {
  return typeof value === 'object' && value !== null && !(value instanceof Date)
}

/**
 * Writes `<name>value</name>` pretty-printed with two-space indentation, as IAM and STS answer.
 * Nothing is written for `null`/`undefined`; an empty container is `<name/>`.
 */
export function writeXmlElement(name: string, value: XmlValue, indent = ''): string {
  if (value === null || value === undefined) return ''
  if (!isContainer(value)) return `${indent}<${name}>${escapeXml(scalarText(value))}</${name}>\n`
  const inner = indent + '  '
  let body = ''
  if (Array.isArray(value)) {
    for (const item of value as readonly XmlValue[]) body += writeXmlElement('member', item, inner)
  } else if (value instanceof Map) {
    for (const [key, item] of value as ReadonlyMap<string, XmlValue>) {
      const entry =
        writeXmlElement('key', key, inner + '  ') + writeXmlElement('value', item, inner + '  ')
      body += `${inner}<entry>\n${entry}${inner}</entry>\n`
    }
  } else {
    for (const [key, item] of Object.entries(value)) body += writeXmlElement(key, item, inner)
  }
  return body === '' ? `${indent}<${name}/>\n` : `${indent}<${name}>\n${body}${indent}</${name}>\n`
}
