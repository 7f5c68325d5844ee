const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/**
 * Parses an ISO 8601 basic-format UTC time (`20150830T123600Z`), the form of `X-Amz-Date`;
 * `undefined` when it is not one.
 */
export function parseAmzDate(value: string): Date | undefined {
  const m = ISO_BASIC.exec(value)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number)
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  // Reject rollovers such as month 13 or 25:00.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h) {
    return undefined
  }
  if (date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return undefined
  return date
}

/** Formats a time as ISO 8601 basic format, whole seconds: `20150830T123600Z`. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/**
 * Parses an HTTP `Date` header (IMF-fixdate, `Sun, 30 Aug 2015 12:36:00 GMT`, or another form
 * `Date.parse` takes when it names GMT/UTC); `undefined` otherwise.
 */
export function parseHttpDate(value: string): Date | undefined {
  if (!/\b(GMT|UTC)\b|Z$/.test(value.trim())) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}
