import { StoreError } from '../../domain/common/store-error.ts'

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
