import { DEFAULT_MAX_RESULTS } from '../../domain/common/page.ts'
import type { Page, PageRequest } from '../../domain/common/page.ts'
import { decodePageToken, encodePageToken } from './page-token.ts'

/**
 * Reads one page by keyset: `fetch(after, limit)` must return rows ordered by the key, strictly
 * after `after` when given, at most `limit` of them. One row more than asked tells whether a next
 * page exists, so the last page never carries a token. {@link readKeysetPage} writes `fetch` for
 * the usual case of one key column.
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
