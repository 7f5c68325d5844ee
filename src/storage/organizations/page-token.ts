import { DEFAULT_MAX_RESULTS, StoreError } from '../../domain/organizations/index.ts'
import type { Page, PageRequest } from '../../domain/organizations/index.ts'

const VERSION = 'v1'

/** The opaque token for "after this key". */
export function encodePageToken(afterKey: string): string {
  return Buffer.from(JSON.stringify([VERSION, afterKey])).toString('base64url')
}

/** The key a token continues after; `InvalidNextToken` for anything this store did not issue. */
export function decodePageToken(token: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value[0] === VERSION && typeof value[1] === 'string') {
      return value[1]
    }
  } catch {
    // fall through: not JSON
  }
  throw new StoreError('InvalidNextToken', 'page.nextToken')
}

/**
 * Reads one page by keyset: `fetch(after, limit)` must return rows ordered by the key, strictly
 * after `after` when given, at most `limit` of them. One row more than asked tells whether a next
 * page exists, so the last page never carries a token.
 */
export async function readPage<R, T>(
  page: PageRequest | undefined,
  fetch: (after: string | undefined, limit: number) => Promise<R[]>,
  key: (row: R) => string,
  map: (row: R) => T,
): Promise<Page<T>> {
  const maxResults = page?.maxResults ?? DEFAULT_MAX_RESULTS
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw new RangeError(`maxResults must be a positive integer, got ${maxResults}`)
  }
  const after = page?.nextToken === undefined ? undefined : decodePageToken(page.nextToken)
  const rows = await fetch(after, maxResults + 1)
  if (rows.length <= maxResults) return { items: rows.map(map) }
  const items = rows.slice(0, maxResults)
  return { items: items.map(map), nextToken: encodePageToken(key(items[items.length - 1]!)) }
}
