/**
 * One page of a list, by offset, with a nextToken bound to the request it pages through (a token
 * given for another list or filter is refused with AWS's "Invalid pagination token.").
 */
import { createHash } from 'node:crypto'
import { accessAnalyzerErrors } from '../errors.ts'

/** The default and largest page sizes. */
export const DEFAULT_PAGE_SIZE = 100

const bind = (request: string) =>
  createHash('sha256').update(request).digest('base64url').slice(0, 16)

/**
 * The page of `items` that `nextToken` (or the start) begins, of `maxResults` items at most.
 * @example offsetPage(findings, input.maxResults, input.nextToken, `${arn}\n${filterJson}`)
 */
export function offsetPage<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  request: string,
): { items: T[]; nextToken?: string } {
  const hash = bind(request)
  let start = 0
  if (nextToken !== undefined) {
    const m = /^v1:(\d+):(.+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'))
    if (m === null || m[2] !== hash || Number(m[1]) > items.length)
      throw accessAnalyzerErrors.invalidNextToken()
    start = Number(m[1])
  }
  const end = start + (maxResults ?? DEFAULT_PAGE_SIZE)
  const page = items.slice(start, end)
  return end < items.length
    ? { items: page, nextToken: Buffer.from(`v1:${end}:${hash}`, 'utf8').toString('base64url') }
    : { items: page }
}
