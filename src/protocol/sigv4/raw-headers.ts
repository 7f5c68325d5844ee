/**
 * Request headers as received. Either the list of `[name, value]` pairs in arrival order (what
 * Node's `req.rawHeaders` holds, paired up by {@link pairRawHeaders}), or a map whose values may be
 * lists (Node's `IncomingHttpHeaders`). Prefer the pairs: a map may already have joined repeated
 * headers with `', '`, which changes what was signed.
 */
export type RawHeaders =
  | ReadonlyArray<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * Pairs up a flat `[name, value, name, value, ...]` list, as Node's `IncomingMessage.rawHeaders`.
 *
 * @example pairRawHeaders(req.rawHeaders)
 */
export function pairRawHeaders(flat: readonly string[]): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = []
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]])
  return pairs
}

/** Every value of header `name` (case-insensitive), in arrival order; `[]` when absent. */
export function headerValues(headers: RawHeaders, name: string): string[] {
  const wanted = name.toLowerCase()
  if (Array.isArray(headers)) {
    const values: string[] = []
    for (const [key, value] of headers as ReadonlyArray<readonly [string, string]>) {
      if (key.toLowerCase() === wanted) values.push(value)
    }
    return values
  }
  const values: string[] = []
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue
    if (typeof value === 'string') values.push(value)
    else values.push(...(value as readonly string[]))
  }
  return values
}

/** The first value of header `name` (case-insensitive), or `undefined`. */
export function headerValue(headers: RawHeaders, name: string): string | undefined {
  return headerValues(headers, name)[0]
}
