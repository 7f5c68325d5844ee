/**
 * Which page of a list to read. `nextToken` is the opaque token of the previous page; a store
 * rejects a token it did not issue with a `StoreError` of kind `InvalidNextToken`.
 */
export interface PageRequest {
  /** At most this many items (default {@link DEFAULT_MAX_RESULTS}). */
  readonly maxResults?: number
  /** Continue after the page that returned this token. */
  readonly nextToken?: string
}

/** One page of a list; `nextToken` is present when more items follow. */
export interface Page<T> {
  readonly items: T[]
  readonly nextToken?: string
}

/** Page size when the request gives none. */
export const DEFAULT_MAX_RESULTS = 100
