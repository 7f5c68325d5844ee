/**
 * Policy documents as IAM and Organizations hand them back: JSON text, URL-encoded JSON text (IAM's
 * wire form), or data. Compared by meaning: key order and white space do not matter.
 */

/** Reads a returned policy document into data; undefined when it cannot be read. */
export function decodeDocument(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined
  for (const text of [value, safeDecode(value)]) {
    if (text === undefined) continue
    try {
      return JSON.parse(text) as unknown
    } catch {
      // try the next form
    }
  }
  return undefined
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort())
      out[key] = canonical((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

/** True when two documents (text or data) say the same thing. */
export function sameDocument(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(canonical(decodeDocument(a))) === JSON.stringify(canonical(decodeDocument(b)))
  )
}

/** A document as the JSON text an API call sends: text verbatim, data compact. */
export function documentText(document: unknown): string {
  return typeof document === 'string' ? document : JSON.stringify(document)
}
